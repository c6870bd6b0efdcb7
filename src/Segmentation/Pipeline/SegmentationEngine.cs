using System.Diagnostics;
using Segmentation.Features;
using Segmentation.Features.Preprocessing;
using Segmentation.Profiling;

namespace Segmentation.Pipeline;

/// <summary>
/// Runs the segmentation steps in order: preprocess (impute, scale), cluster, profile and name.
/// The one place that knows the order of the steps.
/// </summary>
/// <remarks>Thread-safe: holds settings only; each <see cref="Run"/> is independent.</remarks>
public sealed class SegmentationEngine
{
    private readonly IClusterer _clusterer;
    private readonly PreprocessingOptions _preprocessing;
    private readonly SegmentProfilingOptions? _profiling;

    /// <summary>Creates an engine that clusters with <paramref name="clusterer"/>.</summary>
    /// <param name="clusterer">The clustering algorithm; a <see cref="Clustering.Selection.KSelectingClusterer"/> chooses the number of segments.</param>
    /// <param name="preprocessing">Imputation and scaling; defaults when null.</param>
    /// <param name="profiling">The value feature and the user's segment names; defaults when null.</param>
    public SegmentationEngine(IClusterer clusterer, PreprocessingOptions? preprocessing = null, SegmentProfilingOptions? profiling = null)
    {
        ArgumentNullException.ThrowIfNull(clusterer);
        _clusterer = clusterer;
        _preprocessing = preprocessing ?? new PreprocessingOptions();
        _profiling = profiling;
    }

    /// <summary>Segments customers given their raw features.</summary>
    /// <param name="rawFeatures">One row per customer, original units, NaN = missing; row ids become customer ids.</param>
    /// <param name="outcome">Optional 1/0/NaN outcome per customer (for example churned), reported per segment.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <exception cref="ArgumentException">The data cannot be segmented (too few customers for the number of segments, ...).</exception>
    public SegmentationRun Run(FeatureMatrix rawFeatures, IReadOnlyList<double>? outcome = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rawFeatures);
        var stopwatch = Stopwatch.StartNew();
        PreprocessingModel preprocessing = PreprocessingModel.Fit(rawFeatures, _preprocessing);
        FeatureMatrix modelSpace = preprocessing.Transform(rawFeatures);
        IClusterModel clusters = _clusterer.Fit(modelSpace, cancellationToken);
        TimeSpan fitTime = stopwatch.Elapsed;

        IReadOnlyList<SegmentProfile> profiles = SegmentProfiler.Profile(rawFeatures, clusters.Labels, clusters.ClusterCount, outcome, _profiling);
        var names = profiles.ToDictionary(p => p.Id, p => p.Name);
        var assignments = new SegmentAssignment[rawFeatures.RowCount];
        for (int i = 0; i < assignments.Length; i++)
        {
            string id = rawFeatures.RowIds?[i] ?? (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            int label = clusters.Labels[i];
            assignments[i] = new SegmentAssignment(id, label, names[label]);
        }

        return new SegmentationRun(rawFeatures, assignments, new SegmentationModel(preprocessing, clusters, profiles), fitTime);
    }
}

/// <summary>Runs the segmentation on a host application's own customer type, extracting features as of a date first.</summary>
/// <typeparam name="TCustomer">The host's customer type.</typeparam>
public sealed class SegmentationEngine<TCustomer>
{
    private readonly FeatureSet<TCustomer> _features;
    private readonly Func<TCustomer, string> _id;
    private readonly SegmentationEngine _engine;

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

    /// <summary>Extracts features as of <paramref name="asOf"/> and segments the customers.</summary>
    /// <param name="customers">The customers.</param>
    /// <param name="asOf">The last day whose data may be read.</param>
    /// <param name="outcome">Optional outcome per customer (true = positive, such as churned).</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public SegmentationRun Run(IEnumerable<TCustomer> customers, DateOnly asOf, Func<TCustomer, bool?>? outcome = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customers);
        TCustomer[] list = [.. customers];
        FeatureMatrix raw = _features.Extract(list, asOf, _id);
        double[]? outcomes = outcome is null ? null : [.. list.Select(c => outcome(c) is bool b ? (b ? 1.0 : 0.0) : double.NaN)];
        return _engine.Run(raw, outcomes, cancellationToken);
    }
}
