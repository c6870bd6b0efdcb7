using Segmentation.Clustering.KMeans;
using Segmentation.Migration;
using Segmentation.Pipeline;
using Segmentation.Rules;
using Segmentation.Samples;

namespace Segmentation.Tests.Pipeline;

/// <summary>The tracked run scores beside its rules step (<see cref="DailyScoring"/>): same results, failures as before.</summary>
public sealed class DailyScoringTests(DailyRunFixture sample) : IClassFixture<DailyRunFixture>
{
    private static readonly DateOnly AsOf = SampleCustomer.DefaultAsOf;

    private static SegmentationEngine Engine(DailyRunOptions? daily) =>
        new(new KMeansClusterer(new KMeansOptions { K = 5, Seed = 1 }), null, KnownRuleSets.All) { Daily = daily };

    private DailyRunOptions SampleOptions()
    {
        var options = new DailyRunOptions();
        foreach (IRiskScorer scorer in sample.Models.Select(m => m.Scorer))
        {
            options.Scorers.Add(scorer);
        }

        return options;
    }

    private (FeatureMatrix Features, FeatureMatrix RuleFeatures) Today() =>
        (SampleCustomer.Features().Extract(sample.Today, AsOf, c => c.Id), SampleCustomer.RuleFeatures().Extract(sample.Today, AsOf, c => c.Id));

    private static string Written(Action<TextWriter> write)
    {
        using var text = new StringWriter { NewLine = "\n" };
        write(text);
        return text.ToString();
    }

    [Fact]
    public async Task RunAsync_ScoresBesideTheRules_WritesWhatScoringAfterTheRunWrites()
    {
        (FeatureMatrix features, FeatureMatrix ruleFeatures) = Today();
        var store = new InMemorySnapshotStore();
        var job = new TrackedSegmentation(Engine(SampleOptions()), store, new MigrationTracker(store));

        SegmentationRun beside = (await job.RunAsync(features, AsOf, ruleFeatures: ruleFeatures)).Run;
        SegmentationRun after = SegmentationEngine.ScoreAndPlan(Engine(null).Run(features, null, ruleFeatures), AsOf, SampleOptions(), ruleFeatures);

        Assert.NotEmpty(beside.Worklist!.Rows);
        Assert.Equal(Written(w => after.WriteAssignments(w)), Written(w => beside.WriteAssignments(w)));
        Assert.Equal(Written(w => after.WriteWorklist(w)), Written(w => beside.WriteWorklist(w)));
        Assert.Equal(Written(w => after.WriteWorklistOverflow(w)), Written(w => beside.WriteWorklistOverflow(w)));
    }

    [Fact]
    public async Task RunAsync_ScorerThrowsBesideTheRules_SurfacesItsOwnExceptionAndStoresNothing()
    {
        var options = new DailyRunOptions();
        options.Scorers.Add(new ThrowingScorer());
        (FeatureMatrix features, FeatureMatrix ruleFeatures) = Today();
        var store = new InMemorySnapshotStore();
        var job = new TrackedSegmentation(Engine(options), store, new MigrationTracker(store));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => job.RunAsync(features, AsOf, ruleFeatures: ruleFeatures));

        Assert.Equal(ThrowingScorer.Message, error.Message);
        Assert.Empty(await store.ListSnapshotsAsync());
        Assert.Null(await store.GetLatestModelAsync());
    }

    [Fact]
    public async Task RunAsync_ScorerNeedsAMissingFeature_ThrowsBeforeSegmenting()
    {
        var options = new DailyRunOptions();
        options.Scorers.Add(sample.Models[0].Scorer);
        var steps = new List<string>();
        var engine = new SegmentationEngine(new KMeansClusterer(new KMeansOptions { K = 2, Seed = 1 })) { Daily = options, Progress = new SynchronousProgress(p => steps.Add(p.Step)) };
        FeatureMatrix features = FeatureMatrix.FromRows([[1.0], [2.0], [3.0], [4.0]], ["arr"]).WithRowIds(["a", "b", "c", "d"]);
        var store = new InMemorySnapshotStore();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => new TrackedSegmentation(engine, store, new MigrationTracker(store)).RunAsync(features, AsOf));

        Assert.Contains("The churn scorer needs the features", error.Message, StringComparison.Ordinal);
        Assert.Empty(steps);
    }

    [Fact]
    public async Task RunAsync_RunFailsWhileScoring_ReportsTheRunsFailureAndStopsTheScorerFirst()
    {
        var scorer = new ScorerWaitingForCancellation();
        var options = new DailyRunOptions();
        options.Scorers.Add(scorer);
        (FeatureMatrix features, FeatureMatrix ruleFeatures) = Today();
        var store = new InMemorySnapshotStore();
        var job = new TrackedSegmentation(Engine(options), store, new MigrationTracker(store));
        var failing = new TrackedRunOptions
        {
            RunAlertRules = _ =>
            {
                // After the rules step, before the daily step takes the scores: the scorer is running by then.
                Assert.True(scorer.Started.Wait(TimeSpan.FromSeconds(30)));
                throw new InvalidOperationException("alert rules failed");
            },
        };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => job.RunAsync(features, AsOf, options: failing, ruleFeatures: ruleFeatures));

        Assert.Equal("alert rules failed", error.Message);
        Assert.True(scorer.SawCancellation); // set before the scorer returned, and the run waited for it
        Assert.Empty(await store.ListSnapshotsAsync());
    }

    [Fact]
    public async Task RunAsync_CancelledWhileScoring_ThrowsWithTheCallersToken()
    {
        using var cancel = new CancellationTokenSource();
        var options = new DailyRunOptions();
        options.Scorers.Add(new CancellingScorer(cancel));
        (FeatureMatrix features, FeatureMatrix ruleFeatures) = Today();
        var store = new InMemorySnapshotStore();
        var job = new TrackedSegmentation(Engine(options), store, new MigrationTracker(store));

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => job.RunAsync(features, AsOf, ruleFeatures: ruleFeatures, cancellationToken: cancel.Token));

        Assert.Equal(cancel.Token, error.CancellationToken);
        Assert.Empty(await store.ListSnapshotsAsync());
    }

    private sealed class ThrowingScorer : IRiskScorer
    {
        public const string Message = "the churn model could not score";

        public string Name => "churn";

        public IReadOnlyList<string> RequiredFeatures => ["arr"];

        public IReadOnlyList<RiskScore> Score(FeatureMatrix customers, CancellationToken cancellationToken = default) => throw new InvalidOperationException(Message);
    }

    private sealed class ScorerWaitingForCancellation : IRiskScorer
    {
        public ManualResetEventSlim Started { get; } = new();

        public bool SawCancellation { get; private set; }

        public string Name => "churn";

        public IReadOnlyList<string> RequiredFeatures => ["arr"];

        public IReadOnlyList<RiskScore> Score(FeatureMatrix customers, CancellationToken cancellationToken = default)
        {
            Started.Set();
            SawCancellation = cancellationToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(30));
            cancellationToken.ThrowIfCancellationRequested();
            throw new InvalidOperationException("not cancelled within 30 s");
        }
    }

    private sealed class CancellingScorer(CancellationTokenSource cancel) : IRiskScorer
    {
        public string Name => "churn";

        public IReadOnlyList<string> RequiredFeatures => ["arr"];

        public IReadOnlyList<RiskScore> Score(FeatureMatrix customers, CancellationToken cancellationToken = default)
        {
            cancel.Cancel();
            cancellationToken.ThrowIfCancellationRequested();
            throw new InvalidOperationException("the caller's cancellation did not reach the scorer");
        }
    }

    private sealed class SynchronousProgress(Action<PipelineStepProgress> report) : IProgress<PipelineStepProgress>
    {
        public void Report(PipelineStepProgress value) => report(value);
    }
}
