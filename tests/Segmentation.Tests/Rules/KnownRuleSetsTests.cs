using Segmentation.Rules;
using Segmentation.Samples;

namespace Segmentation.Tests.Rules;

public class KnownRuleSetsTests
{
    private static string[] Segments(RuleDimension dimension, string[] features, params double[][] rows)
    {
        RuleSegmentation result = new RuleBasedSegmenter(RuleSet.Of(dimension)).Segment(RuleTestData.Matrix(features, rows));
        return [.. Enumerable.Range(0, rows.Length).Select(i => result.Segment(0, i))];
    }

    [Fact]
    public void ArrTiers_UseTheHundredAndTwentyFiveThousandCutOffs() =>
        Assert.Equal(
            ["Enterprise", "Enterprise", "Mid-market", "Mid-market", "SMB", "Needs review"],
            Segments(KnownRuleSets.ArrTiers, ["arr"], [250_000], [100_000], [99_999], [25_000], [24_999], [double.NaN]));

    [Fact]
    public void ArrTiersSmallContracts_UseTheTenAndOneThousandCutOffs() =>
        Assert.Equal(
            ["Enterprise", "Mid-market", "Mid-market", "Mid-market", "SMB"],
            Segments(KnownRuleSets.ArrTiersSmallContracts, ["arr"], [10_001], [10_000], [5_000], [1_000], [999]));

    [Fact]
    public void ValuePercentiles_TopTwentyNextThirtyRest()
    {
        double[][] rows = [.. Enumerable.Range(1, 10).Select(i => new[] { i * 1000.0 }).Append([double.NaN])];
        Assert.Equal(
            ["Standard", "Standard", "Standard", "Standard", "Standard", "Mid value", "Mid value", "Mid value", "High value", "High value", "Needs review"],
            Segments(KnownRuleSets.ValuePercentiles, ["arr"], rows));
    }

    [Fact]
    public void LifecycleStages_ZeroToNinetyNinetyToAYearThenMature() =>
        Assert.Equal(
            ["Onboarding", "Onboarding", "Adoption", "Adoption", "Mature", "Needs review"],
            Segments(KnownRuleSets.LifecycleStages, ["tenure_days"], [0], [89], [90], [364], [365], [double.NaN]));

    [Fact]
    public void BehaviouralTriggers_RiskFirstThenOnboardingThenExpansion()
    {
        string[] features = ["usage_change_60d", "tickets_change_90d", "days_to_renewal", "tenure_days", "feature_adoption", "days_since_last_active", "seat_utilisation"];
        double nan = double.NaN;
        Assert.Equal(
            ["Churn risk", "Churn risk", "Onboarding struggling", "Onboarding struggling", "Expansion ready", "Expansion ready", "No trigger", "No trigger", "No trigger", "No trigger", "No trigger"],
            Segments(
                KnownRuleSets.BehaviouralTriggers,
                features,
                [-25, 0, 200, 500, 0.9, 1, 0.9],    // usage down 25%
                [-12, 0, 45, 500, 0.9, 1, 0.9],     // renewal in 45 days while usage is down 12%
                [nan, nan, 300, 45, 0.3, 1, 0.2],   // 45 days in, 30% adoption
                [nan, nan, 300, 60, 0.8, 10, 0.5],  // 60 days in, inactive for 10 days
                [35, 0, 200, 500, 0.5, 1, 0.5],     // usage up 35%
                [5, 0, 200, 500, 0.75, 1, 0.85],    // high adoption, seats nearly full
                [5, 0, 200, 500, 0.5, 1, 0.5],      // steady
                [-5, 0, 200, 500, 0.5, 1, 0.5],     // slight decline, renewal far away
                [-5, 0, 45, 500, 0.5, 1, 0.5],      // slight decline before the renewal: not yet a risk
                [5, 200, 200, 500, 0.5, 1, 0.5],    // tickets tripled: a driver of the churn score, not a trigger
                [nan, nan, nan, nan, nan, nan, nan])); // nothing known: no trigger fires
    }

    [Fact]
    public void BehaviouralTriggers_OnTheEmbeddedSample_ChurnRiskFlagsAFewCustomersWhoChurnMoreOften()
    {
        SampleCustomer[] customers = [.. SampleCustomer.ActiveAt(SampleCustomer.Generate(), SampleCustomer.DefaultAsOf)];
        FeatureMatrix features = SampleCustomer.RuleFeatures().Extract(customers, SampleCustomer.DefaultAsOf, c => c.Id);
        RuleSegmentation segmented = new RuleBasedSegmenter(RuleSet.Of(KnownRuleSets.BehaviouralTriggers)).Segment(features);

        bool[] risk = [.. Enumerable.Range(0, customers.Length).Select(i => segmented.Segment(0, i) == "Churn risk")];
        double share = risk.Count(r => r) / (double)customers.Length;
        double churnInRisk = customers.Where((_, i) => risk[i]).Average(c => c.Churned ? 1.0 : 0.0);
        double churnOverall = customers.Average(c => c.Churned ? 1.0 : 0.0);

        // A CSM can call a tenth of the book, not 40% of it; and those flagged churn at twice the base rate or more.
        Assert.InRange(share, 0.05, 0.15);
        Assert.True(churnInRisk >= 2 * churnOverall, $"churn among flagged {churnInRisk:0.00} vs overall {churnOverall:0.00}");
    }

    [Fact]
    public void ActivityStatus_DormantDecliningActive() =>
        Assert.Equal(
            ["Dormant", "Declining", "Active", "Active", "Declining", "Needs review"],
            Segments(KnownRuleSets.ActivityStatus, ["days_since_last_active", "usage_change_60d"], [31, -50], [3, -20], [30, -19], [0, double.NaN], [double.NaN, -30], [double.NaN, 0]));

    [Fact]
    public void All_RunsOnTheEmbeddedSampleRuleFeatures_AndEveryDimensionPlacesMostCustomers()
    {
        IReadOnlyList<SampleCustomer> customers = SampleCustomer.Generate(600);
        FeatureMatrix features = SampleCustomer.RuleFeatures().Extract(SampleCustomer.ActiveAt(customers, SampleCustomer.DefaultAsOf), SampleCustomer.DefaultAsOf, c => c.Id);
        Assert.All(KnownRuleSets.ExpectedFeatures, f => Assert.True(features.Schema.IndexOf(f) >= 0, f));

        RuleSegmentation result = new RuleBasedSegmenter(KnownRuleSets.All).Segment(features);

        Assert.Equal(["tier", "value", "lifecycle", "trigger", "activity"], result.Dimensions);
        for (int d = 0; d < result.Dimensions.Count; d++)
        {
            IReadOnlyDictionary<string, int> counts = result.Counts(d);
            Assert.True(counts.GetValueOrDefault("Needs review") < result.RowCount / 10, $"{result.Dimensions[d]}: {string.Join(", ", counts)}");
            Assert.True(counts.Count(c => c.Value > 0) >= 3, $"{result.Dimensions[d]}: {string.Join(", ", counts)}");
        }
    }

    [Fact]
    public void KnownRuleSet_ToJson_LoadsBackToTheSameRules()
    {
        string json = KnownRuleSets.All.ToJson();
        RuleSet loaded = RuleSet.FromJson(json);
        Assert.Equal(
            KnownRuleSets.All.Dimensions.SelectMany(d => d.Rules.Select(r => (d.Name, r.Segment, r.Condition))),
            loaded.Dimensions.SelectMany(d => d.Rules.Select(r => (d.Name, r.Segment, r.Condition))));
        Assert.Equal("No trigger", loaded.Dimensions[3].Otherwise);
        Assert.Contains("\"when\": \"arr >= 100000\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void BuiltIn_PublicEntryPoints_AreTheFiveDimensionsInOrderAndTheirFeatures()
    {
        Assert.Equal(["tier", "value", "lifecycle", "trigger", "activity"], RuleSet.BuiltIn.Dimensions.Select(d => d.Name));
        Assert.Same(KnownRuleSets.ArrTiersSmallContracts, RuleDimension.ArrTiersSmallContracts);
        Assert.Equal(KnownRuleSets.ExpectedFeatures, RuleDimension.BuiltInFeatures);
        Assert.Contains("arr", RuleDimension.BuiltInFeatures);
    }
}
