using System.Globalization;
using System.Text;
using Segmentation.Configuration;
using Segmentation.Rules;
using Segmentation.Rules.Language;

namespace Segmentation.Tests.Rules;

/// <summary>
/// The inputs a tester found to overflow the stack (exit 134): each now gives a clean <see cref="SegmentationConfigException"/>
/// naming the rule and the position, or works. In-process is safe because the parser stops at 101 levels; the same
/// nesting through the real process is in Segmentation.Cli.Tests/RulesRobustnessTests.
/// </summary>
public class RuleLimitsTests
{
    private static readonly FeatureMatrix Data = RuleTestData.Matrix(["a", "b"], [1, 5], [2, double.NaN], [0, 3]);

    private static RuleTruth[] Evaluate(string condition)
    {
        var results = new RuleTruth[Data.RowCount];
        Rule.Parse("Big", condition).Evaluate(Data, results);
        return results;
    }

    private static RuleError ParseError(string condition)
    {
        var error = Assert.Throws<SegmentationConfigException>(() => Rule.Parse("Big", condition));
        RuleError only = Assert.Single(error.RuleProblems!);
        Assert.Equal("Big", only.Segment);
        return only;
    }

    private static string Repeat(string text, int count) => new StringBuilder(text.Length * count).Insert(0, text, count).ToString();

    [Fact]
    public void Parse_TenThousandNestedParentheses_FailsAtTheFirstParenthesisTooDeep()
    {
        RuleError error = ParseError(Repeat("(", 10_000) + "a > 1" + Repeat(")", 10_000));

        Assert.Equal(RuleParser.MaxDepth + 1, error.Position);
        Assert.Equal("'(' at position 101 nests more than 100 levels deep (parentheses, 'not', '-' and function calls each add a level); remove redundant parentheses or split the condition into several rules", error.Problem);
    }

    [Fact]
    public void Parse_HundredNestedParentheses_Works() =>
        Assert.Equal([RuleTruth.False, RuleTruth.True, RuleTruth.False], Evaluate(Repeat("(", 100) + "a > 1" + Repeat(")", 100)));

    [Theory]
    [InlineData("not ", "'not' at position 401")]
    [InlineData("-", "'-' at position 101")]
    [InlineData("abs(", "'abs(' at position 401")]
    public void Parse_NestingBeyondTheLimit_NamesWhatNestsAndWhere(string opener, string expected)
    {
        string closers = opener == "abs(" ? Repeat(")", 150) : string.Empty;
        RuleError error = ParseError(Repeat(opener, 150) + "a" + closers + " > 1");

        Assert.StartsWith(expected, error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_FlatOrChainOf10000Terms_IsOverTheLengthLimit()
    {
        string condition = string.Join(" or ", Enumerable.Range(0, 10_000).Select(i => $"a > {i.ToString(CultureInfo.InvariantCulture)}"));
        Assert.True(condition.Length > 100_000);

        RuleError error = ParseError(condition);

        Assert.Equal(RuleParser.MaxLength + 1, error.Position);
        Assert.StartsWith($"the condition is {condition.Length.ToString("N0", CultureInfo.InvariantCulture)} characters long, more than the limit of 65,536 (64 KB)", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SumOf170000Terms_IsOverTheLengthLimit() =>
        Assert.Equal(RuleParser.MaxLength + 1, ParseError(string.Join(" + ", Enumerable.Repeat("a", 170_000)) + " > 1").Position);

    [Fact]
    public void Parse_InListOf100000Values_IsOverTheLengthLimit() =>
        Assert.Equal(RuleParser.MaxLength + 1, ParseError("a in (" + string.Join(", ", Enumerable.Range(0, 100_000)) + ")").Position);

    [Fact]
    public void Parse_ExactlyTheMaximumLength_IsAccepted()
    {
        string condition = "a > 1" + new string(' ', RuleParser.MaxLength - 5);
        Assert.Equal([RuleTruth.False, RuleTruth.True, RuleTruth.False], Evaluate(condition));
        Assert.Equal(RuleParser.MaxLength + 1, ParseError(condition + " ").Position);
    }

    [Fact]
    public void Evaluate_LongestOrChainWithinTheLimit_MatchesLikeOneComparison()
    {
        // 5,000 terms: the chain is one n-ary node, so neither compiling nor evaluating recurses 5,000 deep.
        string condition = string.Join(" or ", Enumerable.Range(0, 5_000).Select(i => i == 4_999 ? "b == 3" : "a > 9"));
        Assert.True(condition.Length < RuleParser.MaxLength);

        Assert.Equal([RuleTruth.False, RuleTruth.Unknown, RuleTruth.True], Evaluate(condition));
    }

    [Fact]
    public void Evaluate_SumOf30000Terms_AddsLeftToRightWithoutRecursion()
    {
        string condition = string.Join('+', Enumerable.Repeat("a", 30_000)) + "==60000";

        Assert.Equal([RuleTruth.False, RuleTruth.True, RuleTruth.False], Evaluate(condition));
    }

    [Fact]
    public void Evaluate_MixedArithmeticChain_KeepsLeftToRightOrder() =>
        Assert.Equal([RuleTruth.True, RuleTruth.Unknown, RuleTruth.True], Evaluate("b - a + 2 * a / 2 * 3 - b == a * 2"));

    [Fact]
    public void Evaluate_InListOf10000Values_MatchesAnyValue()
    {
        string condition = "a in (" + string.Join(",", Enumerable.Range(2, 10_000)) + ")";

        Assert.Equal([RuleTruth.False, RuleTruth.True, RuleTruth.False], Evaluate(condition));
    }

    [Fact]
    public void NormalizedCondition_LongChains_PrintWithoutRecursionAndParseBack()
    {
        TextRule rule = (TextRule)Rule.Parse("Big", string.Join(" or ", Enumerable.Repeat("a > 1 and b < 2", 2_000)) + " or " + string.Join(" - ", Enumerable.Repeat("a", 2_000)) + " > 0");

        string printed = rule.NormalizedCondition;

        Assert.Equal(printed, ((TextRule)Rule.Parse("Big", printed)).NormalizedCondition);
        Assert.Equal(["a", "b"], rule.Features);
    }

    [Fact]
    public void Load_RuleOverTheLimits_IsReportedWithDimensionSegmentAndPosition()
    {
        string nested = Repeat("(", 200) + "a > 1" + Repeat(")", 200);
        string json = $$"""{ "dimensions": [ { "name": "tier", "rules": [ { "segment": "Deep", "when": "{{nested}}" } ] } ] }""";

        var error = Assert.Throws<SegmentationConfigException>(() => RuleSet.FromJson(json));

        RuleError only = Assert.Single(error.RuleProblems!);
        Assert.Equal(("tier", "Deep", 101), (only.Dimension, only.Segment, only.Position));
    }
}
