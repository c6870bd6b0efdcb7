using System.Runtime.Intrinsics;
using System.Text.Json;
using Segmentation.Clustering;
using Segmentation.Clustering.KMeans;
using Segmentation.Kernels;

namespace Segmentation.Benchmarks;

/// <summary>
/// `breakdown [n] [d] [k]`: where the time of a k-means iteration goes, for docs/performance.md. Prints the kernel
/// path in use, the nearest-center kernel alone per path (one thread), Lloyd's assignment pass and its scoring part
/// alone on packed tiles, and whole fits split into a fixed part
/// (validation, copies, the final exact inertia) and a per-iteration part, for 1 and 2 threads. Minimum of repeats.
/// </summary>
internal static class Breakdown
{
    public static int Run(string[] args)
    {
        int n = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
        int d = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 16;
        int k = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 16;
        Console.WriteLine($"best path {DistanceKernels.BestPath}; Vector512 accelerated {Vector512.IsHardwareAccelerated}; Environment.ProcessorCount {Environment.ProcessorCount}");
        FeatureMatrix data = PeerKMeans.Blobs(n, d, k, seed: 1);
        FeatureMatrix init = FeatureMatrix.FromSpan(data.Values[..(k * d)], d);
        Kernels(data, init);

        // Greedy k-means++ on all cores, the tiles already packed: float64 data seeds on its float32 screen.
        using (var prepared = KMeansData<double>.Create(data, k, -1, default))
        using (var preparedSingle = KMeansData<float>.Create(data, k, -1, default))
        {
            double seeding = Timing.Min(3, () => KMeansSeeding.KMeansPlusPlus(prepared, k, new Random(0), default));
            double seedingSingle = Timing.Min(3, () => KMeansSeeding.KMeansPlusPlus(preparedSingle, k, new Random(0), default));
            Console.WriteLine(JsonSerializer.Serialize(new { kmeans_plus_plus = k, double_ms = seeding, single_ms = seedingSingle }));
        }
        foreach (int threads in new[] { 1, 2 })
        {
            // Float64 Lloyd twice: screened in float32 (the default) and on float64 tiles.
            var variants = new (KMeansPrecision Precision, KMeansAlgorithm Algorithm, bool Screen)[]
            {
                (KMeansPrecision.Double, KMeansAlgorithm.Lloyd, true), (KMeansPrecision.Double, KMeansAlgorithm.Lloyd, false),
                (KMeansPrecision.Double, KMeansAlgorithm.Hamerly, true), (KMeansPrecision.Double, KMeansAlgorithm.Yinyang, true),
                (KMeansPrecision.Single, KMeansAlgorithm.Lloyd, false), (KMeansPrecision.Single, KMeansAlgorithm.Hamerly, false),
                (KMeansPrecision.Single, KMeansAlgorithm.Yinyang, false),
            };
            foreach ((KMeansPrecision precision, KMeansAlgorithm algorithm, bool screen) in variants)
            {
                double Fit(int iterations) => Timing.Min(3, () => new KMeansClusterer(new KMeansOptions
                {
                    K = k,
                    Init = KMeansInit.Given,
                    InitialCenters = init,
                    MaxIterations = iterations,
                    Tolerance = 0,
                    Precision = precision,
                    Algorithm = algorithm,
                    MaxDegreeOfParallelism = threads,
                    ScreenInFloat32 = screen,
                }).Fit(data));
                double one = Fit(1);
                double many = Fit(21);
                Console.WriteLine(JsonSerializer.Serialize(new { threads, precision = precision.ToString(), algorithm = algorithm.ToString(), screen, fixed_ms = one, per_iteration_ms = (many - one) / 20 }));
            }
        }

        return 0;
    }

    private static void Kernels(FeatureMatrix data, FeatureMatrix init)
    {
        int n = data.RowCount;
        int d = data.ColumnCount;
        int k = init.RowCount;
        double[] points = data.Values.ToArray();
        float[] pointsSingle = [.. points.Select(v => (float)v)];
        var panel = CenterPanel<double>.Create(init.Values, d);
        var panelSingle = CenterPanel<float>.Create(init.Values, d);
        var labels = new int[n];
        var best = new double[n];
        var bestSingle = new float[n];
        double flop = 2.0 * n * k * d;
        foreach (KernelPath path in Enum.GetValues<KernelPath>())
        {
            double ms = Timing.Min(5, () => DistanceKernels.FindNearest<double>(points, d, [], panel, labels, best, [], path));
            double msSingle = Timing.Min(5, () => DistanceKernels.FindNearest<float>(pointsSingle, d, [], panelSingle, labels, bestSingle, [], path));
            // The same with full tiles packed one value at a time (no block transpose), interleaved with the above.
            DistanceKernels.TransposePack = false;
            double msScalarPack = Timing.Min(5, () => DistanceKernels.FindNearest<double>(points, d, [], panel, labels, best, [], path));
            double msSingleScalarPack = Timing.Min(5, () => DistanceKernels.FindNearest<float>(pointsSingle, d, [], panelSingle, labels, bestSingle, [], path));
            DistanceKernels.TransposePack = true;
            Console.WriteLine(JsonSerializer.Serialize(new { kernel = path.ToString(), threads = 1, double_ms = ms, double_gflops = flop / ms / 1e6, single_ms = msSingle, single_gflops = flop / msSingle / 1e6, double_ms_scalar_pack = msScalarPack, single_ms_scalar_pack = msSingleScalarPack }));
        }

        // Lloyd's assignment pass (scores, labels, the list of moved rows, inertia from the scores) on one thread, against
        // the kernel alone below. The repeats find every label unchanged, as late iterations do; the sums are then
        // only touched by the rows that move.
        var movedRows = new int[n];
        var movedFrom = new int[n];
        double[] exact = init.Values.ToArray();
        KernelPath widest = DistanceKernels.BestPath;
        // Tiles start on a 64-byte boundary, as KMeansData packs them.
        ArraySegment<double> tiles = Aligned<double>(points.Length + 64);
        ArraySegment<float> tilesSingle = Aligned<float>(points.Length + 64);
        DistanceKernels.PackTiles<double>(points, d, tiles, widest);
        DistanceKernels.PackTiles<float>(pointsSingle, d, tilesSingle, widest);
        double step = Timing.Min(5, () => LloydStep.Assign<double>(tiles, points, d, panel, exact, [], labels, movedRows, movedFrom, exactInertia: false, widest));
        double stepSingle = Timing.Min(5, () => LloydStep.Assign<float>(tilesSingle, pointsSingle, d, panelSingle, exact, [], labels, movedRows, movedFrom, exactInertia: false, widest));
        Console.WriteLine(JsonSerializer.Serialize(new { lloyd_assign = widest.ToString(), threads = 1, double_ms = step, single_ms = stepSingle }));

        // The same float64 step screened in float32 (Float32Screen): the float64 labels from half the bytes.
        using (var screen = Float32Screen.Create(points, n, d, new double[d], Spread(points, d), n + 64 - (n % 64), new ParallelOptions { MaxDegreeOfParallelism = 1 }, widest))
        {
            CenterPanel<float> screenPanel = screen.Panel(exact, d);
            var thresholds = new float[screen.ScaledNorms.Length];
            screen.Thresholds(0, screenPanel, screen.CenterNorm(exact, d), d, thresholds);
            var uncertain = new int[n];
            var fallbackLabels = new int[n];
            var fallbackScores = new double[n];
            int scoredAgain = 0;
            double screened = Timing.Min(5, () => scoredAgain = LloydStep.AssignScreened(
                screen.Tiles, thresholds, points, d, screenPanel, panel, exact, [], labels, movedRows, movedFrom, uncertain, fallbackLabels, fallbackScores, exactInertia: false, widest).Uncertain);
            Console.WriteLine(JsonSerializer.Serialize(new { lloyd_assign_screened = widest.ToString(), threads = 1, double_ms = screened, rows_scored_again = scoredAgain }));
        }

        // The scoring kernel alone on the packed tiles (labels out, nothing else), against the whole step above.
        if (widest != KernelPath.Vector512)
        {
            return;
        }

        double score = Timing.Min(5, () => ScoreTiles<double, Vector512<double>, Vector512Ops<double>>(tiles, 0, n, d, panel, labels, trackSecond: false));
        double scoreSingle = Timing.Min(5, () => ScoreTiles<float, Vector512<float>, Vector512Ops<float>>(tilesSingle, 0, n, d, panelSingle, labels, trackSecond: false));
        Console.WriteLine(JsonSerializer.Serialize(new { score_tiles = "Vector512", threads = 1, double_ms = score, double_gflops = flop / score / 1e6, single_ms = scoreSingle, single_gflops = flop / scoreSingle / 1e6 }));
    }

    /// <summary>The root mean squared norm of the rows: any scale near it suits the screen.</summary>
    private static double Spread(double[] points, int d) => Math.Sqrt(points.Average(v => v * v) * d);

    private static unsafe ArraySegment<T> Aligned<T>(int length)
        where T : unmanaged
    {
        T[] array = GC.AllocateArray<T>(length + (64 / sizeof(T)), pinned: true);
        return new ArraySegment<T>(array, DistanceKernels.AlignedStart(array), length);
    }

    /// <summary>
    /// The scoring kernel alone over the whole tiles of rows <paramref name="firstRow"/> to
    /// <c>firstRow + rows</c>, the labels stored and nothing else (also <c>kernel-probe</c>'s baseline).
    /// </summary>
    internal static void ScoreTiles<T, TVec, TOps>(ArraySegment<T> tiles, int firstRow, int rows, int d, CenterPanel<T> panel, int[] labels, bool trackSecond)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
        where TVec : struct
        where TOps : struct, IVectorOps<T, TVec>
    {
        int w = TOps.Count;
        for (int start = firstRow; start + w <= firstRow + rows; start += w)
        {
            DistanceKernels.ScoreTile<T, TVec, TOps>(ref tiles.AsSpan()[start * d], d, panel, trackSecond, out _, out TVec index, out _);
            TOps.StoreAsInt32(index, labels.AsSpan(start, w));
        }
    }
}
