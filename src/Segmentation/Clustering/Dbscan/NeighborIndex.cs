namespace Segmentation.Clustering.Dbscan;

/// <summary>
/// A fixed-radius neighbour index over a copy of the points, reordered for locality: the index works in
/// "positions" (rows of <see cref="Points"/>); <see cref="Order"/> maps a position back to the caller's row.
/// </summary>
/// <remarks>Memory: the reordered copy (n·d doubles), the order (n ints) and the structure itself, which is O(n).</remarks>
internal abstract class NeighborIndex
{
    protected NeighborIndex(double[] points, int[] order, int dimensions, double threshold)
    {
        Points = points;
        Order = order;
        Dimensions = dimensions;
        Threshold = threshold;
    }

    /// <summary>The points in position order, row-major.</summary>
    public double[] Points { get; }

    /// <summary>The caller's row of each position.</summary>
    public int[] Order { get; }

    /// <summary>The number of points.</summary>
    public int Count => Order.Length;

    /// <summary>d, the number of features.</summary>
    public int Dimensions { get; }

    /// <summary>The radius in threshold space (eps² for Euclidean).</summary>
    public double Threshold { get; }

    /// <summary>Which structure this is, for the fit metrics.</summary>
    public abstract DbscanNeighborSearch Kind { get; }

    /// <summary>The point at <paramref name="position"/>.</summary>
    public ReadOnlySpan<double> Point(int position) => Points.AsSpan(position * Dimensions, Dimensions);

    /// <summary>
    /// Visits every position at or after <paramref name="minPosition"/> within <see cref="Threshold"/> of
    /// <paramref name="query"/>, in no particular order; false when the visitor stopped early.
    /// </summary>
    public abstract bool Query<TVisitor>(ReadOnlySpan<double> query, int minPosition, ref TVisitor visitor)
        where TVisitor : struct, INeighborVisitor;

    /// <summary>Copies the rows of <paramref name="source"/> into position order.</summary>
    protected static double[] Reorder(ReadOnlySpan<double> source, int[] order, int d)
    {
        var points = new double[checked(order.Length * d)];
        for (int p = 0; p < order.Length; p++)
        {
            source.Slice(order[p] * d, d).CopyTo(points.AsSpan(p * d, d));
        }

        return points;
    }
}

/// <summary>Every point against every point, in row order: no structure, best for many features.</summary>
internal sealed class BruteForceIndex<TMetric> : NeighborIndex
    where TMetric : struct, IDbscanMetric
{
    public BruteForceIndex(ReadOnlySpan<double> values, int d, double threshold)
        : base(values.ToArray(), [.. Enumerable.Range(0, values.Length / Math.Max(d, 1))], d, threshold)
    {
    }

    public override DbscanNeighborSearch Kind => DbscanNeighborSearch.BruteForce;

    public override bool Query<TVisitor>(ReadOnlySpan<double> query, int minPosition, ref TVisitor visitor)
        => BlockScan.Scan<TMetric, TVisitor>(Points, Dimensions, query, minPosition, Count, Threshold, ref visitor);
}
