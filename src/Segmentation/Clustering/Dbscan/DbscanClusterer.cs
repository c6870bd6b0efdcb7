using System.Globalization;
using Segmentation.Clustering.Dbscan;
using Segmentation.Options;

namespace Segmentation.Clustering.Dbscan;

/// <summary>
/// Exact DBSCAN (Ester et al. 1996) with scikit-learn's definitions: parallel, deterministic, and without storing
/// neighbourhoods, so memory stays O(n·d) plus the neighbour index.
/// </summary>
/// <remarks>
/// <para>A core point has at least <see cref="DbscanOptions.MinPoints"/> points (itself included; with row weights,
/// a weight sum of at least MinPoints) at distance at most <see cref="DbscanOptions.Eps"/>. Core points within eps
/// of each other share a cluster. A non-core point within eps of a core point is a border point and joins the
/// cluster of its nearest core point (the lowest row on ties); every other point is noise (-1). Noise and the
/// clusters of core points are exactly scikit-learn's; scikit-learn gives a border point reached by two clusters
/// to whichever reaches it first, this class to the nearest.</para>
/// <para>Clusters are numbered in order of their first row. The result is the same for any
/// <see cref="DbscanOptions.MaxDegreeOfParallelism"/> and any <see cref="DbscanOptions.NeighborSearch"/>.</para>
/// <para>Thread-safe: <see cref="Fit(FeatureMatrix, CancellationToken)"/> may run concurrently; the options are copied at construction.</para>
/// </remarks>
internal sealed class DbscanClusterer : IClusterer<DbscanModel>
{
    /// <summary>The name under which the algorithm is known to the CLI and to DI.</summary>
    public const string AlgorithmName = "dbscan";

    private readonly DbscanOptions _options;

    /// <summary>Creates a clusterer with the given options.</summary>
    /// <exception cref="ArgumentException">An option is out of range (the message names it and the range).</exception>
    public DbscanClusterer(DbscanOptions options)
    {
        OptionsValidation.ThrowIfInvalid(options, nameof(options));
        _options = options.Clone();
    }

    /// <summary>Creates a clusterer with the default options and the given radius and minimum points.</summary>
    /// <exception cref="ArgumentException"><paramref name="eps"/> is not positive, or <paramref name="minPoints"/> is below 1.</exception>
    public DbscanClusterer(double eps, int minPoints)
        : this(new DbscanOptions { Eps = eps, MinPoints = minPoints })
    {
    }

    /// <inheritdoc />
    public string Name => AlgorithmName;

    /// <summary>A copy of the options this clusterer uses.</summary>
    public DbscanOptions Options => _options.Clone();

    /// <inheritdoc />
    IClusterModel IClusterer.Fit(FeatureMatrix data, CancellationToken cancellationToken) => Fit(data, cancellationToken);

    /// <summary>Fits DBSCAN with explicit sample weights (each counts toward MinPoints; they replace the data's row weights), as scikit-learn's <c>sample_weight</c>.</summary>
    /// <exception cref="ArgumentException">The weights are not one per row, or one is negative or not finite; or as <see cref="Fit(FeatureMatrix, CancellationToken)"/>.</exception>
    public DbscanModel Fit(FeatureMatrix data, ReadOnlySpan<double> sampleWeights, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (sampleWeights.Length != data.RowCount)
        {
            throw new ArgumentException($"DBSCAN got {sampleWeights.Length} sample weights for {data.RowCount} rows; give one weight per row.", nameof(sampleWeights));
        }

        for (int i = 0; i < sampleWeights.Length; i++)
        {
            if (!double.IsFinite(sampleWeights[i]) || sampleWeights[i] < 0)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Sample weight {i} is {sampleWeights[i]}; DBSCAN weights must be finite and non-negative."),
                    nameof(sampleWeights));
            }
        }

        return Fit(data.WithRowWeights(sampleWeights), cancellationToken);
    }

    /// <summary>Fits DBSCAN and returns the typed model; row weights, when the data has them, count toward MinPoints.</summary>
    /// <exception cref="ArgumentException">No rows or columns, a non-finite value, or (cosine) a row of zeros.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public DbscanModel Fit(FeatureMatrix data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.RowCount == 0 || data.ColumnCount == 0)
        {
            throw new ArgumentException($"DBSCAN needs at least one row and one column, but the data has {data.RowCount} rows and {data.ColumnCount} columns.", nameof(data));
        }

        data.EnsureFinite("DBSCAN");
        ReadOnlySpan<double> values = _options.Metric == DbscanMetric.Cosine ? UnitRows(data) : data.Values;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism, CancellationToken = cancellationToken };
        DbscanNeighborSearch search = ChooseSearch(_options.NeighborSearch, data.ColumnCount);
        NeighborIndex index = _options.Metric == DbscanMetric.Manhattan
            ? BuildIndex<Manhattan>(values, data.ColumnCount, search)
            : BuildIndex<SquaredEuclidean>(values, data.ColumnCount, search);

        double[]? weights = null;
        if (data.RowWeights is not null)
        {
            weights = new double[data.RowCount];
            for (int p = 0; p < weights.Length; p++)
            {
                weights[p] = data.Weight(index.Order[p]);
            }
        }

        DbscanResult result = DbscanAlgorithm.Run(index, weights, _options.MinPoints, parallel);
        return new DbscanModel(data, values, result, _options, index.Kind);
    }

    /// <summary>The search <see cref="DbscanNeighborSearch.Auto"/> picks for <paramref name="dimensions"/> features.</summary>
    internal static DbscanNeighborSearch ChooseSearch(DbscanNeighborSearch requested, int dimensions) => requested switch
    {
        DbscanNeighborSearch.Auto when dimensions <= 12 => DbscanNeighborSearch.KdTree,
        DbscanNeighborSearch.Auto => DbscanNeighborSearch.BruteForce,
        _ => requested,
    };

    /// <summary>The radius in the metric's threshold space (cosine: squared distance between unit vectors, 2·eps).</summary>
    internal static double ThresholdOf(DbscanOptions options) => options.Metric switch
    {
        DbscanMetric.Manhattan => Manhattan.Threshold(options.Eps),
        DbscanMetric.Cosine => 2 * options.Eps,
        _ => SquaredEuclidean.Threshold(options.Eps),
    };

    private NeighborIndex BuildIndex<TMetric>(ReadOnlySpan<double> values, int d, DbscanNeighborSearch search)
        where TMetric : struct, IDbscanMetric
    {
        double threshold = ThresholdOf(_options);

        // The grid's cell side is the radius in real distance: cosine on unit vectors is Euclidean with radius √(2·eps).
        double cellSide = _options.Metric == DbscanMetric.Cosine ? Math.Sqrt(threshold) : _options.Eps;
        return search switch
        {
            DbscanNeighborSearch.Grid => (NeighborIndex?)GridIndex<TMetric>.TryCreate(values, d, cellSide, threshold) ?? new KdTree<TMetric>(values, d, threshold),
            DbscanNeighborSearch.BruteForce => new BruteForceIndex<TMetric>(values, d, threshold),
            _ => new KdTree<TMetric>(values, d, threshold),
        };
    }

    /// <summary>The Euclidean norm of a point.</summary>
    internal static double Norm(ReadOnlySpan<double> point)
    {
        double sum = 0;
        foreach (double v in point)
        {
            sum += v * v;
        }

        return Math.Sqrt(sum);
    }

    /// <summary>Each row divided by its Euclidean norm, for the cosine metric.</summary>
    internal static double[] UnitRows(FeatureMatrix data)
    {
        int d = data.ColumnCount;
        var unit = new double[data.RowCount * d];
        for (int i = 0; i < data.RowCount; i++)
        {
            ReadOnlySpan<double> row = data.Row(i);
            double norm = Norm(row);
            if (norm == 0)
            {
                string id = data.RowIds is null ? string.Empty : $" (id '{data.RowIds[i]}')";
                throw new ArgumentException($"Row {i}{id} is all zeros, which has no direction for the cosine metric; remove it or use Euclidean.", nameof(data));
            }

            for (int j = 0; j < d; j++)
            {
                unit[(i * d) + j] = row[j] / norm;
            }
        }

        return unit;
    }
}
