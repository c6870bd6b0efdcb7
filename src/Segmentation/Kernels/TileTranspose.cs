using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Segmentation.Kernels;

/// <summary>
/// Packs a full tile of W points into coordinate-major order a W × W block at a time, instead of W² scalar loads and
/// stores. On AVX-512 a block is transposed in log2(W) butterfly stages of W two-source permutes each (24 for 8
/// doubles, 64 for 16 floats); on AVX the 4 × 4 double and 8 × 8 float blocks use unpacks, shuffles and 128-bit lane
/// swaps; on SSE the 2 × 2 double and 4 × 4 float blocks use unpacks and shuffles. Packing is most of the kernel's
/// cost when k is small, so this matters on every width. Other hardware (ARM64) packs one value at a time.
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
        => (typeof(T) == typeof(double) || typeof(T) == typeof(float))
            && ((Avx512F.IsSupported && width == Vector512<T>.Count)
                || (Avx.IsSupported && width == Vector256<T>.Count)
                || (Sse2.IsSupported && width == Vector128<T>.Count));

    /// <summary>
    /// Packs a full tile of <paramref name="w"/> lanes (<see cref="Supports{T}"/> must hold): coordinate j of lane l
    /// goes to <c>tile[j·w + l]</c>; the columns that do not fill a block are copied one by one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Pack<T>(ReadOnlySpan<T> points, int d, ReadOnlySpan<int> rows, int start, int w, Span<T> tile)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
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
            ref T blockTarget = ref Unsafe.Add(ref target, block * w);
            if (typeof(T) == typeof(double))
            {
                ref double from = ref Unsafe.As<T, double>(ref source);
                ref double to = ref Unsafe.As<T, double>(ref blockTarget);
                switch (w)
                {
                    case 8: Transpose8(ref from, offsets, block, ref to); break;
                    case 4: Transpose4x4(ref from, offsets, block, ref to); break;
                    default: Transpose2x2(ref from, offsets, block, ref to); break;
                }
            }
            else
            {
                ref float from = ref Unsafe.As<T, float>(ref source);
                ref float to = ref Unsafe.As<T, float>(ref blockTarget);
                switch (w)
                {
                    case 16: Transpose16(ref from, offsets, block, ref to); break;
                    case 8: Transpose8x8(ref from, offsets, block, ref to); break;
                    default: Transpose4x4(ref from, offsets, block, ref to); break;
                }
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

    /// <summary>AVX: four rows of four doubles; unpacks pair the rows within 128-bit halves, lane swaps finish.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose4x4(ref double source, ReadOnlySpan<int> offsets, int column, ref double target)
    {
        Vector256<double> r0 = Vector256.LoadUnsafe(ref source, (nuint)(offsets[0] + column));
        Vector256<double> r1 = Vector256.LoadUnsafe(ref source, (nuint)(offsets[1] + column));
        Vector256<double> r2 = Vector256.LoadUnsafe(ref source, (nuint)(offsets[2] + column));
        Vector256<double> r3 = Vector256.LoadUnsafe(ref source, (nuint)(offsets[3] + column));

        // t0 = [r0.0 r1.0 | r0.2 r1.2], t1 = [r0.1 r1.1 | r0.3 r1.3], likewise t2, t3 for rows 2 and 3.
        Vector256<double> t0 = Avx.UnpackLow(r0, r1);
        Vector256<double> t1 = Avx.UnpackHigh(r0, r1);
        Vector256<double> t2 = Avx.UnpackLow(r2, r3);
        Vector256<double> t3 = Avx.UnpackHigh(r2, r3);
        Avx.Permute2x128(t0, t2, 0x20).StoreUnsafe(ref target, 0);
        Avx.Permute2x128(t1, t3, 0x20).StoreUnsafe(ref target, 4);
        Avx.Permute2x128(t0, t2, 0x31).StoreUnsafe(ref target, 8);
        Avx.Permute2x128(t1, t3, 0x31).StoreUnsafe(ref target, 12);
    }

    /// <summary>AVX: eight rows of eight floats; unpacks and shuffles transpose each 4 × 4 quarter, lane swaps finish.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(ref float source, ReadOnlySpan<int> offsets, int column, ref float target)
    {
        Vector256<float> r0 = Vector256.LoadUnsafe(ref source, (nuint)(offsets[0] + column));
        Vector256<float> r1 = Vector256.LoadUnsafe(ref source, (nuint)(offsets[1] + column));
        Vector256<float> r2 = Vector256.LoadUnsafe(ref source, (nuint)(offsets[2] + column));
        Vector256<float> r3 = Vector256.LoadUnsafe(ref source, (nuint)(offsets[3] + column));
        Vector256<float> r4 = Vector256.LoadUnsafe(ref source, (nuint)(offsets[4] + column));
        Vector256<float> r5 = Vector256.LoadUnsafe(ref source, (nuint)(offsets[5] + column));
        Vector256<float> r6 = Vector256.LoadUnsafe(ref source, (nuint)(offsets[6] + column));
        Vector256<float> r7 = Vector256.LoadUnsafe(ref source, (nuint)(offsets[7] + column));

        // t0 = [r0.0 r1.0 r0.1 r1.1 | r0.4 r1.4 r0.5 r1.5], t1 the same with coordinates 2, 3 | 6, 7.
        Vector256<float> t0 = Avx.UnpackLow(r0, r1);
        Vector256<float> t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3);
        Vector256<float> t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5);
        Vector256<float> t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7);
        Vector256<float> t7 = Avx.UnpackHigh(r6, r7);

        // s0 = [coordinate 0 of rows 0-3 | coordinate 4 of rows 0-3], s1 coordinates 1 | 5, s2 2 | 6, s3 3 | 7.
        Vector256<float> s0 = Avx.Shuffle(t0, t2, 0x44);
        Vector256<float> s1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> s2 = Avx.Shuffle(t1, t3, 0x44);
        Vector256<float> s3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> s4 = Avx.Shuffle(t4, t6, 0x44);
        Vector256<float> s5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> s6 = Avx.Shuffle(t5, t7, 0x44);
        Vector256<float> s7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Permute2x128(s0, s4, 0x20).StoreUnsafe(ref target, 0);
        Avx.Permute2x128(s1, s5, 0x20).StoreUnsafe(ref target, 8);
        Avx.Permute2x128(s2, s6, 0x20).StoreUnsafe(ref target, 16);
        Avx.Permute2x128(s3, s7, 0x20).StoreUnsafe(ref target, 24);
        Avx.Permute2x128(s0, s4, 0x31).StoreUnsafe(ref target, 32);
        Avx.Permute2x128(s1, s5, 0x31).StoreUnsafe(ref target, 40);
        Avx.Permute2x128(s2, s6, 0x31).StoreUnsafe(ref target, 48);
        Avx.Permute2x128(s3, s7, 0x31).StoreUnsafe(ref target, 56);
    }

    /// <summary>SSE2: two rows of two doubles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose2x2(ref double source, ReadOnlySpan<int> offsets, int column, ref double target)
    {
        Vector128<double> r0 = Vector128.LoadUnsafe(ref source, (nuint)(offsets[0] + column));
        Vector128<double> r1 = Vector128.LoadUnsafe(ref source, (nuint)(offsets[1] + column));
        Sse2.UnpackLow(r0, r1).StoreUnsafe(ref target, 0);
        Sse2.UnpackHigh(r0, r1).StoreUnsafe(ref target, 2);
    }

    /// <summary>SSE: four rows of four floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose4x4(ref float source, ReadOnlySpan<int> offsets, int column, ref float target)
    {
        Vector128<float> r0 = Vector128.LoadUnsafe(ref source, (nuint)(offsets[0] + column));
        Vector128<float> r1 = Vector128.LoadUnsafe(ref source, (nuint)(offsets[1] + column));
        Vector128<float> r2 = Vector128.LoadUnsafe(ref source, (nuint)(offsets[2] + column));
        Vector128<float> r3 = Vector128.LoadUnsafe(ref source, (nuint)(offsets[3] + column));

        // t0 = [r0.0 r1.0 r0.1 r1.1], t1 = [r0.2 r1.2 r0.3 r1.3], likewise t2, t3 for rows 2 and 3.
        Vector128<float> t0 = Sse.UnpackLow(r0, r1);
        Vector128<float> t1 = Sse.UnpackHigh(r0, r1);
        Vector128<float> t2 = Sse.UnpackLow(r2, r3);
        Vector128<float> t3 = Sse.UnpackHigh(r2, r3);
        Sse.Shuffle(t0, t2, 0x44).StoreUnsafe(ref target, 0);
        Sse.Shuffle(t0, t2, 0xEE).StoreUnsafe(ref target, 4);
        Sse.Shuffle(t1, t3, 0x44).StoreUnsafe(ref target, 8);
        Sse.Shuffle(t1, t3, 0xEE).StoreUnsafe(ref target, 12);
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
