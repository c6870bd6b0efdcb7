using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Segmentation.Kernels;

/// <summary>
/// One Lloyd iteration over a block of rows in a single pass: each tile of W rows is packed, scored against every
/// center, and while its rows are still in L1 they are added to their new center's float64 sums. Each row is read
/// from memory once per iteration, which is what the iteration's time is bound by.
/// </summary>
internal static class LloydStep
{
    /// <summary>
    /// Assigns every row to its nearest center and accumulates, in row order, the weighted sums, the cluster weights
    /// and the inertia <c>Σ w · max(0, ||c||² − 2x·c + ||x||²)</c>.
    /// </summary>
    /// <param name="points">The rows, row-major.</param>
    /// <param name="d">The number of columns.</param>
    /// <param name="centers">The prepared centers.</param>
    /// <param name="squaredNorms"><c>||x||²</c> of each row, in float64.</param>
    /// <param name="weights">Row weights, or empty when every row weighs 1.</param>
    /// <param name="labels">In: the previous labels (to count changes); out: the new ones.</param>
    /// <param name="sums">k × d float64 sums to add to.</param>
    /// <param name="clusterWeights">k float64 weights to add to.</param>
    /// <param name="path">The register width.</param>
    /// <returns>The inertia of the block and the number of labels that changed.</returns>
    public static (double Inertia, long Changed) AssignAndSum<T>(
        ReadOnlySpan<T> points, int d, CenterPanel<T> centers, ReadOnlySpan<double> squaredNorms, ReadOnlySpan<double> weights,
        Span<int> labels, Span<double> sums, Span<double> clusterWeights, KernelPath path)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int count = d == 0 ? 0 : points.Length / d;
        if (labels.Length < count || squaredNorms.Length < count || (!weights.IsEmpty && weights.Length < count)
            || sums.Length < centers.Count * d || clusterWeights.Length < centers.Count || centers.Dimension != d)
        {
            throw new ArgumentException("The spans do not match the number of rows, columns or centers.");
        }

        return path switch
        {
            KernelPath.Vector512 => Core<T, Vector512<T>, Vector512Ops<T>>(points, d, count, centers, squaredNorms, weights, labels, sums, clusterWeights),
            KernelPath.Vector256 => Core<T, Vector256<T>, Vector256Ops<T>>(points, d, count, centers, squaredNorms, weights, labels, sums, clusterWeights),
            KernelPath.Vector128 => Core<T, Vector128<T>, Vector128Ops<T>>(points, d, count, centers, squaredNorms, weights, labels, sums, clusterWeights),
            _ => Core<T, T, ScalarOps<T>>(points, d, count, centers, squaredNorms, weights, labels, sums, clusterWeights),
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (double Inertia, long Changed) Core<T, TVec, TOps>(
        ReadOnlySpan<T> points, int d, int count, CenterPanel<T> centers, ReadOnlySpan<double> squaredNorms, ReadOnlySpan<double> weights,
        Span<int> labels, Span<double> sums, Span<double> clusterWeights)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : struct, IVectorOps<T, TVec>
    {
        int w = TOps.Count;
        T[]? rented = null;
        Span<T> tile = d * w <= DistanceKernels.StackTileElements
            ? stackalloc T[DistanceKernels.StackTileElements]
            : (rented = ArrayPool<T>.Shared.Rent(d * w));
        Span<T> spill = stackalloc T[2 * 64];
        ref T tileRef = ref MemoryMarshal.GetReference(tile);
        ref T spillRef = ref MemoryMarshal.GetReference(spill);
        bool weighted = !weights.IsEmpty;
        double inertia = 0;
        long changed = 0;
        for (int start = 0; start < count; start += w)
        {
            int lanes = Math.Min(w, count - start);
            DistanceKernels.PrefetchTile(points, d, start + (DistanceKernels.PrefetchDistance * w), w);
            DistanceKernels.Pack(points, d, [], start, lanes, w, tile);
            DistanceKernels.ScoreTile<T, TVec, TOps>(ref tileRef, d, centers, trackSecond: false, out TVec best, out TVec bestIndex, out _);
            TOps.Store(best, ref spillRef);
            TOps.Store(bestIndex, ref Unsafe.Add(ref spillRef, 64));
            for (int lane = 0; lane < lanes; lane++)
            {
                int i = start + lane;
                int label = int.CreateTruncating(Unsafe.Add(ref spillRef, 64 + lane));
                changed += label != labels[i] ? 1 : 0;
                labels[i] = label;
                double weight = weighted ? weights[i] : 1.0;

                // The same distance scikit-learn reports: the score plus ||x||², never below zero.
                inertia += weight * Math.Max(0, double.CreateTruncating(Unsafe.Add(ref spillRef, lane)) + squaredNorms[i]);
                RowOps.AddScaled(sums.Slice(label * d, d), points.Slice(i * d, d), weight);
                clusterWeights[label] += weight;
            }
        }

        if (rented is not null)
        {
            ArrayPool<T>.Shared.Return(rented);
        }

        return (inertia, changed);
    }
}
