using System.Runtime.Intrinsics;
using System.Text.Json;
using Segmentation.Clustering;
using Segmentation.Kernels;

namespace Segmentation.Benchmarks;

/// <summary>
/// `screen-probe [n] [d] [k]`: the float32 screen's scoring on one thread, on this process's widest path (set
/// DOTNET_EnableAVX512=0 or DOTNET_EnableAVX2=0 for the narrower ones): the kernel alone with the runner-up (as the
/// screen runs it), and the whole screened assignment with every label already settled (as late iterations run it).
/// Minimum of repeats, 1e6 × 16, k 16.
/// </summary>
internal static class ScreenProbe
{
    public static int Run(string[] args)
    {
        if (args.Length > 0 && args[0] == "fit")
        {
            return Fits(args[1..]);
        }

        int n = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
        int d = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 16;
        int k = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 16;
        KernelPath path = DistanceKernels.BestPath;
        FeatureMatrix data = PeerKMeans.Blobs(n, d, k, seed: 1);
        double[] points = data.Values.ToArray();
        double[] exact = points[..(k * d)];
        var panel = CenterPanel<double>.Create(exact, d);
        using var screen = Float32Screen.Create(points, n, d, new double[d], 1, n + 64 - (n % 64), new ParallelOptions { MaxDegreeOfParallelism = 1 }, path);
        CenterPanel<float> screenPanel = screen.Panel(exact, d);
        var thresholds = new float[screen.ScaledNorms.Length];
        screen.Thresholds(0, screenPanel, screen.CenterNorm(exact, d), d, thresholds);
        var labels = new int[n];
        var movedRows = new int[n];
        var movedFrom = new int[n];
        var uncertain = new int[n];
        var fallbackLabels = new int[n];
        var fallbackScores = new double[n];
        double flop = 2.0 * n * k * d;
        for (int round = 0; round < 3; round++)
        {
            double kernel = path switch
            {
                KernelPath.Vector512 => Timing.Min(7, () => Breakdown.ScoreTiles<float, Vector512<float>, Vector512Ops<float>>(screen.Tiles, 0, n, d, screenPanel, labels, trackSecond: true)),
                KernelPath.Vector256 => Timing.Min(7, () => Breakdown.ScoreTiles<float, Vector256<float>, Vector256Ops<float>>(screen.Tiles, 0, n, d, screenPanel, labels, trackSecond: true)),
                _ => Timing.Min(7, () => Breakdown.ScoreTiles<float, Vector128<float>, Vector128Ops<float>>(screen.Tiles, 0, n, d, screenPanel, labels, trackSecond: true)),
            };
            double? paired = k > DistanceKernels.PairedCenters ? null : path switch
            {
                KernelPath.Vector512 => Timing.Min(7, () => ScoreTilePairs<Vector512<float>, Vector512Ops<float>>(screen.Tiles, n, d, screenPanel, labels)),
                KernelPath.Vector256 => Timing.Min(7, () => ScoreTilePairs<Vector256<float>, Vector256Ops<float>>(screen.Tiles, n, d, screenPanel, labels)),
                _ => Timing.Min(7, () => ScoreTilePairs<Vector128<float>, Vector128Ops<float>>(screen.Tiles, n, d, screenPanel, labels)),
            };
            int again = 0;
            int moved = 0;
            double step = Timing.Min(7, () => (_, moved, again) = LloydStep.AssignScreened(
                screen.Tiles, thresholds, points, d, screenPanel, panel, exact, [], labels, movedRows, movedFrom, uncertain, fallbackLabels, fallbackScores, exactInertia: false, path));
            Console.WriteLine(JsonSerializer.Serialize(new { path = path.ToString(), kernel_ms = kernel, kernel_gflops = flop / kernel / 1e6, paired_kernel_ms = paired, screened_step_ms = step, moved, again }));
        }

        return 0;
    }

    /// <summary>The screen's kernel two tiles at a time (k ≤ 4), with the runner-up, the labels stored.</summary>
    private static void ScoreTilePairs<TVec, TOps>(ArraySegment<float> tiles, int rows, int d, CenterPanel<float> panel, int[] labels)
        where TVec : struct
        where TOps : struct, IVectorOps<float, TVec>
    {
        int w = TOps.Count;
        for (int start = 0; start + (2 * w) <= rows; start += 2 * w)
        {
            // As LloydStep asks for pairs ahead.
            DistanceKernels.PrefetchTile<float>(tiles, d, start + (8 * w), 2 * w);

            DistanceKernels.ScoreTilePair<float, TVec, TOps>(ref tiles.AsSpan()[start * d], d, panel, true, out _, out TVec first, out _, out _, out TVec next, out _);
            TOps.StoreAsInt32(first, labels.AsSpan(start, w));
            TOps.StoreAsInt32(next, labels.AsSpan(start + w, w));
        }
    }

    /// <summary>
    /// `screen-probe fit data.bin init.bin d [iterations] [repeats]`: raw little-endian float64 rows; a cold fit as the
    /// CLI runs it (given centers, tol 0), then warm ones; wall and process CPU milliseconds of each.
    /// </summary>
    private static int Fits(string[] args)
    {
        int d = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
        int iterations = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 20;
        int repeats = args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 5;
        FeatureMatrix data = FeatureMatrix.FromSpan(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(File.ReadAllBytes(args[0])), d);
        FeatureMatrix init = FeatureMatrix.FromSpan(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(File.ReadAllBytes(args[1])), d);
        var options = new Clustering.KMeans.KMeansOptions { K = init.RowCount, Init = Clustering.KMeans.KMeansInit.Given, InitialCenters = init, MaxIterations = iterations, Tolerance = 0 };
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        if (args.Contains("--warm-up"))
        {
            KMeansColdFit.Phase(process, "warm-up", () => { Clustering.KMeans.KMeansClusterer.WarmUp(init.RowCount, d); return 0; });
        }

        for (int r = 0; r <= repeats; r++)
        {
            var model = KMeansColdFit.Phase(process, r == 0 ? $"cold fit {DistanceKernels.BestPath}" : "warm fit", () => new Clustering.KMeans.KMeansClusterer(options).Fit(data));
            if (r == repeats)
            {
                Console.WriteLine($"inertia {model.Inertia:R}");
            }
        }

        return 0;
    }
}
