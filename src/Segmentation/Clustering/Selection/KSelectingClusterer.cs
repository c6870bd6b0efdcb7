namespace Segmentation.Clustering.Selection;

/// <summary>
/// An <see cref="IClusterer"/> for "k = auto": chooses the number of segments (fits each candidate k, scores it on silhouette, Calinski-Harabasz, Davies-Bouldin,
/// the inertia elbow and bootstrap stability; see <see cref="KSelectionResult.DecisionRule"/>), then
/// returns the fit for the recommended k (a <see cref="SelectedKModel"/> that carries the evidence).
/// </summary>
/// <remarks>Holds settings only; thread-safe.</remarks>
public sealed class KSelectingClusterer : IClusterer<SelectedKModel>
{
    /// <summary>The name the CLI and DI know this clusterer by.</summary>
    public const string AlgorithmName = "kmeans-auto";

    private readonly KSelector _selector;

    /// <summary>Creates a clusterer that chooses k as <paramref name="options"/> say (default: k-means over 3-8).</summary>
    /// <exception cref="ArgumentException">An option is out of range (the message names it).</exception>
    public KSelectingClusterer(KSelectionOptions? options = null)
        : this(new KSelector(options))
    {
    }

    internal KSelectingClusterer(KSelector selector) => _selector = selector;

    /// <summary>The settings (a copy).</summary>
    public KSelectionOptions Options => _selector.Options;

    /// <summary>
    /// Evaluates every candidate k on <paramref name="data"/> (model space: imputed and scaled) and recommends one,
    /// without keeping a model: the evidence table of <c>segment select-k</c>. <see cref="Fit"/> returns the same
    /// selection with the fit for the recommended k.
    /// </summary>
    /// <exception cref="ArgumentException">The data is not finite or has too few distinct customers for <see cref="KSelectionOptions.MaxK"/>.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public KSelectionResult Select(FeatureMatrix data, CancellationToken cancellationToken = default) =>
        _selector.Select(data, cancellationToken);

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
