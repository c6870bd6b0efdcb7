using Segmentation.Clustering.Dbscan;
using Segmentation.Clustering.Hierarchical;
using Segmentation.Clustering.KMeans;
using Segmentation.Clustering.MiniBatchKMeans;
using Segmentation.Clustering.Selection;

namespace Segmentation.Clustering;

/// <summary>
/// The clustering algorithms, one call each: settings in (the algorithm's options class), a typed
/// <see cref="IClusterer{TModel}"/> out, so <c>Clusterers.KMeans(new() { K = 5 }).Fit(data)</c> is a
/// <see cref="KMeansModel"/>. The names are the keys of the DI registrations and the CLI's <c>--algorithm</c>.
/// </summary>
/// <remarks>
/// <para>The implementations are internal (issue #22): a host configures an algorithm with its options and reads its
/// model, and never names the estimator class. Each clusterer holds a validated copy of the options, is thread-safe,
/// and gives the same result for the same data, options and seed on any number of threads (docs/algorithms.md).</para>
/// </remarks>
public static class Clusterers
{
    /// <summary>The name of exact k-means (<see cref="KMeans"/>).</summary>
    public const string KMeansName = KMeansClusterer.AlgorithmName;

    /// <summary>The name of k-means with the number of segments chosen from the data (<see cref="KMeansAuto"/>).</summary>
    public const string KMeansAutoName = KSelectingClusterer.AlgorithmName;

    /// <summary>The name of mini-batch k-means (<see cref="MiniBatchKMeans"/>).</summary>
    public const string MiniBatchKMeansName = MiniBatchKMeansClusterer.AlgorithmName;

    /// <summary>The name of agglomerative clustering (<see cref="Hierarchical"/>).</summary>
    public const string HierarchicalName = HierarchicalClusterer.AlgorithmName;

    /// <summary>The name of DBSCAN (<see cref="Dbscan"/>).</summary>
    public const string DbscanName = DbscanClusterer.AlgorithmName;

    /// <summary>
    /// Exact k-means as scikit-learn's <c>KMeans(algorithm="lloyd")</c> (same seeding, convergence test and empty-cluster
    /// handling) on SIMD distance kernels, with sample weights, restarts and float64 or float32 distances.
    /// </summary>
    /// <exception cref="ArgumentException">An option is out of range (the message names it and the range).</exception>
    public static IClusterer<KMeansModel> KMeans(KMeansOptions options) => new KMeansClusterer(options);

    /// <summary>
    /// K-means with the number of segments chosen from the data: fits each candidate k, scores it on silhouette,
    /// Calinski-Harabasz, Davies-Bouldin, the inertia elbow and bootstrap stability, and keeps the fit for the
    /// recommended k with the evidence (<see cref="SelectedKModel.Evaluations"/>, what <c>segment select-k</c> prints).
    /// </summary>
    /// <param name="options">The range of k and how hard to test each; <see langword="null"/> for 3 to 8.</param>
    /// <exception cref="ArgumentException">An option is out of range (the message names it).</exception>
    public static IClusterer<SelectedKModel> KMeansAuto(KSelectionOptions? options = null) => new KSelectingClusterer(options);

    /// <summary>Mini-batch k-means: fits on random batches, for data too large for exact k-means' passes.</summary>
    /// <exception cref="ArgumentException">An option is out of range (the message names it and the range).</exception>
    public static IClusterer<KMeansModel> MiniBatchKMeans(MiniBatchKMeansOptions options) => new MiniBatchKMeansClusterer(options);

    /// <summary>Agglomerative clustering with SciPy's results (the dendrogram is on the model), cut at k clusters or a distance.</summary>
    /// <exception cref="ArgumentException">An option is out of range (the message names it and the range).</exception>
    public static IClusterer<HierarchicalModel> Hierarchical(HierarchicalOptions options) => new HierarchicalClusterer(options);

    /// <summary>Exact DBSCAN with scikit-learn's definitions; noise gets the label -1.</summary>
    /// <exception cref="ArgumentException">An option is out of range (the message names it and the range).</exception>
    public static IClusterer<DbscanModel> Dbscan(DbscanOptions options) => new DbscanClusterer(options);

    /// <summary>
    /// A starting point for <see cref="DbscanOptions.Eps"/> instead of guesswork: the sorted k-distance curve of
    /// <paramref name="data"/> (k = <c>MinPoints − 1</c>, at least 1: each row's distance to its k-th nearest other row,
    /// as R's <c>dbscan::kNNdistplot</c>) and the eps at its knee (docs/algorithms.md, "Choosing eps").
    /// </summary>
    /// <param name="data">The points, in the space DBSCAN will cluster (scaled); must be finite.</param>
    /// <param name="minPoints">The MinPoints DBSCAN will use.</param>
    /// <param name="metric">The distance DBSCAN will use.</param>
    /// <param name="cancellationToken">Stops the computation.</param>
    /// <returns>
    /// The suggested eps (the k-distance at the knee, or the smallest positive one if that is 0), the k used, the
    /// index of the knee in <c>KDistances</c>, and every row's k-distance, ascending (the k-distance plot).
    /// </returns>
    /// <exception cref="ArgumentException">minPoints below 1, a non-finite value, no more rows than k, or every row identical.</exception>
    public static (double Eps, int K, int KneeIndex, IReadOnlyList<double> KDistances) SuggestDbscanEps(
        FeatureMatrix data, int minPoints, DbscanMetric metric = DbscanMetric.Euclidean, CancellationToken cancellationToken = default)
    {
        EpsSuggestion suggestion = EpsSuggestion.Compute(data, minPoints, metric, cancellationToken);
        return (suggestion.Eps, suggestion.K, suggestion.KneeIndex, suggestion.Distances);
    }

    /// <summary>
    /// Compiles the code that a k-means fit of <paramref name="k"/> clusters over <paramref name="columns"/> columns
    /// runs, by fitting a small synthetic data set: a one-shot process, such as the <c>segment</c> CLI, can call it on
    /// a spare core while it reads the data, so that the real fit does not wait for the JIT compiler. Fits that follow
    /// give the same results with or without it.
    /// </summary>
    /// <param name="k">The number of clusters of the fit to come (at least 1).</param>
    /// <param name="columns">Its number of feature columns (at least 1).</param>
    /// <param name="singlePrecisionDistances">Its <see cref="KMeansOptions.SinglePrecisionDistances"/>.</param>
    /// <param name="maxDegreeOfParallelism">Its thread limit (-1 for all cores).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> or <paramref name="columns"/> is below 1.</exception>
    public static void WarmUpKMeans(int k, int columns, bool singlePrecisionDistances = false, int maxDegreeOfParallelism = -1) =>
        KMeansClusterer.WarmUp(k, columns, singlePrecisionDistances ? KMeansPrecision.Single : KMeansPrecision.Double, maxDegreeOfParallelism);
}
