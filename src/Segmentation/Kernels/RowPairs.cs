using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Segmentation.Kernels;

/// <summary>
/// One term of a row·row reduction, <c>Σ term(a_j, b_j)</c>: the operator that <see cref="RowPairs"/>' single loop
/// driver applies on every register width.
/// </summary>
internal interface IPairTerm
{
    /// <summary><c>accumulator + term(a, b)</c>, lane-wise.</summary>
    static abstract TVec Accumulate<TVec, TOps>(TVec accumulator, TVec a, TVec b)
        where TVec : struct
        where TOps : struct, IVectorOps<double, TVec>;
}

/// <summary><c>(a − b)²</c>, with one fused multiply-add: the squared Euclidean distance.</summary>
internal readonly struct SquaredDifference : IPairTerm
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Accumulate<TVec, TOps>(TVec accumulator, TVec a, TVec b)
        where TVec : struct
        where TOps : struct, IVectorOps<double, TVec>
    {
        TVec diff = TOps.Subtract(a, b);
        return TOps.MultiplyAdd(diff, diff, accumulator);
    }
}

/// <summary><c>|a − b|</c>: the Manhattan (L1) distance.</summary>
internal readonly struct AbsoluteDifference : IPairTerm
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Accumulate<TVec, TOps>(TVec accumulator, TVec a, TVec b)
        where TVec : struct
        where TOps : struct, IVectorOps<double, TVec>
        => TOps.Add(accumulator, TOps.Abs(TOps.Subtract(a, b)));
}

/// <summary>
/// The row·row loop driver: <c>Σ term(a_j, b_j)</c> over two float64 rows of equal length, on the widest register that
/// fits, then the narrower ones on what is left (so a row of 12 takes one 512-bit and one 256-bit step on AVX-512,
/// three 256-bit steps on AVX2), then one lane at a time. Every distance between two rows goes through here.
/// </summary>
internal static class RowPairs
{
    /// <summary><c>Σ (a − b)²</c> on the best path.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SquaredDistance(ref double a, ref double b, int n) => Reduce<SquaredDifference>(ref a, ref b, n);

    /// <summary><c>Σ |a − b|</c> on the best path.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ManhattanDistance(ref double a, ref double b, int n) => Reduce<AbsoluteDifference>(ref a, ref b, n);

    /// <summary><c>Σ term(a_j, b_j)</c> over <paramref name="n"/> values, widest register first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Reduce<TTerm>(ref double a, ref double b, int n)
        where TTerm : struct, IPairTerm
    {
        int j = 0;
        double sum = 0;
        if (Vector512.IsHardwareAccelerated && n >= Vector512<double>.Count)
        {
            sum += Steps<TTerm, Vector512<double>, Vector512Ops<double>>(ref a, ref b, n, ref j);
        }

        if (Vector256.IsHardwareAccelerated && n - j >= Vector256<double>.Count)
        {
            sum += Steps<TTerm, Vector256<double>, Vector256Ops<double>>(ref a, ref b, n, ref j);
        }

        if (Vector128.IsHardwareAccelerated && n - j >= Vector128<double>.Count)
        {
            sum += Steps<TTerm, Vector128<double>, Vector128Ops<double>>(ref a, ref b, n, ref j);
        }

        return sum + Steps<TTerm, double, ScalarOps<double>>(ref a, ref b, n, ref j);
    }

    /// <summary>
    /// <c>Σ term(a_j, b_j)</c> on one given path (then one lane at a time for the tail), whether or not the hardware
    /// accelerates it: for tests, and for callers that must agree with a kernel running on that path.
    /// </summary>
    public static double Reduce<TTerm>(ReadOnlySpan<double> a, ReadOnlySpan<double> b, KernelPath path)
        where TTerm : struct, IPairTerm
    {
        if (b.Length < a.Length)
        {
            throw new ArgumentException("The second row is shorter than the first.", nameof(b));
        }

        ref double ar = ref MemoryMarshal.GetReference(a);
        ref double br = ref MemoryMarshal.GetReference(b);
        int n = a.Length;
        int j = 0;
        double sum = path switch
        {
            KernelPath.Vector512 => Steps<TTerm, Vector512<double>, Vector512Ops<double>>(ref ar, ref br, n, ref j),
            KernelPath.Vector256 => Steps<TTerm, Vector256<double>, Vector256Ops<double>>(ref ar, ref br, n, ref j),
            KernelPath.Vector128 => Steps<TTerm, Vector128<double>, Vector128Ops<double>>(ref ar, ref br, n, ref j),
            _ => 0,
        };
        return sum + Steps<TTerm, double, ScalarOps<double>>(ref ar, ref br, n, ref j);
    }

    /// <summary>The reduction of the whole registers from <paramref name="j"/> on; advances <paramref name="j"/> past them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Steps<TTerm, TVec, TOps>(ref double a, ref double b, int n, ref int j)
        where TTerm : struct, IPairTerm
        where TVec : struct
        where TOps : struct, IVectorOps<double, TVec>
    {
        int w = TOps.Count;
        int i = j;
        if (n - i < w)
        {
            return 0;
        }

        TVec acc = TOps.Broadcast(0);
        for (; i + w <= n; i += w)
        {
            acc = TTerm.Accumulate<TVec, TOps>(acc, TOps.Load(ref Unsafe.Add(ref a, i)), TOps.Load(ref Unsafe.Add(ref b, i)));
        }

        j = i;
        return TOps.Sum(acc);
    }
}
