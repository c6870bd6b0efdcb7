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
        Span<T> laneSums = stackalloc T[MaxBlock * 64];
        laneSums.Clear();
        ref T laneSumsRef = ref MemoryMarshal.GetReference(laneSums);

        // float32 tiles' lane-wise sums, kept in float64.
        Span<double> wideSums = stackalloc double[MaxBlock * 64];
        wideSums.Clear();
        ref double wideSumsRef = ref MemoryMarshal.GetReference(wideSums);
        ref T tilesRef = ref MemoryMarshal.GetReference(tiles);
        ref T centerRef = ref MemoryMarshal.GetArrayDataReference(centers.MinusTwoCenters);
        ref T normRef = ref MemoryMarshal.GetArrayDataReference(centers.Norms);
        bool weighted = !weights.IsEmpty;
        TVec zero = TOps.Broadcast(T.Zero);
        TVec one = TOps.Broadcast(T.One);
        for (int start = 0; start < count; start += w)
        {
            ref T tileRef = ref Unsafe.Add(ref tilesRef, start * d);

            // Every chain below runs over even and odd coordinates separately, so that even one candidate keeps two
            // FMA chains in flight; on a million rows the passes are then bound by the stream of tiles (about 8 ms
            // per pass on one core, for one candidate or four).
            TVec evenNorm = zero;
            TVec oddNorm = zero;
            int pairs = d & ~1;
            for (int j = 0; j < pairs; j += 2)
            {
                TVec x0 = TOps.Load(ref Unsafe.Add(ref tileRef, j * w));
                TVec x1 = TOps.Load(ref Unsafe.Add(ref tileRef, (j + 1) * w));
                evenNorm = TOps.MultiplyAdd(x0, x0, evenNorm);
                oddNorm = TOps.MultiplyAdd(x1, x1, oddNorm);
            }

            if (pairs < d)
            {
                TVec x = TOps.Load(ref Unsafe.Add(ref tileRef, pairs * w));
                evenNorm = TOps.MultiplyAdd(x, x, evenNorm);
            }

            TVec norm = TOps.Add(evenNorm, oddNorm);

            // Each even chain starts from ||c||² + ||x||² (x·1 + y is exact).
            int c = 0;
            for (; c + 4 <= k; c += 4)
            {
                ref T c0 = ref Unsafe.Add(ref centerRef, c * d);
                ref T c1 = ref Unsafe.Add(ref c0, d);
                ref T c2 = ref Unsafe.Add(ref c1, d);
                ref T c3 = ref Unsafe.Add(ref c2, d);
                TVec e0 = TOps.MultiplyAdd(norm, one, TOps.Broadcast(Unsafe.Add(ref normRef, c)));
                TVec e1 = TOps.MultiplyAdd(norm, one, TOps.Broadcast(Unsafe.Add(ref normRef, c + 1)));
                TVec e2 = TOps.MultiplyAdd(norm, one, TOps.Broadcast(Unsafe.Add(ref normRef, c + 2)));
                TVec e3 = TOps.MultiplyAdd(norm, one, TOps.Broadcast(Unsafe.Add(ref normRef, c + 3)));
                TVec o0 = zero, o1 = zero, o2 = zero, o3 = zero;
                for (int j = 0; j < pairs; j += 2)
                {
                    TVec x0 = TOps.Load(ref Unsafe.Add(ref tileRef, j * w));
                    TVec x1 = TOps.Load(ref Unsafe.Add(ref tileRef, (j + 1) * w));
                    e0 = TOps.MultiplyAdd(x0, TOps.Broadcast(Unsafe.Add(ref c0, j)), e0);
                    e1 = TOps.MultiplyAdd(x0, TOps.Broadcast(Unsafe.Add(ref c1, j)), e1);
                    e2 = TOps.MultiplyAdd(x0, TOps.Broadcast(Unsafe.Add(ref c2, j)), e2);
                    e3 = TOps.MultiplyAdd(x0, TOps.Broadcast(Unsafe.Add(ref c3, j)), e3);
                    o0 = TOps.MultiplyAdd(x1, TOps.Broadcast(Unsafe.Add(ref c0, j + 1)), o0);
                    o1 = TOps.MultiplyAdd(x1, TOps.Broadcast(Unsafe.Add(ref c1, j + 1)), o1);
                    o2 = TOps.MultiplyAdd(x1, TOps.Broadcast(Unsafe.Add(ref c2, j + 1)), o2);
                    o3 = TOps.MultiplyAdd(x1, TOps.Broadcast(Unsafe.Add(ref c3, j + 1)), o3);
                }

                if (pairs < d)
                {
                    TVec x = TOps.Load(ref Unsafe.Add(ref tileRef, pairs * w));
                    e0 = TOps.MultiplyAdd(x, TOps.Broadcast(Unsafe.Add(ref c0, pairs)), e0);
                    e1 = TOps.MultiplyAdd(x, TOps.Broadcast(Unsafe.Add(ref c1, pairs)), e1);
                    e2 = TOps.MultiplyAdd(x, TOps.Broadcast(Unsafe.Add(ref c2, pairs)), e2);
                    e3 = TOps.MultiplyAdd(x, TOps.Broadcast(Unsafe.Add(ref c3, pairs)), e3);
                }

                TOps.Store(TOps.Max(zero, TOps.Add(e0, o0)), ref Unsafe.Add(ref spillRef, c * w));
                TOps.Store(TOps.Max(zero, TOps.Add(e1, o1)), ref Unsafe.Add(ref spillRef, (c + 1) * w));
                TOps.Store(TOps.Max(zero, TOps.Add(e2, o2)), ref Unsafe.Add(ref spillRef, (c + 2) * w));
                TOps.Store(TOps.Max(zero, TOps.Add(e3, o3)), ref Unsafe.Add(ref spillRef, (c + 3) * w));
            }

            for (; c < k; c++)
            {
                ref T c0 = ref Unsafe.Add(ref centerRef, c * d);
                TVec e0 = TOps.MultiplyAdd(norm, one, TOps.Broadcast(Unsafe.Add(ref normRef, c)));
                TVec o0 = zero;
                for (int j = 0; j < pairs; j += 2)
                {
                    e0 = TOps.MultiplyAdd(TOps.Load(ref Unsafe.Add(ref tileRef, j * w)), TOps.Broadcast(Unsafe.Add(ref c0, j)), e0);
                    o0 = TOps.MultiplyAdd(TOps.Load(ref Unsafe.Add(ref tileRef, (j + 1) * w)), TOps.Broadcast(Unsafe.Add(ref c0, j + 1)), o0);
                }

                if (pairs < d)
                {
                    e0 = TOps.MultiplyAdd(TOps.Load(ref Unsafe.Add(ref tileRef, pairs * w)), TOps.Broadcast(Unsafe.Add(ref c0, pairs)), e0);
                }

                TOps.Store(TOps.Max(zero, TOps.Add(e0, o0)), ref Unsafe.Add(ref spillRef, c * w));
            }

            int lanes = Math.Min(w, count - start);
            if (typeof(T) == typeof(double) && lanes == w)
            {
                // float64 tiles line up with the float64 closest distances and weights: the whole tile at once, the
                // sums kept lane-wise and added up in lane order at the end.
                ref T closestLanes = ref Unsafe.As<double, T>(ref closest[start]);
                TVec current = TOps.Load(ref closestLanes);
                TVec weight = weighted ? TOps.Load(ref Unsafe.As<double, T>(ref MemoryMarshal.GetReference(weights.Slice(start, w)))) : one;
                if (update)
                {
                    current = TOps.Min(current, TOps.Load(ref spillRef));
                    TOps.Store(current, ref closestLanes);
                    AddLanes<T, TVec, TOps>(ref laneSumsRef, TOps.Multiply(weight, current));
                    continue;
                }

                for (int t = 0; t < k; t++)
                {
                    AddLanes<T, TVec, TOps>(ref Unsafe.Add(ref laneSumsRef, t * w), TOps.Multiply(weight, TOps.Min(current, TOps.Load(ref Unsafe.Add(ref spillRef, t * w)))));
                }

                continue;
            }

            if (typeof(T) == typeof(float) && lanes == w && w % 4 == 0 && Vector256.IsHardwareAccelerated)
            {
                // float32 tiles: four lanes at a time, widened to float64 to meet the closest distances and weights.
                ref float scores = ref Unsafe.As<T, float>(ref spillRef);
                for (int lane = 0; lane < w; lane += 4)
                {
                    ref double closestLanes = ref closest[start + lane];
                    Vector256<double> current = Vector256.LoadUnsafe(ref closestLanes);
                    Vector256<double> weight = weighted ? Vector256.Create(weights.Slice(start + lane, 4)) : Vector256<double>.One;
                    if (update)
                    {
                        current = Vector256.Min(current, Widen(ref Unsafe.Add(ref scores, lane)));
                        current.StoreUnsafe(ref closestLanes);
                        AddWideLanes(ref wideSumsRef, lane, weight * current);
                        continue;
                    }

                    for (int t = 0; t < k; t++)
                    {
                        AddWideLanes(ref Unsafe.Add(ref wideSumsRef, t * 64), lane, weight * Vector256.Min(current, Widen(ref Unsafe.Add(ref scores, (t * w) + lane))));
                    }
                }

                continue;
            }

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

        // The lane-wise sums (of whole tiles), in lane order.
        for (int t = 0; t < (update ? 1 : k); t++)
        {
            for (int lane = 0; lane < w; lane++)
            {
                sums[t] += double.CreateTruncating(laneSums[(t * w) + lane]) + wideSums[(t * 64) + lane];
            }
        }
    }

    /// <summary>Four float32 scores as float64.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Widen(ref float scores) => Vector256.WidenLower(Vector128.LoadUnsafe(ref scores).ToVector256Unsafe());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddWideLanes(ref double sums, int lane, Vector256<double> value)
        => (Vector256.LoadUnsafe(ref sums, (nuint)lane) + value).StoreUnsafe(ref sums, (nuint)lane);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddLanes<T, TVec, TOps>(ref T sum, TVec value)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : struct, IVectorOps<T, TVec>
        => TOps.Store(TOps.Add(TOps.Load(ref sum), value), ref sum);
}
