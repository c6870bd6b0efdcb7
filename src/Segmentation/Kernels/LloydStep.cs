using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Segmentation.Kernels;

/// <summary>
/// The assignment half of a Lloyd iteration over a block of rows: each pre-packed tile of W rows is scored against
/// every center, and the rows whose center changed are listed for the caller, which moves them between its sums
/// (<c>KMeansSums</c>, exact under any order). In a fit's later iterations few rows move, so the row-major rows are
/// read only for those, for the rows a float32 screen leaves to float64, and for the exact inertia of the final pass.
/// </summary>
/// <remarks>
/// Tried and not kept (thirteenth session): Hamerly's bounds per tile for the screened pass (per tile, a lower bound
/// on every row's lead in distance from the float32 scores, and the centers' summed largest drift since; a tile
/// whose bound survives the drift is skipped, provably with the same labels). On the peer fit (1e6 × 16, k 16, 20
/// iterations, AVX2) it skipped 20% of the tiles (a numpy simulation with exact distances gave the same, 25% with
/// each row's own center's drift), and the bookkeeping on the scored tiles cost more than that saved: warm fits
/// 248-294 ms CPU against 214-279 (interleaved).
/// </remarks>
internal static class LloydStep
{
    /// <summary>
    /// Assigns every row to its nearest center, lists the rows whose label changed with their previous label, and, with
    /// <paramref name="exactInertia"/>, sums the inertia <c>Σ w · ||x − c||²</c> in float64 from the rows and the
    /// float64 centers (the final pass; the caller takes the other passes' inertia from its sums).
    /// </summary>
    /// <param name="tiles">The rows packed by <see cref="DistanceKernels.PackTiles{T}"/> for <paramref name="path"/>.</param>
    /// <param name="points">The same rows, row-major.</param>
    /// <param name="d">The number of columns.</param>
    /// <param name="centers">The prepared centers.</param>
    /// <param name="exactCenters">The same centers in float64, k × d row-major.</param>
    /// <param name="weights">Row weights, or empty when every row weighs 1.</param>
    /// <param name="labels">In: the previous labels (negative for none); out: the new ones.</param>
    /// <param name="movedRows">Out: the indices (within the block) of the rows whose label changed, in row order. One entry per row: entries past the returned count may be overwritten.</param>
    /// <param name="movedFrom">Out: their previous labels (as long, and as overwritten).</param>
    /// <param name="exactInertia">Whether to sum the exact inertia (the final pass).</param>
    /// <param name="path">The register width.</param>
    /// <returns>The exact inertia of the block (NaN unless <paramref name="exactInertia"/>) and the number of rows listed as moved.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (double Inertia, int Moved) Assign<T>(
        ReadOnlySpan<T> tiles, ReadOnlySpan<T> points, int d, CenterPanel<T> centers, ReadOnlySpan<double> exactCenters, ReadOnlySpan<double> weights,
        Span<int> labels, Span<int> movedRows, Span<int> movedFrom, bool exactInertia, KernelPath path)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int count = d == 0 ? 0 : points.Length / d;
        int w = DistanceKernels.Width<T>(path);
        if (tiles.Length < (count + w - 1) / w * w * d || labels.Length < count || exactCenters.Length < centers.Count * d || (!weights.IsEmpty && weights.Length < count)
            || movedRows.Length < count || movedFrom.Length < count || centers.Dimension != d)
        {
            throw new ArgumentException("The spans do not match the number of rows, columns or centers.");
        }

        return path switch
        {
            KernelPath.Vector512 => Core<T, Vector512<T>, Vector512Ops<T>>(tiles, points, d, count, centers, exactCenters, weights, labels, movedRows, movedFrom, exactInertia),
            KernelPath.Vector256 => Core<T, Vector256<T>, Vector256Ops<T>>(tiles, points, d, count, centers, exactCenters, weights, labels, movedRows, movedFrom, exactInertia),
            KernelPath.Vector128 => Core<T, Vector128<T>, Vector128Ops<T>>(tiles, points, d, count, centers, exactCenters, weights, labels, movedRows, movedFrom, exactInertia),
            _ => Core<T, T, ScalarOps<T>>(tiles, points, d, count, centers, exactCenters, weights, labels, movedRows, movedFrom, exactInertia),
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (double Inertia, int Moved) Core<T, TVec, TOps>(
        ReadOnlySpan<T> tiles, ReadOnlySpan<T> points, int d, int count, CenterPanel<T> centers, ReadOnlySpan<double> exactCenters, ReadOnlySpan<double> weights,
        Span<int> labels, Span<int> movedRows, Span<int> movedFrom, bool exactInertia)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : struct, IVectorOps<T, TVec>
    {
        int w = TOps.Count;
        Span<int> indices = stackalloc int[64];
        ref T tilesRef = ref MemoryMarshal.GetReference(tiles);
        int moved = 0;
        int none = 0;
        int start = 0;

        // Up to four centers, whole tiles two at a time; then one at a time (the loop the other passes take).
        for (; centers.Count <= DistanceKernels.PairedCenters && count - start >= 2 * w; start += 2 * w)
        {
            DistanceKernels.PrefetchTile(tiles, d, start + (PairPrefetchTiles * w), 2 * w);
            DistanceKernels.ScoreTilePair<T, TVec, TOps>(ref Unsafe.Add(ref tilesRef, start * d), d, centers, trackSecond: false, out _, out TVec first, out _, out _, out TVec next, out _);
            TOps.StoreAsInt32(first, indices);
            ListTile(indices, start, w, w, labels, movedRows, movedFrom, default, ref moved, ref none);
            TOps.StoreAsInt32(next, indices);
            ListTile(indices, start + w, w, w, labels, movedRows, movedFrom, default, ref moved, ref none);
        }

        for (; start < count; start += w)
        {
            int lanes = Math.Min(w, count - start);
            ref T tileRef = ref Unsafe.Add(ref tilesRef, start * d);
            DistanceKernels.ScoreTile<T, TVec, TOps>(ref tileRef, d, centers, trackSecond: false, out _, out TVec bestIndex, out _);
            TOps.StoreAsInt32(bestIndex, indices);
            ListTile(indices, start, lanes, w, labels, movedRows, movedFrom, default, ref moved, ref none);
        }

        return (exactInertia ? ExactInertia(points, d, exactCenters, weights, labels[..count]) : double.NaN, moved);
    }

    /// <summary>
    /// <see cref="Assign{T}"/> for float64 rows screened in float32 (<see cref="Float32Screen"/>): the float32 kernel
    /// scores every tile with its runner-up; a row whose lead is above its tile's threshold keeps the float32 winner,
    /// which is provably the float64 kernel's, and the other rows are scored again by the float64 kernel. The labels
    /// are therefore exactly those of <see cref="Assign{T}"/> on float64 tiles, at half the bytes streamed. The
    /// inertia is computed only when <paramref name="exactInertia"/> (the caller takes the others from its sums).
    /// </summary>
    /// <param name="tiles">The block's float32 tiles.</param>
    /// <param name="thresholds">The block's per-tile leads from <see cref="Float32Screen.Thresholds"/>.</param>
    /// <param name="points">The block's float64 rows, row-major.</param>
    /// <param name="d">The number of columns.</param>
    /// <param name="screen">The centers for the float32 kernel.</param>
    /// <param name="centers">The centers for the float64 kernel.</param>
    /// <param name="exactCenters">The float64 centers, k × d row-major.</param>
    /// <param name="weights">Row weights, or empty when every row weighs 1.</param>
    /// <param name="labels">In: the previous labels (negative for none); out: the new ones.</param>
    /// <param name="movedRows">Out: the indices (within the block) of the rows whose label changed: those float32 decided, in row order, then those scored again. One entry per row: entries past the returned count may be overwritten.</param>
    /// <param name="movedFrom">Out: their previous labels (as long, and as overwritten).</param>
    /// <param name="uncertain">Scratch of one per row: the rows too close to a tie for float32.</param>
    /// <param name="fallbackLabels">Scratch of one per row.</param>
    /// <param name="fallbackScores">Scratch of one per row.</param>
    /// <param name="exactInertia">Whether the inertia must be exact (the final pass).</param>
    /// <param name="path">The register width (of both kernels).</param>
    /// <returns>The exact inertia of the block (NaN unless <paramref name="exactInertia"/>), the number of rows listed as moved, and the number scored again in float64.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (double Inertia, int Moved, int Uncertain) AssignScreened(
        ReadOnlySpan<float> tiles, ReadOnlySpan<float> thresholds, ReadOnlySpan<double> points, int d,
        CenterPanel<float> screen, CenterPanel<double> centers, ReadOnlySpan<double> exactCenters, ReadOnlySpan<double> weights,
        Span<int> labels, Span<int> movedRows, Span<int> movedFrom, Span<int> uncertain, Span<int> fallbackLabels, Span<double> fallbackScores,
        bool exactInertia, KernelPath path)
    {
        int count = d == 0 ? 0 : points.Length / d;
        int w = DistanceKernels.Width<float>(path);
        int tileCount = (count + w - 1) / w;
        if (tiles.Length < tileCount * w * d || thresholds.Length < tileCount || labels.Length < count || exactCenters.Length < centers.Count * d
            || (!weights.IsEmpty && weights.Length < count) || movedRows.Length < count || movedFrom.Length < count || uncertain.Length < count
            || fallbackLabels.Length < count || fallbackScores.Length < count || centers.Dimension != d || screen.Dimension != d || screen.Count != centers.Count)
        {
            throw new ArgumentException("The spans do not match the number of rows, columns or centers.");
        }

        (int moved, int uncertainCount) = path switch
        {
            KernelPath.Vector512 => ScreenCore<Vector512<float>, Vector512Ops<float>>(tiles, thresholds, d, count, screen, labels, movedRows, movedFrom, uncertain),
            KernelPath.Vector256 => ScreenCore<Vector256<float>, Vector256Ops<float>>(tiles, thresholds, d, count, screen, labels, movedRows, movedFrom, uncertain),
            KernelPath.Vector128 => ScreenCore<Vector128<float>, Vector128Ops<float>>(tiles, thresholds, d, count, screen, labels, movedRows, movedFrom, uncertain),
            _ => ScreenCore<float, ScalarOps<float>>(tiles, thresholds, d, count, screen, labels, movedRows, movedFrom, uncertain),
        };

        if (uncertainCount > 0)
        {
            ReadOnlySpan<int> rows = uncertain[..uncertainCount];
            DistanceKernels.FindNearest(points, d, rows, centers, fallbackLabels, fallbackScores, [], path);
            for (int u = 0; u < uncertainCount; u++)
            {
                int i = rows[u];
                if (fallbackLabels[u] != labels[i])
                {
                    movedRows[moved] = i;
                    movedFrom[moved] = labels[i];
                    moved++;
                    labels[i] = fallbackLabels[u];
                }
            }
        }

        return (exactInertia ? ExactInertia(points, d, exactCenters, weights, labels[..count]) : double.NaN, moved, uncertainCount);
    }

    /// <summary>
    /// <c>Σ w · ||x − c||²</c> over the rows and their labels, computed in float64 from each row and its float64 center,
    /// in row order. Fully optimised from the first call: it runs once per fit over every row, so tiering would leave
    /// it in unoptimised code.
    /// </summary>
    /// <param name="points">The rows, row-major.</param>
    /// <param name="d">The number of columns.</param>
    /// <param name="exactCenters">The float64 centers, k × d row-major.</param>
    /// <param name="weights">Row weights, or empty when every row weighs 1.</param>
    /// <param name="labels">One label per row.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double ExactInertia<T>(ReadOnlySpan<T> points, int d, ReadOnlySpan<double> exactCenters, ReadOnlySpan<double> weights, ReadOnlySpan<int> labels)
        where T : unmanaged
    {
        double inertia = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            double distance = RowOps.SquaredDistance(points.Slice(i * d, d), exactCenters.Slice(labels[i] * d, d));
            inertia += (weights.IsEmpty ? 1.0 : weights[i]) * distance;
        }

        return inertia;
    }

    /// <summary>The float32 half of <see cref="AssignScreened"/>: labels of the certain rows, and the list of the others.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int Moved, int Uncertain) ScreenCore<TVec, TOps>(
        ReadOnlySpan<float> tiles, ReadOnlySpan<float> thresholds, int d, int count, CenterPanel<float> screen,
        Span<int> labels, Span<int> movedRows, Span<int> movedFrom, Span<int> uncertain)
        where TVec : struct
        where TOps : struct, IVectorOps<float, TVec>
    {
        int w = TOps.Count;
        Span<int> indices = stackalloc int[64];
        ref float tilesRef = ref MemoryMarshal.GetReference(tiles);
        int moved = 0;
        int uncertainCount = 0;
        TVec notCertain = TOps.Broadcast(UncertainTag);
        int start = 0;
        int tile = 0;

        // Up to four centers, whole tiles two at a time; then one at a time (the loop the other passes take).
        for (; screen.Count <= DistanceKernels.PairedCenters && count - start >= 2 * w; start += 2 * w, tile += 2)
        {
            DistanceKernels.PrefetchTile(tiles, d, start + (PairPrefetchTiles * w), 2 * w);
            DistanceKernels.ScoreTilePair<float, TVec, TOps>(
                ref Unsafe.Add(ref tilesRef, start * d), d, screen, trackSecond: true, out TVec firstBest, out TVec firstIndex, out TVec firstSecond, out TVec nextBest, out TVec nextIndex, out TVec nextSecond);
            TOps.StoreAsInt32(Screened<TVec, TOps>(firstBest, firstIndex, firstSecond, thresholds[tile], notCertain), indices);
            ListTile(indices, start, w, w, labels, movedRows, movedFrom, uncertain, ref moved, ref uncertainCount);
            TOps.StoreAsInt32(Screened<TVec, TOps>(nextBest, nextIndex, nextSecond, thresholds[tile + 1], notCertain), indices);
            ListTile(indices, start + w, w, w, labels, movedRows, movedFrom, uncertain, ref moved, ref uncertainCount);
        }

        for (; start < count; start += w, tile++)
        {
            int lanes = Math.Min(w, count - start);
            ref float tileRef = ref Unsafe.Add(ref tilesRef, start * d);
            DistanceKernels.ScoreTile<float, TVec, TOps>(ref tileRef, d, screen, trackSecond: true, out TVec best, out TVec bestIndex, out TVec second);
            TOps.StoreAsInt32(Screened<TVec, TOps>(best, bestIndex, second, thresholds[tile], notCertain), indices);
            ListTile(indices, start, lanes, w, labels, movedRows, movedFrom, uncertain, ref moved, ref uncertainCount);
        }

        return (moved, uncertainCount);
    }

    /// <summary>
    /// How many tiles ahead a pass that scores tiles in pairs asks for the pair it will score then. Without it the pairs
    /// waited on memory: `screen-probe 1000000 25 4` on AVX2 scored pairs in 8.8 ms against 3.9 ms one tile at a time,
    /// and in 2.6 ms with the pair 8 tiles ahead requested (2.9 ms at 2 tiles, 2.6 ms at 16). One tile at a time
    /// gains nothing from it (3.9-4.1 ms against 4.1-4.5 ms asked 4-16 tiles ahead).
    /// </summary>
    private const int PairPrefetchTiles = 8;

    /// <summary>
    /// A screened tile's labels: a lead above the tile's threshold keeps the float32 winner; any other (a tie, or a NaN
    /// lead) is tagged <see cref="UncertainTag"/> for float64.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Screened<TVec, TOps>(TVec best, TVec bestIndex, TVec second, float threshold, TVec notCertain)
        where TVec : struct
        where TOps : struct, IVectorOps<float, TVec>
        => TOps.SelectLess(TOps.Broadcast(threshold), TOps.Subtract(second, best), bestIndex, notCertain);

    /// <summary>
    /// One scored tile's bookkeeping, shared by both passes: the rows whose new label (in <paramref name="indices"/>)
    /// differs from the old one are appended to the moved lists with their old label and take the new one; rows
    /// tagged <see cref="UncertainTag"/> (only the screen tags any, and passes <paramref name="uncertain"/>) keep their
    /// label and are listed for the float64 kernel. A tile whose labels all stay the same costs one vector compare.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ListTile(
        Span<int> indices, int start, int lanes, int w, Span<int> labels, Span<int> movedRows, Span<int> movedFrom, Span<int> uncertain,
        ref int moved, ref int uncertainCount)
    {
        if (w == 16 && lanes == w && Avx512F.IsSupported)
        {
            if (!uncertain.IsEmpty)
            {
                uncertainCount = ListUncertain(indices, start, uncertain, uncertainCount);
            }

            moved = ListMoves(indices, start, labels, movedRows, movedFrom, moved);
            return;
        }

        if (lanes == w && SameLabels(indices[..w], labels.Slice(start, w)))
        {
            return;
        }

        if (lanes == w && w == 8 && Avx2.IsSupported)
        {
            ListByPermute8(indices, start, labels, movedRows, movedFrom, uncertain, ref moved, ref uncertainCount);
            return;
        }

        if (lanes == w && w == 4 && Ssse3.IsSupported)
        {
            ListByShuffle4(indices, start, labels, movedRows, movedFrom, uncertain, ref moved, ref uncertainCount);
            return;
        }

        if (lanes == w && (w == 8 || w == 4) && Vector128.IsHardwareAccelerated)
        {
            ListByMask(indices, start, w, labels, movedRows, movedFrom, uncertain, ref moved, ref uncertainCount);
            return;
        }

        for (int lane = 0; lane < lanes; lane++)
        {
            int i = start + lane;
            if (indices[lane] == UncertainTag)
            {
                uncertain[uncertainCount++] = i;
            }
            else if (indices[lane] != labels[i])
            {
                movedRows[moved] = i;
                movedFrom[moved] = labels[i];
                moved++;
                labels[i] = indices[lane];
            }
        }
    }

    /// <summary>
    /// <see cref="ListTile"/> for a whole tile of 8 rows with AVX2 in which some label changed, without a branch per
    /// row: the rows that changed (and those tagged) are left-packed by one <c>vpermd</c> each (<see cref="LeftPack8"/>)
    /// and stored at once, and the counts advance by the popcounts. The loop over set bits it replaces mispredicted
    /// at the end of every tile with a change (early iterations move a fifth of the rows). Measured (`screen-probe
    /// fit`, AVX2, warm 20-iteration fits, CPU): median 241.8 → 231.6 and 244.6 → 240.6 ms in two interleaved runs;
    /// storing every tile's lists unconditionally, without the tile's one compare first, was slower (243.2).
    /// </summary>
    /// <remarks>
    /// The 8-wide stores stay in bounds: a row is listed at most once, so <paramref name="moved"/> +
    /// <paramref name="uncertainCount"/> ≤ <paramref name="start"/>, and a whole tile ends at start + 8 ≤ the number
    /// of rows, which every list holds (<see cref="Assign{T}"/> and <see cref="AssignScreened"/> check).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ListByPermute8(
        Span<int> indices, int start, Span<int> labels, Span<int> movedRows, Span<int> movedFrom, Span<int> uncertain,
        ref int moved, ref int uncertainCount)
    {
        ref int labelRef = ref labels.Slice(start, 8)[0];
        ref int order = ref MemoryMarshal.GetArrayDataReference(LeftPack8);
        Vector256<int> fresh = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(indices));
        Vector256<int> old = Vector256.LoadUnsafe(ref labelRef);
        Vector256<int> tagged = Vector256.Equals(fresh, Vector256.Create(UncertainTag));
        Vector256<int> changed = ~(Vector256.Equals(fresh, old) | tagged);
        uint changedBits = changed.ExtractMostSignificantBits();
        Vector256<int> rows = Vector256.Create(start) + Vector256<int>.Indices;
        Vector256<int> changedOrder = Vector256.LoadUnsafe(ref order, changedBits * 8);
        Avx2.PermuteVar8x32(rows, changedOrder).StoreUnsafe(ref MemoryMarshal.GetReference(movedRows), (nuint)moved);
        Avx2.PermuteVar8x32(old, changedOrder).StoreUnsafe(ref MemoryMarshal.GetReference(movedFrom), (nuint)moved);
        Vector256.ConditionalSelect(changed, fresh, old).StoreUnsafe(ref labelRef);
        moved += BitOperations.PopCount(changedBits);

        // Only the screen tags rows, and it passes the list.
        if (!uncertain.IsEmpty)
        {
            uint taggedBits = tagged.ExtractMostSignificantBits();
            Avx2.PermuteVar8x32(rows, Vector256.LoadUnsafe(ref order, taggedBits * 8))
                .StoreUnsafe(ref MemoryMarshal.GetReference(uncertain), (nuint)uncertainCount);
            uncertainCount += BitOperations.PopCount(taggedBits);
        }
    }

    /// <summary><see cref="ListByPermute8"/> for a whole tile of 4 rows (the 128-bit path), left-packing with <c>pshufb</c> (<see cref="LeftPack4"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ListByShuffle4(
        Span<int> indices, int start, Span<int> labels, Span<int> movedRows, Span<int> movedFrom, Span<int> uncertain,
        ref int moved, ref int uncertainCount)
    {
        ref int labelRef = ref labels.Slice(start, 4)[0];
        ref byte order = ref MemoryMarshal.GetArrayDataReference(LeftPack4);
        Vector128<int> fresh = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(indices));
        Vector128<int> old = Vector128.LoadUnsafe(ref labelRef);
        Vector128<int> tagged = Vector128.Equals(fresh, Vector128.Create(UncertainTag));
        Vector128<int> changed = ~(Vector128.Equals(fresh, old) | tagged);
        uint changedBits = changed.ExtractMostSignificantBits();
        Vector128<byte> rows = (Vector128.Create(start) + Vector128<int>.Indices).AsByte();
        Vector128<byte> changedOrder = Vector128.LoadUnsafe(ref order, changedBits * 16);
        Ssse3.Shuffle(rows, changedOrder).AsInt32().StoreUnsafe(ref MemoryMarshal.GetReference(movedRows), (nuint)moved);
        Ssse3.Shuffle(old.AsByte(), changedOrder).AsInt32().StoreUnsafe(ref MemoryMarshal.GetReference(movedFrom), (nuint)moved);
        Vector128.ConditionalSelect(changed, fresh, old).StoreUnsafe(ref labelRef);
        moved += BitOperations.PopCount(changedBits);
        if (!uncertain.IsEmpty)
        {
            uint taggedBits = tagged.ExtractMostSignificantBits();
            Ssse3.Shuffle(rows, Vector128.LoadUnsafe(ref order, taggedBits * 16)).AsInt32()
                .StoreUnsafe(ref MemoryMarshal.GetReference(uncertain), (nuint)uncertainCount);
            uncertainCount += BitOperations.PopCount(taggedBits);
        }
    }

    /// <summary>For each 8-bit mask, the lanes whose bit is set in increasing order, then zeros: <c>vpermd</c> indices that left-pack those lanes.</summary>
    private static readonly int[] LeftPack8 = LeftPackTable(8);

    /// <summary>For each 4-bit mask, <see cref="LeftPack8"/>'s order as <c>pshufb</c> byte indices (four per 32-bit lane).</summary>
    private static readonly byte[] LeftPack4 = [.. LeftPackTable(4).SelectMany(lane => new[] { (byte)(4 * lane), (byte)((4 * lane) + 1), (byte)((4 * lane) + 2), (byte)((4 * lane) + 3) })];

    private static int[] LeftPackTable(int lanes)
    {
        var table = new int[(1 << lanes) * lanes];
        for (int mask = 0; mask < 1 << lanes; mask++)
        {
            int next = 0;
            for (int lane = 0; lane < lanes; lane++)
            {
                if ((mask & (1 << lane)) != 0)
                {
                    table[(mask * lanes) + next++] = lane;
                }
            }
        }

        return table;
    }

    /// <summary>
    /// <see cref="ListTile"/> for a whole tile of 8 or 4 rows where the permutes of <see cref="ListByPermute8"/> and
    /// <see cref="ListByShuffle4"/> are missing (ARM64's 4-row tiles, or 8 rows without AVX2): one vector compare finds the
    /// rows that changed and those tagged, and only their set bits are visited, in row order, so a tile costs no branch
    /// per row (measured on AVX2: the per-row loop made a float32 pass with a fifth of the rows moving 8× slower than
    /// AVX-512's).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ListByMask(
        Span<int> indices, int start, int w, Span<int> labels, Span<int> movedRows, Span<int> movedFrom, Span<int> uncertain,
        ref int moved, ref int uncertainCount)
    {
        uint same;
        uint tagged;
        if (w == 8 && Vector256.IsHardwareAccelerated)
        {
            Vector256<int> fresh = Vector256.Create<int>(indices);
            same = Vector256.Equals(fresh, Vector256.Create<int>(labels.Slice(start, 8))).ExtractMostSignificantBits();
            tagged = Vector256.Equals(fresh, Vector256.Create(UncertainTag)).ExtractMostSignificantBits();
        }
        else if (w == 4)
        {
            Vector128<int> fresh = Vector128.Create<int>(indices);
            same = Vector128.Equals(fresh, Vector128.Create<int>(labels.Slice(start, 4))).ExtractMostSignificantBits();
            tagged = Vector128.Equals(fresh, Vector128.Create(UncertainTag)).ExtractMostSignificantBits();
        }
        else
        {
            Vector128<int> freshLow = Vector128.Create<int>(indices);
            Vector128<int> freshHigh = Vector128.Create<int>(indices[4..]);
            same = Vector128.Equals(freshLow, Vector128.Create<int>(labels.Slice(start, 4))).ExtractMostSignificantBits()
                | (Vector128.Equals(freshHigh, Vector128.Create<int>(labels.Slice(start + 4, 4))).ExtractMostSignificantBits() << 4);
            tagged = Vector128.Equals(freshLow, Vector128.Create(UncertainTag)).ExtractMostSignificantBits()
                | (Vector128.Equals(freshHigh, Vector128.Create(UncertainTag)).ExtractMostSignificantBits() << 4);
        }

        // Only the screen tags rows, and it passes the list.
        for (uint bits = uncertain.IsEmpty ? 0 : tagged; bits != 0; bits &= bits - 1)
        {
            uncertain[uncertainCount++] = start + BitOperations.TrailingZeroCount(bits);
        }

        for (uint bits = ~same & ~tagged & ((1u << w) - 1); bits != 0; bits &= bits - 1)
        {
            int lane = BitOperations.TrailingZeroCount(bits);
            int i = start + lane;
            movedRows[moved] = i;
            movedFrom[moved] = labels[i];
            moved++;
            labels[i] = indices[lane];
        }
    }

    /// <summary>
    /// For a whole tile of 16 rows on AVX-512, without a branch per row: appends the rows whose new label (in
    /// <paramref name="indices"/>; <see cref="UncertainTag"/> leaves a row alone) differs from the old one to the
    /// moved lists and writes the new labels. Early iterations move a fifth of the rows, and a branch per row
    /// mispredicted on each of them.
    /// </summary>
    /// <returns>The new length of the moved lists.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ListMoves(Span<int> indices, int start, Span<int> labels, Span<int> movedRows, Span<int> movedFrom, int moved)
    {
        Vector512<int> fresh = Vector512.Create<int>(indices);
        Vector512<int> old = Vector512.Create<int>(labels.Slice(start, 16));
        Vector512<int> changed = ~Vector512.Equals(fresh, old) & ~Vector512.Equals(fresh, Vector512.Create(UncertainTag));
        if (changed == Vector512<int>.Zero)
        {
            return moved;
        }

        // moved ≤ start (a row is listed at most once), so these 16-wide stores end within the first start + 16
        // entries, which the block has.
        Vector512<int> rows = Vector512.Create(start) + Vector512<int>.Indices;
        Avx512F.Compress(Vector512<int>.Zero, changed, rows).CopyTo(movedRows[moved..]);
        Avx512F.Compress(Vector512<int>.Zero, changed, old).CopyTo(movedFrom[moved..]);
        Vector512.ConditionalSelect(changed, fresh, old).CopyTo(labels.Slice(start, 16));
        return moved + BitOperations.PopCount(changed.ExtractMostSignificantBits());
    }

    /// <summary><see cref="ListMoves"/>' counterpart for the rows tagged <see cref="UncertainTag"/>, which the float64 kernel scores again.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ListUncertain(Span<int> indices, int start, Span<int> uncertain, int uncertainCount)
    {
        uint tagged = (uint)Vector512.Equals(Vector512.Create<int>(indices), Vector512.Create(UncertainTag)).ExtractMostSignificantBits();
        for (; tagged != 0; tagged &= tagged - 1)
        {
            uncertain[uncertainCount++] = start + BitOperations.TrailingZeroCount(tagged);
        }

        return uncertainCount;
    }

    /// <summary>The label <see cref="ScreenCore"/> gives a row float32 cannot decide: never a label, nor the "none yet" of -1.</summary>
    private const int UncertainTag = -2;

    /// <summary>Whether a whole tile's new labels equal the old ones: the common case once a fit settles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool SameLabels(ReadOnlySpan<int> indices, ReadOnlySpan<int> labels)
    {
        ref int a = ref MemoryMarshal.GetReference(indices);
        ref int b = ref MemoryMarshal.GetReference(labels);
        return indices.Length switch
        {
            16 => Vector512.EqualsAll(Vector512.LoadUnsafe(ref a), Vector512.LoadUnsafe(ref b)),
            8 => Vector256.EqualsAll(Vector256.LoadUnsafe(ref a), Vector256.LoadUnsafe(ref b)),
            4 => Vector128.EqualsAll(Vector128.LoadUnsafe(ref a), Vector128.LoadUnsafe(ref b)),
            _ => indices.SequenceEqual(labels),
        };
    }
}
