using System.Globalization;
using Segmentation.Features.Preprocessing;
using Segmentation.Migration;
using Segmentation.Profiling;

namespace Segmentation.Pipeline;

/// <summary>Settings of one <see cref="TrackedSegmentation.RunAsync"/>.</summary>
public sealed class TrackedRunOptions
{
    /// <summary>Retrain even when a stored model fits today's features.</summary>
    /// <value>The default value is <see langword="false"/>: daily runs reuse the stored model, so ids cannot drift.</value>
    public bool Retrain { get; set; }

    /// <summary>The raw feature whose value is each customer's value (ARR) in snapshots and migration sums.</summary>
    /// <value>The default value is <c>arr</c>; customers get value 0 when the feature is absent.</value>
    public string ValueFeature { get; set; } = "arr";

    /// <summary>Alert rules built from this run's segments (see <see cref="DefaultAlertRules.HighValueIntoAtRisk"/>), added to the tracker's own.</summary>
    /// <value>The default value is <see langword="null"/>: only the tracker's rules.</value>
    public Func<SegmentationRun, IEnumerable<IAlertRule>>? RunAlertRules { get; set; }

    /// <summary>Start a retrain from the previous model's centres when the clusterer supports it (k-means with a fixed k).</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool WarmStart { get; set; } = true;

    /// <summary>How identities are matched on retrain.</summary>
    /// <value>The default value is a new <see cref="IdentityMatchOptions"/>.</value>
    public IdentityMatchOptions Identity { get; set; } = new();
}

/// <summary>What one tracked run did.</summary>
/// <param name="Run">The segments and assignments.</param>
/// <param name="ModelVersion">The model that assigned them.</param>
/// <param name="Trained">Whether the model was trained in this run (first run, <c>Retrain</c>, or features changed).</param>
/// <param name="Identity">How the retrained clusters matched the earlier segments, when there were earlier segments.</param>
/// <param name="Migration">The comparison with the previous snapshot and the alerts.</param>
public sealed record TrackedRunResult(SegmentationRun Run, string ModelVersion, bool Trained, IdentityMatch? Identity, MigrationReport Migration);

/// <summary>
/// The daily job: assign customers with the stored model (or train one), keep segment names across retrains,
/// store the snapshot, compare it with the previous one and deliver alerts.
/// </summary>
/// <remarks>
/// The first run trains and stores the model. Later runs reuse it unless told to retrain or unless today's features
/// differ from the model's. A retrain matches the new clusters to the segments of the latest snapshot
/// (<see cref="SegmentIdentityMatcher"/>: centroids compared in today's model space, members by overlap), so a
/// segment that is recognisably the same keeps its name; the others are born with new names.
/// </remarks>
public sealed class TrackedSegmentation
{
    private readonly SegmentationEngine _engine;
    private readonly ISnapshotStore _store;
    private readonly MigrationTracker _tracker;

    /// <summary>Creates the job.</summary>
    public TrackedSegmentation(SegmentationEngine engine, ISnapshotStore store, MigrationTracker tracker)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(tracker);
        _engine = engine;
        _store = store;
        _tracker = tracker;
    }

    /// <summary>Runs the job for the customers in <paramref name="rawFeatures"/> as of <paramref name="asOf"/>.</summary>
    /// <param name="rawFeatures">Today's customers: the clustering features in original units, with row ids.</param>
    /// <param name="asOf">The snapshot date.</param>
    /// <param name="outcome">Optional 1/0/NaN outcome per customer (for example churned).</param>
    /// <param name="options">Retraining and identity settings.</param>
    /// <param name="ruleFeatures">The features the engine's rules read, when they differ from <paramref name="rawFeatures"/>.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public async Task<TrackedRunResult> RunAsync(FeatureMatrix rawFeatures, DateOnly asOf, IReadOnlyList<double>? outcome = null, TrackedRunOptions? options = null, FeatureMatrix? ruleFeatures = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rawFeatures);
        options ??= new TrackedRunOptions();
        StoredModel? stored = await _store.GetLatestModelAsync(cancellationToken).ConfigureAwait(false);
        (SegmentationModel Model, string Version)? previous = stored is null ? null : SegmentationModelJson.Deserialize(stored.Json);
        bool sameFeatures = previous is not null && previous.Value.Model.Clusters.Centroids.Schema.Names.SequenceEqual(rawFeatures.Schema.Names);

        SegmentationRun run;
        string version;
        IdentityMatch? identity = null;
        bool trained = previous is null || options.Retrain || !sameFeatures;
        if (!trained)
        {
            run = _engine.Apply(previous!.Value.Model, rawFeatures, outcome, ruleFeatures, cancellationToken);
            version = previous.Value.Version;
        }
        else
        {
            Func<PreprocessingModel, FeatureMatrix?>? warmStart = previous is not null && sameFeatures && options.WarmStart
                ? preprocessing => MapCentroids(previous.Value.Model, preprocessing)
                : null;
            run = _engine.Run(rawFeatures, outcome, ruleFeatures, warmStart, cancellationToken);
            SegmentSnapshot? last = await _store.GetLatestBeforeAsync(asOf.AddDays(1), cancellationToken).ConfigureAwait(false);
            if (previous is not null && sameFeatures && last is not null)
            {
                (run, identity) = KeepIdentities(run, previous.Value.Model, last, options.Identity);
            }

            version = NextVersion(stored?.Version, asOf);
            await _store.SaveModelAsync(new StoredModel(version, SegmentationModelJson.Serialize(run.Model, version)), cancellationToken).ConfigureAwait(false);
        }

        SegmentSnapshot snapshot = ToSnapshot(run, asOf, version, options.ValueFeature);
        IEnumerable<IAlertRule> runRules = options.RunAlertRules?.Invoke(run) ?? [];
        MigrationReport migration = await _tracker.TrackAsync(snapshot, runRules, cancellationToken).ConfigureAwait(false);
        return new TrackedRunResult(run, version, trained, identity, migration);
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
        NewCluster[] clusters = [.. Enumerable.Range(0, centroids.RowCount).Select(c => new NewCluster(
            c,
            centroids.Row(c).ToArray(),
            run.Assignments.Where(a => a.SegmentId == c).Select(a => a.CustomerId).ToHashSet(StringComparer.Ordinal)))];
        IdentityMatch match = SegmentIdentityMatcher.Match(known, clusters, options);

        // Matched clusters take the earlier name while it is still true of them (names branch: SegmentNamer.Holds);
        // born ones, and matched ones whose earlier name no longer holds, keep theirs unless it collides with a kept name.
        var names = match.NameByLabel
            .Where(m => SegmentNamer.Holds(m.Value, run.RawFeatures, [.. run.Assignments.Select((a, i) => (a.SegmentId, i)).Where(p => p.SegmentId == m.Key).Select(p => p.i)]))
            .ToDictionary(m => m.Key, m => m.Value);
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

    private static SegmentSnapshot ToSnapshot(SegmentationRun run, DateOnly asOf, string version, string valueFeature)
    {
        int valueColumn = run.RawFeatures.Schema.IndexOf(valueFeature);
        return new SegmentSnapshot(asOf, version, run.Assignments.Select((a, i) =>
        {
            double value = valueColumn < 0 ? 0 : run.RawFeatures[i, valueColumn];
            var dimensions = new Dictionary<string, string>(StringComparer.Ordinal) { [ClusterDimension] = a.ClusterSegment ?? a.Segment };
            for (int d = 0; d < a.RuleSegments.Count && d < run.RuleDimensions.Count; d++)
            {
                dimensions[run.RuleDimensions[d]] = a.RuleSegments[d];
            }

            return new CustomerSnapshot(a.CustomerId, a.Segment, double.IsNaN(value) ? 0 : value) { Dimensions = dimensions };
        }));
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
