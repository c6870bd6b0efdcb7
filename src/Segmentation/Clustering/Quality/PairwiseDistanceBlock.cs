using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Segmentation.Clustering.Quality;

/// <summary>
/// Sums of Euclidean distances from a few query points to a contiguous run of points stored column-major
/// (structure of arrays), vectorised across the points with <see cref="Vector512{T}"/> or <see cref="Vector256{T}"/>.
/// </summary>
/// <remarks>
/// Kept small and self-contained so it can later delegate to the shared SIMD kernels (src/Segmentation/Kernels/).
/// Four queries are processed per pass so each loaded coordinate vector is used four times, which keeps the loop
/// bound by arithmetic instead of loads. Results depend only on the inputs (fixed summation order), never on threads.
/// </remarks>
internal static class PairwiseDistanceBlock
{
    /// <summary>The number of queries handled per call.</summary>
    public const int QueryCount = 4;

    /// <summary>
    /// For each of the four queries, adds to <paramref name="sums"/> the sum over points <c>p</c> in
    /// [<paramref name="start"/>, <paramref name="end"/>) of <c>sqrt(Σ_k (points[k * stride + p] - query[k])²)</c>.
    /// </summary>
    /// <param name="points">Column-major coordinates: coordinate <c>k</c> of point <c>p</c> at <c>k * stride + p</c>.</param>
    /// <param name="stride">The number of points per coordinate row.</param>
    /// <param name="dimensions">The number of coordinates.</param>
    /// <param name="start">The first point.</param>
    /// <param name="end">One past the last point.</param>
    /// <param name="queries">Four query points, row-major (<c>4 × dimensions</c>).</param>
    /// <param name="sums">Four running sums.</param>
    public static void AddDistanceSums(ReadOnlySpan<double> points, int stride, int dimensions, int start, int end, ReadOnlySpan<double> queries, Span<double> sums)
    {
        if (queries.Length < QueryCount * dimensions || sums.Length < QueryCount || (dimensions > 0 && points.Length < ((dimensions - 1) * stride) + end))
        {
            throw new ArgumentException("The buffers are too small for the requested block.");
        }

        int p = start;
        if (Vector512.IsHardwareAccelerated)
        {
            p = Add512(points, stride, dimensions, start, end, queries, sums);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            p = Add256(points, stride, dimensions, start, end, queries, sums);
        }

        AddScalar(points, stride, dimensions, p, end, queries, sums);
    }

    /// <summary>The scalar loop: the reference for tests and the tail of the vector paths.</summary>
    internal static void AddScalar(ReadOnlySpan<double> points, int stride, int dimensions, int start, int end, ReadOnlySpan<double> queries, Span<double> sums)
    {
        for (int q = 0; q < QueryCount; q++)
        {
            ReadOnlySpan<double> query = queries.Slice(q * dimensions, dimensions);
            double total = 0;
            for (int p = start; p < end; p++)
            {
                double squared = 0;
                for (int k = 0; k < dimensions; k++)
                {
                    double diff = points[(k * stride) + p] - query[k];
                    squared += diff * diff;
                }

                total += Math.Sqrt(squared);
            }

            sums[q] += total;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Add512(ReadOnlySpan<double> points, int stride, int dimensions, int start, int end, ReadOnlySpan<double> queries, Span<double> sums)
    {
        ref double origin = ref MemoryMarshal.GetReference(points);
        ref double q0 = ref MemoryMarshal.GetReference(queries);
        Vector512<double> total0 = Vector512<double>.Zero, total1 = total0, total2 = total0, total3 = total0;
        int p = start;
        for (; p <= end - Vector512<double>.Count; p += Vector512<double>.Count)
        {
            Vector512<double> acc0 = Vector512<double>.Zero, acc1 = acc0, acc2 = acc0, acc3 = acc0;
            for (int k = 0; k < dimensions; k++)
            {
                Vector512<double> x = Vector512.LoadUnsafe(ref origin, (nuint)((k * stride) + p));
                Vector512<double> d0 = x - Vector512.Create(Unsafe.Add(ref q0, k));
                Vector512<double> d1 = x - Vector512.Create(Unsafe.Add(ref q0, dimensions + k));
                Vector512<double> d2 = x - Vector512.Create(Unsafe.Add(ref q0, (2 * dimensions) + k));
                Vector512<double> d3 = x - Vector512.Create(Unsafe.Add(ref q0, (3 * dimensions) + k));
                acc0 = Vector512.FusedMultiplyAdd(d0, d0, acc0);
                acc1 = Vector512.FusedMultiplyAdd(d1, d1, acc1);
                acc2 = Vector512.FusedMultiplyAdd(d2, d2, acc2);
                acc3 = Vector512.FusedMultiplyAdd(d3, d3, acc3);
            }

            total0 += Vector512.Sqrt(acc0);
            total1 += Vector512.Sqrt(acc1);
            total2 += Vector512.Sqrt(acc2);
            total3 += Vector512.Sqrt(acc3);
        }

        sums[0] += Vector512.Sum(total0);
        sums[1] += Vector512.Sum(total1);
        sums[2] += Vector512.Sum(total2);
        sums[3] += Vector512.Sum(total3);
        return p;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Add256(ReadOnlySpan<double> points, int stride, int dimensions, int start, int end, ReadOnlySpan<double> queries, Span<double> sums)
    {
        ref double origin = ref MemoryMarshal.GetReference(points);
        ref double q0 = ref MemoryMarshal.GetReference(queries);
        Vector256<double> total0 = Vector256<double>.Zero, total1 = total0, total2 = total0, total3 = total0;
        int p = start;
        for (; p <= end - Vector256<double>.Count; p += Vector256<double>.Count)
        {
            Vector256<double> acc0 = Vector256<double>.Zero, acc1 = acc0, acc2 = acc0, acc3 = acc0;
            for (int k = 0; k < dimensions; k++)
            {
                Vector256<double> x = Vector256.LoadUnsafe(ref origin, (nuint)((k * stride) + p));
                Vector256<double> d0 = x - Vector256.Create(Unsafe.Add(ref q0, k));
                Vector256<double> d1 = x - Vector256.Create(Unsafe.Add(ref q0, dimensions + k));
                Vector256<double> d2 = x - Vector256.Create(Unsafe.Add(ref q0, (2 * dimensions) + k));
                Vector256<double> d3 = x - Vector256.Create(Unsafe.Add(ref q0, (3 * dimensions) + k));
                acc0 = Vector256.FusedMultiplyAdd(d0, d0, acc0);
                acc1 = Vector256.FusedMultiplyAdd(d1, d1, acc1);
                acc2 = Vector256.FusedMultiplyAdd(d2, d2, acc2);
                acc3 = Vector256.FusedMultiplyAdd(d3, d3, acc3);
            }

            total0 += Vector256.Sqrt(acc0);
            total1 += Vector256.Sqrt(acc1);
            total2 += Vector256.Sqrt(acc2);
            total3 += Vector256.Sqrt(acc3);
        }

        sums[0] += Vector256.Sum(total0);
        sums[1] += Vector256.Sum(total1);
        sums[2] += Vector256.Sum(total2);
        sums[3] += Vector256.Sum(total3);
        return p;
    }

    /// <summary>
    /// As <see cref="AddDistanceSums"/>, and also adds to <paramref name="columnSums"/>[p - start] the distances from
    /// point p to the queries whose <paramref name="queryWeights"/> is 1 (0 for padding): one pass serves both
    /// directions of a symmetric block.
    /// </summary>
    public static void AddDistanceSumsBothWays(
        ReadOnlySpan<double> points, int stride, int dimensions, int start, int end, ReadOnlySpan<double> queries, ReadOnlySpan<double> queryWeights, Span<double> sums, Span<double> columnSums)
    {
        if (queries.Length < QueryCount * dimensions || sums.Length < QueryCount || queryWeights.Length < QueryCount || columnSums.Length < end - start
            || (dimensions > 0 && points.Length < ((dimensions - 1) * stride) + end))
        {
            throw new ArgumentException("The buffers are too small for the requested block.");
        }

        int p = start;
        if (Vector512.IsHardwareAccelerated)
        {
            p = Both512(points, stride, dimensions, start, end, queries, queryWeights, sums, columnSums);
        }

        for (; p < end; p++)
        {
            for (int q = 0; q < QueryCount; q++)
            {
                double squared = 0;
                for (int k = 0; k < dimensions; k++)
                {
                    double diff = points[(k * stride) + p] - queries[(q * dimensions) + k];
                    squared += diff * diff;
                }

                double distance = Math.Sqrt(squared);
                sums[q] += distance;
                columnSums[p - start] += queryWeights[q] * distance;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Both512(
        ReadOnlySpan<double> points, int stride, int dimensions, int start, int end, ReadOnlySpan<double> queries, ReadOnlySpan<double> queryWeights, Span<double> sums, Span<double> columnSums)
    {
        ref double origin = ref MemoryMarshal.GetReference(points);
        ref double q0 = ref MemoryMarshal.GetReference(queries);
        ref double columns = ref MemoryMarshal.GetReference(columnSums);
        Vector512<double> w0 = Vector512.Create(queryWeights[0]), w1 = Vector512.Create(queryWeights[1]), w2 = Vector512.Create(queryWeights[2]), w3 = Vector512.Create(queryWeights[3]);
        Vector512<double> total0 = Vector512<double>.Zero, total1 = total0, total2 = total0, total3 = total0;
        int p = start;
        for (; p <= end - Vector512<double>.Count; p += Vector512<double>.Count)
        {
            Vector512<double> acc0 = Vector512<double>.Zero, acc1 = acc0, acc2 = acc0, acc3 = acc0;
            for (int k = 0; k < dimensions; k++)
            {
                Vector512<double> x = Vector512.LoadUnsafe(ref origin, (nuint)((k * stride) + p));
                Vector512<double> d0 = x - Vector512.Create(Unsafe.Add(ref q0, k));
                Vector512<double> d1 = x - Vector512.Create(Unsafe.Add(ref q0, dimensions + k));
                Vector512<double> d2 = x - Vector512.Create(Unsafe.Add(ref q0, (2 * dimensions) + k));
                Vector512<double> d3 = x - Vector512.Create(Unsafe.Add(ref q0, (3 * dimensions) + k));
                acc0 = Vector512.FusedMultiplyAdd(d0, d0, acc0);
                acc1 = Vector512.FusedMultiplyAdd(d1, d1, acc1);
                acc2 = Vector512.FusedMultiplyAdd(d2, d2, acc2);
                acc3 = Vector512.FusedMultiplyAdd(d3, d3, acc3);
            }

            Vector512<double> s0 = Vector512.Sqrt(acc0), s1 = Vector512.Sqrt(acc1), s2 = Vector512.Sqrt(acc2), s3 = Vector512.Sqrt(acc3);
            total0 += s0;
            total1 += s1;
            total2 += s2;
            total3 += s3;
            nuint offset = (nuint)(p - start);
            Vector512<double> column = Vector512.LoadUnsafe(ref columns, offset);
            column = Vector512.FusedMultiplyAdd(s0, w0, column);
            column = Vector512.FusedMultiplyAdd(s1, w1, column);
            column = Vector512.FusedMultiplyAdd(s2, w2, column);
            column = Vector512.FusedMultiplyAdd(s3, w3, column);
            column.StoreUnsafe(ref columns, offset);
        }

        sums[0] += Vector512.Sum(total0);
        sums[1] += Vector512.Sum(total1);
        sums[2] += Vector512.Sum(total2);
        sums[3] += Vector512.Sum(total3);
        return p;
    }
}
