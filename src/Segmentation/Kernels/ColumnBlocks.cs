using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Segmentation.Kernels;

/// <summary>
/// The block·block loop driver: Euclidean distances from four query points to a contiguous run of points stored
/// column-major (structure of arrays), vectorised across the points on every register width, one lane at a time for
/// the tail. Each loaded coordinate vector serves four queries (four independent FMA chains), which keeps the loop
/// bound by arithmetic rather than loads. Silhouette sums go through here.
/// </summary>
/// <remarks>
/// Results depend only on the inputs and the path (fixed summation order), never on threads. The
/// <see cref="IColumnSink"/> operator decides what a block of distances feeds: the queries' sums only, or also the
/// points' own sums (one pass over a block serves both directions of a symmetric pair).
/// </remarks>
internal static class ColumnBlocks
{
    /// <summary>The number of queries handled per call.</summary>
    public const int QueryCount = 4;

    /// <summary>
    /// For each of the four queries, adds to <paramref name="sums"/> the sum over points <c>p</c> in
    /// [<paramref name="start"/>, <paramref name="end"/>) of <c>sqrt(Σ_k (points[k · stride + p] − query[k])²)</c>.
    /// </summary>
    /// <param name="points">Column-major coordinates: coordinate <c>k</c> of point <c>p</c> at <c>k · stride + p</c>.</param>
    /// <param name="stride">The number of points per coordinate row.</param>
    /// <param name="dimensions">The number of coordinates.</param>
    /// <param name="start">The first point.</param>
    /// <param name="end">One past the last point.</param>
    /// <param name="queries">Four query points, row-major (<c>4 × dimensions</c>).</param>
    /// <param name="sums">Four running sums.</param>
    /// <param name="path">The register width.</param>
    public static void AddDistanceSums(
        ReadOnlySpan<double> points, int stride, int dimensions, int start, int end, ReadOnlySpan<double> queries, Span<double> sums, KernelPath path)
    {
        Check(points, stride, dimensions, end, queries, sums);
        Drive<QuerySumsOnly>(points, dimensions, stride, start, end, queries, default, sums, default, path);
    }

    /// <summary>
    /// As <see cref="AddDistanceSums"/>, and also adds to <paramref name="columnSums"/>[p − start] the distances from
    /// point p to the queries weighted by <paramref name="queryWeights"/> (1 for a query, 0 for padding).
    /// </summary>
    public static void AddDistanceSumsBothWays(
        ReadOnlySpan<double> points, int stride, int dimensions, int start, int end, ReadOnlySpan<double> queries, ReadOnlySpan<double> queryWeights,
        Span<double> sums, Span<double> columnSums, KernelPath path)
    {
        Check(points, stride, dimensions, end, queries, sums);
        if (queryWeights.Length < QueryCount || columnSums.Length < end - start)
        {
            throw new ArgumentException("The buffers are too small for the requested block.");
        }

        Drive<QueryAndPointSums>(points, dimensions, stride, start, end, queries, queryWeights, sums, columnSums, path);
    }

    private static void Check(ReadOnlySpan<double> points, int stride, int dimensions, int end, ReadOnlySpan<double> queries, Span<double> sums)
    {
        if (queries.Length < QueryCount * dimensions || sums.Length < QueryCount || (dimensions > 0 && points.Length < ((dimensions - 1) * stride) + end))
        {
            throw new ArgumentException("The buffers are too small for the requested block.");
        }
    }

    private static void Drive<TSink>(
        ReadOnlySpan<double> points, int d, int stride, int start, int end, ReadOnlySpan<double> queries, ReadOnlySpan<double> weights,
        Span<double> sums, Span<double> columnSums, KernelPath path)
        where TSink : struct, IColumnSink
    {
        int p = path switch
        {
            KernelPath.Vector512 => Core<TSink, Vector512<double>, Vector512Ops<double>>(points, d, stride, start, start, end, queries, weights, sums, columnSums),
            KernelPath.Vector256 => Core<TSink, Vector256<double>, Vector256Ops<double>>(points, d, stride, start, start, end, queries, weights, sums, columnSums),
            KernelPath.Vector128 => Core<TSink, Vector128<double>, Vector128Ops<double>>(points, d, stride, start, start, end, queries, weights, sums, columnSums),
            _ => start,
        };
        Core<TSink, double, ScalarOps<double>>(points, d, stride, start, p, end, queries, weights, sums, columnSums);
    }

    /// <summary>
    /// The whole registers of points from <paramref name="start"/> on; returns the first point left over. Point p's
    /// own sum is <c>columnSums[p − first]</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Core<TSink, TVec, TOps>(
        ReadOnlySpan<double> points, int d, int stride, int first, int start, int end, ReadOnlySpan<double> queries, ReadOnlySpan<double> weights,
        Span<double> sums, Span<double> columnSums)
        where TSink : struct, IColumnSink
        where TVec : struct
        where TOps : struct, IVectorOps<double, TVec>
    {
        int w = TOps.Count;
        if (end - start < w)
        {
            return start;
        }

        ref double origin = ref MemoryMarshal.GetReference(points);
        ref double q0 = ref MemoryMarshal.GetReference(queries);
        ref double q1 = ref Unsafe.Add(ref q0, d);
        ref double q2 = ref Unsafe.Add(ref q1, d);
        ref double q3 = ref Unsafe.Add(ref q2, d);
        ref double columns = ref MemoryMarshal.GetReference(columnSums);
        TVec zero = TOps.Broadcast(0);
        TVec w0 = zero, w1 = zero, w2 = zero, w3 = zero;
        if (TSink.BothWays)
        {
            w0 = TOps.Broadcast(weights[0]);
            w1 = TOps.Broadcast(weights[1]);
            w2 = TOps.Broadcast(weights[2]);
            w3 = TOps.Broadcast(weights[3]);
        }

        TVec total0 = zero, total1 = zero, total2 = zero, total3 = zero;
        int p = start;
        for (; p + w <= end; p += w)
        {
            TVec acc0 = zero, acc1 = zero, acc2 = zero, acc3 = zero;
            ref double column = ref Unsafe.Add(ref origin, p);
            for (int k = 0; k < d; k++)
            {
                TVec x = TOps.Load(ref Unsafe.Add(ref column, (nint)k * stride));
                TVec d0 = TOps.Subtract(x, TOps.Broadcast(Unsafe.Add(ref q0, k)));
                TVec d1 = TOps.Subtract(x, TOps.Broadcast(Unsafe.Add(ref q1, k)));
                TVec d2 = TOps.Subtract(x, TOps.Broadcast(Unsafe.Add(ref q2, k)));
                TVec d3 = TOps.Subtract(x, TOps.Broadcast(Unsafe.Add(ref q3, k)));
                acc0 = TOps.MultiplyAdd(d0, d0, acc0);
                acc1 = TOps.MultiplyAdd(d1, d1, acc1);
                acc2 = TOps.MultiplyAdd(d2, d2, acc2);
                acc3 = TOps.MultiplyAdd(d3, d3, acc3);
            }

            TVec s0 = TOps.Sqrt(acc0), s1 = TOps.Sqrt(acc1), s2 = TOps.Sqrt(acc2), s3 = TOps.Sqrt(acc3);
            total0 = TOps.Add(total0, s0);
            total1 = TOps.Add(total1, s1);
            total2 = TOps.Add(total2, s2);
            total3 = TOps.Add(total3, s3);
            if (TSink.BothWays)
            {
                ref double target = ref Unsafe.Add(ref columns, p - first);
                TVec sum = TOps.Load(ref target);
                sum = TOps.MultiplyAdd(s0, w0, sum);
                sum = TOps.MultiplyAdd(s1, w1, sum);
                sum = TOps.MultiplyAdd(s2, w2, sum);
                sum = TOps.MultiplyAdd(s3, w3, sum);
                TOps.Store(sum, ref target);
            }
        }

        sums[0] += TOps.Sum(total0);
        sums[1] += TOps.Sum(total1);
        sums[2] += TOps.Sum(total2);
        sums[3] += TOps.Sum(total3);
        return p;
    }
}

/// <summary>What a block of distances feeds besides the queries' sums.</summary>
internal interface IColumnSink
{
    /// <summary>Whether each point's weighted distances to the queries are added to its own sum too.</summary>
    static abstract bool BothWays { get; }
}

/// <summary>Only the queries' sums.</summary>
internal readonly struct QuerySumsOnly : IColumnSink
{
    public static bool BothWays => false;
}

/// <summary>The queries' sums and the points' sums.</summary>
internal readonly struct QueryAndPointSums : IColumnSink
{
    public static bool BothWays => true;
}
