using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Segmentation.Clustering;
using Segmentation.Clustering.KMeans;
using Segmentation.Configuration;
using Segmentation.Migration;
using Segmentation.Pipeline;
using Segmentation.Playbooks;
using Segmentation.Rules;
using Segmentation.Samples;
using Segmentation.Scoring.InRun;

namespace Segmentation.Tests.DependencyInjection;

public class AddDailyRunTests
{
    private static ServiceProvider Build(Action<ISegmentationBuilder> configure, ILoggerFactory? logging = null)
    {
        var services = new ServiceCollection();
        configure(services.AddSegmentation());
        services.Configure<KMeansOptions>(o => o.K = 5);
        if (logging is not null)
        {
            services.AddSingleton(logging);
        }

        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public void AddSegmentation_NoPlaybooks_EngineHasNoDailyStep()
    {
        using ServiceProvider provider = Build(b => b.AddScorer(new ConstantScorer("churn", 0.9)).ConfigureDailyRun(o => o.SetCapacity(OwnerRole.Csm, 10, 1)));

        Assert.Null(provider.GetRequiredService<SegmentationEngine>().Daily);
    }

    [Fact]
    public void UseBuiltInPlaybooks_WithScorersAndCapacity_EngineDailyHoldsThem()
    {
        var churn = new ConstantScorer("churn", 0.9);
        var expansion = new ConstantScorer("expansion", 0.1);
        using ServiceProvider provider = Build(b => b
            .UseBuiltInPlaybooks()
            .AddScorer(churn)
            .AddScorer(_ => expansion)
            .ConfigureDailyRun(o => o.SetCapacity(OwnerRole.Csm, accountsPerOwner: 25, owners: 4))
            .ConfigureDailyRun(o => o.NewCustomerDays = 14));

        DailyRunOptions daily = provider.GetRequiredService<SegmentationEngine>().Daily!;

        Assert.Same(KnownPlaybooks.Default, daily.Playbooks);
        Assert.Equal([churn, expansion], daily.Scorers);
        Assert.Equal(100, daily.Capacity.CapacityOf(OwnerRole.Csm));
        Assert.Equal(14, daily.NewCustomerDays);
    }

    [Fact]
    public void UseBuiltInPlaybooks_InvalidWeightOrCapacity_FailsAtStartNamingTheOption()
    {
        using ServiceProvider provider = Build(b => b
            .UseBuiltInPlaybooks()
            .ConfigureDailyRun(o => o.ExpansionWeight = -1)
            .ConfigureDailyRun(o => o.SetCapacity(OwnerRole.Csm, accountsPerOwner: 0, owners: 3)));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("DailyRunOptions.ExpansionWeight must be between 0 and 100, but was -1.", error.Message, StringComparison.Ordinal);
        Assert.Contains("DailyRunOptions.SetCapacity(CSM) accountsPerOwner must be between 1 and 10000, but was 0.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddPlaybooks_CalledTwice_LastSetWins()
    {
        var first = new PlaybookSet([KnownPlaybooks.Default.Playbooks[0]]);
        var second = new PlaybookSet([KnownPlaybooks.Default.Playbooks[1]]);
        using ServiceProvider provider = Build(b => b.AddPlaybooks(first).AddPlaybooks(second));

        Assert.Same(second, provider.GetRequiredService<SegmentationEngine>().Daily!.Playbooks);
    }

    [Fact]
    public void UseClusterer_ReplacesTheConfiguredAlgorithm()
    {
        var clusterer = new KMeansClusterer(new KMeansOptions { K = 2, Seed = 3 });
        using ServiceProvider provider = Build(b => b.UseClusterer(clusterer));
        (FeatureMatrix data, _) = TestData.Blobs.Generate(TestData.Blobs.ThreeCentres, 50, 1.0, seed: 4);

        SegmentationRun run = provider.GetRequiredService<SegmentationEngine>().Run(data);

        Assert.Equal(2, run.Segments.Count);
    }

    [Fact]
    public async Task UseSnapshotStore_TrackedJobWritesToThatStore()
    {
        var store = new InMemorySnapshotStore();
        using ServiceProvider provider = Build(b => b.UseSnapshotStore(store));
        (FeatureMatrix data, _) = TestData.Blobs.Generate(TestData.Blobs.ThreeCentres, 50, 1.0, seed: 4);

        await provider.GetRequiredService<TrackedSegmentation>().RunAsync(data, new DateOnly(2026, 12, 1));

        Assert.NotNull(await store.GetLatestModelAsync());
    }

    [Fact]
    public void UseSettings_ConfigWithPlaybooksAndCapacity_EngineGetsRulesDailyAndValueFeature()
    {
        SegmentationSettings settings = SegmentationConfig.FromJson("""
            {
              "columns": { "valueColumn": "arr" },
              "clustering": { "k": 4 },
              "rules": { "dimensions": [ { "name": "tier", "otherwise": "Other", "rules": [ { "segment": "Enterprise", "when": "arr >= 100000" } ] } ] },
              "playbooks": [ { "name": "Big accounts", "when": { "ruleSegment": { "dimension": "tier", "segment": "Enterprise" } },
                               "action": { "name": "Check in", "owner": "CSM", "dueInDays": 7, "reason": "Enterprise account" } } ],
              "capacity": { "csm": { "accountsPerOwner": 10, "owners": 3 } }
            }
            """).ToSettings();
        using ServiceProvider provider = Build(b => b.UseSettings(settings));

        SegmentationEngine engine = provider.GetRequiredService<SegmentationEngine>();

        Assert.Equal(["tier"], engine.Rules!.Dimensions.Select(d => d.Name));
        Assert.Same(settings.Playbooks, engine.Daily!.Playbooks);
        Assert.Equal(30, engine.Daily.Capacity.CapacityOf(OwnerRole.Csm));
    }

    [Fact]
    public async Task TrackedSegmentation_SampleDailyRunFromContainer_ProducesRankedWorklist()
    {
        using ServiceProvider provider = Build(b => b.UseSampleDailyRun(SampleCustomer.DefaultAsOf));
        SampleCustomer[] customers = [.. SampleCustomer.ActiveAt(SampleCustomer.Generate(), SampleCustomer.DefaultAsOf)];
        var engine = new SegmentationEngine<SampleCustomer>(SampleCustomer.Features(), c => c.Id, provider.GetRequiredService<SegmentationEngine>(), SampleCustomer.RuleFeatures());

        TrackedRunResult result = await engine.RunTrackedAsync(provider.GetRequiredService<TrackedSegmentation>(), customers, SampleCustomer.DefaultAsOf);

        Worklist worklist = result.Run.Worklist!;
        Assert.NotEmpty(worklist.Rows);
        Assert.True(worklist.RowsFor(OwnerRole.Csm).Count() <= 60, "the default capacity is 30 accounts per CSM x 2 CSMs");
        Assert.Contains(worklist.Rows, r => r.Action.Name == "Executive business review");
        Assert.All(result.Run.Assignments, a => Assert.Equal(["churn", "expansion"], a.Scores.Select(s => s.Scorer)));
        TrainedScorers trained = provider.GetRequiredService<TrainedScorers>();
        Assert.Equal(["churn", "expansion"], trained.Models.Select(m => m.Name));
        Assert.Null(trained.Note);
    }

    [Fact]
    public void AddTrainedScorers_AfterAConfiguredScorerOfTheSameName_KeepsTheConfiguredOne()
    {
        TrainedScorers trained = SampleCustomer.TrainScorersFor(SampleCustomer.DefaultAsOf);
        var configured = new ConstantScorer("churn", 0.9);

        using ServiceProvider provider = Build(b => b.UseBuiltInPlaybooks().AddScorer(configured).AddTrainedScorers(trained));

        IList<IRiskScorer> scorers = provider.GetRequiredService<SegmentationEngine>().Daily!.Scorers;
        Assert.Equal(["churn", "expansion"], scorers.Select(s => s.Name));
        Assert.Same(configured, scorers[0]);
        Assert.Same(trained.Models[1].Scorer, scorers[1]);
    }

    [Fact]
    public void TrainScorersFor_DateWithTooLittlePast_ReturnsNoModelsAndSaysWhy()
    {
        TrainedScorers trained = SampleCustomer.TrainScorersFor(SampleCustomer.HistoryStart.AddDays(30));

        Assert.Empty(trained.Models);
        Assert.StartsWith("No scores in this run: Cannot train the churn scorer", trained.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SegmentationEngine_LoggerFromContainer_OneEntryPerStepWithDuration()
    {
        var logging = new RecordingLoggerFactory();
        using ServiceProvider provider = Build(b => b.AddRules(KnownRuleSets.All).UseBuiltInPlaybooks().AddScorer(new ConstantScorer("churn", 0.6)), logging);
        SampleCustomer[] customers = [.. SampleCustomer.ActiveAt(SampleCustomer.Generate(count: 300), SampleCustomer.DefaultAsOf)];
        var engine = new SegmentationEngine<SampleCustomer>(SampleCustomer.Features(), c => c.Id, provider.GetRequiredService<SegmentationEngine>(), SampleCustomer.RuleFeatures());

        await engine.RunTrackedAsync(provider.GetRequiredService<TrackedSegmentation>(), customers, SampleCustomer.DefaultAsOf);

        Assert.All(logging.Entries, e => Assert.Equal(typeof(SegmentationEngine).FullName, e.Category));
        Assert.Equal(
            // The comparison runs beside the daily step and is reported when both are done.
            [PipelineSteps.Features, PipelineSteps.Preprocess, PipelineSteps.Fit, PipelineSteps.Profile, PipelineSteps.Rules, PipelineSteps.Scoring, PipelineSteps.Planning, PipelineSteps.Migration],
            logging.Entries.Select(e => e.Step));
        Assert.All(logging.Entries, e =>
        {
            Assert.True(e.ElapsedMilliseconds >= 0, $"{e.Step} has a negative duration");
            Assert.Matches($"^Segmentation step {e.Step} took \\d+ ms$", e.Message);
        });
    }

    [Fact]
    public async Task TrackedDailyRun_CustomerIdTwice_FailsOnTheSnapshotAndStoresNothing()
    {
        // This run's snapshot is built beside the daily step; its failure is still the one reported, and nothing is stored.
        using ServiceProvider provider = Build(b => b.UseBuiltInPlaybooks().AddScorer(new ConstantScorer("churn", 0.9)));
        (FeatureMatrix data, _) = TestData.Blobs.Generate(TestData.Blobs.ThreeCentres, 50, 1.0, seed: 4);
        string[] ids = [.. Enumerable.Range(0, data.RowCount).Select(i => "c" + i)];
        ids[7] = ids[3];
        FeatureMatrix duplicated = FeatureMatrix.Create(data.Values.ToArray(), data.ColumnCount, data.Schema, ids);

        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(
            () => provider.GetRequiredService<TrackedSegmentation>().RunAsync(duplicated, new DateOnly(2026, 12, 1)));

        Assert.Contains("'c3' appears twice in the snapshot", error.Message, StringComparison.Ordinal);
        Assert.Null(await provider.GetRequiredService<ISnapshotStore>().GetLatestBeforeAsync(new DateOnly(2026, 12, 2)));
    }

    [Fact]
    public async Task ReportProgress_FirstTrackedRunWithoutPlaybooks_ReportsEachSegmentationStepOnce()
    {
        var reported = new List<PipelineStepProgress>();
        using ServiceProvider provider = Build(b => b.ReportProgress(new ListProgress(reported, done: true)));
        (FeatureMatrix data, _) = TestData.Blobs.Generate(TestData.Blobs.ThreeCentres, 50, 1.0, seed: 4);

        await provider.GetRequiredService<TrackedSegmentation>().RunAsync(data, new DateOnly(2026, 12, 1));

        Assert.Equal(
            [PipelineSteps.Preprocess, PipelineSteps.Fit, PipelineSteps.Profile, PipelineSteps.Rules, PipelineSteps.Migration],
            reported.Select(r => r.Step));
        Assert.All(reported, r => Assert.True(r.Elapsed >= TimeSpan.Zero, $"{r.Step} has a negative duration"));
    }

    [Fact]
    public async Task ReportProgress_WithinStepsOfADailyRun_ReportsScoringThenPlanningUpToEveryCustomer()
    {
        var reported = new List<PipelineStepProgress>();
        using ServiceProvider provider = Build(b => b
            .UseBuiltInPlaybooks()
            .AddScorer(new ConstantScorer("churn", 0.9))
            .ReportProgress(new ListProgress(reported, done: false)));
        (FeatureMatrix data, _) = TestData.Blobs.Generate(TestData.Blobs.ThreeCentres, 50, 1.0, seed: 4);

        await provider.GetRequiredService<TrackedSegmentation>().RunAsync(data, new DateOnly(2026, 12, 1));

        Assert.Equal(
            [new PipelineStepProgress(PipelineSteps.Scoring, 150, 150, "customers"), new PipelineStepProgress(PipelineSteps.Planning, 150, 150, "customers")],
            reported);
    }

    [Fact]
    public void AddSegmentation_NoStepProgressRegistered_EngineReportsNone()
    {
        using ServiceProvider provider = Build(b => b.UseBuiltInPlaybooks().AddScorer(new ConstantScorer("churn", 0.9)));

        Assert.Null(provider.GetRequiredService<SegmentationEngine>().Progress);
    }

    /// <summary>
    /// Records the reports that steps are done (<paramref name="done"/>) or the reports within steps on the calling
    /// thread (<see cref="Progress{T}"/> would post them later).
    /// </summary>
    private sealed class ListProgress(List<PipelineStepProgress> reported, bool done) : IProgress<PipelineStepProgress>
    {
        public void Report(PipelineStepProgress value)
        {
            if ((value.Elapsed is not null) == done)
            {
                reported.Add(value);
            }
        }
    }

    /// <summary>Gives every customer the same probability and no drivers.</summary>
    private sealed class ConstantScorer(string name, double value) : IRiskScorer
    {
        public string Name { get; } = name;

        public IReadOnlyList<string> RequiredFeatures { get; } = [];

        public IReadOnlyList<RiskScore> Score(FeatureMatrix customers, CancellationToken cancellationToken = default)
            => [.. Enumerable.Range(0, customers.RowCount).Select(i => new RiskScore(value, null, []))];
    }

    private sealed record LogEntry(string Category, string Step, long ElapsedMilliseconds, string Message);

    /// <summary>Records what the loggers it creates are given.</summary>
    private sealed class RecordingLoggerFactory : ILoggerFactory
    {
        public List<LogEntry> Entries { get; } = [];

        public ILogger CreateLogger(string categoryName) => new RecordingLogger(this, categoryName);

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }

        private sealed class RecordingLogger(RecordingLoggerFactory owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = ((IEnumerable<KeyValuePair<string, object?>>)state!).ToDictionary(p => p.Key, p => p.Value);
                lock (owner.Entries)
                {
                    owner.Entries.Add(new LogEntry(category, (string)values["Step"]!, (long)values["ElapsedMilliseconds"]!, formatter(state, exception)));
                }
            }
        }
    }
}
