using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Segmentation.Clustering;
using Segmentation.Configuration;
using Segmentation.Features;
using Segmentation.Features.Preprocessing;
using Segmentation.Options;
using Segmentation.Playbooks;
using Segmentation.Profiling;
using Segmentation.Rules;
using Segmentation.Scoring;
using Segmentation.Scoring.InRun;

namespace Segmentation.Pipeline;

/// <summary>
/// Runs the segmentation steps in order: preprocess (impute, scale), cluster, profile and name.
/// The one place that knows the order of the steps.
/// </summary>
/// <remarks>
/// <para>Thread-safe: holds settings only; each <see cref="Run(FeatureMatrix, IReadOnlyList{bool?}?, FeatureMatrix?, CancellationToken)"/> is independent.</para>
/// <para>With a <see cref="RuleSet"/>, every rule dimension is evaluated on the raw features (original units) next to
/// the clustering, and carried in <see cref="SegmentAssignment.RuleSegments"/>. Precedence: the first dimension, in
/// rule-set order, that is flagged <see cref="RuleDimension.OverridesCluster"/> and placed the customer in one of its
/// rule segments (not the exception segment) replaces <see cref="SegmentAssignment.Segment"/>; the cluster stays in
/// <see cref="SegmentAssignment.SegmentId"/> and <see cref="SegmentAssignment.ClusterSegment"/>, and profiles describe clusters.</para>
/// </remarks>
public sealed class SegmentationEngine
{
    private readonly IClusterer _clusterer;
    private readonly PreprocessingOptions _preprocessing;
    private readonly RuleSet? _rules;
    private readonly SegmentProfilingOptions? _profiling;

    /// <summary>Creates an engine that clusters with <paramref name="clusterer"/> and evaluates <paramref name="rules"/> beside the clusters.</summary>
    /// <param name="clusterer">The clustering algorithm; a <see cref="Clustering.Selection.KSelectingClusterer"/> chooses the number of segments.</param>
    /// <param name="options">
    /// Imputation and scaling before clustering (<see cref="SegmentationOptions.Preprocessing"/>), the value feature and
    /// the user's segment names; defaults when null. <see cref="SegmentationOptions.Algorithm"/> is not read: the clusterer is given.
    /// </param>
    /// <param name="rules">Rule dimensions evaluated on the raw features, or null for none.</param>
    public SegmentationEngine(IClusterer clusterer, SegmentationOptions? options = null, RuleSet? rules = null)
    {
        ArgumentNullException.ThrowIfNull(clusterer);
        _clusterer = clusterer;
        _preprocessing = options?.Preprocessing ?? new PreprocessingOptions();
        _rules = rules;
        _profiling = options is null ? null : SegmentProfilingOptions.From(options);
    }

    /// <summary>The rule dimensions evaluated beside the clusters, or <see langword="null"/>.</summary>
    public RuleSet? Rules => _rules;

    /// <summary>
    /// The daily step (scorers, triggers, playbooks, priority, capacity) that <see cref="TrackedSegmentation"/> runs after
    /// the segments, identities and migration comparison; see <see cref="ScoreAndPlan"/>.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: segments only, no scores and no worklist.</value>
    public DailyRunOptions? Daily { get; init; }

    /// <summary>
    /// Where each step (<see cref="PipelineSteps"/>: preprocess, fit, profile, rules, scoring, planning, migration) logs
    /// one entry with its duration; <c>AddSegmentation</c> sets an <c>ILogger&lt;SegmentationEngine&gt;</c>.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: nothing is logged.</value>
    public ILogger? Logger { get; init; }

    /// <summary>
    /// Told how far a long step is while it runs (scoring and planning, every 100,000 customers) and when each step
    /// (<see cref="PipelineSteps"/>) is done, with its duration (<see cref="PipelineStepProgress.Elapsed"/>): a progress bar for long runs.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: nothing is reported. <c>AddSegmentation</c> sets the registered <c>IProgress&lt;PipelineStepProgress&gt;</c>, if any.</value>
    public IProgress<PipelineStepProgress>? Progress { get; init; }

    /// <summary>Where the steps are logged and reported, or <see langword="null"/>.</summary>
    internal PipelineObserver? Steps => PipelineObserver.Of(Logger, Progress);

    /// <summary>
    /// The daily step after clusters, profiles and rule dimensions: scores every customer with each scorer (value, band,
    /// drivers in words), determines the fired triggers, builds each customer's facts (segment, triggers, probabilities, ARR) and plans the
    /// worklist (playbooks, priority, capacity).
    /// </summary>
    /// <param name="run">The segmented run (names final: after identities are kept).</param>
    /// <param name="asOf">The as-of date due dates count from.</param>
    /// <param name="options">The scorers, playbooks, priority and capacity.</param>
    /// <param name="scoringFeatures">The features the scorers read (same customers, same order); the run's raw features when null.</param>
    /// <param name="previousSegments">Each customer's segment in the previous snapshot, or <see langword="null"/> when there is no previous snapshot.</param>
    /// <param name="cancellationToken">Stops the step.</param>
    /// <returns>The same run with <see cref="SegmentAssignment.Scores"/>, triggers, actions and priority set, and its <see cref="SegmentationRun.Worklist"/>.</returns>
    /// <exception cref="ArgumentException">A scorer needs a feature the data lacks, two scorers share a name, the value feature is unknown, or an option is out of range (the message names it).</exception>
    public static SegmentationRun ScoreAndPlan(SegmentationRun run, DateOnly asOf, DailyRunOptions options, FeatureMatrix? scoringFeatures = null, IReadOnlyDictionary<string, string>? previousSegments = null, CancellationToken cancellationToken = default)
        => ScoreAndPlanCore(run, asOf, options, scoringFeatures, previousSegments, null, null, idsKnownUnique: false, null, cancellationToken);

    /// <summary>
    /// As the public overload, with the value feature of the tracked run used when <see cref="DailyRunOptions.ValueFeature"/>
    /// is unset; <paramref name="idsKnownUnique"/> when the caller checked the ids already (the tracked run's snapshot does);
    /// the scores of <paramref name="scoring"/> (prepared on the same scoring features, and started beside the segmenting) when given.
    /// </summary>
    internal static SegmentationRun ScoreAndPlanCore(SegmentationRun run, DateOnly asOf, DailyRunOptions options, FeatureMatrix? scoringFeatures, IReadOnlyDictionary<string, string>? previousSegments, string? fallbackValueFeature, PipelineObserver? steps, bool idsKnownUnique, DailyScoring? scoring, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(options);
        FeatureMatrix features = scoringFeatures ?? run.RawFeatures;
        int n = run.Assignments.Count;
        if (features.RowCount != n)
        {
            throw new ArgumentException($"The scoring features have {features.RowCount} rows but the run has {n} customers; they must describe the same customers in the same order.", nameof(scoringFeatures));
        }

        DailyScoring prepared = scoring ?? DailyScoring.Prepare(options, features);
        IRiskScorer[] scorers = prepared.Scorers;
        Debug.Assert(ReferenceEquals(prepared.Features, features), "A started scoring reads the run's scoring features.");
        PopulationReference reference = prepared.Reference;
        // Scored beside the rules step when the tracked run started it there: that scoring's own duration counts here.
        (ScoreColumn[] scores, TimeSpan scored) = prepared.Take(cancellationToken);
        long scoringStart = Stopwatch.GetTimestamp();
        int churn = Array.FindIndex(scorers, s => s.Name == options.ChurnScorer);
        int expansion = Array.FindIndex(scorers, s => s.Name == options.ExpansionScorer);

        (FeatureMatrix? valueSource, int valueColumn) = Column(run.RawFeatures, features, options.ValueFeature ?? fallbackValueFeature ?? TrackedSegmentation.DefaultValueFeature);
        if (valueSource is null && (options.ValueFeature ?? fallbackValueFeature) is string named)
        {
            throw new ArgumentException($"The value feature '{named}' is not one of the features ({string.Join(", ", run.RawFeatures.Schema.Names)}); name one of them or leave the value unset.", nameof(options));
        }

        (FeatureMatrix? tenureSource, int tenureColumn) = Column(run.RawFeatures, features, options.TenureFeature);
        IReadOnlyList<string> dimensions = run.RuleDimensions;
        int[] triggerDimensions = run.Rules is null ? [] : [.. options.TriggerDimensions.Select(d => IndexOf(dimensions, d)).Where(d => d >= 0)];

        // The value is shown beside every action ("ARR $84,000"); as a driver it would only repeat it.
        string? valueName = valueSource is null ? null : valueSource.Schema[valueColumn].Name;
        var wording = new DriverContext(features, reference, valueName);

        // The facts are columns over what the run holds (scores in arrays, drivers worded only when read): at 1,000,000
        // customers an object per customer and scorer, kept for the whole run, cost more in collections than the model.
        string?[]? previous = previousSegments is null ? null : new string?[n];
        PipelineLog.ForCustomers(steps, PipelineSteps.Scoring, n, i =>
        {
            if (previous is not null)
            {
                previous[i] = previousSegments!.GetValueOrDefault(run.Assignments[i].CustomerId);
            }
        }, cancellationToken);
        var facts = new DailyFacts(
            run.Assignments, run.Rules, triggerDimensions, [.. scorers.Select(s => s.Name)], scores, prepared.Bands, churn, expansion,
            (valueSource, valueColumn), (tenureSource, tenureColumn), options.NewCustomerDays, previous, wording, idsKnownUnique);

        steps?.Done(PipelineSteps.Scoring, scored + Stopwatch.GetElapsedTime(scoringStart));
        return PipelineLog.Time(steps, PipelineSteps.Planning, () =>
        {
            // One match per customer (a set number; the actions are built when read) serves both the worklist and the
            // actions column of assignments.csv.
            PlaybookMatches matches = prepared.Planner.MatchAll(facts, asOf, (count, body) => PipelineLog.ForCustomers(steps, PipelineSteps.Planning, count, body, cancellationToken), cancellationToken);
            Worklist worklist = prepared.Planner.Plan(matches, cancellationToken);
            return run.WithDaily(new DailyAssignments(run.Assignments, facts, matches, options.Priority), facts.ScorerNames, worklist);
        });
    }

    /// <summary>A column of the raw features, else of the scoring features; (null, -1) when neither has it.</summary>
    private static (FeatureMatrix? Source, int Column) Column(FeatureMatrix raw, FeatureMatrix scoring, string name)
        => raw.Schema.IndexOf(name) is int r and >= 0 ? (raw, r)
            : scoring.Schema.IndexOf(name) is int s and >= 0 ? (scoring, s)
            : (null, -1);

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Segments customers given their raw features, evaluating the rules on <paramref name="ruleFeatures"/> (on <paramref name="rawFeatures"/> when null).</summary>
    /// <param name="rawFeatures">One row per customer, original units, NaN = missing; row ids become customer ids.</param>
    /// <param name="outcome">Optional outcome per customer (for example churned; <see langword="null"/> where not known), reported per segment.</param>
    /// <param name="ruleFeatures">The features the rules read (same customers, same order), when they differ from the clustering features; <paramref name="rawFeatures"/> when null.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <exception cref="ArgumentException">The data cannot be segmented, or <paramref name="ruleFeatures"/> has another number of rows.</exception>
    /// <exception cref="SegmentationConfigException">A rule reads a feature the rule features lack; checked before clustering.</exception>
    public SegmentationRun Run(FeatureMatrix rawFeatures, IReadOnlyList<bool?>? outcome = null, FeatureMatrix? ruleFeatures = null, CancellationToken cancellationToken = default)
        => Run(rawFeatures, outcome, ruleFeatures, null, null, cancellationToken);

    /// <summary>
    /// As <see cref="Run(FeatureMatrix, IReadOnlyList{bool?}?, FeatureMatrix?, CancellationToken)"/>, starting a clusterer that supports it (<see cref="IWarmStartClusterer"/>) from the centres <paramref name="warmStart"/> gives for the freshly fitted preprocessing,
    /// and starting <paramref name="scoring"/> beside the rules step.
    /// </summary>
    internal SegmentationRun Run(FeatureMatrix rawFeatures, IReadOnlyList<bool?>? outcome, FeatureMatrix? ruleFeatures, Func<PreprocessingModel, FeatureMatrix?>? warmStart, DailyScoring? scoring, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rawFeatures);
        ruleFeatures ??= rawFeatures;
        if (ruleFeatures.RowCount != rawFeatures.RowCount)
        {
            throw new ArgumentException($"The rule features have {ruleFeatures.RowCount} rows but the clustering features have {rawFeatures.RowCount}; they must describe the same customers in the same order.", nameof(ruleFeatures));
        }

        _rules?.Validate(ruleFeatures.Schema);
        PipelineObserver? steps = Steps;
        var stopwatch = Stopwatch.StartNew();
        (PreprocessingModel preprocessing, IClusterModel clusters) = PreprocessAndFit(rawFeatures, warmStart, steps, cancellationToken);
        TimeSpan fitTime = stopwatch.Elapsed;

        IReadOnlyList<SegmentProfile> profiles = PipelineLog.Time(steps, PipelineSteps.Profile, () => SegmentProfiler.Profile(rawFeatures, clusters.Labels, clusters.ClusterCount, outcome, _profiling));
        // The rules step runs on one core: the daily step's scores, which read the features only, take the other.
        scoring?.Start(cancellationToken);
        (SegmentAssignment[] assignments, RuleSegmentation? rules) = PipelineLog.Time(steps, PipelineSteps.Rules, () => Assemble(_rules, rawFeatures, clusters.Labels, profiles, ruleFeatures, cancellationToken));
        return new SegmentationRun(rawFeatures, assignments, new SegmentationModel(preprocessing, clusters, profiles), fitTime, rules);
    }

    /// <summary>
    /// Fits the preprocessing and the clusterer. The model space (a transformed copy of the raw features, as large as
    /// they are) is needed by the fit only: kept in this method's scope, it can be collected before profiling instead of
    /// living to the end of the run.
    /// </summary>
    private (PreprocessingModel Preprocessing, IClusterModel Clusters) PreprocessAndFit(FeatureMatrix rawFeatures, Func<PreprocessingModel, FeatureMatrix?>? warmStart, PipelineObserver? steps, CancellationToken cancellationToken)
    {
        (PreprocessingModel preprocessing, FeatureMatrix modelSpace) = PipelineLog.Time(steps, PipelineSteps.Preprocess, () =>
        {
            PreprocessingModel fitted = PreprocessingModel.Fit(rawFeatures, _preprocessing);
            return (fitted, fitted.Transform(rawFeatures));
        });
        IClusterer clusterer = warmStart is not null && _clusterer is IWarmStartClusterer warm && warmStart(preprocessing) is FeatureMatrix centers
            ? warm.WithInitialCenters(centers)
            : _clusterer;
        return (preprocessing, PipelineLog.Time(steps, PipelineSteps.Fit, () => clusterer.Fit(modelSpace, cancellationToken)));
    }

    /// <summary>
    /// Assigns customers with a stored model instead of clustering (stored preprocessing, stored centres, stored
    /// names), profiles today's segments, and evaluates this engine's rules: the daily run between retrains.
    /// </summary>
    /// <param name="model">The model of an earlier run.</param>
    /// <param name="rawFeatures">Today's customers, with the model's features.</param>
    /// <param name="outcome">Optional outcome per customer (<see langword="null"/> where not known).</param>
    /// <param name="ruleFeatures">The features the rules read, when they differ from <paramref name="rawFeatures"/>.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <exception cref="ArgumentException">The features differ from the model's (the message lists them).</exception>
    public SegmentationRun Apply(SegmentationModel model, FeatureMatrix rawFeatures, IReadOnlyList<bool?>? outcome = null, FeatureMatrix? ruleFeatures = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(rawFeatures);
        return ApplyStartingScores(model, rawFeatures, outcome, ruleFeatures, null, cancellationToken);
    }

    /// <summary>As <see cref="Apply"/>, starting <paramref name="scoring"/> beside the rules step.</summary>
    internal SegmentationRun ApplyStartingScores(SegmentationModel model, FeatureMatrix rawFeatures, IReadOnlyList<bool?>? outcome, FeatureMatrix? ruleFeatures, DailyScoring? scoring, CancellationToken cancellationToken)
    {
        _rules?.Validate((ruleFeatures ?? rawFeatures).Schema);
        return ApplyModel(_rules, _profiling, model, rawFeatures, outcome, ruleFeatures, Steps, scoring, cancellationToken);
    }

    /// <summary>The stored-model path shared by <see cref="Apply"/> and <see cref="SegmentationModel.Apply"/>.</summary>
    internal static SegmentationRun ApplyModel(RuleSet? ruleSet, SegmentProfilingOptions? profiling, SegmentationModel model, FeatureMatrix rawFeatures, IReadOnlyList<bool?>? outcome, FeatureMatrix? ruleFeatures, PipelineObserver? steps, DailyScoring? scoring, CancellationToken cancellationToken)
    {
        int[] labels = Predict(model, rawFeatures, steps);
        var names = model.Profiles.ToDictionary(p => p.Id, p => p.Name);
        IReadOnlyList<SegmentProfile> profiles = PipelineLog.Time(steps, PipelineSteps.Profile, () => (IReadOnlyList<SegmentProfile>)[.. SegmentProfiler.Profile(rawFeatures, labels, model.Clusters.ClusterCount, outcome, profiling)
            .Select(p => names.TryGetValue(p.Id, out string? name) ? p with { Name = name } : p)]);
        scoring?.Start(cancellationToken);
        (SegmentAssignment[] assignments, RuleSegmentation? rules) = PipelineLog.Time(steps, PipelineSteps.Rules, () => Assemble(ruleSet, rawFeatures, labels, profiles, ruleFeatures, cancellationToken));
        return new SegmentationRun(rawFeatures, assignments, new SegmentationModel(model.Preprocessing, model.Clusters, profiles), TimeSpan.Zero, rules);
    }

    /// <summary>The stored model's labels of today's customers; the model space is dropped on return (see <see cref="PreprocessAndFit"/>).</summary>
    private static int[] Predict(SegmentationModel model, FeatureMatrix rawFeatures, PipelineObserver? steps)
    {
        FeatureMatrix modelSpace = PipelineLog.Time(steps, PipelineSteps.Preprocess, () => model.Preprocessing.Transform(rawFeatures));
        return PipelineLog.Time(steps, PipelineSteps.Fit, () => model.Clusters.Predict(modelSpace));
    }

    /// <summary>Each customer's cluster segment, rule dimensions, and the rule segment that overrides the cluster where one does.</summary>
    private static (SegmentAssignment[] Assignments, RuleSegmentation? Rules) Assemble(
        RuleSet? ruleSet, FeatureMatrix rawFeatures, IReadOnlyList<int> labels, IReadOnlyList<SegmentProfile> profiles, FeatureMatrix? ruleFeatures, CancellationToken cancellationToken)
    {
        var names = profiles.ToDictionary(p => p.Id, p => p.Name);
        RuleSegmentation? rules = ruleSet is null ? null : new RuleBasedSegmenter(ruleSet).Segment(ruleFeatures ?? rawFeatures, cancellationToken);
        int[] overriding = rules is null ? [] : [.. Enumerable.Range(0, ruleSet!.Dimensions.Count).Where(d => ruleSet.Dimensions[d].OverridesCluster)];
        IReadOnlyList<string>? ids = rawFeatures.RowIds;
        var assignments = new SegmentAssignment[rawFeatures.RowCount];
        // Per customer: no query or closure; the cluster name is looked up again only when the label changes.
        int lastLabel = 0;
        string? lastCluster = null;
        for (int i = 0; i < assignments.Length; i++)
        {
            string id = ids?[i] ?? (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            int label = labels[i];
            if (lastCluster is null || label != lastLabel)
            {
                lastCluster = names[label];
                lastLabel = label;
            }

            string cluster = lastCluster;
            if (rules is null)
            {
                assignments[i] = new SegmentAssignment(id, label, cluster) { ClusterSegment = cluster };
                continue;
            }

            int winner = FirstMatched(rules, overriding, i);
            assignments[i] = new SegmentAssignment(id, label, winner >= 0 ? rules.Segment(winner, i) : cluster)
            {
                ClusterSegment = cluster,
                OverriddenBy = winner >= 0 ? rules.Dimensions[winner] : null,
                RuleSegments = rules.SegmentsOf(i),
            };
        }

        return (assignments, rules);
    }

    /// <summary>The first of the <paramref name="overriding"/> dimensions whose rules matched customer <paramref name="row"/>, or -1.</summary>
    private static int FirstMatched(RuleSegmentation rules, int[] overriding, int row)
    {
        foreach (int d in overriding)
        {
            if (rules.IsMatched(d, row))
            {
                return d;
            }
        }

        return -1;
    }

    /// <summary>
    /// Writes one line on the scorers trained in the run that the daily step uses (a configured scorer of the same name
    /// replaces one): the as-of date and each scorer's time-based holdout ROC AUC, as <c>segment run</c> prints it before
    /// the worklist. Writes nothing when no trained scorer is used.
    /// </summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="asOf">The run's as-of date (the outcomes the scorers learnt from end there).</param>
    public void WriteTrainedScorers(TextWriter writer, DateOnly asOf) => RunFiles.WriteTrainedScorers(writer, this, asOf);
}

/// <summary>Runs the segmentation on a host application's own customer type, extracting features as of a date first.</summary>
/// <typeparam name="TCustomer">The host's customer type.</typeparam>
public sealed class SegmentationEngine<TCustomer>
{
    private readonly FeatureSet<TCustomer> _features;
    private readonly Func<TCustomer, string> _id;
    private readonly SegmentationEngine _engine;
    private readonly FeatureSet<TCustomer>? _ruleFeatures;

    /// <summary>Creates an engine for <typeparamref name="TCustomer"/>.</summary>
    /// <param name="features">The features to extract.</param>
    /// <param name="id">The customer id.</param>
    /// <param name="engine">The engine that segments the extracted features.</param>
    public SegmentationEngine(FeatureSet<TCustomer> features, Func<TCustomer, string> id, SegmentationEngine engine)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(engine);
        _features = features;
        _id = id;
        _engine = engine;
    }

    /// <summary>Creates an engine for <typeparamref name="TCustomer"/> whose rules read their own features.</summary>
    /// <param name="features">The features to cluster on.</param>
    /// <param name="id">The customer id.</param>
    /// <param name="engine">The engine that segments the extracted features (and holds the rules).</param>
    /// <param name="ruleFeatures">The features the engine's rules read; the clustering features when null.</param>
    public SegmentationEngine(FeatureSet<TCustomer> features, Func<TCustomer, string> id, SegmentationEngine engine, FeatureSet<TCustomer>? ruleFeatures)
        : this(features, id, engine)
    {
        _ruleFeatures = ruleFeatures;
    }

    /// <summary>Extracts features as of <paramref name="asOf"/> and segments the customers.</summary>
    /// <param name="customers">The customers.</param>
    /// <param name="asOf">The last day whose data may be read.</param>
    /// <param name="outcome">Optional outcome per customer (true = positive, such as churned).</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public SegmentationRun Run(IEnumerable<TCustomer> customers, DateOnly asOf, Func<TCustomer, bool?>? outcome = null, CancellationToken cancellationToken = default)
    {
        SegmentationInputs inputs = Extract(customers, asOf, outcome);
        return _engine.Run(inputs.Features, inputs.Outcome, inputs.RuleFeatures, cancellationToken);
    }

    /// <summary>
    /// Extracts, as of <paramref name="asOf"/>, what a run reads: the clustering features, the rule features (when the
    /// rules read their own) and the outcome. Pass them to <see cref="TrackedSegmentation.RunAsync"/> or to
    /// <see cref="SegmentationEngine.Apply"/> with a stored model.
    /// </summary>
    /// <param name="customers">The customers.</param>
    /// <param name="asOf">The last day whose data may be read.</param>
    /// <param name="outcome">Optional outcome per customer (true = positive, such as churned; null = unknown).</param>
    /// <returns>The extracted inputs, in the order of <paramref name="customers"/>.</returns>
    public SegmentationInputs Extract(IEnumerable<TCustomer> customers, DateOnly asOf, Func<TCustomer, bool?>? outcome = null)
    {
        ArgumentNullException.ThrowIfNull(customers);
        TCustomer[] list = [.. customers];
        (FeatureMatrix raw, FeatureMatrix? ruleFeatures) = PipelineLog.Time(_engine.Steps, PipelineSteps.Features, () => (_features.Extract(list, asOf, _id), _ruleFeatures?.Extract(list, asOf, _id)));
        bool?[]? outcomes = outcome is null ? null : [.. list.Select(outcome)];
        return new SegmentationInputs(raw, ruleFeatures, outcomes, asOf);
    }

    /// <summary>
    /// The daily job on the host's customers: extracts features as of <paramref name="asOf"/>, then lets
    /// <paramref name="tracked"/> assign them with the stored model (or train one), store the snapshot and compare it
    /// with the previous one.
    /// </summary>
    /// <remarks>
    /// The segmenting is done by the engine <paramref name="tracked"/> was created with (with <c>AddSegmentation</c>
    /// both resolve the same registration); this engine only extracts.
    /// </remarks>
    /// <param name="tracked">The job, for example <c>provider.GetRequiredService&lt;TrackedSegmentation&gt;()</c>.</param>
    /// <param name="customers">Today's customers.</param>
    /// <param name="asOf">The snapshot date: the last day whose data may be read.</param>
    /// <param name="outcome">Optional outcome per customer (true = positive, such as churned).</param>
    /// <param name="options">Retraining, value feature and identity settings; defaults when null.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The run, the model version, and the migration since the previous snapshot.</returns>
    public Task<TrackedRunResult> RunTrackedAsync(TrackedSegmentation tracked, IEnumerable<TCustomer> customers, DateOnly asOf, Func<TCustomer, bool?>? outcome = null, TrackedRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tracked);
        SegmentationInputs inputs = Extract(customers, asOf, outcome);
        return tracked.RunAsync(inputs.Features, asOf, inputs.Outcome, options, inputs.RuleFeatures, cancellationToken: cancellationToken);
    }
}
