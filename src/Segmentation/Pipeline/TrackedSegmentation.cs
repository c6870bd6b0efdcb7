using System.Globalization;
using System.Text;
using Segmentation.Features.Preprocessing;
using Segmentation.Migration;
using Segmentation.Options;
using Segmentation.Profiling;

namespace Segmentation.Pipeline;

/// <summary>
/// Settings of one <see cref="TrackedSegmentation.RunAsync"/>. With <c>AddSegmentation</c> they are options of the
/// container (<c>ConfigureTrackedRun</c>, <c>BindTrackedRun</c>, or the configuration's <c>columns.valueColumn</c> and
/// <c>columns.idColumn</c>), validated on first use, and used by the resolved <see cref="TrackedSegmentation"/> when a
/// call passes none.
/// </summary>
public sealed class TrackedRunOptions : IValidatableOptions
{
    /// <summary>Retrain even when a stored model fits today's features.</summary>
    /// <value>The default value is <see langword="false"/>: daily runs reuse the stored model, so ids cannot drift.</value>
    public bool Retrain { get; set; }

    /// <summary>The raw feature whose value is each customer's value (ARR) in snapshots, migration sums and alerts.</summary>
    /// <value>
    /// The default value is <see langword="null"/>: <c>arr</c> when the features have it, otherwise no value (values
    /// are NaN, not 0). A named feature must exist.
    /// </value>
    public string? ValueFeature { get; set; }

    /// <summary>The id column the customers were read with, recorded as part of the store's data set identity.</summary>
    /// <value>The default value is <see langword="null"/>: only the feature names identify the data set.</value>
    public string? IdColumn { get; set; }

    /// <summary>
    /// Raise the built-in alert of a run: a high-value customer (the top 20% by value) entering an at-risk segment (one
    /// whose outcome rate is at least 1.5 times the overall rate), or as the configuration's <c>alerts</c> section sets it
    /// (<c>UseConfiguration</c>). Needs the run's outcome to find at-risk segments when the configuration names none.
    /// </summary>
    /// <value>The default value is <see langword="false"/>: only the alert rules registered with the container.</value>
    public bool HighValueAlerts { get; set; }

    /// <summary>The settings of the built-in alert (<see cref="HighValueAlerts"/>): the configuration's <c>alerts</c> section.</summary>
    /// <value>The default value is <see langword="null"/>: the defaults of <see cref="AlertOptions"/>.</value>
    internal AlertOptions? Alerts { get; set; }

    /// <summary>Alert rules built from this run's segments (see <see cref="DefaultAlertRules.HighValueIntoAtRisk(SegmentationRun, IReadOnlyList{bool?}?, string?, double, double)"/>), added to the tracker's own; when set, <see cref="HighValueAlerts"/> is not used.</summary>
    /// <value>The default value is <see langword="null"/>: only the tracker's rules.</value>
    internal Func<SegmentationRun, IEnumerable<IAlertRule>>? RunAlertRules { get; set; }

    /// <summary>Start a retrain from the previous model's centres when the clusterer supports it (k-means with a fixed k).</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool WarmStart { get; set; } = true;

    /// <summary>How identities are matched on retrain (bound from <c>Identity:CentroidWeight</c>, <c>Identity:MaxCost</c>, <c>Identity:LineageShare</c>).</summary>
    /// <value>The default value is a new <see cref="IdentityMatchOptions"/>.</value>
    internal IdentityMatchOptions Identity { get; set; } = new();

    IEnumerable<string> IValidatableOptions.GetValidationErrors()
    {
        if (ValueFeature is not null && string.IsNullOrWhiteSpace(ValueFeature))
        {
            yield return "TrackedRunOptions.ValueFeature is empty; name the value feature (for example arr) or leave it unset.";
        }

        if (IdColumn is not null && string.IsNullOrWhiteSpace(IdColumn))
        {
            yield return "TrackedRunOptions.IdColumn is empty; name the id column the customers were read with or leave it unset.";
        }

        if (Identity is null)
        {
            yield return "TrackedRunOptions.Identity is not set; leave it at its default or give identity match options.";
            yield break;
        }

        yield return OptionsValidation.Range("TrackedRunOptions.Identity.CentroidWeight", Identity.CentroidWeight, 0, 1);
        yield return OptionsValidation.Range("TrackedRunOptions.Identity.MaxCost", Identity.MaxCost, 0, 1);
        yield return OptionsValidation.Range("TrackedRunOptions.Identity.LineageShare", Identity.LineageShare, 0, 1);
    }
}

/// <summary>
/// What one tracked run did: the segments, the model that assigned them, and the comparison with the previous snapshot
/// (after a retrain measured with the earlier model on both sides, so it holds only what the customers did, not what the
/// new model redrew).
/// </summary>
public sealed record TrackedRunResult
{
    internal TrackedRunResult(SegmentationRun run, string modelVersion, bool trained, IdentityMatch? identity, MigrationReport migration)
    {
        Run = run;
        ModelVersion = modelVersion;
        Trained = trained;
        Identity = identity;
        Migration = migration;
    }

    /// <summary>The segments and assignments.</summary>
    public SegmentationRun Run { get; }

    /// <summary>The model that assigned them; before the run is stored (the callback of <see cref="TrackedSegmentation.RunAsync"/>), the version it will be stored under unless another writer takes it first.</summary>
    public string ModelVersion { get; }

    /// <summary>Whether the model was trained in this run (first run, <c>Retrain</c>, or a stored model trained after the as-of date).</summary>
    public bool Trained { get; }

    /// <summary>Why the run trained (for a person), or <see langword="null"/> when it reused the stored model.</summary>
    public string? TrainedBecause { get; internal init; }

    /// <summary>The snapshot compared against, or <see langword="null"/> on the first run.</summary>
    public SegmentSnapshot? Previous => Migration.Previous;

    /// <summary>Today's snapshot (as stored once the run is committed).</summary>
    public SegmentSnapshot Current => Migration.Current;

    /// <summary>The from-to matrix since <see cref="Previous"/>, or <see langword="null"/> on the first run.</summary>
    public SegmentTransitions? Transitions => Migration.Transitions;

    /// <summary>Every alert the rules raise for this pair of snapshots (delivered or not before).</summary>
    public IReadOnlyList<SegmentAlert> Alerts => Migration.Alerts;

    /// <summary>How the retrained clusters matched the earlier segments, when there were earlier segments (see <see cref="RunFiles.WriteLineage"/>).</summary>
    internal IdentityMatch? Identity { get; }

    /// <summary>The comparison with the previous snapshot and the alerts.</summary>
    internal MigrationReport Migration { get; init; }

    /// <summary>
    /// After a retrain of an earlier model on the same features: today's customers under the earlier model (from) and
    /// under the new one (to). These changes are the model's, not the customers'; <see langword="null"/> otherwise.
    /// </summary>
    public SegmentTransitions? Resegmentation { get; internal init; }

    /// <summary>
    /// Writes what a retrain did to the segment identities, for a person: how many segments kept their names, were
    /// renamed (the earlier name no longer holds), were born or died, and the splits and merges between them, as
    /// <c>segment run</c> prints it. Writes nothing when the run kept no identities (no retrain over earlier segments).
    /// </summary>
    /// <param name="writer">Where to write.</param>
    public void WriteLineage(TextWriter writer) => RunFiles.WriteLineage(writer, this);
}

/// <summary>
/// A tracked run computed but not yet stored (see <see cref="TrackedSegmentation.PrepareAsync"/>): the caller writes
/// its outputs, then calls <see cref="CommitAsync"/> to store the model and the snapshot and deliver the alerts.
/// Nothing is written to the store until then; a pending run that is never committed leaves the store unchanged.
/// </summary>
internal sealed class PendingTrackedRun
{
    private readonly Func<CancellationToken, Task<TrackedRunResult>> _commit;
    private TrackedRunResult? _committed;

    internal PendingTrackedRun(TrackedRunResult preview, Func<CancellationToken, Task<TrackedRunResult>> commit)
    {
        Preview = preview;
        _commit = commit;
    }

    /// <summary>The run as it will be stored: the proposed model version, nothing delivered yet.</summary>
    public TrackedRunResult Preview { get; }

    /// <summary>The model version this run will store or used; a trained model may get the next free version on commit if another writer took this one.</summary>
    public string ProposedVersion => Preview.ModelVersion;

    /// <summary>Whether the run trained a model.</summary>
    public bool Trained => Preview.Trained;

    /// <summary>Why the run trained (for a person), or <see langword="null"/> when it reused the stored model.</summary>
    public string? TrainedBecause => Preview.TrainedBecause;

    /// <summary>Stores the model (when trained) and the snapshot and delivers new alerts; a second call returns the first result.</summary>
    public async Task<TrackedRunResult> CommitAsync(CancellationToken cancellationToken = default)
    {
        _committed ??= await _commit(cancellationToken).ConfigureAwait(false);
        return _committed;
    }
}

/// <summary>
/// The daily job: assign customers with the stored model (or train one), keep segment names across retrains,
/// store the snapshot, compare it with the previous one and deliver alerts.
/// </summary>
/// <remarks>
/// The first run trains and stores the model. Later runs reuse it unless told to retrain or unless the stored model
/// was trained for a later date than the run's; input of another data set (other features or id column) is refused
/// unless retraining. <see cref="PrepareAsync"/> computes a run without writing, so a caller can write its outputs
/// first and commit the store last. A retrain matches the new clusters to the segments of the latest snapshot
/// (<see cref="SegmentIdentityMatcher"/>: centroids compared in today's model space, members by overlap), so a
/// segment that is recognisably the same keeps its name; the others are born with new names.
/// </remarks>
public sealed class TrackedSegmentation
{
    private readonly SegmentationEngine _engine;
    private readonly ISnapshotStore _store;
    private readonly MigrationTracker _tracker;

    /// <summary>Creates the job: models and snapshots kept in <paramref name="store"/>, no alert rule beyond the run's own (<see cref="TrackedRunOptions.HighValueAlerts"/>).</summary>
    /// <param name="engine">The engine that segments each run.</param>
    /// <param name="store">Where models, snapshots and delivered alerts are kept.</param>
    public TrackedSegmentation(SegmentationEngine engine, ISnapshotStore store)
        : this(engine, store, new MigrationTracker(store ?? throw new ArgumentNullException(nameof(store))))
    {
    }

    /// <summary>Creates the job with a tracker (its alert rules and handlers).</summary>
    internal TrackedSegmentation(SegmentationEngine engine, ISnapshotStore store, MigrationTracker tracker)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(tracker);
        _engine = engine;
        _store = store;
        _tracker = tracker;
    }

    /// <summary>The options of a run called without its own (<see cref="RunAsync"/>, <see cref="PrepareAsync"/> with <see langword="null"/> options).</summary>
    /// <value>The default value is <see langword="null"/>: a new <see cref="TrackedRunOptions"/>. With <c>AddSegmentation</c>, the container's validated <see cref="TrackedRunOptions"/>.</value>
    public TrackedRunOptions? DefaultRunOptions { get; init; }

    /// <summary>
    /// Runs the job for the customers in <paramref name="rawFeatures"/> as of <paramref name="asOf"/> and stores it. With
    /// <paramref name="beforeStoring"/>, hands the computed run to it (for example to write the output files) before
    /// anything is written to the store: when it throws, the store is left as it was; once it returns, the model and the
    /// snapshot are stored and the alerts delivered.
    /// </summary>
    /// <param name="rawFeatures">Today's customers: the clustering features in original units, with row ids.</param>
    /// <param name="asOf">The snapshot date.</param>
    /// <param name="outcome">Optional outcome per customer (for example churned; <see langword="null"/> where not known).</param>
    /// <param name="options">Retraining and identity settings; <see cref="DefaultRunOptions"/> when null.</param>
    /// <param name="ruleFeatures">The features the engine's rules read, when they differ from <paramref name="rawFeatures"/>.</param>
    /// <param name="beforeStoring">Receives the run as it will be stored (<see cref="TrackedRunResult.ModelVersion"/> is the proposed version; alerts not delivered yet), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The stored run: a trained model may have got the next free version if another writer took the proposed one.</returns>
    /// <exception cref="SnapshotStoreException">The store's history belongs to another data set (<see cref="SnapshotStoreException.DataSetDifference"/>) and <see cref="TrackedRunOptions.Retrain"/> is off.</exception>
    public async Task<TrackedRunResult> RunAsync(
        FeatureMatrix rawFeatures,
        DateOnly asOf,
        IReadOnlyList<bool?>? outcome = null,
        TrackedRunOptions? options = null,
        FeatureMatrix? ruleFeatures = null,
        Func<TrackedRunResult, CancellationToken, Task>? beforeStoring = null,
        CancellationToken cancellationToken = default)
    {
        PendingTrackedRun pending = await PrepareAsync(rawFeatures, asOf, outcome, options, ruleFeatures, cancellationToken).ConfigureAwait(false);
        if (beforeStoring is not null)
        {
            await beforeStoring(pending.Preview, cancellationToken).ConfigureAwait(false);
        }

        return await pending.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Computes the run (assign or train, keep identities, compare with the previous snapshot) without writing to the
    /// store: call <see cref="PendingTrackedRun.CommitAsync"/> once the outputs are safely written.
    /// </summary>
    /// <remarks>
    /// Trains on the first run, with <see cref="TrackedRunOptions.Retrain"/>, and when the stored model was trained for
    /// a later date than <paramref name="asOf"/> (a model must not see data from after the day it segments). Refuses
    /// input of another data set (other features, or another id column when both are known) unless retraining.
    /// </remarks>
    /// <inheritdoc cref="RunAsync" path="/param"/>
    /// <exception cref="SnapshotStoreException">The store's history belongs to another data set (<see cref="SnapshotStoreException.DataSetDifference"/>) and <see cref="TrackedRunOptions.Retrain"/> is off.</exception>
    /// <exception cref="ArgumentException"><see cref="TrackedRunOptions.ValueFeature"/> names a feature that is not in <paramref name="rawFeatures"/>.</exception>
    internal async Task<PendingTrackedRun> PrepareAsync(FeatureMatrix rawFeatures, DateOnly asOf, IReadOnlyList<bool?>? outcome = null, TrackedRunOptions? options = null, FeatureMatrix? ruleFeatures = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rawFeatures);
        options ??= DefaultRunOptions ?? new TrackedRunOptions();
        string? valueFeature = ResolveValueFeature(rawFeatures.Schema, options.ValueFeature);
        var dataSet = new DataSetIdentity(options.IdColumn, [.. rawFeatures.Schema.Names]);
        StoredModel? latest = await _store.GetLatestModelAsync(cancellationToken).ConfigureAwait(false);
        StoredModel? stored = await ModelForAsync(latest, asOf, cancellationToken).ConfigureAwait(false);
        (SegmentationModel Model, string Version)? previous = stored is null ? null : SegmentationModelJson.Deserialize(stored.Json);
        DataSetIdentity? recorded = await _store.GetDataSetAsync(cancellationToken).ConfigureAwait(false);
        DataSetIdentity? history = recorded ?? (previous is null ? null : new DataSetIdentity(null, [.. previous.Value.Model.Clusters.Centroids.Schema.Names]));
        string? difference = history?.DifferenceFrom(dataSet);
        if (difference is not null && !options.Retrain)
        {
            throw SnapshotStoreException.OtherDataSet(StoreName, difference);
        }

        bool sameFeatures = previous is not null && previous.Value.Model.Clusters.Centroids.Schema.Names.SequenceEqual(rawFeatures.Schema.Names);
        DateOnly? trainedFor = previous is null ? null : TrainedFor(previous.Value.Version);
        string? because = previous is null ? "first run on this store"
            : options.Retrain ? "retrain requested"
            : trainedFor > asOf ? string.Create(CultureInfo.InvariantCulture, $"the stored model {previous.Value.Version} was trained on data of {trainedFor:yyyy-MM-dd}, after {asOf:yyyy-MM-dd}")
            : null;

        // The daily step's errors before any work; its scores are computed beside the rules step (the engine starts them),
        // and stopped when the run fails before taking them.
        using DailyScoring? scoring = _engine.Daily is DailyRunOptions dailyOptions ? DailyScoring.Prepare(dailyOptions, ruleFeatures ?? rawFeatures) : null;
        SegmentationRun run;
        string version;
        IdentityMatch? identity = null;
        bool trained = because is not null;
        if (!trained)
        {
            run = _engine.ApplyStartingScores(previous!.Value.Model, rawFeatures, outcome, ruleFeatures, scoring, cancellationToken);
            version = previous.Value.Version;
        }
        else
        {
            Func<PreprocessingModel, FeatureMatrix?>? warmStart = previous is not null && sameFeatures && options.WarmStart && !(trainedFor > asOf)
                ? preprocessing => MapCentroids(previous.Value.Model, preprocessing)
                : null;
            run = _engine.Run(rawFeatures, outcome, ruleFeatures, warmStart, scoring, cancellationToken);
            SegmentSnapshot? last = await _store.GetLatestBeforeAsync(asOf.AddDays(1), cancellationToken).ConfigureAwait(false);
            if (previous is not null && sameFeatures && last is not null)
            {
                (run, identity) = KeepIdentities(run, previous.Value.Model, last, options.Identity);
            }

            version = NextVersion(latest?.Version, asOf);
        }

        // After a retrain, movement is measured with the earlier model on both sides: a customer whose data did not
        // change must not show up as a mover because the new model drew its boundaries elsewhere. What the new model
        // changed is reported apart (Resegmentation), and the snapshot stored is the new model's, for tomorrow.
        SegmentationRun compared = run;
        string comparedVersion = version;
        SegmentTransitions? resegmentation = null;
        if (trained && previous is not null && sameFeatures && !(trainedFor > asOf))
        {
            // The model of the previous snapshot (usually the latest stored one) assigns today's customers again.
            SegmentSnapshot? last = await _store.GetLatestBeforeAsync(asOf, cancellationToken).ConfigureAwait(false);
            (SegmentationModel Model, string Version) earlier = previous.Value;
            if (last is not null && last.ModelVersion != earlier.Version
                && await _store.GetModelAsync(last.ModelVersion, cancellationToken).ConfigureAwait(false) is StoredModel snapshotModel)
            {
                earlier = SegmentationModelJson.Deserialize(snapshotModel.Json);
            }

            if (earlier.Model.Clusters.Centroids.Schema.Names.SequenceEqual(rawFeatures.Schema.Names))
            {
                compared = _engine.Apply(earlier.Model, rawFeatures, outcome, ruleFeatures, cancellationToken);
                comparedVersion = earlier.Version;
                resegmentation = SegmentTransitions.Compute(ToSnapshot(compared, asOf, comparedVersion, valueFeature), ToSnapshot(run, asOf, version, valueFeature));
            }
        }

        IEnumerable<IAlertRule> runRules = options.RunAlertRules is { } build ? [.. build(compared)]
            : options.HighValueAlerts ? [.. DefaultAlertRules.HighValueIntoAtRisk(compared, outcome, options.ValueFeature, options.Alerts ?? new AlertOptions())]
            : [];
        // The previous snapshot is read first: the comparison measures movement against it, and the daily step reads its
        // segments (a "migrates" playbook).
        SegmentSnapshot? previousSnapshot = await _tracker.PreviousAsync(asOf, cancellationToken).ConfigureAwait(false);
        Task<(SegmentSnapshot Snapshot, MigrationReport Report, TimeSpan Elapsed)> Compare() => CompareAsync(compared, previousSnapshot, asOf, comparedVersion, valueFeature, runRules, cancellationToken);
        bool comparedIsRun = compared == run;
        (SegmentSnapshot comparedSnapshot, MigrationReport preview, TimeSpan compareTime) = _engine.Daily is DailyRunOptions daily
            ? await ScoreAndPlanBesideAsync(Compare, () => run = SegmentationEngine.ScoreAndPlanCore(run, asOf, daily, ruleFeatures ?? rawFeatures, PreviousSegments(previousSnapshot), valueFeature, _engine.Steps, idsKnownUnique: true, scoring, cancellationToken)).ConfigureAwait(false)
            : await Compare().ConfigureAwait(false);
        _engine.Steps?.Done(PipelineSteps.Migration, compareTime);

        bool recordDataSet = recorded is null || difference is not null || (recorded.IdColumn is null && dataSet.IdColumn is not null);
        var computed = new TrackedRunResult(run, version, trained, identity, preview) { TrainedBecause = because, Resegmentation = resegmentation };
        if (comparedIsRun)
        {
            // The snapshot the commit below saves, unless another writer takes this model version first: the store may
            // start on it while the caller writes its outputs.
            _store.PrepareToSave(comparedSnapshot, cancellationToken);
        }

        return new PendingTrackedRun(computed, async token =>
        {
            string final = version;
            if (trained)
            {
                for (int attempt = 0; !await _store.TryAddModelAsync(new StoredModel(final, SegmentationModelJson.Serialize(run.Model, final)), token).ConfigureAwait(false); attempt++)
                {
                    // Another writer stored this version since the run started: take the next free one.
                    if (attempt == 100)
                    {
                        throw new SnapshotStoreException(StoreName, $"The snapshot store '{StoreName}' kept refusing new model versions (last tried {final}); check that no other process is writing to it in a loop.");
                    }

                    StoredModel? latest = await _store.GetLatestModelAsync(token).ConfigureAwait(false);
                    string next = NextVersion(latest?.Version, asOf);
                    final = next == final ? NextVersion(final, asOf) : next;
                }
            }

            if (recordDataSet)
            {
                await _store.SaveDataSetAsync(dataSet, token).ConfigureAwait(false);
            }

            // The snapshot of the comparison is this run's when nothing changed since (same run, same version): reused,
            // not built a second time (a million customers' snapshot is about 100 MB). The daily step does not count as a
            // change: it adds scores and actions, which a snapshot does not keep, to the same segments.
            SegmentSnapshot snapshot = comparedIsRun && final == comparedVersion
                ? comparedSnapshot
                : ToSnapshot(run, asOf, final, valueFeature);
            MigrationReport migration = await _tracker.TrackAsync(snapshot, runRules, comparedIsRun ? null : comparedSnapshot, token).ConfigureAwait(false);
            return new TrackedRunResult(run, final, trained, identity, migration) { TrainedBecause = because, Resegmentation = resegmentation };
        });
    }

    /// <summary>
    /// This run's snapshot of every customer and its comparison with <paramref name="previous"/> (single-threaded: about
    /// half a second at 1,000,000 customers), and how long they took.
    /// </summary>
    private async Task<(SegmentSnapshot Snapshot, MigrationReport Report, TimeSpan Elapsed)> CompareAsync(
        SegmentationRun compared, SegmentSnapshot? previous, DateOnly asOf, string version, string? valueFeature, IEnumerable<IAlertRule> rules, CancellationToken cancellationToken)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        SegmentSnapshot snapshot = ToSnapshot(compared, asOf, version, valueFeature);
        MigrationReport report = await _tracker.CompareAsync(previous, snapshot, rules, cancellationToken).ConfigureAwait(false);
        return (snapshot, report, System.Diagnostics.Stopwatch.GetElapsedTime(start));
    }

    /// <summary>
    /// Runs <paramref name="compare"/> on a thread-pool thread while <paramref name="scoreAndPlan"/> runs here: the daily
    /// step needs the segments' final names and the previous snapshot, both known before, not the comparison. Both finish
    /// before this returns; a failure of the comparison is reported before one of the daily step, as when they ran one
    /// after the other (a customer id that appears twice fails the snapshot).
    /// </summary>
    private static async Task<T> ScoreAndPlanBesideAsync<T>(Func<Task<T>> compare, Action scoreAndPlan)
    {
        Task<T> comparing = Task.Run(compare);
        System.Runtime.ExceptionServices.ExceptionDispatchInfo? failure = null;
        try
        {
            scoreAndPlan();
        }
        catch (Exception e)
        {
            failure = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
        }

        T compared = await comparing.ConfigureAwait(false);
        failure?.Throw();
        return compared;
    }

    /// <summary>Each customer's segment in <paramref name="previous"/>, or <see langword="null"/> without one.</summary>
    private static Dictionary<string, string>? PreviousSegments(SegmentSnapshot? previous)
        => previous?.Customers.ToDictionary(c => c.CustomerId, c => c.Segment, StringComparer.Ordinal);

    /// <summary>The store as messages name it: its <see cref="object.ToString"/> when the store overrides it (the SQLite store gives its file).</summary>
    private string StoreName => _store.ToString() is string name && name != _store.GetType().FullName ? name : "in use";

    private static string? ResolveValueFeature(FeatureSchema schema, string? named)
    {
        if (named is null)
        {
            return schema.IndexOf(DefaultValueFeature) >= 0 ? DefaultValueFeature : null;
        }

        return schema.IndexOf(named) >= 0
            ? named
            : throw new ArgumentException($"The value feature '{named}' is not one of the features ({string.Join(", ", schema.Names)}); name one of them or leave the value unset.", nameof(named));
    }

    /// <summary>The feature used as the customer's value when none is named.</summary>
    public const string DefaultValueFeature = "arr";

    /// <summary>
    /// The model a run as of <paramref name="asOf"/> reuses: the one trained for the latest date on or before it (of
    /// those, the most recently saved), so that a backfill run's model, trained for an earlier date and saved last,
    /// does not become the next day's model; the latest saved one when no version says its date, or when every model
    /// is later than <paramref name="asOf"/> (then the run trains and says why).
    /// </summary>
    private async Task<StoredModel?> ModelForAsync(StoredModel? latest, DateOnly asOf, CancellationToken cancellationToken)
    {
        if (latest is null)
        {
            return null;
        }

        string? best = null;
        DateOnly bestDate = DateOnly.MinValue;
        foreach (string version in await _store.ListModelVersionsAsync(cancellationToken).ConfigureAwait(false))
        {
            // Newest saved first: a later entry replaces the choice only with a strictly later date.
            if (TrainedFor(version) is DateOnly date && date <= asOf && (best is null || date > bestDate))
            {
                (best, bestDate) = (version, date);
            }
        }

        return best is null || best == latest.Version ? latest : await _store.GetModelAsync(best, cancellationToken).ConfigureAwait(false) ?? latest;
    }

    /// <summary>The date in a version "m3-2026-10-31", or null for versions written otherwise.</summary>
    private static DateOnly? TrainedFor(string version)
    {
        int dash = version.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && DateOnly.TryParseExact(version[(dash + 1)..], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date) ? date : null;
    }

    /// <summary>The previous model's centroids in the space of <paramref name="preprocessing"/> (through original units).</summary>
    private static FeatureMatrix MapCentroids(SegmentationModel previous, PreprocessingModel preprocessing)
    {
        FeatureMatrix old = previous.Clusters.Centroids;
        var values = new double[old.RowCount * old.ColumnCount];
        for (int c = 0; c < old.RowCount; c++)
        {
            preprocessing.Transform(previous.Preprocessing.InverseTransform(old.Row(c)), values.AsSpan(c * old.ColumnCount, old.ColumnCount));
        }

        return FeatureMatrix.Create(values, old.ColumnCount, old.Schema);
    }

    /// <summary>Renames the new run's segments after the earlier segments they match.</summary>
    private static (SegmentationRun Run, IdentityMatch Match) KeepIdentities(SegmentationRun run, SegmentationModel previous, SegmentSnapshot last, IdentityMatchOptions options)
    {
        FeatureMatrix oldCentroids = previous.Clusters.Centroids;
        var known = new List<KnownSegment>();
        foreach (SegmentProfile profile in previous.Profiles.Where(p => p.Id >= 0 && p.Id < oldCentroids.RowCount))
        {
            // Old centroids live in the old model space: map through original units into today's space.
            double[] original = previous.Preprocessing.InverseTransform(oldCentroids.Row(profile.Id));
            var today = new double[original.Length];
            run.Model.Preprocessing.Transform(original, today);
            known.Add(new KnownSegment(profile.Name, today, last.Customers.Where(c => ClusterOf(c) == profile.Name).Select(c => c.CustomerId).ToHashSet(StringComparer.Ordinal)));
        }

        FeatureMatrix centroids = run.Model.Clusters.Centroids;
        List<int>[] members = MembersBySegment(run, centroids.RowCount);
        NewCluster[] clusters = [.. Enumerable.Range(0, centroids.RowCount).Select(c => new NewCluster(
            c,
            centroids.Row(c).ToArray(),
            IdsOf(run, members[c])))];
        IdentityMatch match = SegmentIdentityMatcher.Match(known, clusters, options);

        // Matched clusters take the earlier name while it is still true of them (names branch: SegmentNamer.Holds);
        // born ones, and matched ones whose earlier name no longer holds, keep theirs unless it collides with a kept name.
        KeyValuePair<int, string>[] matched = [.. match.NameByLabel];
        bool[] holds = SegmentNamer.Holds(run.RawFeatures, [.. matched.Select(m => (m.Value, (IReadOnlyList<int>)(m.Key >= 0 && m.Key < members.Length ? members[m.Key] : [])))]);
        var names = new Dictionary<int, string>();
        for (int m = 0; m < matched.Length; m++)
        {
            if (holds[m])
            {
                names.Add(matched[m].Key, matched[m].Value);
            }
        }

        var used = new HashSet<string>(names.Values, StringComparer.OrdinalIgnoreCase);
        foreach (SegmentProfile profile in run.Segments.Where(p => !names.ContainsKey(p.Id)))
        {
            string name = profile.Name;
            for (int suffix = 2; used.Contains(name); suffix++)
            {
                name = string.Create(CultureInfo.InvariantCulture, $"{profile.Name} ({suffix})");
            }

            used.Add(name);
            names[profile.Id] = name;
        }

        IReadOnlyList<SegmentProfile> profiles = [.. run.Segments.Select(p => p with { Name = names[p.Id] })];
        SegmentAssignment[] assignments = [.. run.Assignments.Select(a => a with
        {
            Segment = a.OverriddenBy is null ? names[a.SegmentId] : a.Segment,
            ClusterSegment = names[a.SegmentId],
        })];
        var model = new SegmentationModel(run.Model.Preprocessing, run.Model.Clusters, profiles);
        return (new SegmentationRun(run.RawFeatures, assignments, model, run.FitTime, run.Rules), match);
    }

    /// <summary>The rows of each cluster segment 0..<paramref name="segments"/>-1, in row order, from one pass over the assignments (outliers, -1, are left out).</summary>
    private static List<int>[] MembersBySegment(SegmentationRun run, int segments)
    {
        var members = new List<int>[segments];
        for (int c = 0; c < segments; c++)
        {
            members[c] = [];
        }

        for (int i = 0; i < run.Assignments.Count; i++)
        {
            int segment = run.SegmentIdOf(i);
            if (segment >= 0 && segment < segments)
            {
                members[segment].Add(i);
            }
        }

        return members;
    }

    /// <summary>The customer ids of <paramref name="rows"/>.</summary>
    private static HashSet<string> IdsOf(SegmentationRun run, List<int> rows)
    {
        IReadOnlyList<SegmentAssignment> assignments = run.SegmentAssignments;
        var ids = new HashSet<string>(rows.Count, StringComparer.Ordinal);
        foreach (int row in rows)
        {
            ids.Add(assignments[row].CustomerId);
        }

        return ids;
    }

    private static SegmentSnapshot ToSnapshot(SegmentationRun run, DateOnly asOf, string version, string? valueFeature)
    {
        int valueColumn = valueFeature is null ? -1 : run.RawFeatures.Schema.IndexOf(valueFeature);

        // Customers with the same cluster and rule segments share one (read-only) dimension map: a million customers
        // have a handful of combinations, and a map each cost seconds and hundreds of megabytes per snapshot. The
        // combination's key is built in a reused buffer and looked up as a span, so a string is made per combination,
        // not per customer; the scores map (the run stores none) is one shared empty map.
        var shared = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        Dictionary<string, IReadOnlyDictionary<string, string>>.AlternateLookup<ReadOnlySpan<char>> lookup = shared.GetAlternateLookup<ReadOnlySpan<char>>();
        var key = new CombinationKey();
        // A snapshot reads segments only: the daily step's view would build each customer's scores and actions.
        IReadOnlyList<SegmentAssignment> assignments = run.SegmentAssignments;
        // Into an array of the known size: a query with an index has no count, and the snapshot grew a list from it.
        var customers = new CustomerSnapshot[assignments.Count];
        ReadOnlySpan<double> cells = run.RawFeatures.Values;
        int columns = run.RawFeatures.ColumnCount;
        int ruleDimensions = run.RuleDimensions.Count;
        for (int i = 0; i < customers.Length; i++)
        {
            SegmentAssignment a = assignments[i];
            double value = valueColumn < 0 ? double.NaN : cells[(i * columns) + valueColumn];
            string cluster = a.ClusterSegment ?? a.Segment;
            IReadOnlyList<string> segments = a.RuleSegments;
            int rules = Math.Min(segments.Count, ruleDimensions);
            key.Clear();
            key.Append(cluster);
            for (int d = 0; d < rules; d++)
            {
                key.Append(segments[d]);
            }

            if (!lookup.TryGetValue(key.Text, out IReadOnlyDictionary<string, string>? dimensions))
            {
                var map = new Dictionary<string, string>(StringComparer.Ordinal) { [ClusterDimension] = cluster };
                for (int d = 0; d < rules; d++)
                {
                    map[run.RuleDimensions[d]] = segments[d];
                }

                dimensions = map;
                shared[key.Text.ToString()] = dimensions;
            }

            customers[i] = new CustomerSnapshot(a.CustomerId, a.Segment, value) { Dimensions = dimensions, Scores = NoScores };
        }

        return new SegmentSnapshot(asOf, version, customers);
    }

    /// <summary>The scores of a snapshot customer: a tracked run stores none, and one shared empty map saves one per customer.</summary>
    private static readonly IReadOnlyDictionary<string, double> NoScores = System.Collections.ObjectModel.ReadOnlyDictionary<string, double>.Empty;

    /// <summary>A segment combination as text (each segment preceded by its length, so two combinations never share a key), in a reused buffer.</summary>
    private sealed class CombinationKey
    {
        private char[] _buffer = new char[64];
        private int _length;

        public ReadOnlySpan<char> Text => _buffer.AsSpan(0, _length);

        public void Clear() => _length = 0;

        public void Append(string segment)
        {
            int needed = _length + segment.Length + 12;
            if (needed > _buffer.Length)
            {
                Array.Resize(ref _buffer, Math.Max(needed, _buffer.Length * 2));
            }

            segment.Length.TryFormat(_buffer.AsSpan(_length), out int written, default, CultureInfo.InvariantCulture);
            _length += written;
            _buffer[_length++] = ':';
            segment.CopyTo(_buffer.AsSpan(_length));
            _length += segment.Length;
        }
    }

    /// <summary>The snapshot dimension holding the cluster segment (which a rule may have overridden in <see cref="CustomerSnapshot.Segment"/>).</summary>
    public const string ClusterDimension = "cluster";

    private static string ClusterOf(CustomerSnapshot customer) => customer.Dimensions.GetValueOrDefault(ClusterDimension) ?? customer.Segment;

    /// <summary>"m3-2026-10-31": a counter that orders versions, and the date it was trained for.</summary>
    private static string NextVersion(string? previous, DateOnly asOf)
    {
        int number = 0;
        if (previous is not null && previous.StartsWith('m'))
        {
            _ = int.TryParse(previous[1..].Split('-')[0], NumberStyles.None, CultureInfo.InvariantCulture, out number);
        }

        return string.Create(CultureInfo.InvariantCulture, $"m{number + 1}-{asOf:yyyy-MM-dd}");
    }
}
