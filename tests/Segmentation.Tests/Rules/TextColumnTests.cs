using System.Globalization;
using System.Text;
using Segmentation.Configuration;
using Segmentation.Data;
using Segmentation.Features;
using Segmentation.Rules;

namespace Segmentation.Tests.Rules;

/// <summary>
/// Text columns read whole by rules (<see cref="FeatureKind.Text"/>, from <see cref="TabularFeatures.RuleFeatures"/>)
/// whatever their number of levels, and yes/no features compared with yes/no words.
/// </summary>
public class TextColumnTests
{
    private const RuleTruth T = RuleTruth.True;
    private const RuleTruth F = RuleTruth.False;
    private const RuleTruth U = RuleTruth.Unknown;

    /// <summary>id, arr, churned (yes/no), has_sso (1/0), plan (3 levels), industry (40 levels: ind00..ind39), country (150 levels).</summary>
    private static TabularFeatures Customers()
    {
        var csv = new StringBuilder("id,arr,churned,has_sso,plan,industry,country\n");
        csv.Append("c1,100,yes,1,Enterprise,Retail,DE\n");
        csv.Append("c2,200,no,0,Growth,Bank,FR\n");
        csv.Append("c3,,,,,,\n");
        for (int i = 0; i < 40; i++)
        {
            string n = i.ToString("00", CultureInfo.InvariantCulture);
            csv.Append(CultureInfo.InvariantCulture, $"x{n},{i},no,0,Starter,ind{n},K{n}\n");
        }

        for (int i = 40; i < 150; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"y{i},{i},yes,1,Growth,ind00,K{i:000}\n");
        }

        return TabularFeatures.FromTable(CsvTable.Read(new StringReader(csv.ToString()), "customers.csv"), new TabularFeatureOptions { IdColumn = "id" });
    }

    private static readonly TabularFeatures Table = Customers();

    /// <summary>The first three customers' results (the hand-written rows).</summary>
    private static RuleTruth[] Evaluate(string condition)
    {
        FeatureMatrix customers = Table.RuleFeatures;
        var results = new RuleTruth[customers.RowCount];
        Rule.Parse("s", condition).Evaluate(customers, results);
        return results[..3];
    }

    private static RuleError LoadError(string condition)
    {
        var error = Assert.Throws<SegmentationConfigException>(() => RuleSet.Of(new RuleDimension("tier", [Rule.Parse("Big", condition)])).Validate(Table.RuleFeatures.Schema));
        return Assert.Single(error.RuleProblems!);
    }

    [Fact]
    public void Features_ManyLevelColumns_AreNotFeaturesButAreTextColumns()
    {
        Assert.Contains(Table.Ignored, c => c.Column == "country");
        Assert.Equal(["plan", "industry", "country"], Table.TextColumns.Keys);
        Assert.Equal(["Retail", "Bank", null], Table.TextColumns["industry"].Take(3));
    }

    [Fact]
    public void RuleFeatures_AddOneTextColumnPerTextColumn_WithItsLevels()
    {
        FeatureSchema schema = Table.RuleFeatures.Schema;
        FeatureColumn industry = schema[schema.GetIndex("industry")];

        Assert.Equal(FeatureKind.Text, industry.Kind);
        Assert.Equal(42, industry.Levels!.Count);
        Assert.Equal("Bank", industry.Levels[0]);
        Assert.Equal(Table.Features.Schema, new FeatureSchema(schema.Take(Table.Features.ColumnCount)));
        Assert.Equal(Table.Features.RowIds, Table.RuleFeatures.RowIds);
    }

    [Fact]
    public void RuleFeatures_OutcomeColumn_IsReadableByRulesButNotAFeature()
    {
        string csv = "id,arr,churn\nc1,100,yes\nc2,200,no\nc3,300,\n";
        TabularFeatures table = TabularFeatures.FromTable(CsvTable.Read(new StringReader(csv), "customers.csv"), new TabularFeatureOptions { IdColumn = "id", OutcomeColumn = "churn" });
        var results = new RuleTruth[3];

        Rule.Parse("s", "churn == \"yes\"").Evaluate(table.RuleFeatures, results);

        Assert.Equal([T, F, U], results);
        Assert.Equal(["arr"], table.Features.Schema.Names);
        Assert.Equal(FeatureKind.Binary, table.RuleFeatures.Schema[table.RuleFeatures.Schema.GetIndex("churn")].Kind);
    }

    [Fact]
    public void WithTextColumns_OtherRowCount_Throws() =>
        Assert.Throws<ArgumentException>(() => Table.WithTextColumns(RuleTestData.Matrix(["a"], [1])));

    [Fact]
    public void Equal_OnAFortyLevelColumn_TrueFalseUnknown() =>
        Assert.Equal([T, F, U], Evaluate("industry == \"Retail\""));

    [Fact]
    public void InAndIsMissing_OnAManyLevelColumn()
    {
        Assert.Equal([T, T, U], Evaluate("country in (\"DE\", \"FR\")"));
        Assert.Equal([F, T, U], Evaluate("country not in ('DE')"));
        Assert.Equal([F, F, T], Evaluate("industry is missing"));
        Assert.Equal([T, T, F], Evaluate("country is not missing"));
    }

    [Fact]
    public void OneHotTextFeature_ReadsAllItsLevels_AlsoThroughTheTextColumn() =>
        Assert.Equal([T, F, U], Evaluate("plan == 'Enterprise' and industry != 'Bank'"));

    [Fact]
    public void UnknownLevel_ColumnWithFewLevels_IsAnErrorNamingRuleColumnAndClosestLevel()
    {
        RuleError error = LoadError("industry == \"Retial\"");

        Assert.Equal(("tier", "Big", 13), (error.Dimension, error.Segment, error.Position));
        Assert.StartsWith("'industry' has no level \"Retial\" (position 13); did you mean \"Retail\"? Known levels: Bank, Retail, ind00, ind01", error.Problem, StringComparison.Ordinal);
        Assert.EndsWith("and 22 more", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownLevel_ColumnWithTooManyLevelsToList_IsSimplyFalse() =>
        Assert.Equal([F, F, U], Evaluate("country == \"LU\" or country in ('XX', 'YY')"));

    [Fact]
    public void TextColumn_UsedAsNumberOrOrdered_IsAnError()
    {
        Assert.Contains("'industry' at position 1 is a text feature (levels Bank, Retail", LoadError("industry + 1 > 2").Problem, StringComparison.Ordinal);
        Assert.Contains("orders text", LoadError("industry > 'A'").Problem, StringComparison.Ordinal);
        Assert.Contains("must be text in quotes", LoadError("country == 5").Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("churned == \"yes\"", new[] { T, F, U })]
    [InlineData("churned == 'no'", new[] { F, T, U })]
    [InlineData("churned != \"YES\"", new[] { F, T, U })]
    [InlineData("churned == true", new[] { T, F, U })]
    [InlineData("false == churned", new[] { F, T, U })]
    [InlineData("has_sso == \"yes\"", new[] { T, F, U })]
    [InlineData("has_sso = 'n'", new[] { F, T, U })]
    [InlineData("churned in ('y', 'n')", new[] { T, T, U })]
    [InlineData("churned not in (\"yes\")", new[] { F, T, U })]
    public void YesNoFeature_ComparedWithYesNoWords_ReadsThemAsOneAndZero(string condition, object expected) =>
        Assert.Equal((RuleTruth[])expected, Evaluate(condition)); // RuleTruth is internal (issue #22): the theory receives it boxed.

    [Fact]
    public void YesNoFeature_WithAnotherWord_IsAnErrorListingTheWords() =>
        Assert.Equal(
            "'churned' is a yes/no feature, so the text \"maybe\" at position 12 must be a yes/no word: yes, no, true, false, y, n, t, f, 1 or 0",
            LoadError("churned == \"maybe\"").Problem);

    [Fact]
    public void YesNoFeature_Ordered_IsAnError() =>
        Assert.Contains("orders a yes/no value; compare 'churned' with == or != and \"yes\" or \"no\"", LoadError("churned > 'no'").Problem, StringComparison.Ordinal);

    [Fact]
    public void Trace_ShowsTheTextOfATextColumn()
    {
        RuleSet rules = RuleSet.Of(new RuleDimension("ind", [Rule.Parse("Retail", "industry == 'Retail'")]));
        RuleSegmentation result = new RuleBasedSegmenter(rules).Segment(Table.RuleFeatures);

        Assert.Equal("industry=Retail", result.Trace(0).Dimensions[0].ValuesText);
        Assert.Equal("industry=Bank", result.Trace(1).Dimensions[0].ValuesText);
        Assert.Equal("industry=missing", result.Trace(2).Dimensions[0].ValuesText);
    }
}
