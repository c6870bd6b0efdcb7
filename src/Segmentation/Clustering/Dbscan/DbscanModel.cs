using Segmentation.Clustering.Dbscan;

namespace Segmentation.Clustering.Dbscan;

/// <summary>A fitted DBSCAN model: labels (noise -1), core points, member-mean centroids, and assignment of new points.</summary>
/// <remarks>
/// <para>The model keeps the core points (n_core × d doubles) and a kd-tree over them: that is all
/// <see cref="Predict(ReadOnlySpan{double})"/> needs.</para>
/// <para>Immutable and thread-safe.</para>
/// </remarks>
public sealed class DbscanModel : IClusterModel
{
    private readonly int[] _labels;
    private readonly bool[] _isCore;
    private readonly int[] _coreLabels;
    private readonly INearestSearch _coreSearch;
    private readonly double _threshold;

    internal DbscanModel(FeatureMatrix data, ReadOnlySpan<double> metricValues, DbscanResult result, DbscanOptions options, DbscanNeighborSearch search)
    {
        _labels = result.Labels;
        _isCore = result.IsCore;
        ClusterCount = result.ClusterCount;
        FeatureCount = data.ColumnCount;
        Eps = options.Eps;
        MinPoints = options.MinPoints;
        Metric = options.Metric;
        AssignNoiseToNearestCluster = options.AssignNoiseToNearestCluster;
        _threshold = DbscanClusterer.ThresholdOf(options);

        int d = data.ColumnCount;
        int[] coreRows = [.. Enumerable.Range(0, _labels.Length).Where(i => _isCore[i])];
        var corePoints = new double[coreRows.Length * d];
        _coreLabels = new int[coreRows.Length];
        for (int c = 0; c < coreRows.Length; c++)
        {
            metricValues.Slice(coreRows[c] * d, d).CopyTo(corePoints.AsSpan(c * d, d));
            _coreLabels[c] = _labels[coreRows[c]];
        }

        CoreSampleIndices = coreRows;
        _coreSearch = Metric == DbscanMetric.Manhattan
            ? new KdTree<Manhattan>(corePoints, d, _threshold)
            : new KdTree<SquaredEuclidean>(corePoints, d, _threshold);
        Centroids = ClusterStatistics.Centroids(data, _labels, ClusterCount);

        int noise = _labels.Count(l => l < 0);
        FitMetrics = new Dictionary<string, double>
        {
            ["eps"] = Eps,
            ["min_points"] = MinPoints,
            ["core_points"] = coreRows.Length,
            ["border_points"] = _labels.Length - coreRows.Length - noise,
            ["noise_share"] = (double)noise / _labels.Length,
            ["neighbor_search"] = (int)search,
        };
    }

    /// <inheritdoc />
    public string Algorithm => DbscanClusterer.AlgorithmName;

    /// <inheritdoc />
    public int ClusterCount { get; }

    /// <inheritdoc />
    public int FeatureCount { get; }

    /// <inheritdoc />
    public IReadOnlyList<int> Labels => _labels;

    /// <summary>Whether each training row is a core point.</summary>
    public IReadOnlyList<bool> IsCore => _isCore;

    /// <summary>The training rows that are core points, ascending (scikit-learn's <c>core_sample_indices_</c>).</summary>
    public IReadOnlyList<int> CoreSampleIndices { get; }

    /// <summary>The (weighted) mean of each cluster's members, core and border, in model space.</summary>
    public FeatureMatrix Centroids { get; }

    /// <summary>The radius the model was fitted with.</summary>
    public double Eps { get; }

    /// <summary>The minimum (weighted) neighbourhood size of a core point.</summary>
    public int MinPoints { get; }

    /// <summary>The distance measure.</summary>
    public DbscanMetric Metric { get; }

    /// <summary>Whether <see cref="Predict(ReadOnlySpan{double})"/> gives a point no core point reaches the cluster of the nearest core point (otherwise -1).</summary>
    public bool AssignNoiseToNearestCluster { get; }

    /// <summary>
    /// <c>eps</c>, <c>min_points</c>, <c>core_points</c>, <c>border_points</c>, <c>noise_share</c> and
    /// <c>neighbor_search</c> (0 auto, 1 grid, 2 kd-tree, 3 brute force: the structure used).
    /// </summary>
    public IReadOnlyDictionary<string, double> FitMetrics { get; }

    /// <summary>
    /// The cluster of the nearest core point within <see cref="Eps"/> (the lowest training row on ties); when none is
    /// that close, -1 or, with <see cref="AssignNoiseToNearestCluster"/>, the cluster of the nearest core point.
    /// </summary>
    /// <remarks>A training core point gets its own label back; a training border point gets the label it was given.</remarks>
    /// <exception cref="ArgumentException">The point has the wrong length or a non-finite value, or (cosine) is all zeros.</exception>
    public int Predict(ReadOnlySpan<double> point) => Predict(point, AssignNoiseToNearestCluster);

    /// <summary>As <see cref="Predict(ReadOnlySpan{double})"/>, with the noise rule given per call.</summary>
    /// <param name="point">The point, in model space.</param>
    /// <param name="assignNoiseToNearestCluster">Whether a point no core point reaches gets the nearest core point's cluster instead of -1.</param>
    /// <exception cref="ArgumentException">The point has the wrong length or a non-finite value, or (cosine) is all zeros.</exception>
    public int Predict(ReadOnlySpan<double> point, bool assignNoiseToNearestCluster)
    {
        PointValidation.Check(point, FeatureCount);
        if (Metric == DbscanMetric.Cosine)
        {
            double norm = DbscanClusterer.Norm(point);
            if (norm == 0)
            {
                throw new ArgumentException("The point is all zeros, which has no direction for the cosine metric.", nameof(point));
            }

            var query = new double[point.Length];
            for (int j = 0; j < point.Length; j++)
            {
                query[j] = point[j] / norm;
            }

            point = query;
        }

        int nearest = _coreSearch.Nearest(point, _threshold, out _);
        if (nearest < 0 && assignNoiseToNearestCluster)
        {
            nearest = _coreSearch.Nearest(point, double.PositiveInfinity, out _);
        }

        return nearest < 0 ? -1 : _coreLabels[_coreSearch.Order[nearest]];
    }
}
