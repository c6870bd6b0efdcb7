using Segmentation.Playbooks;

namespace Segmentation.Tests.Playbooks;

public class PlaybookConditionTests
{
    private static readonly CustomerFacts Mover = new("m", "At risk")
    {
        PreviousSegment = "Champions",
        Value = 120_000,
        ChurnProbability = 0.6,
        ChurnBand = ScoreBand.Medium,
        ExpansionProbability = 0.1,
        Triggers = ["Churn risk"],
        RuleSegments = new Dictionary<string, string> { ["tier"] = "Enterprise" },
    };

    [Theory]
    [InlineData("at risk", true)]
    [InlineData("Champions", false)]
    public void InSegment_ComparesWithoutCase(string segment, bool expected) => Assert.Equal(expected, PlaybookCondition.InSegment(segment).Matches(Mover));

    [Fact]
    public void EntersSegment_StayedMovedOrNew_OnlyStayedDoesNotMatch()
    {
        PlaybookCondition enters = PlaybookCondition.EntersSegment("At risk");

        Assert.True(enters.Matches(Mover));
        Assert.False(enters.Matches(Mover with { PreviousSegment = "AT RISK" }));
        Assert.True(enters.Matches(Mover with { PreviousSegment = null }));
    }

    [Fact]
    public void Migrates_HighValueIntoAtRisk_NeedsKnownValueAtLeastMinimum()
    {
        PlaybookCondition highValueIntoRisk = PlaybookCondition.Migrates(["Champions", "Loyal"], ["At risk"], minValue: 100_000);

        Assert.True(highValueIntoRisk.Matches(Mover));
        Assert.False(highValueIntoRisk.Matches(Mover with { Value = 99_999 }));
        Assert.False(highValueIntoRisk.Matches(Mover with { Value = null })); // absent is not "at least"
        Assert.False(highValueIntoRisk.Matches(Mover with { PreviousSegment = "Other" }));
        Assert.False(highValueIntoRisk.Matches(Mover with { PreviousSegment = null })); // new customers have not migrated
        Assert.True(PlaybookCondition.Migrates([], ["At risk"]).Matches(Mover with { PreviousSegment = "Other", Value = null }));
        Assert.False(PlaybookCondition.Migrates([], ["At risk"]).Matches(Mover with { PreviousSegment = "At risk" }));
    }

    [Fact]
    public void Bands_AtLeast_UseOrderLowMediumHigh()
    {
        Assert.True(PlaybookCondition.ChurnBandAtLeast(ScoreBand.Low).Matches(Mover));
        Assert.True(PlaybookCondition.ChurnBandAtLeast(ScoreBand.Medium).Matches(Mover));
        Assert.False(PlaybookCondition.ChurnBandAtLeast(ScoreBand.High).Matches(Mover));
        Assert.False(PlaybookCondition.ExpansionBandAtLeast(ScoreBand.Low).Matches(Mover)); // no band: not scored
    }

    [Fact]
    public void Probabilities_AtLeast_InclusiveAndUnscoredNeverMatches()
    {
        Assert.True(PlaybookCondition.ChurnProbabilityAtLeast(0.6).Matches(Mover));
        Assert.False(PlaybookCondition.ChurnProbabilityAtLeast(0.61).Matches(Mover));
        Assert.False(PlaybookCondition.ChurnProbabilityAtLeast(0).Matches(Mover with { ChurnProbability = null }));
        Assert.True(PlaybookCondition.ExpansionProbabilityAtLeast(0.1).Matches(Mover));
    }

    [Fact]
    public void AllOf_NewCustomerWithValue_EveryPartMustHold()
    {
        PlaybookCondition newHighValue = PlaybookCondition.NewCustomer(100_000);

        Assert.False(newHighValue.Matches(Mover));
        Assert.True(newHighValue.Matches(Mover with { IsNew = true }));
        Assert.False(newHighValue.Matches(Mover with { IsNew = true, Value = null }));
        Assert.True(PlaybookCondition.AllOf(PlaybookCondition.Trigger("churn RISK"), PlaybookCondition.InRuleSegment("Tier", "enterprise")).Matches(Mover));
        Assert.False(PlaybookCondition.AllOf(PlaybookCondition.Trigger("Churn risk"), PlaybookCondition.InRuleSegment("tier", "SMB")).Matches(Mover));
    }

    [Fact]
    public void ToString_DescribesInWords()
    {
        Assert.Equal(
            "moves from 'Champions' into 'At risk' with value at least $100,000 and churn probability at least 0.6",
            PlaybookCondition.AllOf(PlaybookCondition.Migrates(["Champions"], ["At risk"], 100_000), PlaybookCondition.ChurnProbabilityAtLeast(0.6)).ToString());
    }

    [Fact]
    public void Factories_InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PlaybookCondition.ChurnProbabilityAtLeast(1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => PlaybookCondition.ValueAtLeast(double.NaN));
        Assert.Throws<ArgumentException>(() => PlaybookCondition.Migrates(["a"], []));
        Assert.Throws<ArgumentException>(() => PlaybookCondition.Trigger(" "));
        Assert.Throws<ArgumentException>(() => PlaybookCondition.AllOf());
    }
}
