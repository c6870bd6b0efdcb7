using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Segmentation.Kernels;

namespace Segmentation.Clustering.Dbscan;

/// <summary>
/// A distance in "threshold space": Euclidean works with squared distances (no square root in the inner loop),
/// Manhattan with the distance itself. Static abstract members let the JIT inline the metric into each index.
/// </summary>
internal interface IDbscanMetric
{
    /// <summary>The threshold-space value of a radius (eps² for Euclidean).</summary>
    static abstract double Threshold(double radius);

    /// <summary>The radius a threshold-space value stands for (the inverse of <see cref="Threshold"/>).</summary>
    static abstract double Radius(double threshold);

    /// <summary>The threshold-space distance between two points of length <paramref name="d"/>.</summary>
    static abstract double Distance(ref double a, ref double b, int d);

    /// <summary>The smallest threshold-space distance from a point to an axis-aligned box.</summary>
    static abstract double MinDistanceToBox(ReadOnlySpan<double> point, ReadOnlySpan<double> min, ReadOnlySpan<double> max);

    /// <summary>The largest threshold-space distance from a point to an axis-aligned box.</summary>
    static abstract double MaxDistanceToBox(ReadOnlySpan<double> point, ReadOnlySpan<double> min, ReadOnlySpan<double> max);
}

/// <summary>Squared Euclidean distance, from the shared row·row kernel (<see cref="RowPairs"/>).</summary>
internal readonly struct SquaredEuclidean : IDbscanMetric
{
    public static double Threshold(double radius) => radius * radius;

    public static double Radius(double threshold) => Math.Sqrt(threshold);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Distance(ref double a, ref double b, int d) => RowPairs.SquaredDistance(ref a, ref b, d);

    public static double MinDistanceToBox(ReadOnlySpan<double> point, ReadOnlySpan<double> min, ReadOnlySpan<double> max)
    {
        double sum = 0;
        for (int j = 0; j < point.Length; j++)
        {
            double gap = Math.Max(0, Math.Max(min[j] - point[j], point[j] - max[j]));
            sum += gap * gap;
        }

        return sum;
    }

    public static double MaxDistanceToBox(ReadOnlySpan<double> point, ReadOnlySpan<double> min, ReadOnlySpan<double> max)
    {
        double sum = 0;
        for (int j = 0; j < point.Length; j++)
        {
            double far = Math.Max(point[j] - min[j], max[j] - point[j]);
            sum += far * far;
        }

        return sum;
    }
}

/// <summary>Manhattan (L1) distance, from the shared row·row kernel (<see cref="RowPairs"/>).</summary>
internal readonly struct Manhattan : IDbscanMetric
{
    public static double Threshold(double radius) => radius;

    public static double Radius(double threshold) => threshold;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Distance(ref double a, ref double b, int d) => RowPairs.ManhattanDistance(ref a, ref b, d);

    public static double MinDistanceToBox(ReadOnlySpan<double> point, ReadOnlySpan<double> min, ReadOnlySpan<double> max)
    {
        double sum = 0;
        for (int j = 0; j < point.Length; j++)
        {
            sum += Math.Max(0, Math.Max(min[j] - point[j], point[j] - max[j]));
        }

        return sum;
    }

    public static double MaxDistanceToBox(ReadOnlySpan<double> point, ReadOnlySpan<double> min, ReadOnlySpan<double> max)
    {
        double sum = 0;
        for (int j = 0; j < point.Length; j++)
        {
            sum += Math.Max(point[j] - min[j], max[j] - point[j]);
        }

        return sum;
    }
}

/// <summary>Receives the neighbours an index finds; a struct so that the JIT specialises and inlines each use.</summary>
internal interface INeighborVisitor
{
    /// <summary>Whether the visitor takes whole position ranges known to lie inside the radius (<see cref="VisitRange"/>).</summary>
    static abstract bool AcceptsRanges { get; }

    /// <summary>Whether the visitor screens positions with <see cref="IsCandidate"/> before any distance is computed.</summary>
    static abstract bool Prefilters { get; }

    /// <summary>False when position <paramref name="position"/> cannot matter, so its distance need not be computed.</summary>
    bool IsCandidate(int position);

    /// <summary>A neighbour at position <paramref name="position"/> and threshold-space distance <paramref name="distance"/>; false stops the query.</summary>
    bool Visit(int position, double distance);

    /// <summary>Every position in [<paramref name="start"/>, <paramref name="end"/>) is a neighbour; false stops the query.</summary>
    bool VisitRange(int start, int end);
}

/// <summary>The scan every index ends in: one query point against a contiguous block of rows.</summary>
internal static class BlockScan
{
    /// <summary>Visits the rows in [<paramref name="start"/>, <paramref name="end"/>) within <paramref name="threshold"/>; false when the visitor stopped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Scan<TMetric, TVisitor>(double[] points, int d, ReadOnlySpan<double> query, int start, int end, double threshold, ref TVisitor visitor)
        where TMetric : struct, IDbscanMetric
        where TVisitor : struct, INeighborVisitor
    {
        ref double q = ref MemoryMarshal.GetReference(query);
        ref double row = ref MemoryMarshal.GetArrayDataReference(points);
        for (int p = start; p < end; p++)
        {
            if (TVisitor.Prefilters && !visitor.IsCandidate(p))
            {
                continue;
            }

            double distance = TMetric.Distance(ref q, ref Unsafe.Add(ref row, (nint)p * d), d);
            if (distance <= threshold && !visitor.Visit(p, distance))
            {
                return false;
            }
        }

        return true;
    }
}
