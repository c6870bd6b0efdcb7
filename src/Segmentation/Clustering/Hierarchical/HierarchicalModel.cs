
namespace Segmentation.Clustering.Hierarchical;

/// <summary>
/// A fitted hierarchical clustering: the dendrogram, the labels and centroids of its cut, and assignment of new rows.
/// </summary>
/// <remarks>
/// <para><see cref="Predict(ReadOnlySpan{double})"/> follows the linkage: the nearest cut-cluster centroid for ward,
/// centroid and median (their clusters are defined by centres), the cluster of the nearest training row for single,
/// complete, average and weighted (their clusters are defined by members). Ties go to the lowest index.</para>
/// <para>The model keeps a reference to the (immutable) training data for member-based prediction, re-cuts and the
/// cophenetic correlation. Immutable and thread-safe.</para>
/// </remarks>
public sealed class HierarchicalModel : IClusterModel
{
    /// <summary>Above this many rows <see cref="FitMetrics"/> leaves out the O(n²·d) cophenetic correlation.</summary>
    public const int CopheneticMetricMaxRows = 5_000;

    private readonly FeatureMatrix _data;
    private readonly int[] _labels;
    private readonly Lazy<double> _cophenetic;

    private HierarchicalModel(FeatureMatrix data, Dendrogram dendrogram, HierarchicalMethod method, int[] labels, double? cutHeight, Lazy<double>? cophenetic = null)
    {
        _data = data;
        Dendrogram = dendrogram;
        Method = method;
        _labels = labels;
        ClusterCount = labels.Length == 0 ? 0 : labels.Max() + 1;
        Centroids = ClusterStatistics.Centroids(data, labels, ClusterCount);
        // Shared by every cut of the same tree: it does not depend on the cut.
        _cophenetic = cophenetic ?? new Lazy<double>(() => CopheneticStatistics.Compute(data, dendrogram, CancellationToken.None));
        var metrics = new Dictionary<string, double>
        {
            ["merges"] = dendrogram.Merges.Count,
            ["max_height"] = dendrogram.Merges.Count == 0 ? 0 : dendrogram.Merges.Max(m => m.Distance),
        };
        if (cutHeight is double height)
        {
            metrics["cut_height"] = height;
        }

        if (data.RowCount <= CopheneticMetricMaxRows && data.RowCount > 2)
        {
            metrics["cophenetic_correlation"] = _cophenetic.Value;
        }

        FitMetrics = metrics;
    }

    /// <inheritdoc />
    public string Algorithm => HierarchicalClusterer.AlgorithmName;

    /// <summary>The linkage the tree was built with.</summary>
    public Linkage Linkage => Dendrogram.Linkage;

    /// <summary>The method that built the tree (never <see cref="HierarchicalMethod.Auto"/>).</summary>
    internal HierarchicalMethod Method { get; }

    /// <summary>The full merge tree in SciPy's linkage format.</summary>
    internal Dendrogram Dendrogram { get; }

    /// <summary>
    /// For each of the n−1 merges of the full tree, the smaller id of the two clusters merged (the first column of
    /// SciPy's <c>linkage</c> matrix): 0..n−1 are rows, n+i the cluster formed by merge i. For every linkage but centroid
    /// and median the merges are sorted by height.
    /// </summary>
    public IReadOnlyList<int> MergeLeft => Dendrogram.Left;

    /// <summary>For each merge, the larger id of the two clusters merged (SciPy's second column).</summary>
    public IReadOnlyList<int> MergeRight => Dendrogram.Right;

    /// <summary>
    /// For each merge, its height (SciPy's third column): Euclidean (not squared) for every linkage, as SciPy reports it
    /// (for ward, √(2·|A||B|/(|A|+|B|))·‖centroid(A) − centroid(B)‖).
    /// </summary>
    public IReadOnlyList<double> MergeHeights => Dendrogram.Heights;

    /// <summary>For each merge, the number of rows in the cluster it forms (SciPy's fourth column).</summary>
    public IReadOnlyList<int> MergeSizes => Dendrogram.Sizes;

    /// <summary>The rows in the order a dendrogram plot draws them (depth-first from the root, <see cref="MergeLeft"/> before <see cref="MergeRight"/>).</summary>
    public int[] LeafOrder() => Dendrogram.LeafOrder();

    /// <summary>
    /// The tree as JSON for plotting: <c>{"linkage", "leaves", "merges": [[a, b, distance, size], ...], "leaf_order"}</c>,
    /// the merges in SciPy's format so that <c>scipy.cluster.hierarchy.dendrogram(np.array(merges))</c> draws it.
    /// </summary>
    public string DendrogramJson() => Dendrogram.ToJson();

    /// <summary>Writes the merges as CSV in SciPy's format, header <c>a,b,distance,size</c>, heights in round-trip precision (<c>segment cluster --merges</c>).</summary>
    public void WriteMergesCsv(TextWriter writer) => Dendrogram.WriteCsv(writer);

    /// <inheritdoc />
    public int ClusterCount { get; }

    /// <inheritdoc />
    public int FeatureCount => _data.ColumnCount;

    /// <inheritdoc />
    public IReadOnlyList<int> Labels => _labels;

    /// <summary>The (row-weighted) mean of each cut cluster's members.</summary>
    public FeatureMatrix Centroids { get; }

    /// <summary>
    /// <c>merges</c>, <c>max_height</c>, <c>cut_height</c> (for a cut by distance) and, up to
    /// <see cref="CopheneticMetricMaxRows"/> rows, <c>cophenetic_correlation</c>.
    /// </summary>
    public IReadOnlyDictionary<string, double> FitMetrics { get; }

    /// <summary>
    /// The same tree cut into at most <paramref name="k"/> clusters, as <c>fcluster(Z, k, criterion="maxclust")</c>: the
    /// lowest height at which at most k clusters remain (fewer when several merges tie there); labels are numbered as
    /// <c>fcluster</c> numbers them, minus one.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is not between 1 and the number of rows.</exception>
    public HierarchicalModel Cut(int k) => new(_data, Dendrogram, Method, Dendrogram.Cut(k), null, _cophenetic);

    /// <summary>The same tree cut at a height, as <c>fcluster(Z, t, criterion="distance")</c> minus one.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is negative or not finite.</exception>
    public HierarchicalModel CutAtDistance(double threshold) => new(_data, Dendrogram, Method, Dendrogram.CutAtDistance(threshold), threshold, _cophenetic);

    /// <summary>
    /// The Pearson correlation between the rows' Euclidean distances and their cophenetic distances (the height at
    /// which they first share a cluster), as SciPy's <c>cophenet(Z, pdist(X))</c>; 1 is a perfect fit.
    /// </summary>
    /// <remarks>O(n²·d) time and O(n) memory (no distance matrix); computed once and cached.</remarks>
    public double CopheneticCorrelation() => _cophenetic.Value;

    /// <inheritdoc />
    public int Predict(ReadOnlySpan<double> point)
    {
        PointValidation.Check(point, FeatureCount);
        bool byCentre = Linkage is Linkage.Ward or Linkage.Centroid or Linkage.Median;
        FeatureMatrix candidates = byCentre ? Centroids : _data;
        int best = 0;
        double bestDistance = double.PositiveInfinity;
        for (int i = 0; i < candidates.RowCount; i++)
        {
            double dist = ClusterStatistics.SquaredDistance(point, candidates.Row(i));
            if (dist < bestDistance)
            {
                bestDistance = dist;
                best = i;
            }
        }

        return byCentre ? best : _labels[best];
    }

    internal static HierarchicalModel Create(FeatureMatrix data, Dendrogram dendrogram, HierarchicalMethod method, int? k, double? threshold) =>
        threshold is double t
            ? new HierarchicalModel(data, dendrogram, method, dendrogram.CutAtDistance(t), t)
            : new HierarchicalModel(data, dendrogram, method, dendrogram.Cut(k ?? HierarchicalOptions.DefaultK), null);
}
