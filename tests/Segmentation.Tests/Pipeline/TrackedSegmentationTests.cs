using Segmentation.Clustering;
using Segmentation.Migration;
using Segmentation.Pipeline;
using Segmentation.Samples;

namespace Segmentation.Tests.Pipeline;

public class TrackedSegmentationTests
{
    private static readonly IReadOnlyList<SampleCustomer> Customers = SaasSample.Generate();

    private static FeatureMatrix Features(DateOnly asOf) =>
        SaasSample.Features().Extract(SaasSample.ActiveAt(Customers, asOf), asOf, c => c.Id);

    private static TrackedSegmentation Job(ISnapshotStore store, int seed = 0, params IAlertRule[] rules) =>
        new(new SegmentationEngine(new KMeansClusterer(new KMeansOptions { K = 5, Seed = seed })), store, new MigrationTracker(store, rules));

    [Fact]
    public async Task RunAsync_SecondDay_ReusesTheStoredModelAndComparesSnapshots()
    {
        var store = new InMemorySnapshotStore();
        DateOnly day1 = SaasSample.DefaultAsOf.AddDays(-61);
        DateOnly day2 = SaasSample.DefaultAsOf;

        TrackedRunResult first = await Job(store).RunAsync(Features(day1), day1);
        TrackedRunResult second = await Job(store).RunAsync(Features(day2), day2);

        Assert.True(first.Trained);
        Assert.Null(first.Migration.Transitions);
        Assert.False(second.Trained);
        Assert.Equal(first.ModelVersion, second.ModelVersion);
        Assert.Equal(first.Run.Segments.Select(s => s.Name).Order(), second.Run.Segments.Select(s => s.Name).Order());
        SegmentTransitions transitions = second.Migration.Transitions!;
        Assert.Equal(Features(day1).RowCount, transitions.Transitions.Where(t => t.From != SegmentTransitions.New).Sum(t => t.Customers));
        Assert.Contains(transitions.Transitions, t => t.From == SegmentTransitions.New); // customers who signed up since day 1
        Assert.Contains(transitions.Transitions, t => t.From != t.To && t.From != SegmentTransitions.New); // decliners moved
        Assert.Single(await store.ListSnapshotsAsync(), s => s.AsOf == day2);
    }

    [Fact]
    public async Task RunAsync_RetrainWithAnotherSeed_KeepsAtLeast99PercentInTheSameNamedSegment()
    {
        var store = new InMemorySnapshotStore();
        DateOnly asOf = SaasSample.DefaultAsOf;
        FeatureMatrix raw = Features(asOf);
        TrackedRunResult first = await Job(store, seed: 1).RunAsync(raw, asOf);

        int[] order = [.. Enumerable.Range(0, raw.RowCount).OrderBy(i => new Random(i * 31).Next())];
        FeatureMatrix shuffled = FeatureMatrix.FromRows([.. order.Select(i => raw.Row(i).ToArray())], raw.Schema.Names).WithRowIds([.. order.Select(i => raw.RowIds![i])]);
        TrackedRunResult retrained = await Job(store, seed: 2).RunAsync(shuffled, asOf, options: new TrackedRunOptions { Retrain = true });

        var before = first.Run.Assignments.ToDictionary(a => a.CustomerId, a => a.Segment);
        int same = retrained.Run.Assignments.Count(a => before[a.CustomerId] == a.Segment);
        Assert.True(retrained.Trained);
        Assert.NotEqual(first.ModelVersion, retrained.ModelVersion);
        Assert.True(same >= 0.99 * raw.RowCount, $"only {same} of {raw.RowCount} kept their segment");
        Assert.Empty(retrained.Identity!.Born);
    }

    [Fact]
    public async Task RunAsync_HighValueCustomerEntersRiskSegment_RaisesTheAlertOnce()
    {
        var store = new InMemorySnapshotStore();
        DateOnly day1 = SaasSample.DefaultAsOf.AddDays(-90);
        DateOnly day2 = SaasSample.DefaultAsOf;
        TrackedRunResult first = await Job(store).RunAsync(Features(day2), day1.AddDays(-1)); // trains the model
        string declining = first.Run.Segments.Single(s => s.Name.Contains("declining", StringComparison.Ordinal)).Name;
        await store.SaveSnapshotAsync(new SegmentSnapshot(day1, "manual", first.Run.Assignments.Select(a => new CustomerSnapshot(a.CustomerId, a.Segment == declining ? "Champions" : a.Segment, 100_000))));
        var rule = new SegmentEntryAlertRule("high-value-declining", to: [declining], from: ["Champions"], minValue: 100_000);

        TrackedRunResult run = await Job(store, 0, rule).RunAsync(Features(day2), day2);
        TrackedRunResult again = await Job(store, 0, rule).RunAsync(Features(day2), day2);

        Assert.NotEmpty(run.Migration.NewAlerts);
        Assert.All(run.Migration.NewAlerts, a => Assert.Equal(declining, a.To));
        Assert.Empty(again.Migration.NewAlerts);
    }

    [Fact]
    public void ModelJson_RoundTrip_AssignsEveryCustomerAsTheTrainedModel()
    {
        FeatureMatrix raw = Features(SaasSample.DefaultAsOf);
        SegmentationRun run = new SegmentationEngine(new KMeansClusterer(5)).Run(raw);

        string json = SegmentationModelJson.Serialize(run.Model, "m1");
        (SegmentationModel loaded, string version) = SegmentationModelJson.Deserialize(json);
        SegmentationRun applied = loaded.Apply(raw);

        Assert.Equal("m1", version);
        Assert.Equal(run.Assignments, applied.Assignments);
        Assert.Throws<FormatException>(() => SegmentationModelJson.Deserialize("{\"FormatVersion\":9}"));
    }

    [Fact]
    public async Task RunAsync_RetrainOnUnchangedCustomers_WarmStartsFromTheStoredCentresAndKeepsEveryone()
    {
        var store = new InMemorySnapshotStore();
        DateOnly asOf = SaasSample.DefaultAsOf;
        FeatureMatrix raw = Features(asOf);
        TrackedRunResult first = await Job(store, seed: 1).RunAsync(raw, asOf);
        TrackedRunResult warm = await Job(store, seed: 99).RunAsync(raw, asOf, options: new TrackedRunOptions { Retrain = true });

        Assert.Equal(first.Run.Assignments.Select(a => a.Segment), warm.Run.Assignments.Select(a => a.Segment));
        Assert.True(warm.Run.Model.Clusters.FitMetrics["iterations"] <= 2, "a warm start from converged centres needs at most two iterations");
    }
}
