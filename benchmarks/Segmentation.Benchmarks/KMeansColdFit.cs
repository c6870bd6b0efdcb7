using System.Diagnostics;
using System.Globalization;
using Segmentation.Clustering;
using Segmentation.Clustering.KMeans;
using Segmentation.Data;
using Segmentation.Kernels;

namespace Segmentation.Benchmarks;

/// <summary>
/// <c>kmeans-cold data.csv init.csv [iterations]</c>: where a one-shot process (as <c>segment cluster --algorithm kmeans
/// --init init.csv --max-iter N --tol 0 --scale none</c>) spends its fit: each phase's wall and CPU milliseconds in a
/// cold process, then the same fit again warm. One line per phase on stdout. With <c>--fit-only</c> as a fourth
/// argument (and <c>--warm-up</c> as a fifth: <see cref="KMeansClusterer.WarmUp"/> first), only whole fits as the CLI runs them: the first (cold, as in a fresh <c>segment cluster</c>), then three
/// warm ones, so that the cold fit's fixed cost (JIT, first touch of buffers) is the difference, in wall and CPU time.
/// </summary>
internal static class KMeansColdFit
{
    public static int Run(string[] args)
    {
        FeatureMatrix data = CsvTable.LoadFeatures(args[0]);
        FeatureMatrix init = CsvTable.LoadFeatures(args[1]);
        int iterations = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
        Console.WriteLine($"path {DistanceKernels.BestPath}, {data.RowCount} x {data.ColumnCount}, k {init.RowCount}, {iterations} iterations, {Environment.ProcessorCount} cpus");
        using var process = Process.GetCurrentProcess();
        var options = new KMeansOptions { K = init.RowCount, Init = KMeansInit.Given, InitialCenters = init, MaxIterations = iterations, Tolerance = 0 };
        if (args.Length > 3 && args[3] == "--fit-only")
        {
            if (args.Length > 4 && args[4] == "--warm-up")
            {
                Phase(process, "warm-up (KMeansClusterer.WarmUp)", () => { KMeansClusterer.WarmUp(init.RowCount, data.ColumnCount); return 0; });
            }

            Phase(process, "cold Fit (as the CLI)", () => new KMeansClusterer(options).Fit(data));
            for (int repeat = 0; repeat < 3; repeat++)
            {
                Phase(process, "warm Fit", () => new KMeansClusterer(options).Fit(data));
            }

            return 0;
        }

        KMeansAlgorithm algorithm = KMeansClusterer.AutoAlgorithm(init.RowCount, data.ColumnCount, KMeansPrecision.Double);

        var total = Stopwatch.StartNew();
        KMeansData<double> prepared = Phase(process, "prepare (moments)", () => KMeansData<double>.Create(data, init.RowCount, -1, CancellationToken.None));
        Phase(process, "float32 screen", () => prepared.Screen);
        KMeansSolver<double> solver = Phase(process, $"solver ({algorithm})", () => new KMeansSolver<double>(prepared, init.RowCount, algorithm));
        double[] centers = KMeansSeeding.Given(prepared, init);
        KMeansRunResult first = Phase(process, "run, 1 iteration", () => solver.Run(centers, 0, 1, 0, null, CancellationToken.None));
        KMeansRunResult result = Phase(process, $"run, {iterations} iterations", () => solver.Run(centers, 0, iterations, 0, null, CancellationToken.None));
        prepared.Dispose();
        Console.WriteLine($"cold total {total.Elapsed.TotalMilliseconds:F0} ms (inertia {result.Inertia:R}, first {first.Inertia:R})");

        Phase(process, "cold Fit (as the CLI)", () => new KMeansClusterer(options).Fit(data));
        Phase(process, "warm Fit", () => new KMeansClusterer(options).Fit(data));
        return 0;
    }

    /// <summary>Runs one timed phase and prints its wall and CPU milliseconds (shared by the cold-fit and k-selection modes).</summary>
    internal static TResult Phase<TResult>(Process process, string name, Func<TResult> action)
    {
        process.Refresh();
        TimeSpan cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        TResult result = action();
        double wall = watch.Elapsed.TotalMilliseconds;
        process.Refresh();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-32} wall {wall,8:F1} ms  cpu {(process.TotalProcessorTime - cpu).TotalMilliseconds,8:F1} ms"));
        return result;
    }
}
