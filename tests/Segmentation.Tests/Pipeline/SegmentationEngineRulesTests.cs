using Segmentation.Clustering;
using Segmentation.Clustering.KMeans;
using Segmentation.Configuration;
using Segmentation.Pipeline;
using Segmentation.Rules;
using Segmentation.Samples;

namespace Segmentation.Tests.Pipeline;

public class SegmentationEngineRulesTests
{
    private static readonly FeatureMatrix Data = FeatureMatrix.FromRows(
        [[150_000, 10], [160_000, 12], [155_000, 400], [5_000, 11], [6_000, 13], [5_500, 500]],
        ["arr", "tenure_days"]);

    [Fact]
    public void Run_WithRules_CarriesOneSegmentPerDimensionNextToTheCluster()
    {
        var engine = new SegmentationEngine(new KMeansClusterer(2), null, RuleSet.Of(KnownRuleSets.ArrTiers, KnownRuleSets.LifecycleStages));
        SegmentationRun run = engine.Run(Data);

        Assert.Equal(["tier", "lifecycle"], run.RuleDimensions);
        Assert.Equal(["Enterprise", "Onboarding"], run.Assignments[0].RuleSegments);
        Assert.Equal(["SMB", "Mature"], run.Assignments[5].RuleSegments);
        Assert.All(run.Assignments, a => Assert.Equal(a.ClusterSegment, a.Segment));
        Assert.All(run.Assignments, a => Assert.Null(a.OverriddenBy));
        Assert.NotNull(run.Rules);
    }

    [Fact]
    public void Run_OverridingDimension_ReplacesClusterSegmentOnlyWhereARuleMatched()
    {
        var risk = new RuleDimension("risk", [Rule.Parse("New big account", "tenure_days < 30 and arr >= 100000")], overridesCluster: true);
        var tier = new RuleDimension("tier", [Rule.Parse("Enterprise", "arr >= 100000")], overridesCluster: true);
        var engine = new SegmentationEngine(new KMeansClusterer(2), null, RuleSet.Of(risk, tier));

        SegmentationRun run = engine.Run(Data);

        // risk comes first in the rule set, so it wins over tier; customers no overriding rule matched keep their cluster.
        Assert.Equal(["New big account", "New big account", "Enterprise", null, null, null], run.Assignments.Select(a => a.OverriddenBy is null ? null : a.Segment));
        Assert.Equal(["risk", "risk", "tier", null, null, null], run.Assignments.Select(a => a.OverriddenBy));
        Assert.All(run.Assignments.Skip(3), a => Assert.Equal(a.ClusterSegment, a.Segment));
        Assert.Equal(run.Assignments[0].SegmentId, run.Assignments[1].SegmentId);
    }

    [Fact]
    public void Run_RuleReadsUnknownFeature_FailsBeforeClustering()
    {
        var engine = new SegmentationEngine(new KMeansClusterer(2), null, RuleSet.Of(new RuleDimension("d", [Rule.Parse("A", "nps > 8")])));
        var error = Assert.Throws<SegmentationConfigException>(() => engine.Run(Data));
        Assert.Contains("d/A: unknown feature 'nps'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_GenericEngineWithRuleFeatures_RulesReadTheirOwnFeatures()
    {
        var engine = new SegmentationEngine(new KMeansClusterer(3), null, RuleSet.Of(KnownRuleSets.BehaviouralTriggers));
        var sample = new SegmentationEngine<SampleCustomer>(SampleCustomer.Features(), c => c.Id, engine, SampleCustomer.RuleFeatures());
        IReadOnlyList<SampleCustomer> customers = SampleCustomer.Generate(300);

        SegmentationRun run = sample.Run(SampleCustomer.ActiveAt(customers, SampleCustomer.DefaultAsOf), SampleCustomer.DefaultAsOf);

        Assert.Equal(-1, run.RawFeatures.Schema.IndexOf("days_to_renewal"));
        Assert.Contains(run.Assignments, a => a.RuleSegments[0] == "Churn risk");
        Assert.Contains(run.Assignments, a => a.RuleSegments[0] == "No trigger");
    }
}
