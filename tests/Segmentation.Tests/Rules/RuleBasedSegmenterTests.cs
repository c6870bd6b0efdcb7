using Segmentation.Configuration;
using Segmentation.Rules;

namespace Segmentation.Tests.Rules;

public class RuleBasedSegmenterTests
{
    private static readonly FeatureMatrix Customers = RuleTestData.Matrix(
        ["arr", "tenure_days"],
        [150_000, 40],
        [30_000, 400],
        [5_000, double.NaN],
        [double.NaN, 100],
        [120_000, 800]);

    private static RuleDimension Tier(IReadOnlyDictionary<string, int>? capacities = null, string? overflowBy = null) => new(
        "tier",
        [
            Rule.Parse("Enterprise", "arr >= 100000"),
            Rule.Parse("Mid-market", "arr >= 25000"),
            Rule.Parse("SMB", "arr < 25000"),
        ],
        capacities: capacities,
        overflowBy: overflowBy);

    [Fact]
    public void Segment_FirstMatchWins_MissingGoesToException()
    {
        RuleSegmentation result = new RuleBasedSegmenter(RuleSet.Of(Tier())).Segment(Customers);

        Assert.Equal(["Enterprise", "Mid-market", "SMB", "Needs review", "Enterprise"], Enumerable.Range(0, 5).Select(i => result.Segment(0, i)));
        Assert.Equal(new Dictionary<string, int> { ["Enterprise"] = 2, ["Mid-market"] = 1, ["SMB"] = 1, ["Needs review"] = 1 }, result.Counts(0));
        Assert.Empty(result.CapacityOverflows);
    }

    [Fact]
    public void Segment_SeveralDimensions_GiveOneSegmentEachWithOwnException()
    {
        var lifecycle = new RuleDimension("lifecycle", [Rule.Parse("Onboarding", "tenure_days < 90"), Rule.Parse("Mature", "tenure_days >= 365")], otherwise: "Unstaged");
        RuleSegmentation result = new RuleBasedSegmenter(new RuleSet([Tier(), lifecycle], "Check")).Segment(Customers);

        Assert.Equal(["tier", "lifecycle"], result.Dimensions);
        Assert.Equal(["Enterprise", "Onboarding"], result.SegmentsOf(0));
        Assert.Equal(["SMB", "Unstaged"], result.SegmentsOf(2));
        Assert.Equal(["Check", "Unstaged"], result.SegmentsOf(3));
        Assert.Equal("Mature", result.Segment("lifecycle", 4));
    }

    [Fact]
    public void Segment_OverCapacity_LowestArrOverflowsToTheNextMatchingRule_AndIsReported()
    {
        FeatureMatrix data = RuleTestData.Matrix(["arr"], [150_000], [110_000], [400_000], [105_000], [50_000]);
        var tier = Tier(new Dictionary<string, int> { ["Enterprise"] = 2 }, overflowBy: "arr");
        RuleSegmentation result = new RuleBasedSegmenter(RuleSet.Of(tier)).Segment(data);

        // 400K and 150K stay; 110K and 105K overflow and continue to "arr >= 25000".
        Assert.Equal(["Enterprise", "Mid-market", "Enterprise", "Mid-market", "Mid-market"], Enumerable.Range(0, 5).Select(i => result.Segment(0, i)));
        CapacityOverflow overflow = Assert.Single(result.CapacityOverflows);
        Assert.Equal(new CapacityOverflow("tier", "Enterprise", 2, 4, 2, new Dictionary<string, int> { ["Mid-market"] = 2 }).ToString(), overflow.ToString());
        Assert.Equal("tier/Enterprise: 4 matched, capacity 2; 2 overflowed to Mid-market (2)", overflow.ToString());
        Assert.Equal("Enterprise", result.Trace(1).Dimensions[0].OverflowedFrom);
        Assert.Null(result.Trace(0).Dimensions[0].OverflowedFrom);
    }

    [Fact]
    public void Segment_OverCapacity_MissingOrderValueOverflowsFirst_NoOrderKeepsInputOrder()
    {
        FeatureMatrix data = RuleTestData.Matrix(["arr", "score"], [10, double.NaN], [20, 1], [30, 2]);
        var byScore = new RuleDimension("d", [Rule.Parse("Top", "arr > 0"), Rule.Parse("Rest", "true")], capacities: new Dictionary<string, int> { ["Top"] = 2 }, overflowBy: "score");
        var byOrder = new RuleDimension("e", [Rule.Parse("Top", "arr > 0")], capacities: new Dictionary<string, int> { ["Top"] = 1 });

        RuleSegmentation result = new RuleBasedSegmenter(RuleSet.Of(byScore, byOrder)).Segment(data);

        Assert.Equal(["Rest", "Top", "Top"], Enumerable.Range(0, 3).Select(i => result.Segment(0, i)));
        Assert.Equal(["Top", "Needs review", "Needs review"], Enumerable.Range(0, 3).Select(i => result.Segment(1, i)));
        Assert.Equal(new Dictionary<string, int> { ["Needs review"] = 2 }, result.CapacityOverflows[1].OverflowedTo);
    }

    [Fact]
    public void Segment_SameSegmentInTwoRules_SharesOneCapacity()
    {
        FeatureMatrix data = RuleTestData.Matrix(["arr"], [1], [2], [3], [4]);
        var dimension = new RuleDimension("d", [Rule.Parse("A", "arr <= 2"), Rule.Parse("A", "arr >= 3"), Rule.Parse("B", "true")], capacities: new Dictionary<string, int> { ["A"] = 3 });
        RuleSegmentation result = new RuleBasedSegmenter(RuleSet.Of(dimension)).Segment(data);
        Assert.Equal(["A", "A", "A", "B"], Enumerable.Range(0, 4).Select(i => result.Segment(0, i)));
    }

    [Fact]
    public void Trace_NamesTheRuleAndTheValuesItCompared()
    {
        var lifecycle = new RuleDimension("lifecycle", [Rule.Parse("Onboarding", "tenure_days < 90 and arr > 0")]);
        RuleSegmentation result = new RuleBasedSegmenter(RuleSet.Of(Tier(), lifecycle)).Segment(Customers);

        RuleTrace trace = result.Trace(0);
        Assert.Equal("c1", trace.CustomerId);
        Assert.Equal([new TracedValue("arr", "150000")], trace.Dimensions[0].Values);
        Assert.Equal("tier = Enterprise (arr >= 100000; arr=150000)", trace.Dimensions[0].ToString());
        Assert.Equal("lifecycle = Onboarding (tenure_days < 90 and arr > 0; tenure_days=40, arr=150000)", trace.Dimensions[1].ToString());

        DimensionTrace unmatched = result.Trace(3).Dimensions[0];
        Assert.Equal(-1, unmatched.RuleIndex);
        Assert.Null(unmatched.Condition);
        Assert.Equal("tier = Needs review (no rule matched; arr=missing)", unmatched.ToString());
    }

    [Fact]
    public void Trace_TextFeature_ShowsTheLevel()
    {
        FeatureMatrix data = RuleTestData.WithPlan((10, "Growth"), (20, null));
        RuleSegmentation result = new RuleBasedSegmenter(RuleSet.Of(new RuleDimension("p", [Rule.Parse("G", "plan == 'Growth'")]))).Segment(data);
        Assert.Equal("plan=Growth", result.Trace(0).Dimensions[0].ValuesText);
        Assert.Equal("plan=missing", result.Trace(1).Dimensions[0].ValuesText);
        Assert.Equal("2", result.CustomerId(1));
    }

    [Fact]
    public void Segment_UnknownFeatures_AllReportedBeforeEvaluationWithSuggestions()
    {
        var set = RuleSet.Of(
            new RuleDimension("tier", [Rule.Parse("Enterprise", "ar >= 100000")]),
            new RuleDimension("lifecycle", [Rule.Parse("New", "tenure < 90")], overflowBy: "arrr", capacities: new Dictionary<string, int> { ["New"] = 1 }));

        var error = Assert.Throws<SegmentationConfigException>(() => new RuleBasedSegmenter(set).Segment(Customers));

        Assert.Equal(3, error.RuleProblems!.Count);
        Assert.Equal("tier/Enterprise: unknown feature 'ar' at position 1; did you mean 'arr'?", error.RuleProblems![0].ToString());
        Assert.Equal("lifecycle/New: unknown feature 'tenure' at position 1; did you mean 'tenure_days'?", error.RuleProblems![1].ToString());
        Assert.Equal(("lifecycle", "overflowBy"), (error.RuleProblems![2].Dimension, error.RuleProblems![2].Segment));
        Assert.StartsWith("tier/Enterprise: unknown feature 'ar'", error.Message, StringComparison.Ordinal);
        Assert.Contains("(2 more: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Segment_CodeRules_MixWithTextRules_MissingReadIsUnknown()
    {
        var tier = new RuleDimension("tier",
        [
            Rule.When("Enterprise", f => f["arr"] >= 100_000, "arr >= 100000 (code)"),
            Rule.Parse("Mid-market", "arr >= 25000"),
            Rule.When("Unknown value, established", f => f.IsMissing("arr") && f["tenure_days"] > 50),
        ]);
        RuleSegmentation result = new RuleBasedSegmenter(RuleSet.Of(tier)).Segment(Customers);

        Assert.Equal(["Enterprise", "Mid-market", "Needs review", "Unknown value, established", "Enterprise"], Enumerable.Range(0, 5).Select(i => result.Segment(0, i)));
        Assert.Equal("tier = Enterprise (arr >= 100000 (code); arr=150000)", result.Trace(0).Dimensions[0].ToString());
    }

    [Fact]
    public void CodeRule_Evaluate_TrueFalseOrUnknownWhenAMissingValueWasRead()
    {
        CodeRule rule = (CodeRule)Rule.When("x", f => f["arr"] > 10_000 || f["tenure_days"] > 300);
        var results = new RuleTruth[Customers.RowCount];
        rule.Evaluate(Customers, results);
        Assert.Equal([RuleTruth.True, RuleTruth.True, RuleTruth.Unknown, RuleTruth.Unknown, RuleTruth.True], results);
        Assert.Equal(["arr", "tenure_days"], rule.Features);
    }

    [Fact]
    public void CodeRule_UnknownFeature_ThrowsWithSuggestion()
    {
        CodeRule rule = (CodeRule)Rule.When("x", f => f["ar"] > 1);
        var error = Assert.Throws<ArgumentException>(() => rule.Evaluate(Customers, new RuleTruth[Customers.RowCount]));
        Assert.Contains("'ar'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'arr'?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Segment_SameInput_GivesIdenticalResults()
    {
        RuleSet set = RuleSet.Of(Tier(new Dictionary<string, int> { ["Enterprise"] = 1 }, "arr"), KnownRuleSets.ValuePercentiles);
        RuleSegmentation a = new RuleBasedSegmenter(set).Segment(Customers);
        RuleSegmentation b = new RuleBasedSegmenter(set).Segment(Customers);
        Assert.Equal(Enumerable.Range(0, 5).Select(a.SegmentsOf).SelectMany(s => s), Enumerable.Range(0, 5).Select(b.SegmentsOf).SelectMany(s => s));
    }

    [Theory]
    [InlineData("", "a dimension needs a name")]
    [InlineData("tier", "capacity must be at least 1, but was 0")]
    public void RuleDimension_InvalidDefinition_Throws(string name, string message)
    {
        var error = Assert.Throws<SegmentationConfigException>(() => new RuleDimension(name, [Rule.Parse("A", "true")], capacities: new Dictionary<string, int> { ["A"] = name.Length == 0 ? 1 : 0 }));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RuleSet_RepeatedDimensionNames_Throws()
    {
        var error = Assert.Throws<SegmentationConfigException>(() => RuleSet.Of(Tier(), Tier()));
        Assert.Equal("tier: the dimension name appears more than once; dimension names must be unique.", error.Message);
    }
}
