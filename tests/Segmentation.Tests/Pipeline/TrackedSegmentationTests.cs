using Segmentation.Clustering;
using Segmentation.Clustering.KMeans;
using Segmentation.Migration;
using Segmentation.Pipeline;
using Segmentation.Rules;
using Segmentation.Samples;

namespace Segmentation.Tests.Pipeline;

public class TrackedSegmentationTests
{
    private static readonly IReadOnlyList<SampleCustomer> Customers = SampleCustomer.Generate();

    private static FeatureMatrix Features(DateOnly asOf) =>
        SampleCustomer.Features().Extract(SampleCustomer.ActiveAt(Customers, asOf), asOf, c => c.Id);

    private static TrackedSegmentation Job(ISnapshotStore store, int seed = 0, params IAlertRule[] rules) =>
        new(new SegmentationEngine(new KMeansClusterer(new KMeansOptions { K = 5, Seed = seed })), store, new MigrationTracker(store, rules));

    [Fact]
    public async Task RunAsync_WithRules_StoresEachCustomersOwnClusterAndRuleSegments()
    {
        // Customers share dimension maps by combination: each stored map must still be the customer's own.
        var store = new InMemorySnapshotStore();
        FeatureMatrix data = FeatureMatrix.FromRows(
            [[150_000, 10], [160_000, 12], [155_000, 400], [5_000, 11], [6_000, 13], [5_500, 500]],
            ["arr", "tenure_days"]).WithRowIds(["a", "b", "c", "d", "e", "f"]);
        var engine = new SegmentationEngine(new KMeansClusterer(2), null, RuleSet.Of(KnownRuleSets.ArrTiers, KnownRuleSets.LifecycleStages));
        DateOnly asOf = SampleCustomer.DefaultAsOf;

        TrackedRunResult result = await new TrackedSegmentation(engine, store, new MigrationTracker(store)).RunAsync(data, asOf);

        SegmentSnapshot stored = (await store.GetLatestBeforeAsync(asOf.AddDays(1)))!;
        foreach (SegmentAssignment a in result.Run.Assignments)
        {
            IReadOnlyDictionary<string, string> dimensions = stored.Find(a.CustomerId)!.Dimensions;
            Assert.Equal(a.ClusterSegment, dimensions[TrackedSegmentation.ClusterDimension]);
            Assert.Equal(a.RuleSegments, [dimensions["tier"], dimensions["lifecycle"]]);
        }

        Assert.Equal(["Onboarding", "Mature"], [stored.Find("a")!.Dimensions["lifecycle"], stored.Find("c")!.Dimensions["lifecycle"]]);
    }

    [Fact]
    public async Task RunAsync_SecondDay_ReusesTheStoredModelAndComparesSnapshots()
    {
        var store = new InMemorySnapshotStore();
        DateOnly day1 = SampleCustomer.DefaultAsOf.AddDays(-61);
        DateOnly day2 = SampleCustomer.DefaultAsOf;

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
    public async Task RunAsync_AfterABackfillRun_ReusesTheModelTrainedForItsOwnDateNotTheBackfillsModel()
    {
        var store = new InMemorySnapshotStore();
        DateOnly october = SampleCustomer.DefaultAsOf;
        DateOnly august = october.AddDays(-61);
        TrackedRunResult first = await Job(store).RunAsync(Features(october), october);
        TrackedRunResult backfill = await Job(store).RunAsync(Features(august), august);

        TrackedRunResult again = await Job(store).RunAsync(Features(october), october);

        Assert.True(backfill.Trained); // the October model must not segment August
        Assert.NotEqual(first.ModelVersion, backfill.ModelVersion);
        Assert.False(again.Trained);
        Assert.Equal(first.ModelVersion, again.ModelVersion);
        Assert.Equal(first.Run.Assignments.Select(a => a.Segment), again.Run.Assignments.Select(a => a.Segment));
    }

    [Fact]
    public async Task RunAsync_RetrainThatRedrawsBoundaries_ReportsTheRedrawApartAndNoCustomerAsAMover()
    {
        var store = new InMemorySnapshotStore();
        DateOnly day1 = SampleCustomer.DefaultAsOf.AddDays(-1);
        DateOnly day2 = SampleCustomer.DefaultAsOf;
        FeatureMatrix raw = Features(day2);
        await Job(store).RunAsync(raw, day1);

        // The same customers with the same data a day later, retrained into three segments instead of five: every
        // change of segment is the new model's doing.
        var threeSegments = new TrackedSegmentation(new SegmentationEngine(new KMeansClusterer(new KMeansOptions { K = 3 })), store, new MigrationTracker(store));
        TrackedRunResult retrained = await threeSegments.RunAsync(raw, day2, options: new TrackedRunOptions { Retrain = true, WarmStart = false });

        SegmentTransitions movement = retrained.Migration.Transitions!;
        Assert.Equal(1.0, movement.Stability);
        Assert.All(movement.Transitions, t => Assert.Equal(t.From, t.To));
        SegmentTransitions redrawn = retrained.Resegmentation!;
        Assert.Contains(redrawn.Transitions, t => t.From != t.To && t.Customers > 0);
        Assert.Equal(raw.RowCount, redrawn.Transitions.Sum(t => t.Customers));
        // Tomorrow compares with the new model's snapshot.
        Assert.Equal(retrained.ModelVersion, (await store.GetLatestBeforeAsync(day2.AddDays(1)))!.ModelVersion);
    }

    [Fact]
    public async Task RunAsync_RetrainWithAnotherSeed_KeepsAtLeast99PercentInTheSameNamedSegment()
    {
        var store = new InMemorySnapshotStore();
        DateOnly asOf = SampleCustomer.DefaultAsOf;
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
        DateOnly day1 = SampleCustomer.DefaultAsOf.AddDays(-90);
        DateOnly day2 = SampleCustomer.DefaultAsOf;
        TrackedRunResult first = await Job(store).RunAsync(Features(day2), day1.AddDays(-1)); // trains the model
        string declining = first.Run.Segments.Single(s => s.Name.Contains("High ARR", StringComparison.Ordinal)).Name;
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
        FeatureMatrix raw = Features(SampleCustomer.DefaultAsOf);
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
        DateOnly asOf = SampleCustomer.DefaultAsOf;
        FeatureMatrix raw = Features(asOf);
        TrackedRunResult first = await Job(store, seed: 1).RunAsync(raw, asOf);
        TrackedRunResult warm = await Job(store, seed: 99).RunAsync(raw, asOf, options: new TrackedRunOptions { Retrain = true });

        Assert.Equal(first.Run.Assignments.Select(a => a.Segment), warm.Run.Assignments.Select(a => a.Segment));
        Assert.True(warm.Run.Model.Clusters.FitMetrics["iterations"] <= 2, "a warm start from converged centres needs at most two iterations");
    }

    private static IReadOnlyList<bool?> Churned(DateOnly asOf) => [.. SampleCustomer.ActiveAt(Customers, asOf).Select(c => (bool?)c.Churned)];

    private sealed class RecordingHandler : ISegmentMigrationHandler
    {
        public List<SegmentAlert> Received { get; } = [];

        public Task HandleAsync(MigrationReport report, IReadOnlyList<SegmentAlert> alerts, CancellationToken cancellationToken)
        {
            Received.AddRange(alerts);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task RunAsync_FirstRun_SendsNoAlertToHandlers()
    {
        var store = new InMemorySnapshotStore();
        var handler = new RecordingHandler();
        DateOnly asOf = SampleCustomer.DefaultAsOf;
        string[] everySegment = [.. new SegmentationEngine(new KMeansClusterer(new KMeansOptions { K = 5, Seed = 0 })).Run(Features(asOf)).Segments.Select(s => s.Name)];
        var tracker = new MigrationTracker(store, [new SegmentEntryAlertRule("any-entry", everySegment)], [handler]);
        var job = new TrackedSegmentation(new SegmentationEngine(new KMeansClusterer(new KMeansOptions { K = 5, Seed = 0 })), store, tracker);

        TrackedRunResult first = await job.RunAsync(Features(asOf), asOf, Churned(asOf), new TrackedRunOptions { RunAlertRules = run => DefaultAlertRules.HighValueIntoAtRisk(run, Churned(asOf)) });

        Assert.Empty(first.Migration.Alerts);
        Assert.Empty(handler.Received);
    }

    [Fact]
    public async Task RunAsync_NewCustomers_AreNewNotMoversAndRaiseNoDefaultAlert()
    {
        var store = new InMemorySnapshotStore();
        DateOnly asOf = SampleCustomer.DefaultAsOf;
        FeatureMatrix raw = Features(asOf);
        TrackedRunResult trained = await Job(store).RunAsync(raw, asOf.AddDays(-1));

        // Yesterday's snapshot knew only every other customer: the rest are new today.
        SegmentAssignment[] known = [.. trained.Run.Assignments.Where((_, i) => i % 2 == 0)];
        await store.SaveSnapshotAsync(new SegmentSnapshot(asOf.AddDays(-1), trained.ModelVersion, known.Select(a => new CustomerSnapshot(a.CustomerId, a.Segment, 1))));
        var options = new TrackedRunOptions { RunAlertRules = run => DefaultAlertRules.HighValueIntoAtRisk(run, Churned(asOf)) };
        TrackedRunResult today = await Job(store).RunAsync(raw, asOf, Churned(asOf), options);

        HashSet<string> isNew = [.. trained.Run.Assignments.Where((_, i) => i % 2 == 1).Select(a => a.CustomerId)];
        Assert.Equal(isNew.Count, today.Migration.Transitions!.Transitions.Where(t => t.From == SegmentTransitions.New).Sum(t => t.Customers));
        Assert.DoesNotContain(today.Migration.Alerts, a => isNew.Contains(a.CustomerId));
    }

    [Fact]
    public async Task RunAsync_CustomersMovingIntoAnOverridingRuleSegment_RaiseTheDefaultAlert()
    {
        var store = new InMemorySnapshotStore();
        DateOnly asOf = SampleCustomer.DefaultAsOf;
        var trigger = new RuleDimension("trigger", [Rule.Parse("Churn risk", "usage_change_60d <= -20")], otherwise: "No trigger", overridesCluster: true);
        var engine = new SegmentationEngine(new KMeansClusterer(new KMeansOptions { K = 5, Seed = 0 }), null, RuleSet.Of(trigger));
        var job = new TrackedSegmentation(engine, store, new MigrationTracker(store));
        var options = new TrackedRunOptions { RunAlertRules = run => DefaultAlertRules.HighValueIntoAtRisk(run, Churned(asOf)) };
        TrackedRunResult first = await job.RunAsync(Features(asOf), asOf.AddDays(-1), Churned(asOf), options);

        // Yesterday everyone was in their cluster segment; today the trigger overrides it for decliners.
        await store.SaveSnapshotAsync(new SegmentSnapshot(asOf.AddDays(-1), first.ModelVersion, first.Run.Assignments.Select((a, i) => new CustomerSnapshot(a.CustomerId, a.ClusterSegment ?? a.Segment, Features(asOf)[i, 0]))));
        TrackedRunResult today = await job.RunAsync(Features(asOf), asOf, Churned(asOf), options);

        Assert.Contains(today.Migration.Transitions!.Transitions, t => t.To == "Churn risk" && t.From != "Churn risk");
        Assert.Contains(today.Migration.Alerts, a => a.To == "Churn risk" && a.Rule == DefaultAlertRules.HighValueIntoAtRiskName);
    }

    [Fact]
    public async Task RunAsync_NoValueFeature_LeavesValuesUnknownInsteadOfZero()
    {
        var store = new InMemorySnapshotStore();
        DateOnly asOf = SampleCustomer.DefaultAsOf;
        FeatureMatrix withArr = Features(asOf);
        int[] keep = [.. Enumerable.Range(0, withArr.ColumnCount).Where(c => withArr.Schema[c].Name != "arr")];
        FeatureMatrix noArr = FeatureMatrix.FromRows([.. Enumerable.Range(0, withArr.RowCount).Select(i => keep.Select(c => withArr[i, c]).ToArray())], [.. keep.Select(c => withArr.Schema[c].Name)])
            .WithRowIds([.. withArr.RowIds!]);

        await Job(store).RunAsync(noArr, asOf.AddDays(-1));
        TrackedRunResult second = await Job(store).RunAsync(noArr, asOf);

        Assert.All(second.Migration.Current.Customers, c => Assert.True(double.IsNaN(c.Value)));
        Assert.All(second.Migration.Transitions!.Transitions, t => Assert.True(double.IsNaN(t.Value)));
        await Assert.ThrowsAsync<ArgumentException>(() => Job(store).RunAsync(noArr, asOf, options: new TrackedRunOptions { ValueFeature = "arr" }));
    }

    [Fact]
    public async Task RunAsync_ValueFeatureNamed_UsesThatFeature()
    {
        DateOnly asOf = SampleCustomer.DefaultAsOf;
        FeatureMatrix raw = Features(asOf);
        int tenure = raw.Schema.IndexOf("tenure_days");

        TrackedRunResult run = await Job(new InMemorySnapshotStore()).RunAsync(raw, asOf, options: new TrackedRunOptions { ValueFeature = "tenure_days" });

        Assert.Equal(raw[0, tenure], run.Migration.Current.Customers[0].Value);
    }

    [Fact]
    public async Task RunAsync_AsOfBeforeTheStoredModelsDate_TrainsInsteadOfReusingIt()
    {
        var store = new InMemorySnapshotStore();
        DateOnly october = SampleCustomer.DefaultAsOf;
        DateOnly august = october.AddDays(-61);
        await Job(store).RunAsync(Features(october), october);

        PendingTrackedRun pending = await Job(store).PrepareAsync(Features(august), august);

        Assert.True(pending.Trained);
        Assert.Contains("after 2026-08-31", pending.TrainedBecause, StringComparison.Ordinal);
        Assert.Equal("m2-2026-08-31", (await pending.CommitAsync()).ModelVersion);
    }

    [Fact]
    public async Task RunAsync_OtherFeatures_ThrowsUnlessRetraining()
    {
        var store = new InMemorySnapshotStore();
        DateOnly asOf = SampleCustomer.DefaultAsOf;
        FeatureMatrix raw = Features(asOf);
        await Job(store).RunAsync(raw, asOf.AddDays(-1));
        FeatureMatrix fewer = FeatureMatrix.FromRows([.. Enumerable.Range(0, raw.RowCount).Select(i => new[] { raw[i, 0], raw[i, 1] })], [raw.Schema[0].Name, raw.Schema[1].Name])
            .WithRowIds([.. raw.RowIds!]);

        var error = await Assert.ThrowsAsync<SnapshotStoreException>(() => Job(store).RunAsync(fewer, asOf));
        TrackedRunResult retrained = await Job(store).RunAsync(fewer, asOf, options: new TrackedRunOptions { Retrain = true });

        Assert.Contains("missing", error.DataSetDifference, StringComparison.Ordinal);
        Assert.True(retrained.Trained);
    }

    [Fact]
    public async Task RunAsync_RetrainOnTheSameDataNextDay_KeepsIdsAndNamesAndReportsNoMovement()
    {
        var store = new InMemorySnapshotStore();
        DateOnly asOf = SampleCustomer.DefaultAsOf;
        FeatureMatrix raw = Features(asOf);
        TrackedRunResult first = await Job(store).RunAsync(raw, asOf.AddDays(-1));
        TrackedRunResult retrained = await Job(store).RunAsync(raw, asOf, options: new TrackedRunOptions { Retrain = true });

        int same = retrained.Run.Assignments.Zip(first.Run.Assignments).Count(p => p.First.SegmentId == p.Second.SegmentId && p.First.Segment == p.Second.Segment);
        Assert.True(same >= 0.99 * raw.RowCount, $"only {same} of {raw.RowCount} kept their segment id and name");
        Assert.Equal(1.0, retrained.Migration.Transitions!.Stability);
        Assert.All(retrained.Migration.Transitions.Transitions, t => Assert.Equal(t.From, t.To));
        Assert.Empty(retrained.Migration.Alerts);
    }
}
