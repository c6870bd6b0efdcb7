using Segmentation.Configuration;
using Segmentation.Rules;

namespace Segmentation.Tests.Rules;

public class RuleSetJsonTests
{
    private const string IssueExample = """
        { "dimensions": [ { "name": "tier", "rules": [
              { "segment": "Enterprise", "when": "arr >= 100000" },
              { "segment": "Mid-market", "when": "arr >= 25000 and arr < 100000" },
              { "segment": "SMB", "when": "arr < 25000" } ] } ],
          "exception": "Needs review" }
        """;

    [Fact]
    public void FromJson_IssueExample_LoadsAndSegments()
    {
        RuleSet set = RuleSet.FromJson(IssueExample);
        RuleSegmentation result = new RuleBasedSegmenter(set).Segment(RuleTestData.Matrix(["arr"], [150_000], [50_000], [1_000], [double.NaN]));

        Assert.Equal("Needs review", set.ExceptionSegment);
        Assert.Equal(["Enterprise", "Mid-market", "SMB", "Needs review"], Enumerable.Range(0, 4).Select(i => result.Segment(0, i)));
    }

    [Fact]
    public void FromJson_AllOptions_AreRead()
    {
        const string json = """
            {
              // comments and trailing commas are allowed
              "Dimensions": [ { "name": "csm", "overridesCluster": true, "otherwise": "Tech touch", "overflowBy": "arr * 2",
                  "rules": [ { "segment": "High touch", "when": "arr >= 50000", "capacity": 30 }, ] } ],
              "exception": "Review",
            }
            """;
        RuleDimension dimension = Assert.Single(RuleSet.FromJson(json).Dimensions);
        Assert.True(dimension.OverridesCluster);
        Assert.Equal("Tech touch", dimension.Otherwise);
        Assert.Equal("arr * 2", dimension.OverflowBy);
        Assert.Equal(30, dimension.Capacities["High touch"]);
    }

    [Fact]
    public void FromJson_WithSchema_UnknownFeatureFailsAtLoad()
    {
        FeatureSchema schema = FeatureSchema.Numeric(["arr", "tenure_days"]);
        var error = Assert.Throws<SegmentationConfigException>(() => RuleSet.FromJson(IssueExample.Replace("arr < 25000", "ARR_usd < 25000", StringComparison.Ordinal), schema));
        Assert.Equal("tier/SMB: unknown feature 'ARR_usd' at position 1; did you mean 'arr'?", error.RuleProblems!.Single().ToString());
    }

    [Fact]
    public void FromJson_UnknownFeatureWithNothingClose_ListsKnownFeatures()
    {
        FeatureSchema schema = FeatureSchema.Numeric(["arr", "tenure_days"]);
        var error = Assert.Throws<SegmentationConfigException>(() => RuleSet.FromJson(IssueExample.Replace("arr < 25000", "zzzzzzzz < 25000", StringComparison.Ordinal), schema));
        Assert.Contains("unknown feature 'zzzzzzzz' at position 1; known features: arr, tenure_days", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_SeveralBadRules_ReportsEveryOne()
    {
        const string json = """
            { "dimensions": [ { "name": "tier", "rules": [
                { "segment": "Enterprise", "when": "arr >= " },
                { "segment": "SMB" },
                { "when": "arr < 5" } ] } ] }
            """;
        var error = Assert.Throws<SegmentationConfigException>(() => RuleSet.FromJson(json));
        Assert.Equal(
            [
                "tier/Enterprise: unexpected end of the condition at position 8; expected a number, a feature name or '('",
                "tier/SMB: the rule has no \"when\" condition; write one such as \"arr >= 100000\", or \"true\" to match everyone",
                "tier/rule 3: the rule has no \"segment\"",
            ],
            error.RuleProblems!.Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("""{ "dimensions": [ { "name": "tier", "rulez": [] } ] }""", "($.dimensions[0].rulez): unknown property 'rulez'; a rule set has")]
    [InlineData("{ \"dimensions\": [ \n { \"name\": \"tier\", } ", "at line 2")]
    [InlineData("""{ "dimensions": [] }""", "the rule set has no dimensions")]
    [InlineData("""{ "dimensions": [ { "name": "tier", "rules": [] } ] }""", "tier: the dimension has no rules")]
    [InlineData("""{ "dimensions": [ { "name": "t", "rules": [ { "segment": "A", "when": "true", "capacity": 0 } ] } ] }""", "t/A: the capacity must be at least 1, but was 0")]
    [InlineData("""{ "dimensions": [ { "name": "t", "overflowBy": "arr >", "rules": [ { "segment": "A", "when": "true" } ] } ] }""", "t/overflowBy: unexpected end of the condition at position 6")]
    [InlineData("null", "rules is empty")]
    [InlineData("""{ "dimensions": null }""", "rules is not a valid rule set: \"dimensions\" or \"rules\" is null; write a list such as [ ... ] or leave the property out")]
    [InlineData("""{ "dimensions": [ { "name": "t", "rules": null } ] }""", "\"dimensions\" or \"rules\" is null")]
    [InlineData("""{ "dimensions": [ { "name": "t", "rules": [ { "segment": "A", "when": 123 } ] } ] }""", "($.dimensions[0].rules[0].when): the value has the wrong type; write text in double quotes")]
    [InlineData("""{ "dimensions": [ { "name": "t", "rules": [ { "segment": "A", "when": "a", "capacity": 1e99 } ] } ] }""", "the value has the wrong type; write a whole number such as 30")]
    [InlineData("""{ "dimensions": [ { "name": "t", "overridesCluster": "yes", "rules": [] } ] }""", "the value has the wrong type; write true or false")]
    [InlineData("""[ [ ] ]""", "the value has the wrong type; write an object: { \"dimensions\": [ ... ] }")]
    [InlineData("""{ "dimensions": [ 5 ] }""", "the value has the wrong type; write a dimension: {")]
    public void FromJson_BadStructure_SaysWhatAndWhere(string json, string message)
    {
        var error = Assert.Throws<SegmentationConfigException>(() => RuleSet.FromJson(json));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => RuleSet.Load(Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".json")));
    }

    [Fact]
    public void ToJson_CodeRule_CannotBeWritten()
    {
        RuleSet set = RuleSet.Of(new RuleDimension("d", [Rule.When("A", f => f["x"] > 1)]));
        var error = Assert.Throws<InvalidOperationException>(set.ToJson);
        Assert.Contains("d/A: the rule is written in code", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "dimensions": [ { "name": "t", "rules": [ { "segment": "A", "when": 123 } ] } ] }""")]
    [InlineData("""{ "dimensions": [ { "name": "t", "rules": [ { "segment": "A", "when": "a", "capacity": 1e99 } ] } ] }""")]
    [InlineData("""[ [ ] ]""")]
    public void FromJson_WrongType_NamesNoDotNetType(string json)
    {
        var error = Assert.Throws<SegmentationConfigException>(() => RuleSet.FromJson(json));
        Assert.DoesNotContain("System.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Segmentation.", error.Message, StringComparison.Ordinal);
    }
}
