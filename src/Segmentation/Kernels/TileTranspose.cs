using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Segmentation.Kernels;

/// <summary>
/// Packs a full tile of W points into coordinate-major order with AVX-512 two-source permutes: a W × W block is
/// transposed in log2(W) butterfly stages of W permutes each (24 for 8 doubles, 64 for 16 floats), instead of W²
/// scalar loads and stores. Packing is most of the kernel's cost when k is small, so this matters.
/// </summary>
internal static class TileTranspose
{
    // Stage g pairs vectors i and i+g (i & g == 0): A' takes the first g of every 2g elements from A then from B; B' the second g.
    private static readonly Vector512<long>[] LowIndices64 = Indices<long>(8, low: true);
    private static readonly Vector512<long>[] HighIndices64 = Indices<long>(8, low: false);
    private static readonly Vector512<int>[] LowIndices32 = Indices<int>(16, low: true);
    private static readonly Vector512<int>[] HighIndices32 = Indices<int>(16, low: false);

    /// <summary>Whether <see cref="Pack{T}"/> can handle tiles of <paramref name="width"/> lanes.</summary>
    public static bool Supports<T>(int width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => Avx512F.IsSupported && width == Vector512<T>.Count;

    /// <summary>
    /// Packs a full tile: coordinate j of lane l goes to <c>tile[j·w + l]</c>; the columns that do not fill a block
    /// are copied one by one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Pack<T>(ReadOnlySpan<T> points, int d, ReadOnlySpan<int> rows, int start, Span<T> tile)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int w = Vector512<T>.Count;
        ref T source = ref MemoryMarshal.GetReference(points);
        ref T target = ref MemoryMarshal.GetReference(tile);
        Span<int> offsets = stackalloc int[16];
        for (int lane = 0; lane < w; lane++)
        {
            offsets[lane] = (rows.IsEmpty ? start + lane : rows[start + lane]) * d;
        }

        int block = 0;
        for (; block + w <= d; block += w)
        {
            if (typeof(T) == typeof(double))
            {
                Transpose8(ref Unsafe.As<T, double>(ref source), offsets, block, ref Unsafe.As<T, double>(ref Unsafe.Add(ref target, block * w)));
            }
            else
            {
                Transpose16(ref Unsafe.As<T, float>(ref source), offsets, block, ref Unsafe.As<T, float>(ref Unsafe.Add(ref target, block * w)));
            }
        }

        for (int lane = 0; lane < w; lane++)
        {
            ref T rowRef = ref Unsafe.Add(ref source, offsets[lane]);
            for (int j = block; j < d; j++)
            {
                Unsafe.Add(ref target, (j * w) + lane) = Unsafe.Add(ref rowRef, j);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8(ref double source, ReadOnlySpan<int> offsets, int column, ref double target)
    {
        // Unrolled so that all eight rows and the permute indices stay in registers.
        Vector512<long> l0 = LowIndices64[0], l1 = LowIndices64[1], l2 = LowIndices64[2];
        Vector512<long> h0 = HighIndices64[0], h1 = HighIndices64[1], h2 = HighIndices64[2];
        Vector512<double> r0 = Vector512.LoadUnsafe(ref source, (nuint)(offsets[0] + column));
        Vector512<double> r1 = Vector512.LoadUnsafe(ref source, (nuint)(offsets[1] + column));
        Vector512<double> r2 = Vector512.LoadUnsafe(ref source, (nuint)(offsets[2] + column));
        Vector512<double> r3 = Vector512.LoadUnsafe(ref source, (nuint)(offsets[3] + column));
        Vector512<double> r4 = Vector512.LoadUnsafe(ref source, (nuint)(offsets[4] + column));
        Vector512<double> r5 = Vector512.LoadUnsafe(ref source, (nuint)(offsets[5] + column));
        Vector512<double> r6 = Vector512.LoadUnsafe(ref source, (nuint)(offsets[6] + column));
        Vector512<double> r7 = Vector512.LoadUnsafe(ref source, (nuint)(offsets[7] + column));
        Butterfly(ref r0, ref r4, l0, h0);
        Butterfly(ref r1, ref r5, l0, h0);
        Butterfly(ref r2, ref r6, l0, h0);
        Butterfly(ref r3, ref r7, l0, h0);
        Butterfly(ref r0, ref r2, l1, h1);
        Butterfly(ref r1, ref r3, l1, h1);
        Butterfly(ref r4, ref r6, l1, h1);
        Butterfly(ref r5, ref r7, l1, h1);
        Butterfly(ref r0, ref r1, l2, h2);
        Butterfly(ref r2, ref r3, l2, h2);
        Butterfly(ref r4, ref r5, l2, h2);
        Butterfly(ref r6, ref r7, l2, h2);
        r0.StoreUnsafe(ref target, 0);
        r1.StoreUnsafe(ref target, 8);
        r2.StoreUnsafe(ref target, 16);
        r3.StoreUnsafe(ref target, 24);
        r4.StoreUnsafe(ref target, 32);
        r5.StoreUnsafe(ref target, 40);
        r6.StoreUnsafe(ref target, 48);
        r7.StoreUnsafe(ref target, 56);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Butterfly(ref Vector512<double> a, ref Vector512<double> b, Vector512<long> low, Vector512<long> high)
    {
        Vector512<double> first = Avx512F.PermuteVar8x64x2(a, low, b);
        b = Avx512F.PermuteVar8x64x2(a, high, b);
        a = first;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose16(ref float source, ReadOnlySpan<int> offsets, int column, ref float target)
    {
        // Unrolled so that all sixteen rows and the permute indices stay in registers (AVX-512 has 32).
        Vector512<int> l0 = LowIndices32[0], l1 = LowIndices32[1], l2 = LowIndices32[2], l3 = LowIndices32[3];
        Vector512<int> h0 = HighIndices32[0], h1 = HighIndices32[1], h2 = HighIndices32[2], h3 = HighIndices32[3];
        Vector512<float> r0 = Vector512.LoadUnsafe(ref source, (nuint)(offsets[0] + column));
        Vector512<float> r1 = Vector512.LoadUnsafe(ref source, (nuint)(offsets[1] + column));
        Vector512<float> r2 = Vector512.LoadUnsafe(ref source, (nuint)(offsets[2] + column));
        Vector512<float> r3 = Vector512.LoadUnsafe(ref source, (nuint)(offsets[3] + column));
        Vector512<float> r4 = Vector512.LoadUnsafe(ref source, (nuint)(offsets[4] + column));
        Vector512<float> r5 = Vector512.LoadUnsafe(ref source, (nuint)(offsets[5] + column));
        Vector512<float> r6 = Vector512.LoadUnsafe(ref source, (nuint)(offsets[6] + column));
        Vector512<float> r7 = Vector512.LoadUnsafe(ref source, (nuint)(offsets[7] + column));
        Vector512<float> r8 = Vector512.LoadUnsafe(ref source, (nuint)(offsets[8] + column));
        Vector512<float> r9 = Vector512.LoadUnsafe(ref source, (nuint)(offsets[9] + column));
        Vector512<float> r10 = Vector512.LoadUnsafe(ref source, (nuint)(offsets[10] + column));
        Vector512<float> r11 = Vector512.LoadUnsafe(ref source, (nuint)(offsets[11] + column));
        Vector512<float> r12 = Vector512.LoadUnsafe(ref source, (nuint)(offsets[12] + column));
        Vector512<float> r13 = Vector512.LoadUnsafe(ref source, (nuint)(offsets[13] + column));
        Vector512<float> r14 = Vector512.LoadUnsafe(ref source, (nuint)(offsets[14] + column));
        Vector512<float> r15 = Vector512.LoadUnsafe(ref source, (nuint)(offsets[15] + column));
        Butterfly(ref r0, ref r8, l0, h0);
        Butterfly(ref r1, ref r9, l0, h0);
        Butterfly(ref r2, ref r10, l0, h0);
        Butterfly(ref r3, ref r11, l0, h0);
        Butterfly(ref r4, ref r12, l0, h0);
        Butterfly(ref r5, ref r13, l0, h0);
        Butterfly(ref r6, ref r14, l0, h0);
        Butterfly(ref r7, ref r15, l0, h0);
        Butterfly(ref r0, ref r4, l1, h1);
        Butterfly(ref r1, ref r5, l1, h1);
        Butterfly(ref r2, ref r6, l1, h1);
        Butterfly(ref r3, ref r7, l1, h1);
        Butterfly(ref r8, ref r12, l1, h1);
        Butterfly(ref r9, ref r13, l1, h1);
        Butterfly(ref r10, ref r14, l1, h1);
        Butterfly(ref r11, ref r15, l1, h1);
        Butterfly(ref r0, ref r2, l2, h2);
        Butterfly(ref r1, ref r3, l2, h2);
        Butterfly(ref r4, ref r6, l2, h2);
        Butterfly(ref r5, ref r7, l2, h2);
        Butterfly(ref r8, ref r10, l2, h2);
        Butterfly(ref r9, ref r11, l2, h2);
        Butterfly(ref r12, ref r14, l2, h2);
        Butterfly(ref r13, ref r15, l2, h2);
        Butterfly(ref r0, ref r1, l3, h3);
        Butterfly(ref r2, ref r3, l3, h3);
        Butterfly(ref r4, ref r5, l3, h3);
        Butterfly(ref r6, ref r7, l3, h3);
        Butterfly(ref r8, ref r9, l3, h3);
        Butterfly(ref r10, ref r11, l3, h3);
        Butterfly(ref r12, ref r13, l3, h3);
        Butterfly(ref r14, ref r15, l3, h3);
        r0.StoreUnsafe(ref target, 0);
        r1.StoreUnsafe(ref target, 16);
        r2.StoreUnsafe(ref target, 32);
        r3.StoreUnsafe(ref target, 48);
        r4.StoreUnsafe(ref target, 64);
        r5.StoreUnsafe(ref target, 80);
        r6.StoreUnsafe(ref target, 96);
        r7.StoreUnsafe(ref target, 112);
        r8.StoreUnsafe(ref target, 128);
        r9.StoreUnsafe(ref target, 144);
        r10.StoreUnsafe(ref target, 160);
        r11.StoreUnsafe(ref target, 176);
        r12.StoreUnsafe(ref target, 192);
        r13.StoreUnsafe(ref target, 208);
        r14.StoreUnsafe(ref target, 224);
        r15.StoreUnsafe(ref target, 240);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Butterfly(ref Vector512<float> a, ref Vector512<float> b, Vector512<int> low, Vector512<int> high)
    {
        Vector512<float> first = Avx512F.PermuteVar16x32x2(a, low, b);
        b = Avx512F.PermuteVar16x32x2(a, high, b);
        a = first;
    }

    /// <summary>The permute indices of each stage (g = w/2, w/4, ..., 1); indices ≥ w select from the second vector.</summary>
    private static Vector512<TIndex>[] Indices<TIndex>(int w, bool low)
        where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        var result = new List<Vector512<TIndex>>();
        for (int g = w / 2; g >= 1; g >>= 1)
        {
            var lanes = new TIndex[w];
            for (int t = 0; t < w; t++)
            {
                int blockStart = t / (2 * g) * 2 * g;
                int offset = t % (2 * g);
                int index = low
                    ? (offset < g ? blockStart + offset : w + blockStart + offset - g)
                    : (offset < g ? blockStart + g + offset : w + blockStart + offset);
                lanes[t] = TIndex.CreateTruncating(index);
            }

            result.Add(Vector512.Create(lanes));
        }

        return [.. result];
    }
}
