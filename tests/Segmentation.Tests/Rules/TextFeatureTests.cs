using Segmentation.Configuration;
using Segmentation.Rules;

namespace Segmentation.Tests.Rules;

public class TextFeatureTests
{
    private const RuleTruth T = RuleTruth.True;
    private const RuleTruth F = RuleTruth.False;
    private const RuleTruth U = RuleTruth.Unknown;

    private static readonly FeatureMatrix Data = RuleTestData.WithPlan((150_000, "Enterprise"), (30_000, "Growth"), (5_000, "Starter"), (8_000, null));

    private static RuleTruth[] Evaluate(string condition)
    {
        var results = new RuleTruth[Data.RowCount];
        Rule.Parse("s", condition).Evaluate(Data, results);
        return results;
    }

    [Fact]
    public void Equal_TrueForTheLevel_FalseForOtherLevels_UnknownWhenMissing() =>
        Assert.Equal([T, F, F, U], Evaluate("plan == \"Enterprise\""));

    [Fact]
    public void NotEqual_AndLiteralFirst_AreSupported()
    {
        Assert.Equal([F, T, T, U], Evaluate("plan != 'Enterprise'"));
        Assert.Equal([F, T, F, U], Evaluate("'Growth' == plan"));
    }

    [Fact]
    public void In_AndNotIn_TestSeveralLevels()
    {
        Assert.Equal([F, T, T, U], Evaluate("plan in ('Growth', 'Starter')"));
        Assert.Equal([T, F, F, U], Evaluate("plan not in ('Growth', 'Starter')"));
    }

    [Fact]
    public void IsMissing_TrueWhenNoLevelIsSet() =>
        Assert.Equal([F, F, F, T], Evaluate("plan is missing"));

    [Fact]
    public void OneHotColumn_CanBeReadAsANumberInBackticks() =>
        Assert.Equal([T, F, F, F], Evaluate("`plan=Enterprise` == 1"));

    [Fact]
    public void UnknownLevel_IsALoadErrorListingLevelsAndSuggestingTheClosest()
    {
        var error = Assert.Throws<SegmentationConfigException>(() => Evaluate("arr > 0 and plan == 'Enterprize'"));
        RuleError only = Assert.Single(error.RuleProblems!);
        Assert.Equal(21, only.Position);
        Assert.Contains("'plan' has no level \"Enterprize\" (position 21); did you mean \"Enterprise\"? Known levels: Enterprise, Growth, Starter", only.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plan > 'A'", "orders text")]
    [InlineData("arr == 'A'", "'arr' is a number, not a text feature")]
    [InlineData("plan + 1 > 2", "'plan' at position 1 is a text feature (levels Enterprise, Growth, Starter)")]
    [InlineData("plan", "is a text feature, not a condition")]
    [InlineData("plan == 5", "must be text in quotes")]
    [InlineData("'Enterprise'", "is not a condition")]
    [InlineData("arr + (arr > 5) > 1", "expected a number at position 8")]
    public void TypeErrors_AreReportedWithPositions(string condition, string message)
    {
        var error = Assert.Throws<SegmentationConfigException>(() => Evaluate(condition));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
