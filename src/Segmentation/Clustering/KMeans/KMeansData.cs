using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Segmentation.Kernels;

namespace Segmentation.Clustering;

/// <summary>
/// The points as the k-means solver sees them: in the kernel's element type, relative to <see cref="Origin"/>, split
/// into fixed-size chunks. The chunk size depends only on n, k and d, never on the thread count, which is what
/// makes results identical for any number of threads.
/// </summary>
internal sealed class KMeansData<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private const int MinChunkSize = 4096;

    private KMeansData(T[] points, int n, int d, double[]? weights, double[] origin, int chunkSize, ParallelOptions parallel)
    {
        Points = points;
        N = n;
        D = d;
        Weights = weights;
        Origin = origin;
        ChunkSize = chunkSize;
        ChunkCount = (n + chunkSize - 1) / chunkSize;
        Parallel = parallel;
    }

    /// <summary>n × d values, row-major.</summary>
    public T[] Points { get; }

    public int N { get; }

    public int D { get; }

    /// <summary>Row weights, or <see langword="null"/> when every row weighs 1.</summary>
    public double[]? Weights { get; }

    /// <summary>Subtracted from every point (zero for float64, the column means for float32).</summary>
    public double[] Origin { get; }

    public int ChunkSize { get; }

    public int ChunkCount { get; }

    public ParallelOptions Parallel { get; }

    public KernelPath Path { get; } = DistanceKernels.BestPath;

    /// <summary>The largest <c>||x||²</c>, for the kernel's rounding-error bound.</summary>
    public double MaxSquaredNorm { get; private set; }

    /// <summary><c>||x||²</c> of every point (float64), turning a kernel score into a distance without touching the row again.</summary>
    public double[] SquaredNorms { get; private set; } = [];

    /// <summary>The unit rounding error of <typeparamref name="T"/>.</summary>
    public static double Epsilon => typeof(T) == typeof(float) ? 5.9604644775390625E-08 : 1.1102230246251565E-16;

    public double Weight(int row) => Weights is null ? 1.0 : Weights[row];

    public ReadOnlySpan<T> Row(int row) => Points.AsSpan(row * D, D);

    /// <summary>The rows of chunk <paramref name="chunk"/>: [start, end).</summary>
    public (int Start, int End) Chunk(int chunk) => (chunk * ChunkSize, Math.Min(N, (chunk + 1) * ChunkSize));

    public static KMeansData<T> Create(FeatureMatrix data, int k, int maxDegreeOfParallelism, CancellationToken cancellationToken)
    {
        int n = data.RowCount;
        int d = data.ColumnCount;

        // Per-chunk partial sums take chunks × (k·d + k) doubles: grow the chunks so that they stay well below the data.
        int chunkSize = Math.Max(MinChunkSize, 2 * (k + 2));
        chunkSize = (chunkSize + 63) / 64 * 64;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = cancellationToken };
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
            for (int i = 0; i < n; i++)
            {
                RowOps.AddScaled(origin, values.AsSpan(i * d, d), 1.0);
            }

            for (int j = 0; j < d; j++)
            {
                origin[j] /= n;
            }

            points = new T[values.Length];
            T[] target = points;
            System.Threading.Tasks.Parallel.For(0, (n + MinChunkSize - 1) / MinChunkSize, parallel, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (chunk) =>
            {
                int end = Math.Min(n, (chunk + 1) * MinChunkSize);
                for (int i = chunk * MinChunkSize; i < end; i++)
                {
                    for (int j = 0; j < d; j++)
                    {
                        target[(i * d) + j] = T.CreateTruncating(values[(i * d) + j] - origin[j]);
                    }
                }
            });
        }

        var result = new KMeansData<T>(points, n, d, data.WeightsArray, origin, chunkSize, parallel);
        result.SquaredNorms = new double[n];
        result.MaxSquaredNorm = result.ComputeSquaredNorms();
        return result;
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

    /// <summary>The exact float64 squared distance from a point to a float64 center.</summary>
    public static double SquaredDistance(ReadOnlySpan<T> x, ReadOnlySpan<double> center)
        => typeof(T) == typeof(double)
            ? RowOps.SquaredDistance(MemoryMarshal.Cast<T, double>(x), center)
            : RowOps.SquaredDistance(MemoryMarshal.Cast<T, float>(x), center);

    private double ComputeSquaredNorms()
    {
        var maxima = new double[ChunkCount];
        System.Threading.Tasks.Parallel.For(0, ChunkCount, Parallel, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (chunk) =>
        {
            (int start, int end) = Chunk(chunk);
            double max = 0;
            for (int i = start; i < end; i++)
            {
                SquaredNorms[i] = SquaredNorm(Row(i));
                max = Math.Max(max, SquaredNorms[i]);
            }

            maxima[chunk] = max;
        });
        return maxima.Length == 0 ? 0 : maxima.Max();
    }
}
