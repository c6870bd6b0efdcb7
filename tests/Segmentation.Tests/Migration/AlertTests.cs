using Segmentation.Clustering.KMeans;
using Segmentation.Migration;
using Segmentation.Pipeline;
using Segmentation.Samples;

namespace Segmentation.Tests.Migration;

public class AlertTests
{
    private static SegmentSnapshot Snapshot(int day, params CustomerSnapshot[] customers) => new(new DateOnly(2026, 1, 1).AddDays(day), "v1", customers);

    private static readonly SegmentSnapshot Before = Snapshot(0,
        new("a", "Champions", 200_000), new("b", "High value", 90_000), new("c", "Steady", 5_000),
        new("d", "Champions", 1_000) { Scores = new Dictionary<string, double> { ["churn"] = 0.1 } });

    private static readonly SegmentSnapshot After = Snapshot(30,
        new("a", "At risk", 190_000), new("b", "High value", 90_000), new("c", "At risk", 5_000),
        new("d", "At risk", 1_000) { Scores = new Dictionary<string, double> { ["churn"] = 0.45 } }, new("e", "At risk", 50_000));

    [Theory]
    [InlineData(1.5, 0.8, -1.0, "AlertOptions.HighValueThreshold must be a value (ARR) of at least 0, but was -1.")]
    [InlineData(1.5, 1.2, null, "AlertOptions.HighValueQuantile must be between 0 and 1, but was 1.2.")]
    [InlineData(0.5, 0.8, null, "AlertOptions.RiskRatio must be between 1 and 100, but was 0.5.")]
    public void HighValueIntoAtRisk_OptionOutOfRange_ThrowsNamingTheOption(double riskRatio, double quantile, double? threshold, string message)
    {
        SegmentationRun run = new SegmentationEngine(new KMeansClusterer(new KMeansOptions { K = 3 }))
            .Run(SampleCustomer.Features().Extract(SampleCustomer.Generate(count: 200), SampleCustomer.DefaultAsOf, c => c.Id));
        var options = new AlertOptions { RiskRatio = riskRatio, HighValueQuantile = quantile, HighValueThreshold = threshold };

        var error = Assert.Throws<ArgumentException>(() => IAlertRule.HighValueIntoAtRisk(run, outcome: null, options: options));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.Equal("options", error.ParamName);
    }

    [Fact]
    public void SegmentEntry_FromWatchedSegmentsIntoAtRisk_RaisesOnlyThose()
    {
        var rule = new SegmentEntryAlertRule("high-value-at-risk", to: ["At risk"], from: ["Champions", "High value"]);
        SegmentAlert[] alerts = [.. rule.Evaluate(Before, After)];
        Assert.Equal(["a", "d"], alerts.Select(a => a.CustomerId));
        Assert.Equal(("Champions", "At risk", 190_000.0), (alerts[0].From, alerts[0].To, alerts[0].Value));
        Assert.Contains("moved from Champions to At risk", alerts[0].Message);
    }

    [Fact]
    public void SegmentEntry_MinValueAndAnySource_LeavesNewCustomersOut()
    {
        var rule = new SegmentEntryAlertRule("arr-at-risk", to: ["At risk"], minValue: 40_000);
        Assert.Equal(["a"], rule.Evaluate(Before, After).Select(a => a.CustomerId));
    }

    [Fact]
    public void SegmentEntry_FromListsNew_ReportsNewCustomersAsNew()
    {
        var rule = new SegmentEntryAlertRule("arr-at-risk", to: ["At risk"], from: [SegmentTransitions.New], minValue: 40_000);
        SegmentAlert alert = Assert.Single(rule.Evaluate(Before, After));
        Assert.Equal(("e", SegmentTransitions.New), (alert.CustomerId, alert.From));
        Assert.Contains("is new, in At risk", alert.Message);
    }

    [Fact]
    public void SegmentEntry_NoPreviousSnapshot_RaisesNothing()
    {
        var rule = new SegmentEntryAlertRule("any-at-risk", to: ["At risk"]);
        Assert.Empty(rule.Evaluate(null, After));
    }

    [Fact]
    public void SegmentEntry_UnknownValue_IsLeftOutOfAValueBarAndOutOfTheMessage()
    {
        SegmentSnapshot before = Snapshot(0, new("a", "Steady", double.NaN), new("b", "Steady", double.NaN));
        SegmentSnapshot after = Snapshot(1, new("a", "At risk", double.NaN), new("b", "At risk", double.NaN));

        Assert.Empty(new SegmentEntryAlertRule("bar", ["At risk"], minValue: 1).Evaluate(before, after));
        SegmentAlert[] alerts = [.. new SegmentEntryAlertRule("any", ["At risk"]).Evaluate(before, after)];
        Assert.Equal(2, alerts.Length);
        Assert.True(double.IsNaN(alerts[0].Value));
        Assert.Equal("a moved from Steady to At risk.", alerts[0].Message);
    }

    [Fact]
    public async Task Tracker_FirstSnapshot_DeliversNoAlertToHandlers()
    {
        var handler = new RecordingHandler();
        var tracker = new MigrationTracker(new InMemorySnapshotStore(), [new SegmentEntryAlertRule("any-at-risk", ["At risk"])], [handler]);

        MigrationReport first = await tracker.TrackAsync(After);

        Assert.Empty(first.Alerts);
        Assert.Empty(handler.Received);
    }

    [Fact]
    public async Task Tracker_CompareAsync_StoresNothing()
    {
        var store = new InMemorySnapshotStore();
        var tracker = new MigrationTracker(store, [new SegmentEntryAlertRule("risk", ["At risk"], ["Champions"])]);
        await tracker.TrackAsync(Before);

        MigrationReport preview = await tracker.CompareAsync(After, []);

        Assert.Equal(2, preview.NewAlerts.Count);
        Assert.Single(await store.ListSnapshotsAsync());
    }

    [Fact]
    public void ScoreRise_MoreThanThreshold_Raises()
    {
        var rule = new ScoreRiseAlertRule("churn-up", "churn", 0.2);
        SegmentAlert alert = Assert.Single(rule.Evaluate(Before, After));
        Assert.Equal("d", alert.CustomerId);
        Assert.Contains("rose from 0.10 to 0.45", alert.Message);
    }

    [Fact]
    public async Task Tracker_RepeatedRun_DeliversEachAlertOncePerSnapshotPair()
    {
        var store = new InMemorySnapshotStore();
        var handler = new RecordingHandler();
        var tracker = new MigrationTracker(store, [new SegmentEntryAlertRule("risk", ["At risk"], ["Champions"])], [handler]);

        MigrationReport first = await tracker.TrackAsync(Before);
        MigrationReport second = await tracker.TrackAsync(After);
        MigrationReport repeated = await tracker.TrackAsync(After);

        Assert.Null(first.Transitions);
        Assert.Equal(2, second.NewAlerts.Count);
        Assert.Empty(repeated.NewAlerts);
        Assert.Equal(2, repeated.Alerts.Count);
        Assert.Equal(2, handler.Received.Count);
        Assert.Equal(2, (await store.ListSnapshotsAsync()).Count);
    }

    [Fact]
    public async Task Tracker_HandlerThrows_AlertsAreDeliveredAgainNextRun()
    {
        var store = new InMemorySnapshotStore();
        var flaky = new RecordingHandler { FailNext = true };
        var tracker = new MigrationTracker(store, [new SegmentEntryAlertRule("risk", ["At risk"], ["Champions"])], [flaky]);
        await tracker.TrackAsync(Before);

        await Assert.ThrowsAsync<InvalidOperationException>(() => tracker.TrackAsync(After));
        MigrationReport retry = await tracker.TrackAsync(After);

        Assert.Equal(2, retry.NewAlerts.Count);
        Assert.Equal(2, flaky.Received.Count);
    }

    [Fact]
    public async Task Tracker_DaysInSegment_CountsFromTheFirstSnapshotOfTheCurrentRun()
    {
        var store = new InMemorySnapshotStore();
        var tracker = new MigrationTracker(store);
        await tracker.TrackAsync(Snapshot(0, new CustomerSnapshot("a", "Steady", 1)));
        await tracker.TrackAsync(Snapshot(10, new CustomerSnapshot("a", "At risk", 1)));
        await tracker.TrackAsync(Snapshot(40, new CustomerSnapshot("a", "At risk", 1)));
        Assert.Equal(30, await tracker.DaysInSegmentAsync("a"));
        Assert.Null(await tracker.DaysInSegmentAsync("zz"));
    }

    [Fact]
    public void Tracker_DuplicateRuleNames_Throws()
    {
        var rule = new ScoreRiseAlertRule("same", "churn", 0.1);
        Assert.Throws<ArgumentException>(() => new MigrationTracker(new InMemorySnapshotStore(), [rule, new ScoreRiseAlertRule("same", "x", 0.2)]));
    }

    private sealed class RecordingHandler : ISegmentMigrationHandler
    {
        public List<SegmentAlert> Received { get; } = [];

        public bool FailNext { get; set; }

        public Task HandleAsync(MigrationReport report, IReadOnlyList<SegmentAlert> alerts, CancellationToken cancellationToken)
        {
            if (FailNext)
            {
                FailNext = false;
                throw new InvalidOperationException("the CRM was down");
            }

            Received.AddRange(alerts);
            return Task.CompletedTask;
        }
    }
}
