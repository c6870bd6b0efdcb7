using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Segmentation.Kernels;

/// <summary>Which register width a kernel runs on.</summary>
internal enum KernelPath
{
    /// <summary>One lane at a time: the reference.</summary>
    Scalar,

    /// <summary>128-bit registers.</summary>
    Vector128,

    /// <summary>256-bit registers.</summary>
    Vector256,

    /// <summary>512-bit registers.</summary>
    Vector512,
}

/// <summary>
/// Squared Euclidean distances from points to centers, computed as <c>||c||² − 2x·c</c> (+<c>||x||²</c> where the
/// caller needs the distance itself), register-blocked: a tile of W points is packed transposed so that one vector
/// holds one coordinate of W points; four centers are processed at once (four independent FMA chains), and the
/// running minimum, its index and the runner-up stay in vector registers until the tile is done.
/// </summary>
/// <remarks>
/// Every path accumulates coordinates in the same order with the same fused multiply-add, so on one machine all
/// paths give the same scores. Ties go to the lowest center index, as a plain scalar loop would.
/// </remarks>
internal static class DistanceKernels
{
    /// <summary>Elements of a tile that fits on the stack (d·W up to this).</summary>
    internal const int StackTileElements = 1024;

    /// <summary>How many tiles ahead the packing loops prefetch.</summary>
    internal const int PrefetchDistance = 2;

    /// <summary>Probe switch: pack full tiles with block transposes (true) or one element at a time.</summary>
    internal static bool TransposePack { get; set; } = true;

    /// <summary>The widest path the hardware accelerates.</summary>
    public static KernelPath BestPath =>
        Vector512.IsHardwareAccelerated ? KernelPath.Vector512
        : Vector256.IsHardwareAccelerated ? KernelPath.Vector256
        : Vector128.IsHardwareAccelerated ? KernelPath.Vector128
        : KernelPath.Scalar;

    /// <summary>
    /// For each point, the nearest center (<paramref name="labels"/>), its score <c>||c||² − 2x·c</c>
    /// (<paramref name="best"/>; add <c>||x||²</c> for the squared distance) and, when <paramref name="second"/> is
    /// not empty, the runner-up's score.
    /// </summary>
    /// <param name="points">Row-major points, <paramref name="dimension"/> values each.</param>
    /// <param name="dimension">d.</param>
    /// <param name="rows">The rows of <paramref name="points"/> to process, or empty for all of them in order.</param>
    /// <param name="centers">The prepared centers (at least one).</param>
    /// <param name="labels">One output per processed point.</param>
    /// <param name="best">One output per processed point.</param>
    /// <param name="second">One output per processed point, or empty to skip the runner-up.</param>
    /// <param name="path">The register width.</param>
    public static void FindNearest<T>(
        ReadOnlySpan<T> points, int dimension, ReadOnlySpan<int> rows, CenterPanel<T> centers,
        Span<int> labels, Span<T> best, Span<T> second, KernelPath path)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int count = rows.IsEmpty ? points.Length / dimension : rows.Length;
        if (labels.Length < count || best.Length < count || (!second.IsEmpty && second.Length < count))
        {
            throw new ArgumentException("The output spans are shorter than the number of points.");
        }

        if (centers.Count == 0 || centers.Dimension != dimension)
        {
            throw new ArgumentException("The centers do not match the points.", nameof(centers));
        }

        switch (path)
        {
            case KernelPath.Vector512:
                NearestCore<T, Vector512<T>, Vector512Ops<T>>(points, dimension, rows, count, centers, labels, best, second);
                break;
            case KernelPath.Vector256:
                NearestCore<T, Vector256<T>, Vector256Ops<T>>(points, dimension, rows, count, centers, labels, best, second);
                break;
            case KernelPath.Vector128:
                NearestCore<T, Vector128<T>, Vector128Ops<T>>(points, dimension, rows, count, centers, labels, best, second);
                break;
            default:
                NearestCore<T, T, ScalarOps<T>>(points, dimension, rows, count, centers, labels, best, second);
                break;
        }
    }

    /// <summary>
    /// The nearest center of every point in each of several center sets (<paramref name="labels"/>[s · n + i] for set s
    /// and point i): each tile of points is packed once and scored against every set. The labels are those
    /// <see cref="FindNearest"/> gives per set, since a lane's score depends only on its own point; what is saved is
    /// the packing and the reading of the points, once per set.
    /// </summary>
    /// <param name="points">Row-major points, <paramref name="dimension"/> values each.</param>
    /// <param name="dimension">d.</param>
    /// <param name="panels">The prepared center sets (each at least one center of width d).</param>
    /// <param name="labels">panels × n outputs, set-major.</param>
    /// <param name="path">The register width.</param>
    public static void FindNearestEach<T>(ReadOnlySpan<T> points, int dimension, IReadOnlyList<CenterPanel<T>> panels, Span<int> labels, KernelPath path)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int count = dimension == 0 ? 0 : points.Length / dimension;
        if (labels.Length < panels.Count * count)
        {
            throw new ArgumentException("The output span is shorter than the number of points times the number of center sets.", nameof(labels));
        }

        foreach (CenterPanel<T> panel in panels)
        {
            if (panel.Count == 0 || panel.Dimension != dimension)
            {
                throw new ArgumentException("The centers do not match the points.", nameof(panels));
            }
        }

        switch (path)
        {
            case KernelPath.Vector512:
                NearestEachCore<T, Vector512<T>, Vector512Ops<T>>(points, dimension, count, panels, labels);
                break;
            case KernelPath.Vector256:
                NearestEachCore<T, Vector256<T>, Vector256Ops<T>>(points, dimension, count, panels, labels);
                break;
            case KernelPath.Vector128:
                NearestEachCore<T, Vector128<T>, Vector128Ops<T>>(points, dimension, count, panels, labels);
                break;
            default:
                NearestEachCore<T, T, ScalarOps<T>>(points, dimension, count, panels, labels);
                break;
        }
    }

    /// <summary>The number of rows in a tile on <paramref name="path"/>: the lanes of one register.</summary>
    public static int Width<T>(KernelPath path)
        where T : unmanaged
        => path switch
        {
            KernelPath.Vector512 => Vector512<T>.Count,
            KernelPath.Vector256 => Vector256<T>.Count,
            KernelPath.Vector128 => Vector128<T>.Count,
            _ => 1,
        };

    /// <summary>
    /// Packs row-major points into tiles of <see cref="Width{T}"/> rows for <paramref name="path"/>, coordinate-major
    /// within a tile (coordinate j of lane l at <c>j·W + l</c>); the lanes past the last row are zero. Packing once
    /// per fit and streaming the tiles is cheaper than transposing every tile on every iteration.
    /// </summary>
    /// <param name="points">Row-major points.</param>
    /// <param name="d">d.</param>
    /// <param name="tiles">At least ⌈n / W⌉ · W · d values.</param>
    /// <param name="path">The register width the tiles are for.</param>
    public static void PackTiles<T>(ReadOnlySpan<T> points, int d, Span<T> tiles, KernelPath path)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int w = Width<T>(path);
        int count = d == 0 ? 0 : points.Length / d;
        for (int start = 0; start < count; start += w)
        {
            Pack(points, d, [], start, Math.Min(w, count - start), w, tiles.Slice(start * d, w * d));
        }
    }

    /// <summary>
    /// The index of the first element of <paramref name="array"/> on a 64-byte boundary (give the array 64 bytes of
    /// slack), so that packed tiles starting there never have a register load straddle two cache lines. Large arrays
    /// live in the large-object heap, which the GC does not compact unless asked to, so the offset stays valid (and
    /// were the array moved, only the alignment would be lost).
    /// </summary>
    public static unsafe int AlignedStart<T>(T[] array)
        where T : unmanaged
    {
        fixed (T* data = array)
        {
            return (int)((64 - ((nint)data & 63)) & 63) / sizeof(T);
        }
    }

    /// <summary>
    /// The squared distance from every point to every center, <c>max(0, ||x||² + ||c||² − 2x·c)</c>, into
    /// <paramref name="distances"/> (n × k, row-major).
    /// </summary>
    public static void SquaredDistances<T>(ReadOnlySpan<T> points, int dimension, CenterPanel<T> centers, Span<T> distances, KernelPath path)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int count = dimension == 0 ? 0 : points.Length / dimension;
        if (distances.Length < count * centers.Count || centers.Dimension != dimension)
        {
            throw new ArgumentException("The output is too short or the centers do not match the points.", nameof(distances));
        }

        switch (path)
        {
            case KernelPath.Vector512:
                DistancesCore<T, Vector512<T>, Vector512Ops<T>>(points, dimension, count, centers, distances);
                break;
            case KernelPath.Vector256:
                DistancesCore<T, Vector256<T>, Vector256Ops<T>>(points, dimension, count, centers, distances);
                break;
            case KernelPath.Vector128:
                DistancesCore<T, Vector128<T>, Vector128Ops<T>>(points, dimension, count, centers, distances);
                break;
            default:
                DistancesCore<T, T, ScalarOps<T>>(points, dimension, count, centers, distances);
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void NearestCore<T, TVec, TOps>(
        ReadOnlySpan<T> points, int d, ReadOnlySpan<int> rows, int count, CenterPanel<T> centers,
        Span<int> labels, Span<T> bestOut, Span<T> secondOut)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : struct, IVectorOps<T, TVec>
    {
        int w = TOps.Count;
        bool trackSecond = !secondOut.IsEmpty;
        T[]? rented = null;
        Span<T> tile = d * w <= StackTileElements ? stackalloc T[StackTileElements] : (rented = ArrayPool<T>.Shared.Rent(d * w));
        Span<T> spill = stackalloc T[3 * 64];
        ref T tileRef = ref MemoryMarshal.GetReference(tile);
        for (int start = 0; start < count; start += w)
        {
            int lanes = Math.Min(w, count - start);
            if (rows.IsEmpty)
            {
                PrefetchTile(points, d, start + (PrefetchDistance * w), w);
            }

            Pack(points, d, rows, start, lanes, w, tile);
            ScoreTile<T, TVec, TOps>(ref tileRef, d, centers, trackSecond, out TVec best, out TVec bestIndex, out TVec second);
            ref T spillRef = ref MemoryMarshal.GetReference(spill);
            TOps.Store(best, ref spillRef);
            TOps.Store(bestIndex, ref Unsafe.Add(ref spillRef, 64));
            TOps.Store(second, ref Unsafe.Add(ref spillRef, 128));
            for (int lane = 0; lane < lanes; lane++)
            {
                bestOut[start + lane] = spill[lane];
                labels[start + lane] = int.CreateTruncating(spill[64 + lane]);
                if (trackSecond)
                {
                    secondOut[start + lane] = spill[128 + lane];
                }
            }
        }

        if (rented is not null)
        {
            ArrayPool<T>.Shared.Return(rented);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void NearestEachCore<T, TVec, TOps>(ReadOnlySpan<T> points, int d, int count, IReadOnlyList<CenterPanel<T>> panels, Span<int> labels)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : struct, IVectorOps<T, TVec>
    {
        int w = TOps.Count;

        // Two tiles packed side by side: panels of at most PairedCenters centers score both at once (ScoreTilePair),
        // the others one tile after the other.
        T[]? rented = null;
        Span<T> tiles = 2 * d * w <= StackTileElements ? stackalloc T[StackTileElements] : (rented = ArrayPool<T>.Shared.Rent(2 * d * w));
        Span<T> spill = stackalloc T[64];
        ref T tilesRef = ref MemoryMarshal.GetReference(tiles);
        ref T spillRef = ref MemoryMarshal.GetReference(spill);
        for (int start = 0; start < count; start += 2 * w)
        {
            int lanes = Math.Min(2 * w, count - start);
            PrefetchTile(points, d, start + (PrefetchDistance * w), 2 * w);
            Pack(points, d, [], start, Math.Min(w, lanes), w, tiles);
            Pack(points, d, [], start + w, Math.Max(0, lanes - w), w, tiles[(d * w)..]);
            for (int s = 0; s < panels.Count; s++)
            {
                Span<int> setLabels = labels.Slice((s * count) + start, lanes);
                if (panels[s].Count <= PairedCenters)
                {
                    ScoreTilePair<T, TVec, TOps>(ref tilesRef, d, panels[s], false, out _, out TVec first, out _, out _, out TVec next, out _);
                    TOps.Store(first, ref spillRef);
                    TOps.Store(next, ref Unsafe.Add(ref spillRef, w));
                }
                else
                {
                    ScoreTile<T, TVec, TOps>(ref tilesRef, d, panels[s], false, out _, out TVec first, out _);
                    TOps.Store(first, ref spillRef);
                    if (lanes > w)
                    {
                        ScoreTile<T, TVec, TOps>(ref Unsafe.Add(ref tilesRef, d * w), d, panels[s], false, out _, out TVec next, out _);
                        TOps.Store(next, ref Unsafe.Add(ref spillRef, w));
                    }
                }

                for (int lane = 0; lane < lanes; lane++)
                {
                    setLabels[lane] = int.CreateTruncating(spill[lane]);
                }
            }
        }

        if (rented is not null)
        {
            ArrayPool<T>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Scores one packed tile against every center: the best score (<paramref name="bestOut"/>), its center index
    /// (<paramref name="bestIndexOut"/>, as a float, exact below 2^24) and, when <paramref name="trackSecond"/>, the
    /// runner-up's score (<paramref name="secondOut"/>), all per lane.
    /// </summary>
    /// <remarks>
    /// At the FMA throughput on this machine on both widths (`screen-probe`, one thread, 1e6 × 16, k 16: 5.6 ms on
    /// Vector256, 3.0 ms on Vector512, the same cycle count per FMA), so an AVX2 pass costs twice an AVX-512 one. A
    /// panel with every center value pre-broadcast in memory (each FMA then takes a register-wide memory operand: 13
    /// instructions per coordinate instead of 22 on AVX2) was no faster (5.9-6.4 ms against 5.6-5.7; thirteenth
    /// session), so the instruction count does not bind; only fewer FMAs would help.
    /// </remarks>
    // Too large for the JIT to inline; AggressiveOptimization makes it fully optimised from the first call instead of
    // running instrumented tier-0 code through a whole first fit.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ScoreTile<T, TVec, TOps>(
        ref T tileRef, int d, CenterPanel<T> centers, bool trackSecond, out TVec bestOut, out TVec bestIndexOut, out TVec secondOut)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : struct, IVectorOps<T, TVec>
    {
        int w = TOps.Count;
        int k = centers.Count;
        ref T centerRef = ref MemoryMarshal.GetArrayDataReference(centers.MinusTwoCenters);
        ref T normRef = ref MemoryMarshal.GetArrayDataReference(centers.Norms);
        // Locals, not the out parameters: those live in the caller's memory, and every update would round-trip there.
        TVec best = TOps.Broadcast(T.PositiveInfinity);
        TVec second = best;
        TVec bestIndex = TOps.Broadcast(T.Zero);
        int c = 0;

        // Eight centers at a time: eight independent FMA chains keep both FMA pipes busy, and each center value is
        // used once, so the JIT folds its broadcast into the FMA (AVX-512 embedded broadcast). Five to seven centers
        // left take the same eight chains, the missing ones repeating the last center and left out of the update:
        // four chains then one to three more, each pass waiting out the FMA latency, took twice as long (k = 5, 6, 7
        // are three of the six candidates that choosing k fits). Each real chain sums exactly as before.
        for (; c + 5 <= k; c += 8)
        {
            int real = Math.Min(8, k - c);
            ref T c0 = ref Unsafe.Add(ref centerRef, c * d);
            ref T c1 = ref Unsafe.Add(ref c0, d);
            ref T c2 = ref Unsafe.Add(ref c1, d);
            ref T c3 = ref Unsafe.Add(ref c2, d);
            ref T c4 = ref Unsafe.Add(ref c3, d);
            ref T c5 = ref real > 5 ? ref Unsafe.Add(ref c4, d) : ref c4;
            ref T c6 = ref real > 6 ? ref Unsafe.Add(ref c5, d) : ref c5;
            ref T c7 = ref real > 7 ? ref Unsafe.Add(ref c6, d) : ref c6;
            TVec a0 = TOps.Broadcast(Unsafe.Add(ref normRef, c));
            TVec a1 = TOps.Broadcast(Unsafe.Add(ref normRef, c + 1));
            TVec a2 = TOps.Broadcast(Unsafe.Add(ref normRef, c + 2));
            TVec a3 = TOps.Broadcast(Unsafe.Add(ref normRef, c + 3));
            TVec a4 = TOps.Broadcast(Unsafe.Add(ref normRef, c + 4));
            TVec a5 = TOps.Broadcast(Unsafe.Add(ref normRef, c + Math.Min(5, real - 1)));
            TVec a6 = TOps.Broadcast(Unsafe.Add(ref normRef, c + Math.Min(6, real - 1)));
            TVec a7 = TOps.Broadcast(Unsafe.Add(ref normRef, c + Math.Min(7, real - 1)));
            for (int j = 0; j < d; j++)
            {
                TVec x = TOps.Load(ref Unsafe.Add(ref tileRef, j * w));
                a0 = TOps.MultiplyAdd(x, TOps.Broadcast(Unsafe.Add(ref c0, j)), a0);
                a1 = TOps.MultiplyAdd(x, TOps.Broadcast(Unsafe.Add(ref c1, j)), a1);
                a2 = TOps.MultiplyAdd(x, TOps.Broadcast(Unsafe.Add(ref c2, j)), a2);
                a3 = TOps.MultiplyAdd(x, TOps.Broadcast(Unsafe.Add(ref c3, j)), a3);
                a4 = TOps.MultiplyAdd(x, TOps.Broadcast(Unsafe.Add(ref c4, j)), a4);
                a5 = TOps.MultiplyAdd(x, TOps.Broadcast(Unsafe.Add(ref c5, j)), a5);
                a6 = TOps.MultiplyAdd(x, TOps.Broadcast(Unsafe.Add(ref c6, j)), a6);
                a7 = TOps.MultiplyAdd(x, TOps.Broadcast(Unsafe.Add(ref c7, j)), a7);
            }

            // In center order, so that ties keep the lowest index.
            Update<T, TVec, TOps>(a0, c, trackSecond, ref best, ref bestIndex, ref second);
            Update<T, TVec, TOps>(a1, c + 1, trackSecond, ref best, ref bestIndex, ref second);
            Update<T, TVec, TOps>(a2, c + 2, trackSecond, ref best, ref bestIndex, ref second);
            Update<T, TVec, TOps>(a3, c + 3, trackSecond, ref best, ref bestIndex, ref second);
            Update<T, TVec, TOps>(a4, c + 4, trackSecond, ref best, ref bestIndex, ref second);
            if (real > 5)
            {
                Update<T, TVec, TOps>(a5, c + 5, trackSecond, ref best, ref bestIndex, ref second);
            }

            if (real > 6)
            {
                Update<T, TVec, TOps>(a6, c + 6, trackSecond, ref best, ref bestIndex, ref second);
            }

            if (real > 7)
            {
                Update<T, TVec, TOps>(a7, c + 7, trackSecond, ref best, ref bestIndex, ref second);
            }

            // The loop steps by eight: a padded pass ends the centers.
            c += real - 8;
        }

        for (; c + 4 <= k; c += 4)
        {
            ref T c0 = ref Unsafe.Add(ref centerRef, c * d);
            ref T c1 = ref Unsafe.Add(ref c0, d);
            ref T c2 = ref Unsafe.Add(ref c1, d);
            ref T c3 = ref Unsafe.Add(ref c2, d);
            TVec a0 = TOps.Broadcast(Unsafe.Add(ref normRef, c));
            TVec a1 = TOps.Broadcast(Unsafe.Add(ref normRef, c + 1));
            TVec a2 = TOps.Broadcast(Unsafe.Add(ref normRef, c + 2));
            TVec a3 = TOps.Broadcast(Unsafe.Add(ref normRef, c + 3));
            for (int j = 0; j < d; j++)
            {
                TVec x = TOps.Load(ref Unsafe.Add(ref tileRef, j * w));
                a0 = TOps.MultiplyAdd(x, TOps.Broadcast(Unsafe.Add(ref c0, j)), a0);
                a1 = TOps.MultiplyAdd(x, TOps.Broadcast(Unsafe.Add(ref c1, j)), a1);
                a2 = TOps.MultiplyAdd(x, TOps.Broadcast(Unsafe.Add(ref c2, j)), a2);
                a3 = TOps.MultiplyAdd(x, TOps.Broadcast(Unsafe.Add(ref c3, j)), a3);
            }

            Update<T, TVec, TOps>(a0, c, trackSecond, ref best, ref bestIndex, ref second);
            Update<T, TVec, TOps>(a1, c + 1, trackSecond, ref best, ref bestIndex, ref second);
            Update<T, TVec, TOps>(a2, c + 2, trackSecond, ref best, ref bestIndex, ref second);
            Update<T, TVec, TOps>(a3, c + 3, trackSecond, ref best, ref bestIndex, ref second);
        }

        // Three or two centers left: independent chains, as above. One chain at a time waits out the FMA latency at
        // every coordinate, which for the small k that choosing k fits (3, 6, 7) cost a third of the tile.
        if (k - c == 3)
        {
            ref T c0 = ref Unsafe.Add(ref centerRef, c * d);
            ref T c1 = ref Unsafe.Add(ref c0, d);
            ref T c2 = ref Unsafe.Add(ref c1, d);
            TVec a0 = TOps.Broadcast(Unsafe.Add(ref normRef, c));
            TVec a1 = TOps.Broadcast(Unsafe.Add(ref normRef, c + 1));
            TVec a2 = TOps.Broadcast(Unsafe.Add(ref normRef, c + 2));
            for (int j = 0; j < d; j++)
            {
                TVec x = TOps.Load(ref Unsafe.Add(ref tileRef, j * w));
                a0 = TOps.MultiplyAdd(x, TOps.Broadcast(Unsafe.Add(ref c0, j)), a0);
                a1 = TOps.MultiplyAdd(x, TOps.Broadcast(Unsafe.Add(ref c1, j)), a1);
                a2 = TOps.MultiplyAdd(x, TOps.Broadcast(Unsafe.Add(ref c2, j)), a2);
            }

            Update<T, TVec, TOps>(a0, c, trackSecond, ref best, ref bestIndex, ref second);
            Update<T, TVec, TOps>(a1, c + 1, trackSecond, ref best, ref bestIndex, ref second);
            Update<T, TVec, TOps>(a2, c + 2, trackSecond, ref best, ref bestIndex, ref second);
            c += 3;
        }
        else if (k - c == 2)
        {
            ref T c0 = ref Unsafe.Add(ref centerRef, c * d);
            ref T c1 = ref Unsafe.Add(ref c0, d);
            TVec a0 = TOps.Broadcast(Unsafe.Add(ref normRef, c));
            TVec a1 = TOps.Broadcast(Unsafe.Add(ref normRef, c + 1));
            for (int j = 0; j < d; j++)
            {
                TVec x = TOps.Load(ref Unsafe.Add(ref tileRef, j * w));
                a0 = TOps.MultiplyAdd(x, TOps.Broadcast(Unsafe.Add(ref c0, j)), a0);
                a1 = TOps.MultiplyAdd(x, TOps.Broadcast(Unsafe.Add(ref c1, j)), a1);
            }

            Update<T, TVec, TOps>(a0, c, trackSecond, ref best, ref bestIndex, ref second);
            Update<T, TVec, TOps>(a1, c + 1, trackSecond, ref best, ref bestIndex, ref second);
            c += 2;
        }

        for (; c < k; c++)
        {
            ref T c0 = ref Unsafe.Add(ref centerRef, c * d);
            TVec a0 = TOps.Broadcast(Unsafe.Add(ref normRef, c));
            for (int j = 0; j < d; j++)
            {
                a0 = TOps.MultiplyAdd(TOps.Load(ref Unsafe.Add(ref tileRef, j * w)), TOps.Broadcast(Unsafe.Add(ref c0, j)), a0);
            }

            Update<T, TVec, TOps>(a0, c, trackSecond, ref best, ref bestIndex, ref second);
        }

        bestOut = best;
        bestIndexOut = bestIndex;
        secondOut = second;
    }

    /// <summary>The most centers <see cref="ScoreTilePair{T, TVec, TOps}"/> takes.</summary>
    internal const int PairedCenters = 4;

    /// <summary>
    /// <see cref="ScoreTile{T, TVec, TOps}"/> for two adjacent packed tiles (the second starts <c>w · d</c> values after
    /// the first) and at most <see cref="PairedCenters"/> centers: the same results per tile, bit for bit (each chain
    /// sums the same products in the same order, and the updates run in center order).
    /// </summary>
    /// <remarks>
    /// One tile against four centers or fewer keeps at most four FMA chains in flight, and each waits out the FMA
    /// latency: half the FMA throughput or less. Two tiles at once fill eight chains, each center value loaded once
    /// for both. Choosing k fits k = 3 and 4 (a third of its candidates) on every row of its sample, over and over.
    /// Fewer than four centers repeat the last one in the missing chains, left out of the update.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ScoreTilePair<T, TVec, TOps>(
        ref T tileRef, int d, CenterPanel<T> centers, bool trackSecond,
        out TVec bestFirst, out TVec bestIndexFirst, out TVec secondFirst, out TVec bestNext, out TVec bestIndexNext, out TVec secondNext)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : struct, IVectorOps<T, TVec>
    {
        int w = TOps.Count;
        int k = centers.Count;
        if (k < 1 || k > PairedCenters)
        {
            throw new ArgumentOutOfRangeException(nameof(centers), $"Two tiles are scored together against 1 to {PairedCenters} centers, not {k}.");
        }

        ref T nextRef = ref Unsafe.Add(ref tileRef, w * d);
        ref T normRef = ref MemoryMarshal.GetArrayDataReference(centers.Norms);
        ref T c0 = ref MemoryMarshal.GetArrayDataReference(centers.MinusTwoCenters);
        ref T c1 = ref k > 1 ? ref Unsafe.Add(ref c0, d) : ref c0;
        ref T c2 = ref k > 2 ? ref Unsafe.Add(ref c1, d) : ref c1;
        ref T c3 = ref k > 3 ? ref Unsafe.Add(ref c2, d) : ref c2;
        TVec a0 = TOps.Broadcast(normRef);
        TVec a1 = TOps.Broadcast(Unsafe.Add(ref normRef, Math.Min(1, k - 1)));
        TVec a2 = TOps.Broadcast(Unsafe.Add(ref normRef, Math.Min(2, k - 1)));
        TVec a3 = TOps.Broadcast(Unsafe.Add(ref normRef, Math.Min(3, k - 1)));
        TVec b0 = a0;
        TVec b1 = a1;
        TVec b2 = a2;
        TVec b3 = a3;
        for (int j = 0; j < d; j++)
        {
            TVec x = TOps.Load(ref Unsafe.Add(ref tileRef, j * w));
            TVec y = TOps.Load(ref Unsafe.Add(ref nextRef, j * w));
            TVec v0 = TOps.Broadcast(Unsafe.Add(ref c0, j));
            TVec v1 = TOps.Broadcast(Unsafe.Add(ref c1, j));
            TVec v2 = TOps.Broadcast(Unsafe.Add(ref c2, j));
            TVec v3 = TOps.Broadcast(Unsafe.Add(ref c3, j));
            a0 = TOps.MultiplyAdd(x, v0, a0);
            b0 = TOps.MultiplyAdd(y, v0, b0);
            a1 = TOps.MultiplyAdd(x, v1, a1);
            b1 = TOps.MultiplyAdd(y, v1, b1);
            a2 = TOps.MultiplyAdd(x, v2, a2);
            b2 = TOps.MultiplyAdd(y, v2, b2);
            a3 = TOps.MultiplyAdd(x, v3, a3);
            b3 = TOps.MultiplyAdd(y, v3, b3);
        }

        TVec best = TOps.Broadcast(T.PositiveInfinity);
        TVec second = best;
        TVec bestIndex = TOps.Broadcast(T.Zero);
        TVec nextBest = best;
        TVec nextSecond = best;
        TVec nextBestIndex = bestIndex;
        Update<T, TVec, TOps>(a0, 0, trackSecond, ref best, ref bestIndex, ref second);
        Update<T, TVec, TOps>(b0, 0, trackSecond, ref nextBest, ref nextBestIndex, ref nextSecond);
        if (k > 1)
        {
            Update<T, TVec, TOps>(a1, 1, trackSecond, ref best, ref bestIndex, ref second);
            Update<T, TVec, TOps>(b1, 1, trackSecond, ref nextBest, ref nextBestIndex, ref nextSecond);
        }

        if (k > 2)
        {
            Update<T, TVec, TOps>(a2, 2, trackSecond, ref best, ref bestIndex, ref second);
            Update<T, TVec, TOps>(b2, 2, trackSecond, ref nextBest, ref nextBestIndex, ref nextSecond);
        }

        if (k > 3)
        {
            Update<T, TVec, TOps>(a3, 3, trackSecond, ref best, ref bestIndex, ref second);
            Update<T, TVec, TOps>(b3, 3, trackSecond, ref nextBest, ref nextBestIndex, ref nextSecond);
        }

        bestFirst = best;
        bestIndexFirst = bestIndex;
        secondFirst = second;
        bestNext = nextBest;
        bestIndexNext = nextBestIndex;
        secondNext = nextSecond;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Update<T, TVec, TOps>(TVec score, int center, bool trackSecond, ref TVec best, ref TVec bestIndex, ref TVec second)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : struct, IVectorOps<T, TVec>
    {
        if (trackSecond)
        {
            // The runner-up is the smaller of the old runner-up and whichever of (best, score) loses.
            second = TOps.Min(second, TOps.Max(best, score));
        }

        bestIndex = TOps.SelectLess(score, best, TOps.Broadcast(T.CreateTruncating(center)), bestIndex);
        best = TOps.Min(best, score);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DistancesCore<T, TVec, TOps>(ReadOnlySpan<T> points, int d, int count, CenterPanel<T> centers, Span<T> distances)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : struct, IVectorOps<T, TVec>
    {
        int w = TOps.Count;
        int k = centers.Count;
        T[]? rented = null;
        Span<T> tile = d * w <= StackTileElements ? stackalloc T[StackTileElements] : (rented = ArrayPool<T>.Shared.Rent(d * w));
        Span<T> spill = stackalloc T[64];
        Span<T> pointNorms = stackalloc T[64];
        ref T tileRef = ref MemoryMarshal.GetReference(tile);
        ref T centerRef = ref MemoryMarshal.GetArrayDataReference(centers.MinusTwoCenters);
        for (int start = 0; start < count; start += w)
        {
            int lanes = Math.Min(w, count - start);
            PrefetchTile(points, d, start + (PrefetchDistance * w), w);
            Pack(points, d, [], start, lanes, w, tile);
            for (int lane = 0; lane < lanes; lane++)
            {
                pointNorms[lane] = SquaredNorm(points.Slice((start + lane) * d, d));
            }

            for (int c = 0; c < k; c++)
            {
                ref T c0 = ref Unsafe.Add(ref centerRef, c * d);
                TVec a0 = TOps.Broadcast(centers.Norms[c]);
                for (int j = 0; j < d; j++)
                {
                    a0 = TOps.MultiplyAdd(TOps.Load(ref Unsafe.Add(ref tileRef, j * w)), TOps.Broadcast(Unsafe.Add(ref c0, j)), a0);
                }

                TOps.Store(a0, ref MemoryMarshal.GetReference(spill));
                for (int lane = 0; lane < lanes; lane++)
                {
                    // Rounding can push a tiny distance below zero; a squared distance never is.
                    distances[((start + lane) * k) + c] = T.Max(T.Zero, spill[lane] + pointNorms[lane]);
                }
            }
        }

        if (rented is not null)
        {
            ArrayPool<T>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Asks for the tile that starts at row <paramref name="firstRow"/> to be brought into the cache: the hardware
    /// prefetcher alone leaves the next rows' load latency exposed while a tile is scored (measured ~20% of the kernel).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe void PrefetchTile<T>(ReadOnlySpan<T> points, int d, int firstRow, int w)
        where T : unmanaged
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        int from = firstRow * d;
        int to = Math.Min(points.Length, from + (w * d));
        if (to <= from)
        {
            return;
        }

        fixed (T* p = points)
        {
            for (int e = from; e < to; e += 64 / sizeof(T))
            {
                Sse.Prefetch0(p + e);
            }

            // The rows need not start on a cache line: the last one may begin past the last address above.
            Sse.Prefetch0(p + to - 1);
        }
    }

    /// <summary>Copies <paramref name="lanes"/> points into <paramref name="tile"/> transposed (coordinate j of lane l at j·w + l); unused lanes are zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Pack<T>(ReadOnlySpan<T> points, int d, ReadOnlySpan<int> rows, int start, int lanes, int w, Span<T> tile)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (lanes == w && TransposePack && TileTranspose.Supports<T>(w))
        {
            TileTranspose.Pack(points, d, rows, start, w, tile);
            return;
        }

        if (lanes < w)
        {
            tile[..(d * w)].Clear();
        }

        ref T source = ref MemoryMarshal.GetReference(points);
        ref T target = ref MemoryMarshal.GetReference(tile);
        for (int lane = 0; lane < lanes; lane++)
        {
            int row = rows.IsEmpty ? start + lane : rows[start + lane];
            ref T rowRef = ref Unsafe.Add(ref source, row * d);
            for (int j = 0; j < d; j++)
            {
                Unsafe.Add(ref target, (j * w) + lane) = Unsafe.Add(ref rowRef, j);
            }
        }
    }

    /// <summary><c>||x||²</c>, accumulated in <typeparamref name="T"/>.</summary>
    public static T SquaredNorm<T>(ReadOnlySpan<T> x)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T sum = T.Zero;
        foreach (T value in x)
        {
            sum = T.MultiplyAddEstimate(value, value, sum);
        }

        return sum;
    }
}
