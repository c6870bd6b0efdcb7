using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Segmentation.Kernels;

/// <summary>
/// Per-row float64 operations of the k-means update pass: the exact squared distance to the winning center (so that
/// inertia and bounds do not inherit the cancellation of <c>||c||² − 2x·c</c>) and weighted accumulation into sums.
/// </summary>
internal static class RowOps
{
    /// <summary><c>Σ (x − center)²</c> in float64, for a float64 or float32 row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SquaredDistance<T>(ReadOnlySpan<T> x, ReadOnlySpan<double> center)
        where T : unmanaged
        => typeof(T) == typeof(double) ? SquaredDistance(MemoryMarshal.Cast<T, double>(x), center)
            : typeof(T) == typeof(float) ? SquaredDistance(MemoryMarshal.Cast<T, float>(x), center)
            : throw new NotSupportedException($"Rows of {typeof(T).Name} are not supported.");

    /// <summary><c>Σ (a − b)²</c> computed directly in float64.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int n = a.Length;
        ref double ar = ref MemoryMarshal.GetReference(a);
        ref double br = ref MemoryMarshal.GetReference(b);
        int j = 0;
        double sum = 0;
        if (Vector512.IsHardwareAccelerated && n >= 8)
        {
            Vector512<double> acc = Vector512<double>.Zero;
            for (; j + 8 <= n; j += 8)
            {
                Vector512<double> diff = Vector512.LoadUnsafe(ref ar, (nuint)j) - Vector512.LoadUnsafe(ref br, (nuint)j);
                acc = Vector512.MultiplyAddEstimate(diff, diff, acc);
            }

            sum = Vector512.Sum(acc);
        }
        else if (Vector256.IsHardwareAccelerated && n >= 4)
        {
            Vector256<double> acc = Vector256<double>.Zero;
            for (; j + 4 <= n; j += 4)
            {
                Vector256<double> diff = Vector256.LoadUnsafe(ref ar, (nuint)j) - Vector256.LoadUnsafe(ref br, (nuint)j);
                acc = Vector256.MultiplyAddEstimate(diff, diff, acc);
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
            throw new NotSupportedException($"Rows of {typeof(T).Name} are not supported.");
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

    /// <summary><c>sum += (x − mean)²</c> element-wise.</summary>
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
}
