using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Segmentation.Kernels;

/// <summary>
/// The two passes of greedy k-means++ seeding, on pre-packed tiles (<see cref="DistanceKernels.PackTiles{T}"/>):
/// the potential of each candidate center, and the update of every row's distance to its closest chosen center.
/// Distances are <c>max(0, ||c||² − 2x·c + ||x||²)</c> with <c>||x||²</c> taken from the tile while it is in L1.
/// </summary>
internal static class SeedingKernels
{
    /// <summary>Candidates scored per tile at once (scikit-learn draws 2 + ln k, so 8 covers k up to ~400).</summary>
    private const int MaxBlock = 8;

    /// <summary>For each candidate t: <c>potentials[t] = Σ w · min(closest, d²(x, candidate t))</c> over the rows.</summary>
    /// <param name="tiles">The rows, packed for <paramref name="path"/>.</param>
    /// <param name="count">The number of rows.</param>
    /// <param name="d">d.</param>
    /// <param name="candidates">The candidate centers.</param>
    /// <param name="closest">Each row's squared distance to its closest chosen center.</param>
    /// <param name="weights">Row weights, or empty.</param>
    /// <param name="potentials">One output per candidate.</param>
    /// <param name="path">The register width the tiles were packed for.</param>
    public static void CandidatePotentials<T>(
        ReadOnlySpan<T> tiles, int count, int d, CenterPanel<T> candidates, ReadOnlySpan<double> closest, ReadOnlySpan<double> weights,
        Span<double> potentials, KernelPath path)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Check(tiles, count, d, candidates, closest, weights, path);
        potentials[..candidates.Count].Clear();
        Run(tiles, count, d, candidates, closest, weights, potentials, update: false, path);
    }

    /// <summary>
    /// <c>closest = min(closest, d²(x, center))</c> for every row (<c>d²</c> itself when <paramref name="first"/>);
    /// returns <c>Σ w · closest</c>.
    /// </summary>
    public static double UpdateClosest<T>(
        ReadOnlySpan<T> tiles, int count, int d, CenterPanel<T> center, Span<double> closest, ReadOnlySpan<double> weights, bool first, KernelPath path)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Check(tiles, count, d, center, closest, weights, path);
        if (center.Count != 1)
        {
            throw new ArgumentException("Exactly one center is added at a time.", nameof(center));
        }

        if (first)
        {
            closest[..count].Fill(double.PositiveInfinity);
        }

        Span<double> total = stackalloc double[1];
        total[0] = 0;
        Run(tiles, count, d, center, closest, weights, total, update: true, path);
        return total[0];
    }

    private static void Check<T>(ReadOnlySpan<T> tiles, int count, int d, CenterPanel<T> centers, ReadOnlySpan<double> closest, ReadOnlySpan<double> weights, KernelPath path)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int w = DistanceKernels.Width<T>(path);
        if (tiles.Length < (count + w - 1) / w * w * d || closest.Length < count || (!weights.IsEmpty && weights.Length < count)
            || centers.Dimension != d || centers.Count is < 1 or > MaxBlock)
        {
            throw new ArgumentException($"The spans do not match {count} rows of {d} columns, or the candidates are not 1 to {MaxBlock}.");
        }
    }

    private static void Run<T>(
        ReadOnlySpan<T> tiles, int count, int d, CenterPanel<T> centers, ReadOnlySpan<double> closest, ReadOnlySpan<double> weights,
        Span<double> sums, bool update, KernelPath path)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        // The closest distances are written only when updating; the span is read-only otherwise.
        Span<double> writable = MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(closest), closest.Length);
        switch (path)
        {
            case KernelPath.Vector512:
                Core<T, Vector512<T>, Vector512Ops<T>>(tiles, count, d, centers, writable, weights, sums, update);
                break;
            case KernelPath.Vector256:
                Core<T, Vector256<T>, Vector256Ops<T>>(tiles, count, d, centers, writable, weights, sums, update);
                break;
            case KernelPath.Vector128:
                Core<T, Vector128<T>, Vector128Ops<T>>(tiles, count, d, centers, writable, weights, sums, update);
                break;
            default:
                Core<T, T, ScalarOps<T>>(tiles, count, d, centers, writable, weights, sums, update);
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Core<T, TVec, TOps>(
        ReadOnlySpan<T> tiles, int count, int d, CenterPanel<T> centers, Span<double> closest, ReadOnlySpan<double> weights,
        Span<double> sums, bool update)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : struct, IVectorOps<T, TVec>
    {
        int w = TOps.Count;
        int k = centers.Count;
        Span<T> spill = stackalloc T[MaxBlock * 64];
        ref T spillRef = ref MemoryMarshal.GetReference(spill);
        ref T tilesRef = ref MemoryMarshal.GetReference(tiles);
        ref T centerRef = ref MemoryMarshal.GetArrayDataReference(centers.MinusTwoCenters);
        ref T normRef = ref MemoryMarshal.GetArrayDataReference(centers.Norms);
        bool weighted = !weights.IsEmpty;
        TVec zero = TOps.Broadcast(T.Zero);
        TVec one = TOps.Broadcast(T.One);
        for (int start = 0; start < count; start += w)
        {
            ref T tileRef = ref Unsafe.Add(ref tilesRef, start * d);
            TVec norm = zero;
            for (int j = 0; j < d; j++)
            {
                TVec x = TOps.Load(ref Unsafe.Add(ref tileRef, j * w));
                norm = TOps.MultiplyAdd(x, x, norm);
            }

            // Each chain starts from ||c||² + ||x||² (x·1 + y is exact); two chains at a time hide part of the FMA
            // latency, and the candidates are few.
            int c = 0;
            for (; c + 2 <= k; c += 2)
            {
                ref T c0 = ref Unsafe.Add(ref centerRef, c * d);
                ref T c1 = ref Unsafe.Add(ref c0, d);
                TVec a0 = TOps.MultiplyAdd(norm, one, TOps.Broadcast(Unsafe.Add(ref normRef, c)));
                TVec a1 = TOps.MultiplyAdd(norm, one, TOps.Broadcast(Unsafe.Add(ref normRef, c + 1)));
                for (int j = 0; j < d; j++)
                {
                    TVec x = TOps.Load(ref Unsafe.Add(ref tileRef, j * w));
                    a0 = TOps.MultiplyAdd(x, TOps.Broadcast(Unsafe.Add(ref c0, j)), a0);
                    a1 = TOps.MultiplyAdd(x, TOps.Broadcast(Unsafe.Add(ref c1, j)), a1);
                }

                TOps.Store(TOps.Max(zero, a0), ref Unsafe.Add(ref spillRef, c * w));
                TOps.Store(TOps.Max(zero, a1), ref Unsafe.Add(ref spillRef, (c + 1) * w));
            }

            for (; c < k; c++)
            {
                ref T c0 = ref Unsafe.Add(ref centerRef, c * d);
                TVec a0 = TOps.MultiplyAdd(norm, one, TOps.Broadcast(Unsafe.Add(ref normRef, c)));
                for (int j = 0; j < d; j++)
                {
                    a0 = TOps.MultiplyAdd(TOps.Load(ref Unsafe.Add(ref tileRef, j * w)), TOps.Broadcast(Unsafe.Add(ref c0, j)), a0);
                }

                TOps.Store(TOps.Max(zero, a0), ref Unsafe.Add(ref spillRef, c * w));
            }

            int lanes = Math.Min(w, count - start);
            for (int lane = 0; lane < lanes; lane++)
            {
                int i = start + lane;
                double weight = weighted ? weights[i] : 1.0;
                double current = closest[i];
                if (update)
                {
                    current = Math.Min(current, double.CreateTruncating(Unsafe.Add(ref spillRef, lane)));
                    closest[i] = current;
                    sums[0] += weight * current;
                    continue;
                }

                for (int t = 0; t < k; t++)
                {
                    sums[t] += weight * Math.Min(current, double.CreateTruncating(Unsafe.Add(ref spillRef, (t * w) + lane)));
                }
            }
        }
    }
}
