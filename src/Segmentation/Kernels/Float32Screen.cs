using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Segmentation.Kernels;

/// <summary>
/// float64 rows packed as float32 tiles for screening: the float32 kernel streams half the bytes of the float64 one,
/// and a row whose float32 winner leads the runner-up by more than both kernels' rounding error bound has, provably,
/// the same nearest center as the float64 kernel would give it. Only the rows closer to a tie than that are scored
/// again in float64 (<see cref="LloydStep.AssignScreened"/>), so the labels are exactly those of the float64 kernel.
/// </summary>
/// <remarks>
/// The rows are shifted by the column means and scaled by a power of two before rounding, so that float32 keeps the
/// digits that tell the rows apart (data far from the origin) and neither overflows nor underflows (very large or
/// very small features). Shifting every row and center by the same vector changes each row's scores by one constant,
/// so the nearest center is the same. Per tile, the largest norm of its rows (shifted and raw) bounds the error.
/// </remarks>
internal sealed class Float32Screen : IDisposable
{
    private readonly float[] _array;
    private bool _disposed;

    private Float32Screen(float[] array, ArraySegment<float> tiles, double[] scaledNorms, double[] rawNorms, double[] origin, double scale, int width)
    {
        _array = array;
        Tiles = tiles;
        ScaledNorms = scaledNorms;
        RawNorms = rawNorms;
        Origin = origin;
        Scale = scale;
        Width = width;
    }

    /// <summary>The rows as float32 <c>(x − origin) · scale</c>, packed like <see cref="DistanceKernels.PackTiles{T}"/>.</summary>
    public ArraySegment<float> Tiles { get; }

    /// <summary>Per tile, the largest <c>||x̃||</c> of its float32 rows.</summary>
    public double[] ScaledNorms { get; }

    /// <summary>Per tile, the largest <c>||x · scale||</c> of its float64 rows (scaled before squaring, so that tiny rows do not underflow to zero).</summary>
    public double[] RawNorms { get; }

    public double[] Origin { get; }

    /// <summary>The power of two the shifted rows are multiplied by before rounding to float32.</summary>
    public double Scale { get; }

    /// <summary>Rows per tile.</summary>
    public int Width { get; }

    /// <summary>
    /// Packs <paramref name="n"/> rows, chunk by chunk in parallel (every chunk starts on a tile boundary). The scale
    /// brings <paramref name="spread"/> (the root of the total variance) near 1.
    /// </summary>
    public static Float32Screen Create(
        double[] points, int n, int d, double[] origin, double spread, int chunkSize, ParallelOptions parallel, KernelPath path)
    {
        int w = DistanceKernels.Width<float>(path);
        if (chunkSize % w != 0)
        {
            throw new ArgumentException("Chunks must start on a tile boundary.", nameof(chunkSize));
        }

        // Within 2^±1000, so that the scale and its square times float64's smallest values stay representable.
        double scale = spread > 0 && double.IsFinite(spread) ? Math.ScaleB(1, Math.Clamp(-Math.ILogB(spread), -1000, 1000)) : 1;
        int tileCount = (n + w - 1) / w;
        int length = tileCount * w * d;
        const int Slack = 64 / sizeof(float);
        float[] array = ArrayPool<float>.Shared.Rent(length + Slack);
        var tiles = new ArraySegment<float>(array, DistanceKernels.AlignedStart(array), length);
        var scaledNorms = new double[tileCount];
        var rawNorms = new double[tileCount];
        int chunks = (n + chunkSize - 1) / chunkSize;
        Parallel.For(0, chunks, parallel, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (chunk) =>
        {
            // A tile's rows are converted row-major, then packed by the same transposing copy as the float64 tiles.
            float[]? rented = null;
            Span<float> rows = w * d <= DistanceKernels.StackTileElements ? stackalloc float[DistanceKernels.StackTileElements] : (rented = ArrayPool<float>.Shared.Rent(w * d));
            int end = Math.Min(n, (chunk + 1) * chunkSize);
            for (int start = chunk * chunkSize; start < end; start += w)
            {
                int lanes = Math.Min(w, end - start);
                double maxShifted = 0;
                double maxRaw = 0;
                for (int lane = 0; lane < lanes; lane++)
                {
                    (double shifted, double raw) = Convert(points.AsSpan((start + lane) * d, d), origin, scale, rows.Slice(lane * d, d));
                    maxShifted = Math.Max(maxShifted, shifted);
                    maxRaw = Math.Max(maxRaw, raw);
                }

                DistanceKernels.Pack<float>(rows, d, [], 0, lanes, w, tiles.AsSpan(start * d, w * d));

                // Upper bounds: the float32 values are the shifted ones rounded, each within a relative 2^-24, and a
                // float64 sum of d squares is within a relative d·2^-53.
                scaledNorms[start / w] = Math.Sqrt(maxShifted) * (1 + Math.ScaleB(1, -22) + NormRounding(d));
                rawNorms[start / w] = Math.Sqrt(maxRaw) * (1 + NormRounding(d));
            }

            if (rented is not null)
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        });
        return new Float32Screen(array, tiles, scaledNorms, rawNorms, origin, scale, w);
    }

    /// <summary>
    /// One row as float32 <c>(x − origin) · scale</c> into <paramref name="target"/>; returns the squared norms of the
    /// shifted, scaled row before rounding and of the raw row times the scale.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (double Shifted, double Raw) Convert(ReadOnlySpan<double> row, ReadOnlySpan<double> origin, double scale, Span<float> target)
    {
        int d = row.Length;
        int j = 0;
        double shifted = 0;
        double raw = 0;
        if (Vector256.IsHardwareAccelerated && d >= 8)
        {
            ref double rowRef = ref MemoryMarshal.GetReference(row);
            ref double originRef = ref MemoryMarshal.GetReference(origin);
            ref float targetRef = ref MemoryMarshal.GetReference(target);
            Vector256<double> scales = Vector256.Create(scale);
            Vector256<double> shiftedSum = Vector256<double>.Zero;
            Vector256<double> rawSum = Vector256<double>.Zero;
            for (; j + 8 <= d; j += 8)
            {
                Vector256<double> a = Vector256.LoadUnsafe(ref rowRef, (nuint)j);
                Vector256<double> b = Vector256.LoadUnsafe(ref rowRef, (nuint)(j + 4));
                Vector256<double> shiftedA = (a - Vector256.LoadUnsafe(ref originRef, (nuint)j)) * scales;
                Vector256<double> shiftedB = (b - Vector256.LoadUnsafe(ref originRef, (nuint)(j + 4))) * scales;

                // Rounds to nearest, as the scalar cast and CenterPanel do.
                Vector256.Narrow(shiftedA, shiftedB).StoreUnsafe(ref targetRef, (nuint)j);
                shiftedSum += (shiftedA * shiftedA) + (shiftedB * shiftedB);
                a *= scales;
                b *= scales;
                rawSum += (a * a) + (b * b);
            }

            shifted = Vector256.Sum(shiftedSum);
            raw = Vector256.Sum(rawSum);
        }

        for (; j < d; j++)
        {
            double value = (row[j] - origin[j]) * scale;
            target[j] = (float)value;
            shifted += value * value;
            double scaled = row[j] * scale;
            raw += scaled * scaled;
        }

        return (shifted, raw);
    }

    /// <summary>The largest <c>||c · scale||</c> of the float64 centers (k × d), for <see cref="Thresholds"/>.</summary>
    public double CenterNorm(ReadOnlySpan<double> centers, int d)
    {
        double max = 0;
        for (int start = 0; start + d <= centers.Length; start += d)
        {
            double sum = 0;
            foreach (double value in centers.Slice(start, d))
            {
                sum += value * Scale * (value * Scale);
            }

            max = Math.Max(max, sum);
        }

        return Math.Sqrt(max) * (1 + NormRounding(d));
    }

    /// <summary>The relative rounding of a norm computed from d squares in float64, over-estimated.</summary>
    private static double NormRounding(int d) => (d + 2) * Math.ScaleB(1, -52);

    /// <summary>The centers shifted and scaled as the rows are, for the float32 kernel.</summary>
    public CenterPanel<float> Panel(ReadOnlySpan<double> centers, int d) => CenterPanel<float>.Create(centers, d, Origin, Scale);

    /// <summary>
    /// For the tiles from <paramref name="firstTile"/> on, the score lead above which the float32 winner is certainly the
    /// float64 kernel's winner: twice the sum of both kernels' error bounds, in the float32 scores' units.
    /// </summary>
    /// <remarks>
    /// A score <c>||c||² − 2x·c</c> computed with a chain of d fused (or unfused: two roundings each) multiply-adds
    /// from rounded inputs is within <c>γ · (||c||² + 2 ||x|| ||c||)</c> of the exact value; γ is taken as (2d + 6)
    /// units of rounding for float32 (of the shifted, scaled values) and (3d + 6) for float64 (of the raw ones, whose
    /// <c>||c||²</c> is itself a float64 sum of d squares). If the float32 lead exceeds twice both, every other
    /// center's float64 score is strictly larger than the winner's. Absolute terms cover each type's underflow, and
    /// the 1% margin the float64 rounding of the norms. A lead of exactly zero (a tie) is never certain. NaN scores
    /// drop out of the kernel's min and max, so they are kept out another way: a NaN or infinite center norm makes
    /// every threshold infinite.
    /// </remarks>
    /// <param name="firstTile">The first tile (row / <see cref="Width"/>).</param>
    /// <param name="screen">The float32 centers from <see cref="Panel"/>.</param>
    /// <param name="centerNorm">The float64 centers' <see cref="CenterNorm"/>.</param>
    /// <param name="d">d.</param>
    /// <param name="thresholds">One per tile, rounded up to float32 (infinite when the bound is out of float32's range).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Thresholds(int firstTile, CenterPanel<float> screen, double centerNorm, int d, Span<float> thresholds)
    {
        double gamma32 = ((2 * d) + 6) * Math.ScaleB(1, -24);
        double gamma64 = ((3 * d) + 6) * Math.ScaleB(1, -53);
        double c32 = Math.Sqrt(screen.MaxNorm);

        // The float64 norms are in the float32 scores' units (scaled before squaring, so that neither overflows nor
        // underflows); float64's own underflow is at most 2^-1074 per operation, times scale². The absolute term for
        // float32's underflow also keeps every threshold a normal float32, so that rounding it up below is exact.
        double c64 = centerNorm;
        double tiny = Scale * Math.ScaleB(1, -537);
        double underflow32 = ((4 * d) + 8) * Math.ScaleB(1, -120);

        // Twice the bound, with a 1% margin, is linear in the tile's two norms: a + b·x32 + c·x64.
        const double Factor = 2 * 1.01;
        double a = Factor * ((gamma32 * c32 * c32) + (gamma64 * c64 * c64) + (underflow32 * (1 + c32)) + (((3 * d) + 6) * tiny * tiny));
        double b = Factor * ((2 * gamma32 * c32) + underflow32);
        double c = Factor * 2 * gamma64 * c64;

        // Scores near float32's overflow could round to infinity and fake a lead: tiles whose scores may reach 2^120
        // (||c||² + 2||x|| ||c||) are never screened, nor are any when the centers themselves are that large.
        double limit = c32 * c32 >= Math.ScaleB(1, 120) || !double.IsFinite(a) ? 0
            : c32 > 0 ? (Math.ScaleB(1, 120) - (c32 * c32)) / (2 * c32)
            : double.PositiveInfinity;
        const double RoundUp = 1 + (1.0 / (1 << 20));
        ReadOnlySpan<double> scaledNorms = ScaledNorms.AsSpan(firstTile, thresholds.Length);
        ReadOnlySpan<double> rawNorms = RawNorms.AsSpan(firstTile, thresholds.Length);
        int t = 0;
        if (Vector256.IsHardwareAccelerated && Avx.IsSupported)
        {
            // Four tiles at a time, the same float64 operations in the same order (no fused multiply-add) and the same
            // rounding to float32 (vcvtpd2ps rounds to nearest, as the cast does): the same thresholds. A tile is two
            // multiply-adds, so the per-tile overhead of the scalar loop was most of it (1.5% of an AVX2 fit).
            ref double scaledRef = ref MemoryMarshal.GetReference(scaledNorms);
            ref double rawRef = ref MemoryMarshal.GetReference(rawNorms);
            ref float thresholdRef = ref MemoryMarshal.GetReference(thresholds);
            Vector256<double> first = Vector256.Create(a);
            Vector256<double> perScaled = Vector256.Create(b);
            Vector256<double> perRaw = Vector256.Create(c);
            Vector256<double> below = Vector256.Create(limit);
            Vector256<double> roundUp = Vector256.Create(RoundUp);
            Vector256<double> never = Vector256.Create(double.PositiveInfinity);
            for (; t + 4 <= thresholds.Length; t += 4)
            {
                Vector256<double> x32 = Vector256.LoadUnsafe(ref scaledRef, (nuint)t);
                Vector256<double> bound = (first + (perScaled * x32) + (perRaw * Vector256.LoadUnsafe(ref rawRef, (nuint)t))) * roundUp;
                Avx.ConvertToVector128Single(Vector256.ConditionalSelect(Vector256.LessThan(x32, below), bound, never)).StoreUnsafe(ref thresholdRef, (nuint)t);
            }
        }

        for (; t < thresholds.Length; t++)
        {
            double x32 = scaledNorms[t];
            thresholds[t] = x32 < limit ? (float)((a + (b * x32) + (c * rawNorms[t])) * RoundUp) : float.PositiveInfinity;
        }
    }

    public void Dispose()
    {
        // Once only: a second return would hand the array to two renters.
        if (!_disposed)
        {
            _disposed = true;
            ArrayPool<float>.Shared.Return(_array);
        }
    }
}
