using System.Buffers;
using System.Runtime.CompilerServices;

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

    /// <summary>Per tile, the largest <c>||x||</c> of its float64 rows.</summary>
    public double[] RawNorms { get; }

    public double[] Origin { get; }

    /// <summary>A power of two: the float32 values are exactly <c>scale</c> times the rounded shifted values' scale.</summary>
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

        double scale = spread > 0 && double.IsFinite(spread) ? Math.ScaleB(1, -Math.ILogB(spread)) : 1;
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
            int end = Math.Min(n, (chunk + 1) * chunkSize);
            for (int start = chunk * chunkSize; start < end; start += w)
            {
                int lanes = Math.Min(w, end - start);
                Span<float> tile = tiles.AsSpan(start * d, w * d);
                if (lanes < w)
                {
                    tile.Clear();
                }

                double maxScaled = 0;
                double maxRaw = 0;
                for (int lane = 0; lane < lanes; lane++)
                {
                    ReadOnlySpan<double> row = points.AsSpan((start + lane) * d, d);
                    double scaled = 0;
                    double raw = 0;
                    for (int j = 0; j < d; j++)
                    {
                        float value = (float)((row[j] - origin[j]) * scale);
                        tile[(j * w) + lane] = value;
                        scaled += (double)value * value;
                        raw += row[j] * row[j];
                    }

                    maxScaled = Math.Max(maxScaled, scaled);
                    maxRaw = Math.Max(maxRaw, raw);
                }

                scaledNorms[start / w] = Math.Sqrt(maxScaled);
                rawNorms[start / w] = Math.Sqrt(maxRaw);
            }
        });
        return new Float32Screen(array, tiles, scaledNorms, rawNorms, origin, scale, w);
    }

    /// <summary>The centers shifted and scaled as the rows are, for the float32 kernel.</summary>
    public CenterPanel<float> Panel(ReadOnlySpan<double> centers, int d) => CenterPanel<float>.Create(centers, d, Origin, Scale);

    /// <summary>
    /// For the tiles from <paramref name="firstTile"/> on, the score lead above which the float32 winner is certainly the
    /// float64 kernel's winner: twice the sum of both kernels' error bounds, in the float32 scores' units.
    /// </summary>
    /// <remarks>
    /// A score <c>||c||² − 2x·c</c> computed with a chain of d fused (or unfused: two roundings each) multiply-adds
    /// from rounded inputs is within <c>γ · (||c||² + 2 ||x|| ||c||)</c> of the exact value, with γ about (2d + 4)
    /// units of rounding; float32 (of the shifted, scaled values) and float64 (of the raw ones) each have such an error.
    /// If the float32 lead exceeds twice both, every other center's float64 score is strictly larger than the
    /// winner's. A small absolute term covers float32 values that underflow. A lead of exactly zero (a tie) is never
    /// certain, nor is a NaN one.
    /// </remarks>
    /// <param name="firstTile">The first tile (row / <see cref="Width"/>).</param>
    /// <param name="screen">The float32 centers from <see cref="Panel"/>.</param>
    /// <param name="rawCenterNorm">The largest <c>||c||</c> of the float64 centers.</param>
    /// <param name="d">d.</param>
    /// <param name="thresholds">One per tile, rounded up to float32 (infinite when the bound is out of float32's range).</param>
    public void Thresholds(int firstTile, CenterPanel<float> screen, double rawCenterNorm, int d, Span<float> thresholds)
    {
        const double Safety = 1.01;
        double gamma32 = ((2 * d) + 6) * Math.ScaleB(1, -24);
        double gamma64 = ((3 * d) + 6) * Math.ScaleB(1, -53);
        double c32 = Math.Sqrt(screen.MaxNorm);
        double absolute = ((4 * d) + 8) * Math.ScaleB(1, -140) * (1 + c32);
        double scaleSquared = Scale * Scale;
        for (int t = 0; t < thresholds.Length; t++)
        {
            double x32 = ScaledNorms[firstTile + t];
            double x64 = RawNorms[firstTile + t];
            double bound = (gamma32 * ((c32 * c32) + (2 * c32 * x32))) + (scaleSquared * gamma64 * ((rawCenterNorm * rawCenterNorm) + (2 * rawCenterNorm * x64)));
            double threshold = Safety * ((2 * bound) + absolute + (absolute * x32));
            float rounded = (float)threshold;
            thresholds[t] = !(threshold < float.MaxValue) ? float.PositiveInfinity : rounded < threshold ? MathF.BitIncrement(rounded) : rounded;
        }
    }

    public void Dispose() => ArrayPool<float>.Shared.Return(_array);
}
