using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Segmentation.Playbooks;

namespace Segmentation.Tests.Playbooks;

public class ReasonTemplateTests
{
    private static readonly CustomerFacts Full = new("acme", "At risk")
    {
        PreviousSegment = "Champions",
        Value = 1_234_567.5,
        ChurnProbability = 0.726,
        ChurnBand = ScoreBand.High,
        ExpansionProbability = 0.04,
        ExpansionBand = ScoreBand.Low,
        Triggers = ["Churn risk", "Renewal soon"],
        Drivers = ["usage down 32% in 60 days", "tickets up 80% in 90 days"],
        RuleSegments = new Dictionary<string, string> { ["tier"] = "Enterprise" },
    };

    [Fact]
    public void Render_EveryPlaceholder_FilledFromFacts()
    {
        ReasonTemplate template = ReasonTemplate.Parse(
            "{customer}|{segment}|{previous_segment}|{churn}|{churn_band}|{expansion}|{expansion_band}|{arr}|{drivers}|{triggers}|{rule:tier}|{RULE: Tier}");

        Assert.Equal(
            "acme|At risk|Champions|73%|high|4%|low|$1,234,568|usage down 32% in 60 days, tickets up 80% in 90 days|Churn risk, Renewal soon|Enterprise|Enterprise",
            template.Render(Full));
    }

    [Fact]
    public void Render_AfterAVeryLongReasonOnTheSameThread_StartsFromNothing()
    {
        ReasonTemplate template = ReasonTemplate.Parse("Why: {triggers}[; ARR {arr}]");
        CustomerFacts longFacts = new("x", "S") { Triggers = [.. Enumerable.Repeat("a long trigger name", 500)], Value = 10 };

        string first = template.Render(longFacts);
        string second = template.Render(new CustomerFacts("y", "S") { Triggers = ["t"] });

        Assert.Equal("Why: " + string.Join(", ", Enumerable.Repeat("a long trigger name", 500)) + "; ARR $10", first);
        Assert.Equal("Why: t", second);
    }

    [Fact]
    public void Render_OptionalPartWithMissingValue_IsLeftOut()
    {
        ReasonTemplate template = ReasonTemplate.Parse("Churn risk[ {churn}][ ({drivers})][; ARR {arr}]");
        var bare = new CustomerFacts("x", "S");

        Assert.Equal("Churn risk", template.Render(bare));
        Assert.Equal("Churn risk 40%; ARR $0", template.Render(bare with { ChurnProbability = 0.4, Value = 0 }));
    }

    [Fact]
    public void Render_MissingValueOutsideBrackets_ReadsUnknown()
    {
        Assert.Equal("ARR unknown, was unknown", ReasonTemplate.Parse("ARR {arr}, was {previous_segment}").Render(new CustomerFacts("x", "S")));
    }

    [Fact]
    public void Render_DoubledCharacters_AreLiteral()
    {
        Assert.Equal("{arr} [note] $5", ReasonTemplate.Parse("{{arr}} [[note]] {arr}").Render(new CustomerFacts("x", "S") { Value = 5 }));
    }

    [Theory]
    [InlineData("Churn risk {chrun}", "unknown placeholder {chrun} at position 12; did you mean {churn}?")]
    [InlineData("Churn {churn", "the '{' at position 7 is never closed; write a placeholder such as {arr}, or '{{' for the character itself")]
    [InlineData("ARR }", "a '}' at position 5 closes no '{'; write '}}' for the character itself")]
    [InlineData("Risk[ {churn}", "the '[' at position 5 is never closed; add ']' after the optional text, or write '[[' for the character itself")]
    [InlineData("Risk] x", "a ']' at position 5 closes no '['; write ']]' for the character itself")]
    [InlineData("Risk [no placeholder]", "the optional part at position 6 has no placeholder; brackets only make sense around one such as [; ARR {arr}]")]
    [InlineData("[a [ {arr}]]", "a '[' at position 4 is inside another optional part; optional parts cannot be nested")]
    [InlineData("{rule:}", "the placeholder at position 1 names no dimension; write it as {rule:tier}")]
    public void Parse_Malformed_ThrowsWithPositionAndFix(string text, string message)
    {
        Assert.Equal(message, Assert.Throws<FormatException>(() => ReasonTemplate.Parse(text)).Message);
    }

    [Fact]
    public void PlaybookAction_MalformedReason_ThrowsArgumentExceptionQuotingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => new PlaybookAction("Call", OwnerRole.Csm, 7, ActionChannel.Task, "Churn {chrun}"));
        Assert.StartsWith("The reason \"Churn {chrun}\" is not a valid template: unknown placeholder {chrun} at position 7; did you mean {churn}?", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Probabilities anywhere in [0, 1], and ones whose percentage is at, or a few bits from, a half.</summary>
    private static readonly Gen<double> Probabilities = Gen.OneOf(
        Gen.Choose(0, 1_000_000).Select(k => k / 1_000_000.0),
        from k in Gen.Choose(-1, 100)
        from bits in Gen.Choose(-3, 3)
        let p = (k + 0.5) / 100
        select bits < 0 ? Enumerable.Range(0, -bits).Aggregate(p, (v, _) => Math.BitDecrement(v)) : Enumerable.Range(0, bits).Aggregate(p, (v, _) => Math.BitIncrement(v)),
        Gen.Elements(0.0, -0.0, 1.0, 1.5, -0.004, 0.72, 0.725, 0.995));

    [Property(MaxTest = 20_000)]
    public Property WholePercent_AnyProbability_WritesWhatTheCustomFormatWritesOrDeclines() =>
        Prop.ForAll(Arb.From(Probabilities), p =>
            ReasonTemplate.WholePercent(p * 100) is not string text || text == (p * 100).ToString("0", CultureInfo.InvariantCulture) + "%");

    [Theory]
    [InlineData(0.72, "Churn risk 72%")]
    [InlineData(0.725, "Churn risk 73%")]
    [InlineData(-0.0, "Churn risk -0%")]
    [InlineData(0.0, "Churn risk 0%")]
    public void Render_Percentages_AsTheCustomFormatRoundsThem(double churn, string expected)
        => Assert.Equal(expected, ReasonTemplate.Parse("Churn risk {churn}").Render(new CustomerFacts("c", "s") { ChurnProbability = churn }));
}
