namespace Segmentation.Clustering.Selection;

/// <summary>
/// An <see cref="IClusterer"/> for "k = auto": chooses the number of segments with a <see cref="KSelector"/>, then
/// returns the fit for the recommended k (a <see cref="SelectedKModel"/> that carries the evidence).
/// </summary>
/// <remarks>Holds settings only; thread-safe.</remarks>
public sealed class KSelectingClusterer : IClusterer<SelectedKModel>
{
    /// <summary>The name the CLI and DI know this clusterer by.</summary>
    public const string AlgorithmName = "kmeans-auto";

    private readonly KSelector _selector;

    /// <summary>Creates a clusterer that chooses k with <paramref name="selector"/> (default: k-means over 3-8).</summary>
    public KSelectingClusterer(KSelector? selector = null) => _selector = selector ?? new KSelector();

    /// <inheritdoc />
    public string Name => AlgorithmName;

    /// <inheritdoc />
    public SelectedKModel Fit(FeatureMatrix data, CancellationToken cancellationToken = default) =>
        new(_selector.Select(data, cancellationToken));

    /// <inheritdoc />
    IClusterModel IClusterer.Fit(FeatureMatrix data, CancellationToken cancellationToken) => Fit(data, cancellationToken);
}

/// <summary>The fit for the recommended k, with the evidence table that chose it.</summary>
/// <remarks>Immutable and thread-safe; every member but <see cref="Selection"/> delegates to the chosen fit.</remarks>
public sealed class SelectedKModel : IClusterModel
{
    private readonly Dictionary<string, double> _metrics;

    internal SelectedKModel(KSelectionResult selection)
    {
        Selection = selection;
        _metrics = new Dictionary<string, double>(selection.Model.FitMetrics, StringComparer.Ordinal)
        {
            ["selected_k"] = selection.RecommendedK,
        };
    }

    /// <summary>How k was chosen.</summary>
    public KSelectionResult Selection { get; }

    /// <inheritdoc />
    public string Algorithm => Selection.Model.Algorithm;

    /// <inheritdoc />
    public int ClusterCount => Selection.Model.ClusterCount;

    /// <inheritdoc />
    public int FeatureCount => Selection.Model.FeatureCount;

    /// <inheritdoc />
    public IReadOnlyList<int> Labels => Selection.Model.Labels;

    /// <inheritdoc />
    public FeatureMatrix Centroids => Selection.Model.Centroids;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> FitMetrics => _metrics;

    /// <inheritdoc />
    public int Predict(ReadOnlySpan<double> point) => Selection.Model.Predict(point);
}
