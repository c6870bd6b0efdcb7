using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Segmentation.Kernels;

/// <summary>
/// Per-row float64 operations of k-means: the exact squared distance to the winning center (so that inertia and
/// bounds do not inherit the cancellation of <c>||c||² − 2x·c</c>), weighted and fixed-point accumulation into sums,
/// and the float32 copy of a row relative to an origin.
/// </summary>
internal static class RowOps
{
    /// <summary>How many rows ahead <see cref="Gather"/> asks for the row it will copy.</summary>
    private const int GatherPrefetchDistance = 8;

    /// <summary>
    /// Copies row <c>rows[s]</c> of <paramref name="source"/> to row s of <paramref name="target"/> (a sample or a
    /// bootstrap of a large matrix). The rows are scattered over the source, so each copy would wait on memory: each is
    /// asked for a few rows ahead (measured: a 50,000-row bootstrap of 1M × 25 rows, about half the CPU of plain copies).
    /// </summary>
    /// <param name="source">Row-major rows, <paramref name="d"/> values each.</param>
    /// <param name="d">The number of values per row.</param>
    /// <param name="rows">The source rows to copy, in target order (repeats allowed).</param>
    /// <param name="target">At least <c>rows.Length × d</c> values.</param>
    /// <exception cref="ArgumentException">The target is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A row is outside the source.</exception>
    public static void Gather(ReadOnlySpan<double> source, int d, ReadOnlySpan<int> rows, Span<double> target)
    {
        if (target.Length < (long)rows.Length * d)
        {
            throw new ArgumentException($"The target holds {target.Length} values, fewer than {rows.Length} rows of {d}.", nameof(target));
        }

        for (int s = 0; s < rows.Length; s++)
        {
            if (s + GatherPrefetchDistance < rows.Length)
            {
                DistanceKernels.PrefetchTile(source, d, rows[s + GatherPrefetchDistance], 1);
            }

            source.Slice(rows[s] * d, d).CopyTo(target.Slice(s * d, d));
        }
    }

    /// <summary><c>Σ (x − center)²</c> in float64, for a float64 or float32 row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SquaredDistance<T>(ReadOnlySpan<T> x, ReadOnlySpan<double> center)
        where T : unmanaged
        => typeof(T) == typeof(double) ? SquaredDistance(MemoryMarshal.Cast<T, double>(x), center)
            : typeof(T) == typeof(float) ? SquaredDistance(MemoryMarshal.Cast<T, float>(x), center)
            : throw UnsupportedRow<T>();

    /// <summary><c>Σ (a − b)²</c> computed directly in float64 (<see cref="RowPairs"/>' driver, best path).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (b.Length < a.Length)
        {
            throw new ArgumentException("The second row is shorter than the first.", nameof(b));
        }

        return RowPairs.SquaredDistance(ref MemoryMarshal.GetReference(a), ref MemoryMarshal.GetReference(b), a.Length);
    }

    /// <summary><c>Σ (a − b)²</c> in float64 for a float32 point.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<double> b)
    {
        int n = a.Length;
        ref float ar = ref MemoryMarshal.GetReference(a);
        ref double br = ref MemoryMarshal.GetReference(b);
        int j = 0;
        double sum = 0;
        if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            // Widen eight floats to two float64 vectors: the sums stay float64 as for double data.
            Vector256<double> acc = Vector256<double>.Zero;
            for (; j + 8 <= n; j += 8)
            {
                Vector256<float> x = Vector256.LoadUnsafe(ref ar, (nuint)j);
                Vector256<double> low = Vector256.WidenLower(x) - Vector256.LoadUnsafe(ref br, (nuint)j);
                Vector256<double> high = Vector256.WidenUpper(x) - Vector256.LoadUnsafe(ref br, (nuint)(j + 4));
                acc = Vector256.MultiplyAddEstimate(low, low, acc);
                acc = Vector256.MultiplyAddEstimate(high, high, acc);
            }

            sum = Vector256.Sum(acc);
        }

        for (; j < n; j++)
        {
            double diff = Unsafe.Add(ref ar, j) - Unsafe.Add(ref br, j);
            sum += diff * diff;
        }

        return sum;
    }

    /// <summary><c>sum += weight × x</c> in float64, for float64 or float32 <paramref name="x"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddScaled<T>(Span<double> sum, ReadOnlySpan<T> x, double weight)
        where T : unmanaged
    {
        if (typeof(T) == typeof(double))
        {
            AddScaled(sum, MemoryMarshal.Cast<T, double>(x), weight);
        }
        else if (typeof(T) == typeof(float))
        {
            AddScaled(sum, MemoryMarshal.Cast<T, float>(x), weight);
        }
        else
        {
            throw UnsupportedRow<T>();
        }
    }

    /// <summary><c>sum += weight × x</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddScaled(Span<double> sum, ReadOnlySpan<double> x, double weight)
    {
        int n = x.Length;
        ref double sr = ref MemoryMarshal.GetReference(sum);
        ref double xr = ref MemoryMarshal.GetReference(x);
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<double> w = Vector512.Create(weight);
            for (; j + 8 <= n; j += 8)
            {
                (Vector512.LoadUnsafe(ref sr, (nuint)j) + (w * Vector512.LoadUnsafe(ref xr, (nuint)j))).StoreUnsafe(ref sr, (nuint)j);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            Vector256<double> w = Vector256.Create(weight);
            for (; j + 4 <= n; j += 4)
            {
                (Vector256.LoadUnsafe(ref sr, (nuint)j) + (w * Vector256.LoadUnsafe(ref xr, (nuint)j))).StoreUnsafe(ref sr, (nuint)j);
            }
        }

        for (; j < n; j++)
        {
            Unsafe.Add(ref sr, j) += weight * Unsafe.Add(ref xr, j);
        }
    }

    /// <summary><c>sum += weight × x</c> for a float32 point.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddScaled(Span<double> sum, ReadOnlySpan<float> x, double weight)
    {
        int n = x.Length;
        ref double sr = ref MemoryMarshal.GetReference(sum);
        ref float xr = ref MemoryMarshal.GetReference(x);
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<double> w = Vector256.Create(weight);
            for (; j + 8 <= n; j += 8)
            {
                Vector256<float> v = Vector256.LoadUnsafe(ref xr, (nuint)j);
                (Vector256.LoadUnsafe(ref sr, (nuint)j) + (w * Vector256.WidenLower(v))).StoreUnsafe(ref sr, (nuint)j);
                (Vector256.LoadUnsafe(ref sr, (nuint)(j + 4)) + (w * Vector256.WidenUpper(v))).StoreUnsafe(ref sr, (nuint)(j + 4));
            }
        }

        for (; j < n; j++)
        {
            Unsafe.Add(ref sr, j) += weight * Unsafe.Add(ref xr, j);
        }
    }

    /// <summary>
    /// <c>sum += weight × |x|</c> element-wise, for a float64 or float32 row; returns the row's <c>Σ x²</c> in float64
    /// (both from one read of the row). That sum is for bounds only: it need not have the bits
    /// <see cref="MoveFixedPoint{T}"/> returns, which the sums add and remove.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double AddScaledAbsolute<T>(Span<double> sum, ReadOnlySpan<T> x, double weight)
        where T : unmanaged
    {
        if (typeof(T) != typeof(double) && typeof(T) != typeof(float))
        {
            throw UnsupportedRow<T>();
        }

        int n = x.Length;
        if (sum.Length < n)
        {
            throw new ArgumentException("The sums must be as long as the row.", nameof(sum));
        }

        ref double sr = ref MemoryMarshal.GetReference(sum);
        ref double xd = ref Unsafe.As<T, double>(ref MemoryMarshal.GetReference(x));
        ref float xf = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(x));
        int j = 0;
        double squares = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<double> w = Vector256.Create(weight);
            Vector256<double> sq = Vector256<double>.Zero;
            for (; j + 4 <= n; j += 4)
            {
                Vector256<double> v = LoadAsDouble<T>(ref xd, ref xf, j);
                (Vector256.LoadUnsafe(ref sr, (nuint)j) + (w * Vector256.Abs(v))).StoreUnsafe(ref sr, (nuint)j);
                sq += v * v;
            }

            squares = Vector256.Sum(sq);
        }

        for (; j < n; j++)
        {
            double v = typeof(T) == typeof(double) ? Unsafe.Add(ref xd, j) : Unsafe.Add(ref xf, j);
            Unsafe.Add(ref sr, j) += weight * Math.Abs(v);
            squares += v * v;
        }

        return squares;
    }

    /// <summary>
    /// <c>target = (float)(x − origin)</c> element-wise, each difference rounded once to nearest (as a cast does).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SubtractToSingle(ReadOnlySpan<double> x, ReadOnlySpan<double> origin, Span<float> target)
    {
        int n = x.Length;
        if (origin.Length < n || target.Length < n)
        {
            throw new ArgumentException("The origin and the target must be as long as the row.");
        }

        ref double xr = ref MemoryMarshal.GetReference(x);
        ref double or = ref MemoryMarshal.GetReference(origin);
        ref float tr = ref MemoryMarshal.GetReference(target);
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; j + 8 <= n; j += 8)
            {
                Vector256<double> a = Vector256.LoadUnsafe(ref xr, (nuint)j) - Vector256.LoadUnsafe(ref or, (nuint)j);
                Vector256<double> b = Vector256.LoadUnsafe(ref xr, (nuint)(j + 4)) - Vector256.LoadUnsafe(ref or, (nuint)(j + 4));
                Vector256.Narrow(a, b).StoreUnsafe(ref tr, (nuint)j);
            }
        }

        for (; j < n; j++)
        {
            Unsafe.Add(ref tr, j) = (float)(Unsafe.Add(ref xr, j) - Unsafe.Add(ref or, j));
        }
    }

    /// <summary>
    /// The number of fractional bits of the low limb of a fixed-point value: <c>v = high · 2^32 + low</c>, with
    /// <c>|low| ≤ 2^31</c>. Two int64 limbs hold 93 bits: the high limbs of 2^31 rows cannot overflow when their
    /// values sum to at most 2^93, and neither can their low limbs.
    /// </summary>
    public const int LowBits = 32;

    /// <summary>
    /// Moves a row's fixed-point value from one set of sums to another. Each element <c>v = weight × x × scale</c>
    /// (at most 2^93 in magnitude) is split exactly into two int64 limbs, <c>high = round(v / 2^32)</c> and
    /// <c>low = round(v − high · 2^32)</c>; the sums hold the d high limbs of each row, then its d low limbs:
    /// <c>from −= (high, low)</c> (skipped when <paramref name="from"/> is empty), <c>to += (high, low)</c>. Every
    /// path rounds the same values half to even, so the integers do not depend on the register width.
    /// </summary>
    /// <param name="from">The sums to remove the row from (2d values), or empty.</param>
    /// <param name="to">The sums to add the row to (2d values).</param>
    /// <param name="x">A float64 or float32 row of d values.</param>
    /// <param name="weight">The row's weight.</param>
    /// <param name="scales">A power of two per column, small enough that no sum can overflow.</param>
    /// <returns>The row's squared norm <c>Σ x²</c> in float64, from the values already loaded (the same bits for the same row on every call).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double MoveFixedPoint<T>(Span<long> from, Span<long> to, ReadOnlySpan<T> x, double weight, ReadOnlySpan<double> scales)
        where T : unmanaged
    {
        if (typeof(T) != typeof(double) && typeof(T) != typeof(float))
        {
            throw UnsupportedRow<T>();
        }

        int n = x.Length;
        bool remove = !from.IsEmpty;
        if (to.Length < 2 * n || scales.Length < n || (remove && from.Length < 2 * n))
        {
            throw new ArgumentException("The sums must hold two limbs per value of the row, and the scales one.");
        }

        ref long fr = ref MemoryMarshal.GetReference(from);
        ref long tr = ref MemoryMarshal.GetReference(to);
        ref long frLow = ref Unsafe.Add(ref fr, n);
        ref long trLow = ref Unsafe.Add(ref tr, n);
        ref double scr = ref MemoryMarshal.GetReference(scales);
        ref double xd = ref Unsafe.As<T, double>(ref MemoryMarshal.GetReference(x));
        ref float xf = ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(x));
        int j = 0;
        double squares = 0;
        if (Avx512DQ.IsSupported)
        {
            // vcvtpd2qq rounds half to even under .NET's fixed MXCSR: one instruction for Math.Round and the conversion.
            Vector512<double> w = Vector512.Create(weight);
            Vector512<double> down = Vector512.Create(1.0 / (1L << LowBits));
            Vector512<double> up = Vector512.Create((double)(1L << LowBits));
            Vector512<double> sq = Vector512<double>.Zero;
            for (; j + 8 <= n; j += 8)
            {
                Vector512<double> x8 = typeof(T) == typeof(double)
                    ? Vector512.LoadUnsafe(ref xd, (nuint)j)
                    : Avx512F.ConvertToVector512Double(Vector256.LoadUnsafe(ref xf, (nuint)j));
                sq = Vector512.FusedMultiplyAdd(x8, x8, sq);
                Vector512<double> v = x8 * w * Vector512.LoadUnsafe(ref scr, (nuint)j);
                Vector512<double> high = Vector512.Round(v * down);
                Vector512<long> highLimb = Avx512DQ.ConvertToVector512Int64(high);
                Vector512<long> lowLimb = Avx512DQ.ConvertToVector512Int64(v - (high * up));
                if (remove)
                {
                    (Vector512.LoadUnsafe(ref fr, (nuint)j) - highLimb).StoreUnsafe(ref fr, (nuint)j);
                    (Vector512.LoadUnsafe(ref frLow, (nuint)j) - lowLimb).StoreUnsafe(ref frLow, (nuint)j);
                }

                (Vector512.LoadUnsafe(ref tr, (nuint)j) + highLimb).StoreUnsafe(ref tr, (nuint)j);
                (Vector512.LoadUnsafe(ref trLow, (nuint)j) + lowLimb).StoreUnsafe(ref trLow, (nuint)j);
            }

            squares = Vector512.Sum(sq);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            Vector256<double> w = Vector256.Create(weight);
            Vector256<double> down = Vector256.Create(1.0 / (1L << LowBits));
            Vector256<double> up = Vector256.Create((double)(1L << LowBits));
            Vector256<double> sq = Vector256<double>.Zero;
            for (; j + 4 <= n; j += 4)
            {
                Vector256<double> x4 = LoadAsDouble<T>(ref xd, ref xf, j);
                sq += x4 * x4;
                Vector256<double> v = x4 * w * Vector256.LoadUnsafe(ref scr, (nuint)j);
                (Vector256<long> highLimb, Vector256<long> lowLimb) = SplitLimbs(v, down, up);
                if (remove)
                {
                    (Vector256.LoadUnsafe(ref fr, (nuint)j) - highLimb).StoreUnsafe(ref fr, (nuint)j);
                    (Vector256.LoadUnsafe(ref frLow, (nuint)j) - lowLimb).StoreUnsafe(ref frLow, (nuint)j);
                }

                (Vector256.LoadUnsafe(ref tr, (nuint)j) + highLimb).StoreUnsafe(ref tr, (nuint)j);
                (Vector256.LoadUnsafe(ref trLow, (nuint)j) + lowLimb).StoreUnsafe(ref trLow, (nuint)j);
            }

            squares = Vector256.Sum(sq);
        }

        for (; j < n; j++)
        {
            double v = typeof(T) == typeof(double) ? Unsafe.Add(ref xd, j) : Unsafe.Add(ref xf, j);
            squares += v * v;
            (long high, long low) = Split(v * weight * Unsafe.Add(ref scr, j));
            if (remove)
            {
                Unsafe.Add(ref fr, j) -= high;
                Unsafe.Add(ref frLow, j) -= low;
            }

            Unsafe.Add(ref tr, j) += high;
            Unsafe.Add(ref trLow, j) += low;
        }

        return squares;
    }

    /// <summary>
    /// Two already scaled fixed-point values (each at most 2^93) as their limbs, <c>(high₀, high₁, low₀, low₁)</c>,
    /// with the same roundings as <see cref="Split"/>: a row's weight and <c>w·||x||²</c> in one step.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<long> SplitPair(double first, double second)
    {
        Vector128<double> value = Vector128.Create(first, second);
        Vector128<double> high = Vector128.Round(value * (1.0 / (1L << LowBits)));
        Vector128<double> low = Vector128.Round(value - (high * (1L << LowBits)));
        return Avx2.IsSupported
            ? ToInt64Exact(Vector256.Create(high, low))
            : Vector256.Create((long)high.GetElement(0), (long)high.GetElement(1), (long)low.GetElement(0), (long)low.GetElement(1));
    }

    /// <summary>
    /// <see cref="Split"/> of four values at once on 256-bit registers, exactly and with the same half-to-even rounding.
    /// When every <c>v / 2^32</c> is below 2^51 in magnitude (a row's share of a column's total, in practice) each
    /// limb is rounded and converted in one addition: adding 1.5·2^52 leaves the rounded integer in the low mantissa
    /// bits (float64 has no fraction bits left at that magnitude), and subtracting the constant's bit pattern as int64
    /// gives it. Otherwise <see cref="Vector256.Round(Vector256{double})"/> and <see cref="ToInt64Exact"/> (measured:
    /// the two conversions took most of a row's move on AVX2).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static (Vector256<long> High, Vector256<long> Low) SplitLimbs(Vector256<double> v, Vector256<double> down, Vector256<double> up)
    {
        Vector256<double> scaled = v * down;
        if (Vector256.LessThanAll(Vector256.Abs(scaled), Vector256.Create(RoundingShiftLimit)))
        {
            Vector256<double> shift = Vector256.Create(RoundingShift);
            Vector256<double> shifted = scaled + shift;
            Vector256<double> rest = v - ((shifted - shift) * up);
            return (shifted.AsInt64() - shift.AsInt64(), (rest + shift).AsInt64() - shift.AsInt64());
        }

        Vector256<double> high = Vector256.Round(scaled);
        return (ToInt64Exact(high), ToInt64Exact(Vector256.Round(v - (high * up))));
    }

    /// <summary>1.5·2^52: a float64 of magnitude up to 2^51 added to it is rounded (half to even) to a whole number, held in the sum's low mantissa bits.</summary>
    private const double RoundingShift = 6755399441055744.0;

    /// <summary>The magnitude below which <see cref="RoundingShift"/> rounds and converts exactly.</summary>
    private const double RoundingShiftLimit = 2251799813685248.0;

    /// <summary>
    /// Integer-valued doubles of magnitude below 2^63 as int64, exactly. AVX-512 converts in one instruction; without
    /// it, <see cref="Vector256.ConvertToInt64(Vector256{double})"/> is emulated one lane at a time (measured: moving a
    /// row between the k-means sums took 6× longer on AVX2 than on AVX-512), so on AVX2 the mantissa is shifted into
    /// place by the exponent with two variable shifts, and the sign applied.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<long> ToInt64Exact(Vector256<double> x)
    {
        if (Avx512DQ.VL.IsSupported)
        {
            return Avx512DQ.VL.ConvertToVector256Int64(x);
        }

        if (!Avx2.IsSupported)
        {
            return Vector256.ConvertToInt64(x);
        }

        // Below 2^51, adding 1.5·2^52 (exact for whole numbers) puts the value in the mantissa bits: one addition.
        if (Vector256.LessThanAll(Vector256.Abs(x), Vector256.Create(RoundingShiftLimit)))
        {
            Vector256<double> shift = Vector256.Create(RoundingShift);
            return (x + shift).AsInt64() - shift.AsInt64();
        }

        Vector256<long> bits = x.AsInt64();
        Vector256<long> negative = Vector256.LessThan(x, Vector256<double>.Zero).AsInt64();
        Vector256<long> exponent = (Vector256.ShiftRightLogical(bits, 52) & Vector256.Create(0x7FFL)) - Vector256.Create(1075L);
        Vector256<long> mantissa = (bits & Vector256.Create(0xF_FFFF_FFFF_FFFFL)) | Vector256.Create(1L << 52);

        // A negative count is a huge unsigned one, which shifts everything out: one of the two shifts is zero (both
        // are the mantissa itself when the exponent is 0). Zero has exponent −1075: both shifts give 0.
        Vector256<long> magnitude = Avx2.ShiftLeftLogicalVariable(mantissa, exponent.AsUInt64())
            | Avx2.ShiftRightLogicalVariable(mantissa, (-exponent).AsUInt64());
        return (magnitude ^ negative) - negative;
    }

    /// <summary>
    /// <paramref name="value"/> (an already scaled fixed-point value, at most 2^93) as two int64 limbs: high · 2^32 +
    /// low. Both steps are exact: the high part is an integer-valued double, and the remainder is at most 2^31.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (long High, long Low) Split(double value)
    {
        double high = Math.Round(value * (1.0 / (1L << LowBits)));
        return ((long)high, (long)Math.Round(value - (high * (1L << LowBits))));
    }

    /// <summary>The float64 value of two summed limbs (within two roundings).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Join(long high, long low) => ((double)high * (1L << LowBits)) + low;

    /// <summary><c>sum += (x − mean)²</c> element-wise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddSquaredDifference(Span<double> sum, ReadOnlySpan<double> x, ReadOnlySpan<double> mean)
    {
        int n = x.Length;
        ref double sr = ref MemoryMarshal.GetReference(sum);
        ref double xr = ref MemoryMarshal.GetReference(x);
        ref double mr = ref MemoryMarshal.GetReference(mean);
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; j + 4 <= n; j += 4)
            {
                Vector256<double> diff = Vector256.LoadUnsafe(ref xr, (nuint)j) - Vector256.LoadUnsafe(ref mr, (nuint)j);
                (Vector256.LoadUnsafe(ref sr, (nuint)j) + (diff * diff)).StoreUnsafe(ref sr, (nuint)j);
            }
        }

        for (; j < n; j++)
        {
            double diff = Unsafe.Add(ref xr, j) - Unsafe.Add(ref mr, j);
            Unsafe.Add(ref sr, j) += diff * diff;
        }
    }

    /// <summary>Four values of a float64 or float32 row from <paramref name="j"/> on, as float64.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> LoadAsDouble<T>(ref double xd, ref float xf, int j)
        => typeof(T) == typeof(double)
            ? Vector256.LoadUnsafe(ref xd, (nuint)j)
            : Vector256.WidenLower(Vector128.LoadUnsafe(ref xf, (nuint)j).ToVector256Unsafe());

    private static NotSupportedException UnsupportedRow<T>() => new($"Rows of {typeof(T).Name} are not supported.");
}
