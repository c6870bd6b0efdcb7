using Segmentation.Clustering;
using Segmentation.Clustering.KMeans;
using Segmentation.Migration;
using Segmentation.Pipeline;
using Segmentation.Playbooks;
using Segmentation.Rules;
using Segmentation.Samples;
using Segmentation.Scoring.InRun;
using Segmentation.Tests.Scoring.InRun;
using Xunit.Abstractions;

namespace Segmentation.Tests.Pipeline;

/// <summary>The daily run on the embedded sample, computed once for the tests of this class.</summary>
public sealed class DailyRunFixture
{
    public DailyRunFixture()
    {
        History = SampleCustomer.GenerateWithHistory();
        Today = [.. SampleCustomer.ActiveAt(SampleCustomer.Generate(), SampleCustomer.DefaultAsOf)];
        (Run, Models) = DailyRunTests.DailyRun(History, Today, SampleCustomer.DefaultAsOf);
    }

    public IReadOnlyList<SampleCustomer> History { get; }

    public IReadOnlyList<SampleCustomer> Today { get; }

    public SegmentationRun Run { get; }

    internal IReadOnlyList<TimeBasedModel> Models { get; }
}

public sealed class DailyRunTests(DailyRunFixture sample, ITestOutputHelper log) : IClassFixture<DailyRunFixture>
{
    /// <summary>Trains both scorers on <paramref name="history"/> as of <paramref name="asOf"/>, segments <paramref name="today"/> with the built-in rule sets and plans the worklist.</summary>
    internal static (SegmentationRun Run, IReadOnlyList<TimeBasedModel> Models) DailyRun(IReadOnlyList<SampleCustomer> history, IReadOnlyList<SampleCustomer> today, DateOnly asOf, DailyRunOptions? options = null)
    {
        IReadOnlyList<TimeBasedModel> models = SampleCustomer.TrainScorers(history, asOf);
        options ??= new DailyRunOptions();
        foreach (TimeBasedModel model in models)
        {
            options.Scorers.Add(model.Scorer);
        }

        FeatureMatrix features = SampleCustomer.Features().Extract(today, asOf, c => c.Id);
        FeatureMatrix ruleFeatures = SampleCustomer.RuleFeatures().Extract(today, asOf, c => c.Id);
        var engine = new SegmentationEngine(new KMeansClusterer(new KMeansOptions { K = 5, Seed = 1 }), null, KnownRuleSets.All);
        SegmentationRun run = engine.Run(features, null, ruleFeatures);
        return (SegmentationEngine.ScoreAndPlan(run, asOf, options, ruleFeatures), models);
    }

    [Fact]
    public void ScoreAndPlan_Sample_EveryCustomerCarriesBothScoresWithBandsAndWordedDrivers()
    {
        SegmentationRun run = sample.Run;

        Assert.Equal(["churn", "expansion"], run.Scorers);
        Assert.All(run.Assignments, a =>
        {
            Assert.Equal(["churn", "expansion"], a.Scores.Select(s => s.Scorer));
            Assert.All(a.Scores, s => Assert.InRange(s.Value, 0, 1));
            Assert.All(a.Scores, s => Assert.Contains(s.Band, new[] { "low", "medium", "high" }));
        });
        CustomerScore[] highChurn = [.. run.Assignments.Select(a => a.ScoreOf("churn")!).Where(s => s.Band == "high")];
        Assert.NotEmpty(highChurn);
        Assert.All(highChurn, s => Assert.NotEmpty(s.Drivers));
        Assert.DoesNotContain(run.Assignments.SelectMany(a => a.Scores).SelectMany(s => s.Drivers), d => d.StartsWith("arr ", StringComparison.Ordinal));
    }

    [Fact]
    public void ScoreOfAndSegmentIdOf_DailyAndPlainRuns_ReadWhatTheAssignmentsHold()
    {
        // The report reads every customer through these instead of building each assignment.
        SegmentationRun daily = sample.Run;
        var engine = new SegmentationEngine(new KMeansClusterer(new KMeansOptions { K = 5, Seed = 1 }));
        SegmentationRun plain = engine.Run(SampleCustomer.Features().Extract(sample.Today, SampleCustomer.DefaultAsOf, c => c.Id));

        for (int row = 0; row < daily.Assignments.Count; row++)
        {
            SegmentAssignment assignment = daily.Assignments[row];
            Assert.Equal(assignment.SegmentId, daily.SegmentIdOf(row));
            for (int j = 0; j < daily.Scorers.Count; j++)
            {
                Assert.Equal(assignment.Scores[j].Value, daily.ScoreOf(row, j));
            }
        }

        Assert.Equal(plain.Assignments.Select(a => a.SegmentId), Enumerable.Range(0, plain.Assignments.Count).Select(plain.SegmentIdOf));
        Assert.True(double.IsNaN(plain.ScoreOf(0, 0)));
    }

    [Fact]
    public void WriteAssignments_Sample_ScoreCellsAreTheScoresRoundedToFourDecimals()
    {
        // The writer formats each rounded score once and reuses the text: every cell must still be its own score's.
        SegmentationRun run = sample.Run;
        var writer = new StringWriter();

        RunFiles.WriteAssignments(writer, run);

        using var csv = new CsvHelper.CsvReader(new StringReader(writer.ToString()), System.Globalization.CultureInfo.InvariantCulture);
        csv.Read();
        csv.ReadHeader();
        for (int row = 0; csv.Read(); row++)
        {
            foreach ((string column, string scorer) in new[] { ("churn_risk", "churn"), ("expansion_potential", "expansion") })
            {
                double score = run.Assignments[row].ScoreOf(scorer)!.Value;
                Assert.Equal(Math.Round(score, 4).ToString(System.Globalization.CultureInfo.InvariantCulture), csv.GetField(column));
            }
        }
    }

    [Theory]
    [InlineData("Churn risk")]
    [InlineData("Onboarding struggling")]
    [InlineData("Expansion ready")]
    public void ScoreAndPlan_Sample_TheBuiltInTriggersFire(string trigger)
    {
        int dimension = sample.Run.RuleDimensions.ToList().IndexOf("trigger");

        SegmentAssignment[] fired = [.. sample.Run.Assignments.Where(a => a.Triggers.Contains(trigger))];

        Assert.NotEmpty(fired);
        Assert.All(fired, a => Assert.Equal(trigger, a.RuleSegments[dimension]));
        Assert.DoesNotContain(sample.Run.Assignments, a => a.Triggers.Contains("No trigger"));
    }

    [Fact]
    public void ScoreAndPlan_Sample_WorklistIsRankedWithinCapacityAndEveryRowShowsTheCustomersSegment()
    {
        Worklist worklist = sample.Run.Worklist!;
        var byId = sample.Run.Assignments.ToDictionary(a => a.CustomerId, StringComparer.Ordinal);

        Assert.NotEmpty(worklist.Rows);
        Assert.Equal(Enumerable.Range(1, worklist.Rows.Count), worklist.Rows.Select(r => r.Rank));
        double[] priorities = [.. worklist.Rows.TakeWhile(r => r.Priority is not null).Select(r => r.Priority!.Value)];
        Assert.Equal(priorities.OrderDescending(), priorities);
        Assert.All(worklist.Rows, r =>
        {
            Assert.True(byId.TryGetValue(r.CustomerId, out SegmentAssignment? a), $"{r.CustomerId} is not a customer of the run");
            Assert.Equal(a!.Segment, r.Segment);
            Assert.Contains(a.Actions, x => x == r.Action);
        });

        // 30 accounts x 2 CSMs; every customer with a CSM action is in the worklist or in the CSM overflow, once.
        int csmCustomers = sample.Run.Assignments.Count(a => a.Actions.Any(x => x.Owner == OwnerRole.Csm));
        RoleOverflow csm = worklist.OverflowFor(OwnerRole.Csm)!;
        Assert.Equal(60, worklist.RowsFor(OwnerRole.Csm).Count());
        Assert.Equal(60, csm.Capacity);
        Assert.True(csm.Count > 0);
        Assert.Equal(csmCustomers, 60 + csm.Count);
        Assert.Equal(csm.Rows.Sum(r => r.Value ?? 0), csm.Value);
        Assert.True(worklist.RowsFor(OwnerRole.Csm).Min(r => r.Priority) >= csm.Rows.Max(r => r.Priority));
    }

    [Fact]
    public void ScoreAndPlan_DataAfterAsOfPoisoned_GivesTheSameWorklist()
    {
        DateOnly asOf = TimeBasedTrainerTests.AsOf;
        IReadOnlyList<SampleCustomer> clean = SampleCustomer.GenerateWithHistory(800, seed: 11);
        IReadOnlyList<SampleCustomer> poisoned = [.. clean.Select(TimeBasedTrainerTests.Poison)];
        SampleCustomer[] cleanToday = [.. clean.Where(c => c.IsCustomerOn(asOf))];
        SampleCustomer[] poisonedToday = [.. poisoned.Where(c => c.IsCustomerOn(asOf))];

        Worklist a = DailyRun(clean, cleanToday, asOf).Run.Worklist!;
        Worklist b = DailyRun(poisoned, poisonedToday, asOf).Run.Worklist!;

        Assert.NotEqual(SampleCustomer.ChurnEvents(clean).Count, SampleCustomer.ChurnEvents(poisoned).Count); // the poison is real
        Assert.NotEqual(clean[0].ActiveUsers(asOf.AddDays(5)), poisoned[0].ActiveUsers(asOf.AddDays(5)));
        Assert.NotEmpty(a.Rows);
        Assert.Equal(Describe(a.Rows), Describe(b.Rows));
        Assert.Equal(Describe(a.Overflow.SelectMany(o => o.Rows)), Describe(b.Overflow.SelectMany(o => o.Rows)));

        static string[] Describe(IEnumerable<WorklistRow> rows) => [.. rows.Select(r => $"{r.Rank} {r.CustomerId} {r.Owner} {r.Action.Name} {r.Due} {r.Why} {r.Priority:R} {r.Segment}")];
    }

    [Fact]
    public void ScoreAndPlan_Sample_MeetsTheMeasuredTargets()
    {
        // The targets: churn holdout AUC >= 0.80; the top decile by ARR at risk holds >= 3x the base rate of
        // churned customers. Measured (docs/playbooks.md, "On the embedded sample"); asserted as the targets and at the measured values.
        double auc = sample.Models.Single(m => m.Name == "churn").Holdout!.RocAuc;
        var churned = sample.Today.ToDictionary(c => c.Id, c => c.Churned, StringComparer.Ordinal);
        SegmentAssignment[] ranked = [.. sample.Run.Assignments.OrderByDescending(a => a.ScoreOf("churn")!.Value * sample.Today.First(c => c.Id == a.CustomerId).Arr)];
        int decile = ranked.Length / 10;
        double baseRate = ranked.Count(a => churned[a.CustomerId]) / (double)ranked.Length;
        double topRate = ranked.Take(decile).Count(a => churned[a.CustomerId]) / (double)decile;
        SegmentAssignment[] byProbability = [.. sample.Run.Assignments.OrderByDescending(a => a.ScoreOf("churn")!.Value)];
        double topByProbability = byProbability.Take(decile).Count(a => churned[a.CustomerId]) / (double)decile;
        WorklistRow[] rows = [.. sample.Run.Worklist!.Rows, .. sample.Run.Worklist.Overflow.SelectMany(o => o.Rows)];
        WorklistRow[] topRows = [.. rows.Where(r => r.Priority is not null).OrderByDescending(r => r.Priority).Take(rows.Length / 10)];
        double topWorklist = topRows.Count(r => churned[r.CustomerId]) / (double)topRows.Length;
        log.WriteLine($"churn holdout ROC AUC {auc:0.000}; base rate {baseRate:0.000}; top decile of customers by ARR at risk {topRate:0.000} = {topRate / baseRate:0.00}x; by churn probability {topByProbability:0.000} = {topByProbability / baseRate:0.00}x; top tenth of worklist rows by priority {topWorklist:0.000} = {topWorklist / baseRate:0.00}x");

        // Measured 0.843 and 3.42x (base rate 7.6%); with seeds 1-4 of the sample 0.82-0.87 and 3.3x-3.8x.
        Assert.True(auc >= 0.80, $"churn holdout AUC {auc:0.000} is below the target 0.80");
        Assert.True(topRate >= 3 * baseRate, $"top decile {topRate:0.000} is below 3x the base rate {baseRate:0.000}");
        Assert.InRange(auc, 0.82, 0.87);
        Assert.InRange(topRate / baseRate, 3.2, 3.7);
    }

    [Fact]
    public void ScoreAndPlan_ScorerNeedsAFeatureTheDataLacks_ThrowsNamingScorerAndFeature()
    {
        var options = new DailyRunOptions();
        options.Scorers.Add(sample.Models[0].Scorer);
        FeatureMatrix features = FeatureMatrix.FromRows([[1.0], [2.0], [3.0], [4.0]], ["arr"]).WithRowIds(["a", "b", "c", "d"]);
        SegmentationRun run = new SegmentationEngine(new KMeansClusterer(new KMeansOptions { K = 2, Seed = 1 })).Run(features);

        var error = Assert.Throws<ArgumentException>(() => SegmentationEngine.ScoreAndPlan(run, SampleCustomer.DefaultAsOf, options));

        Assert.Contains("The churn scorer needs the features", error.Message, StringComparison.Ordinal);
        Assert.Contains("usage_change_60d", error.Message, StringComparison.Ordinal);
        Assert.Contains("add them to the data", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrepareAsync_EngineWithDaily_CarriesTheWorklistAndTellsNewCustomersByThePreviousSnapshot()
    {
        // Three customers on day 1, a fourth (high value) joins on day 2: only it is new, so only it gets the welcome.
        var options = new DailyRunOptions { NewCustomerDays = 0 };
        options.Playbooks = PlaybookSet.Of(KnownPlaybooks.NewHighValue);
        var store = new InMemorySnapshotStore();
        var engine = new SegmentationEngine(new KMeansClusterer(new KMeansOptions { K = 2, Seed = 1 })) { Daily = options };
        var job = new TrackedSegmentation(engine, store, new MigrationTracker(store));
        FeatureMatrix day1 = FeatureMatrix.FromRows([[200_000.0], [210_000.0], [5_000.0]], ["arr"]).WithRowIds(["a", "b", "c"]);
        FeatureMatrix day2 = FeatureMatrix.FromRows([[200_000.0], [210_000.0], [5_000.0], [150_000.0]], ["arr"]).WithRowIds(["a", "b", "c", "d"]);

        TrackedRunResult first = await job.RunAsync(day1, new DateOnly(2026, 12, 1));
        TrackedRunResult second = await job.RunAsync(day2, new DateOnly(2026, 12, 2));

        Assert.Empty(first.Run.Worklist!.Rows);
        WorklistRow row = Assert.Single(second.Run.Worklist!.Rows);
        Assert.Equal("d", row.CustomerId);
        Assert.Equal("Welcome from leadership", row.Action.Name);
        Assert.Equal(new DateOnly(2026, 12, 9), row.Due);
        Assert.Equal(150_000, row.Value);
        Assert.Empty(second.Run.Scorers);
    }
}
