using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Segmentation.Kernels;

namespace Segmentation.Clustering.KMeans;

/// <summary>
/// The points as the k-means solver sees them: in the kernel's element type, relative to <see cref="Origin"/>, split
/// into fixed-size chunks. The chunk size depends only on n, k and d, never on the thread count, which is what
/// makes results identical for any number of threads.
/// </summary>
/// <remarks>
/// The buffers this class makes (the float32 copy, the packed tiles) are as large as the data, so they are rented from
/// <see cref="ArrayPool{T}"/> and returned on <see cref="Dispose"/>: a fresh array of that size costs more in page
/// faults than several iterations (measured: 360 ms for 128 MB on the benchmark machine), and repeated fits are the
/// common case (restarts, choosing k, retrains). Buffers of at least <see cref="LargeBufferLength"/> elements are not
/// pooled but kept in one weakly held spare: <see cref="ArrayPool{T}.Shared"/> keeps what it is given for the life of
/// the process (a 134 MB float32 copy at a million customers, live to the end of `segment run`), while the spare is
/// reused by back-to-back fits and dropped by the next full collection.
/// </remarks>
internal sealed class KMeansData<T> : IDisposable
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private const int MinChunkSize = 4096;
    private const int LargeBufferLength = 1 << 22;

    private static WeakReference<T[]>? s_largeSpare;

    private readonly Lazy<(double[] Norms, double Max)> _norms;
    private ArraySegment<T>? _tiles;
    private Float32Screen? _screen;
    private readonly double[] _columnMeans;
    private readonly Lazy<(double[] Columns, double Weight, double SquaredNorm)> _fixedPointScales;
    private readonly bool _pointsRented;
    private bool _disposed;

    private KMeansData(T[] points, bool pointsRented, int n, int d, double[]? weights, double[] origin, double[] columnMeans, int chunkSize, ParallelOptions parallel, double[]? absoluteSums = null)
    {
        _columnMeans = columnMeans;
        Points = points;
        _pointsRented = pointsRented;
        N = n;
        D = d;
        Weights = weights;
        Origin = origin;
        ChunkSize = chunkSize;
        ChunkCount = (n + chunkSize - 1) / chunkSize;
        Parallel = parallel;
        _norms = new Lazy<(double[], double)>(ComputeSquaredNorms);
        _fixedPointScales = new Lazy<(double[], double, double)>(() => FixedPointScalesFrom(absoluteSums ?? AbsoluteSums()));
    }

    /// <summary>n × d values, row-major (the array may be longer).</summary>
    public T[] Points { get; }

    /// <summary>
    /// The same values packed once for the kernels (see <see cref="DistanceKernels.PackTiles{T}"/>): tile after tile
    /// of <see cref="DistanceKernels.Width{T}"/> rows each, the rows of chunk c starting at element
    /// <c>c · ChunkSize · D</c>. Packed on first use, on the calling thread (the lazy packing is not thread-safe): for
    /// float32 data, by k-means++ and Lloyd; float64 data uses <see cref="Screen"/> instead (k-means++ always, Lloyd
    /// unless screening is turned off). Every
    /// tile starts on a 64-byte boundary, so that no register load straddles two cache lines (about 10% of a
    /// one-thread Lloyd step in the `breakdown` harness; within the noise of whole fits).
    /// </summary>
    public ArraySegment<T> Tiles => _tiles ??= PackTiles();

    /// <summary>
    /// For float64 data, the rows packed as float32 tiles for screening (<see cref="Float32Screen"/>), relative to the
    /// column means: k-means++ and Lloyd stream these instead of <see cref="Tiles"/>, half the size. Packed on first
    /// use, on the calling thread (not thread-safe).
    /// </summary>
    public Float32Screen Screen => _screen ??= Float32Screen.Create(
        (double[])(object)Points, N, D, _columnMeans, Math.Sqrt(MeanFeatureVariance * D), ChunkSize, Parallel, Path);

    public int N { get; }

    public int D { get; }

    /// <summary>Row weights, or <see langword="null"/> when every row weighs 1.</summary>
    public double[]? Weights { get; }

    /// <summary>Subtracted from every point (zero for float64, the column means for float32).</summary>
    public double[] Origin { get; }

    public int ChunkSize { get; }

    public int ChunkCount { get; }

    public ParallelOptions Parallel { get; }

    /// <summary>The column means of the original data.</summary>
    public IReadOnlyList<double> ColumnMeans => _columnMeans;

    /// <summary>The mean of the column variances of the original data: scikit-learn's scale for the tolerance.</summary>
    public double MeanFeatureVariance { get; private init; }

    public KernelPath Path { get; } = DistanceKernels.BestPath;

    /// <summary>The largest <c>||x||²</c>, for the kernel's rounding-error bound.</summary>
    public double MaxSquaredNorm => _norms.Value.Max;

    /// <summary>
    /// <c>||x||²</c> of every point (float64), turning a kernel score into a distance without touching the row again.
    /// Computed on first use: plain Lloyd never needs them.
    /// </summary>
    public double[] SquaredNorms => _norms.Value.Norms;

    /// <summary>
    /// The powers of two that turn <c>w · x</c> into the two-limb int64 values of <see cref="KMeansSums{T}"/>: per
    /// column, the largest with <c>Σ w·|x| · scale ≤ 2^93</c>, so no sum of any subset of the rows can overflow
    /// either limb; the same for the weights and for <c>w · ||x||²</c>.
    /// </summary>
    public (double[] Columns, double Weight, double SquaredNorm) FixedPointScales => _fixedPointScales.Value;

    /// <summary>The unit rounding error of <typeparamref name="T"/>.</summary>
    public static double Epsilon => typeof(T) == typeof(float) ? 5.9604644775390625E-08 : 1.1102230246251565E-16;

    // The per-row helpers are inlined into the fully optimised loops that call them: a call into tiered code per row
    // costs a fit's first runs tens of milliseconds.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Weight(int row) => Weights is null ? 1.0 : Weights[row];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<T> Row(int row) => Points.AsSpan(row * D, D);

    /// <summary>The rows of chunk <paramref name="chunk"/>: [start, end).</summary>
    public (int Start, int End) Chunk(int chunk) => (chunk * ChunkSize, Math.Min(N, (chunk + 1) * ChunkSize));

    public static KMeansData<T> Create(FeatureMatrix data, int k, int maxDegreeOfParallelism, CancellationToken cancellationToken)
    {
        int n = data.RowCount;
        int d = data.ColumnCount;

        int chunkSize = ChunkSizeFor(k);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = cancellationToken };
        // float64 points are the data itself, so the pass over the moments also sums what the fixed-point scales need.
        bool pointsAreData = typeof(T) == typeof(double);
        (double[] means, double meanVariance, double[]? absoluteSums) = ColumnMoments(data.ValuesArray, n, d, chunkSize, parallel, pointsAreData, data.WeightsArray);
        double[] origin = new double[d];
        T[] points;
        if (typeof(T) == typeof(double))
        {
            points = (T[])(object)data.ValuesArray;
        }
        else
        {
            // Relative to the column means, float32 keeps the digits that distinguish the points.
            double[] values = data.ValuesArray;
            origin = means;
            points = RentBuffer(values.Length);
            float[] target = (float[])(object)points;
            System.Threading.Tasks.Parallel.For(0, (n + MinChunkSize - 1) / MinChunkSize, parallel, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (chunk) =>
            {
                int end = Math.Min(n, (chunk + 1) * MinChunkSize);
                for (int i = chunk * MinChunkSize; i < end; i++)
                {
                    RowOps.SubtractToSingle(values.AsSpan(i * d, d), origin, target.AsSpan(i * d, d));
                }
            });
        }

        return new KMeansData<T>(points, typeof(T) != typeof(double), n, d, data.WeightsArray, origin, means, chunkSize, parallel, absoluteSums) { MeanFeatureVariance = meanVariance };
    }

    /// <summary>
    /// The rows per chunk of a fit of <paramref name="k"/> centers: the sums keep two int64 limbs per center value,
    /// weight and squared norm in every chunk, chunks × k·(2d + 4) values, so chunks of at least 4(k + 2) rows keep them
    /// at no more than about half the data.
    /// </summary>
    public static int ChunkSizeFor(int k) => (Math.Max(MinChunkSize, 4 * (k + 2)) + 63) / 64 * 64;

    /// <summary>
    /// The column means and the mean of the column variances (unweighted, as scikit-learn's tolerance scale), in one
    /// parallel read: each chunk's mean and sum of squared deviations come from two passes over the chunk while it is
    /// in cache, and the chunks are merged in order with Chan's pairwise update (stable, and thread-count independent).
    /// </summary>
    private static (double[] Means, double MeanVariance, double[]? AbsoluteSums) ColumnMoments(
        double[] values, int n, int d, int chunkSize, ParallelOptions parallel, bool withAbsoluteSums, double[]? weights)
    {
        int chunks = (n + chunkSize - 1) / chunkSize;
        var partial = new double[chunks * 2 * d];
        double[]? absoluteSums = withAbsoluteSums ? new double[chunks * (d + 1)] : null;
        System.Threading.Tasks.Parallel.For(0, chunks, parallel, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (chunk) =>
        {
            int start = chunk * chunkSize;
            int end = Math.Min(n, start + chunkSize);
            Span<double> mean = partial.AsSpan(chunk * 2 * d, d);
            Span<double> squares = partial.AsSpan((chunk * 2 * d) + d, d);
            for (int i = start; i < end; i++)
            {
                RowOps.AddScaled(mean, values.AsSpan(i * d, d), 1.0);
            }

            if (absoluteSums is not null)
            {
                // The same sums, in the same order, as AbsoluteSums makes in a pass of its own.
                AddAbsoluteSums(values.AsSpan(start * d, (end - start) * d), d, weights is null ? default : weights.AsSpan(start, end - start), absoluteSums.AsSpan(chunk * (d + 1), d + 1));
            }

            for (int j = 0; j < d; j++)
            {
                mean[j] /= end - start;
            }

            for (int i = start; i < end; i++)
            {
                RowOps.AddSquaredDifference(squares, values.AsSpan(i * d, d), mean);
            }
        });

        var means = new double[d];
        var total = new double[d];
        double count = 0;
        for (int chunk = 0; chunk < chunks; chunk++)
        {
            double size = Math.Min(n, (chunk + 1) * chunkSize) - (chunk * chunkSize);
            double merged = count + size;
            for (int j = 0; j < d; j++)
            {
                double delta = partial[(chunk * 2 * d) + j] - means[j];
                means[j] += delta * size / merged;
                total[j] += partial[(chunk * 2 * d) + d + j] + (delta * delta * count * size / merged);
            }

            count = merged;
        }

        return (means, total.Sum() / n / d, absoluteSums);
    }

    /// <summary><c>||x||²</c> in float64.</summary>
    public static double SquaredNorm(ReadOnlySpan<T> x)
    {
        double sum = 0;
        foreach (T value in x)
        {
            double v = double.CreateTruncating(value);
            sum += v * v;
        }

        return sum;
    }

    /// <summary>Returns the rented buffers to the pool (once); the instance must not be used afterwards.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_pointsRented)
        {
            ReturnBuffer(Points);
        }

        if (_tiles is { } tiles)
        {
            ReturnBuffer(tiles.Array!);
        }

        _screen?.Dispose();
    }

    private static T[] RentBuffer(int length)
    {
        if (length < LargeBufferLength)
        {
            return ArrayPool<T>.Shared.Rent(length);
        }

        if (Interlocked.Exchange(ref s_largeSpare, null) is { } spare && spare.TryGetTarget(out T[]? array) && array.Length >= length)
        {
            return array;
        }

        return GC.AllocateUninitializedArray<T>(length);
    }

    private static void ReturnBuffer(T[] array)
    {
        if (array.Length < LargeBufferLength)
        {
            ArrayPool<T>.Shared.Return(array);
            return;
        }

        // One spare is enough for one fit at a time; a larger one is kept over a smaller one.
        WeakReference<T[]>? current = Volatile.Read(ref s_largeSpare);
        if (current is null || !current.TryGetTarget(out T[]? kept) || kept.Length < array.Length)
        {
            Volatile.Write(ref s_largeSpare, new WeakReference<T[]>(array));
        }
    }

    private unsafe ArraySegment<T> PackTiles()
    {
        int w = DistanceKernels.Width<T>(Path);
        int length = (N + w - 1) / w * w * D;
        int slack = 64 / sizeof(T);
        T[] array = RentBuffer(length + slack);
        var tiles = new ArraySegment<T>(array, DistanceKernels.AlignedStart(array), length);
        System.Threading.Tasks.Parallel.For(0, ChunkCount, Parallel, chunk =>
        {
            (int start, int end) = Chunk(chunk);
            DistanceKernels.PackTiles<T>(Points.AsSpan(start * D, (end - start) * D), D, tiles.AsSpan(start * D), Path);
        });
        return tiles;
    }

    /// <summary>Per chunk, Σ w·|x| per column, then Σ w·||x||² (d + 1 values per chunk), in a pass of their own.</summary>
    private double[] AbsoluteSums()
    {
        int stride = D + 1;
        var partial = new double[ChunkCount * stride];
        System.Threading.Tasks.Parallel.For(0, ChunkCount, Parallel, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (chunk) =>
        {
            (int start, int end) = Chunk(chunk);
            AddAbsoluteSums(Points.AsSpan(start * D, (end - start) * D), D, Weights is null ? default : Weights.AsSpan(start, end - start), partial.AsSpan(chunk * stride, stride));
        });
        return partial;
    }

    /// <summary>One chunk's Σ w·|x| per column into <paramref name="target"/>[..d] and Σ w·||x||² into <paramref name="target"/>[d].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddAbsoluteSums<TRow>(ReadOnlySpan<TRow> rows, int d, ReadOnlySpan<double> weights, Span<double> target)
        where TRow : unmanaged
    {
        Span<double> total = target[..d];
        double squares = 0;
        int count = d == 0 ? 0 : rows.Length / d;
        for (int i = 0; i < count; i++)
        {
            double w = weights.IsEmpty ? 1.0 : weights[i];
            squares += w * RowOps.AddScaledAbsolute(total, rows.Slice(i * d, d), w);
        }

        target[d] = squares;
    }

    private (double[] Columns, double Weight, double SquaredNorm) FixedPointScalesFrom(double[] partial)
    {
        int stride = D + 1;
        var columns = new double[D];
        for (int j = 0; j < D; j++)
        {
            double bound = 0;
            for (int chunk = 0; chunk < ChunkCount; chunk++)
            {
                bound += partial[(chunk * stride) + j];
            }

            if (double.IsInfinity(bound))
            {
                throw new ArgumentException(
                    $"Feature column {j} (0-based) is too large for k-means: the sum of its absolute values over all rows exceeds the float64 range, so no center could be computed. Rescale it (standardize or log-transform) first.");
            }

            columns[j] = FixedPointScale(bound);
        }

        double weight = 1;
        if (Weights is not null)
        {
            double total = 0;
            foreach (double w in Weights.AsSpan(0, N))
            {
                total += w;
            }

            weight = FixedPointScale(total);
        }

        double squaredNorms = 0;
        for (int chunk = 0; chunk < ChunkCount; chunk++)
        {
            squaredNorms += partial[(chunk * stride) + D];
        }

        if (double.IsInfinity(squaredNorms))
        {
            throw new ArgumentException(
                "The rows are too large for k-means: the sum of their squared norms exceeds the float64 range, so no inertia could be computed. Rescale the features (standardize or log-transform) first.");
        }

        return (columns, weight, FixedPointScale(squaredNorms));
    }

    /// <summary>
    /// The largest power of two whose product with <paramref name="bound"/> is at most 2^93: the high limbs then sum
    /// to at most 2^61 (int64 holds 2^63; the factor of four covers the float64 rounding of the bound and each row's
    /// rounding), and the low limbs, each at most 2^31, cannot overflow below 2^32 rows. The scale is at most 2^1023,
    /// float64's largest power of two, so a column whose <c>Σ w·|x|</c> is below 2^-930 (about 1e-280) keeps fewer
    /// than 93 bits.
    /// </summary>
    internal static double FixedPointScale(double bound)
    {
        if (!(bound > 0))
        {
            return 1;
        }

        int exponent = 93 - (int)Math.Ceiling(Math.Log2(bound));
        return Math.ScaleB(1, Math.Min(exponent, 1023));
    }

    private (double[] Norms, double Max) ComputeSquaredNorms()
    {
        var norms = new double[N];
        var maxima = new double[ChunkCount];
        System.Threading.Tasks.Parallel.For(0, ChunkCount, Parallel, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (chunk) =>
        {
            (int start, int end) = Chunk(chunk);
            double max = 0;
            for (int i = start; i < end; i++)
            {
                norms[i] = SquaredNorm(Row(i));
                max = Math.Max(max, norms[i]);
            }

            maxima[chunk] = max;
        });
        return (norms, maxima.Length == 0 ? 0 : maxima.Max());
    }
}
