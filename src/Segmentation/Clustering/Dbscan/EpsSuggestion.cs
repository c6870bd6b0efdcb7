using Segmentation.Clustering.Dbscan;

namespace Segmentation.Clustering.Dbscan;

/// <summary>
/// The sorted k-distance curve of a data set and the eps at its knee: a starting point for
/// <see cref="DbscanOptions.Eps"/> instead of guesswork.
/// </summary>
/// <remarks>
/// <para>k is <c>MinPoints − 1</c> (at least 1): each point's distance to its k-th nearest other point, itself
/// excluded, as R's <c>dbscan::kNNdistplot(x, k = minPts - 1)</c>. With that eps, a point whose k-distance is at most
/// eps has at least MinPoints points (itself included) within eps, which is exactly the core-point test.</para>
/// <para>The knee is the point of the ascending curve farthest below the chord from its first to its last point, with
/// both axes scaled to [0, 1] (the "Kneedle" criterion for a convex increasing curve; the first such point on ties).
/// Points left of the knee sit in dense regions; the steep tail to the right is the would-be noise.</para>
/// <para>Cost: one k-nearest-neighbour query per point in a kd-tree, in parallel; memory O(n·d).</para>
/// <para>Internal (issue #22): a host calls <see cref="Clusterers.SuggestDbscanEps"/>, which returns the same values.</para>
/// </remarks>
internal sealed class EpsSuggestion
{
    private readonly double[] _distances;

    private EpsSuggestion(int k, double[] distances, int kneeIndex, double eps)
    {
        K = k;
        _distances = distances;
        KneeIndex = kneeIndex;
        Eps = eps;
    }

    /// <summary>The neighbour rank used: <c>MinPoints − 1</c>, at least 1.</summary>
    public int K { get; }

    /// <summary>Every row's distance to its k-th nearest other row, ascending (the k-distance plot).</summary>
    public IReadOnlyList<double> Distances => _distances;

    /// <summary>The index in <see cref="Distances"/> of the knee.</summary>
    public int KneeIndex { get; }

    /// <summary>The suggested eps: the k-distance at the knee (the smallest positive k-distance if that one is 0).</summary>
    public double Eps { get; }

    /// <summary>Computes the k-distance curve of <paramref name="data"/> and its knee.</summary>
    /// <param name="data">The points, in the space DBSCAN will cluster (scaled); must be finite.</param>
    /// <param name="minPoints">The MinPoints DBSCAN will use.</param>
    /// <param name="metric">The distance DBSCAN will use.</param>
    /// <param name="cancellationToken">Stops the computation.</param>
    /// <exception cref="ArgumentException">minPoints below 1, a non-finite value, no more rows than k, or every row identical.</exception>
    public static EpsSuggestion Compute(FeatureMatrix data, int minPoints, DbscanMetric metric = DbscanMetric.Euclidean, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (minPoints < 1)
        {
            throw new ArgumentException($"minPoints must be at least 1, but was {minPoints}.", nameof(minPoints));
        }

        int k = Math.Max(1, minPoints - 1);
        if (data.RowCount <= k || data.ColumnCount == 0)
        {
            throw new ArgumentException($"The k-distance curve with k = {k} needs more than {k} rows and at least one column, but the data has {data.RowCount} rows and {data.ColumnCount} columns.", nameof(data));
        }

        data.EnsureFinite("The eps suggestion");
        ReadOnlySpan<double> values = metric == DbscanMetric.Cosine ? DbscanClusterer.UnitRows(data) : data.Values;
        double[] distances = metric == DbscanMetric.Manhattan
            ? KDistances(new KdTree<Manhattan>(values, data.ColumnCount, 0), k, t => t, cancellationToken)
            : KDistances(new KdTree<SquaredEuclidean>(values, data.ColumnCount, 0), k, t => metric == DbscanMetric.Cosine ? t / 2 : Math.Sqrt(t), cancellationToken);
        Array.Sort(distances);

        int knee = Knee(distances);
        double eps = distances[knee];
        if (eps <= 0)
        {
            int firstPositive = Array.FindIndex(distances, v => v > 0);
            if (firstPositive < 0)
            {
                throw new ArgumentException("Every row is identical (all k-distances are 0), so there is no eps to suggest.", nameof(data));
            }

            eps = distances[firstPositive];
        }

        return new EpsSuggestion(k, distances, knee, eps);
    }

    /// <summary>The index of the point farthest below the chord of an ascending curve (both axes scaled to [0, 1]).</summary>
    internal static int Knee(ReadOnlySpan<double> ascending)
    {
        int n = ascending.Length;
        double low = ascending[0];
        double range = ascending[n - 1] - low;
        if (n < 3 || range <= 0)
        {
            return n - 1;
        }

        int best = 0;
        double bestGap = double.NegativeInfinity;
        for (int i = 0; i < n; i++)
        {
            double gap = ((double)i / (n - 1)) - ((ascending[i] - low) / range);
            if (gap > bestGap)
            {
                bestGap = gap;
                best = i;
            }
        }

        return best;
    }

    private static double[] KDistances<TMetric>(KdTree<TMetric> tree, int k, Func<double, double> toDistance, CancellationToken cancellationToken)
        where TMetric : struct, IDbscanMetric
    {
        int n = tree.Count;
        var result = new double[n];
        var parallel = new ParallelOptions { CancellationToken = cancellationToken };
        const int chunk = 512;
        Parallel.For(0, (n + chunk - 1) / chunk, parallel, c =>
        {
            var heap = new double[k];
            for (int p = c * chunk; p < Math.Min(n, (c + 1) * chunk); p++)
            {
                result[tree.Order[p]] = toDistance(tree.KthNearest(tree.Point(p), k, p, heap));
            }
        });
        return result;
    }
}
