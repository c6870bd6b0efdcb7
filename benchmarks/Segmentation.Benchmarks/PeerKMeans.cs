using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Segmentation.Clustering;
using Segmentation.Clustering.KMeans;

namespace Segmentation.Benchmarks;

/// <summary>
/// The .NET side of benchmarks/peers/kmeans_peers.py: reads the data and initial centers the script wrote, and prints
/// one JSON line per timed fit (after an untimed warm-up, so JIT time is not counted).
/// </summary>
/// <remarks>
/// File format (little-endian): int32 n, int32 d, int32 k, then n·d float64 data and k·d float64 centers, row-major.
/// Arguments: <c>peer-kmeans FILE [--iterations 20] [--threads -1] [--default-fit] [--seeds N] [--repeat-fits N [--single]]</c>.
/// </remarks>
internal static class PeerKMeans
{
    public static int Run(string[] args)
    {
        string file = args[0];
        int iterations = IntOption(args, "--iterations", 20);
        int threads = IntOption(args, "--threads", -1);
        bool defaultFit = args.Contains("--default-fit");
        int seeds = IntOption(args, "--seeds", 0);
        (FeatureMatrix data, FeatureMatrix init) = Read(file);
        if (seeds > 0)
        {
            // Quality of the default fit over many seeds (kmeans_seed_quality.py): one line per seed, float64.
            for (int seed = 0; seed < seeds; seed++)
            {
                KMeansModel model = new KMeansClusterer(new KMeansOptions { K = init.RowCount, Seed = seed, MaxDegreeOfParallelism = threads }).Fit(data);
                Console.WriteLine(JsonSerializer.Serialize(new { impl = "segmentation", seed, iterations = model.Iterations, inertia = model.Inertia }));
            }

            return 0;
        }

        int repeatFits = IntOption(args, "--repeat-fits", 0);
        if (repeatFits > 0)
        {
            // For profilers: Lloyd fits one after another (float64 unless --single), each one's milliseconds on stderr
            // (the first ones include JIT time).
            KMeansPrecision repeatPrecision = args.Contains("--single") ? KMeansPrecision.Single : KMeansPrecision.Double;
            for (int r = 0; r < repeatFits; r++)
            {
                var watch = Stopwatch.StartNew();
                new KMeansClusterer(new KMeansOptions { K = init.RowCount, Init = KMeansInit.Given, InitialCenters = init, MaxIterations = iterations, Tolerance = 0, Algorithm = KMeansAlgorithm.Lloyd, Precision = repeatPrecision, MaxDegreeOfParallelism = threads }).Fit(data);
                Console.Error.WriteLine(watch.Elapsed.TotalMilliseconds);
            }

            return 0;
        }

        foreach (KMeansPrecision precision in new[] { KMeansPrecision.Double, KMeansPrecision.Single })
        {
            var given = new KMeansOptions
            {
                K = init.RowCount,
                Init = KMeansInit.Given,
                InitialCenters = init,
                MaxIterations = iterations,
                Tolerance = 0,
                Precision = precision,
                MaxDegreeOfParallelism = threads,
            };
            foreach (KMeansAlgorithm algorithm in new[] { KMeansAlgorithm.Lloyd, KMeansAlgorithm.Hamerly })
            {
                given.Algorithm = algorithm;
                Time(data, given, $"lloyd{iterations}-{algorithm.ToString().ToLowerInvariant()}", precision);
            }

            if (defaultFit)
            {
                Time(data, new KMeansOptions { K = init.RowCount, Precision = precision, MaxDegreeOfParallelism = threads }, "default-fit", precision);
            }
        }

        return 0;
    }

    public static FeatureMatrix Blobs(int n, int d, int k, int seed)
    {
        var random = new Random(seed);
        double[] centers = [.. Enumerable.Range(0, k * d).Select(_ => (random.NextDouble() * 20) - 10)];
        var values = new double[n * d];
        for (int i = 0; i < n; i++)
        {
            int c = random.Next(k);
            for (int j = 0; j < d; j++)
            {
                values[(i * d) + j] = centers[(c * d) + j] + ((random.NextDouble() + random.NextDouble() + random.NextDouble() - 1.5) * 4);
            }
        }

        return FeatureMatrix.FromSpan(values, d);
    }

    private static void Time(FeatureMatrix data, KMeansOptions options, string mode, KMeansPrecision precision)
    {
        var clusterer = new KMeansClusterer(options);
        clusterer.Fit(data); // warm-up: JIT and page faults of the buffers
        long before = GC.GetTotalAllocatedBytes(precise: true);
        using var process = Process.GetCurrentProcess();
        TimeSpan cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        KMeansModel model = clusterer.Fit(data);
        watch.Stop();
        process.Refresh();
        double cpuSeconds = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            impl = "segmentation",
            precision = precision == KMeansPrecision.Double ? "float64" : "float32",
            mode,
            seconds = watch.Elapsed.TotalSeconds,
            cpu_seconds = cpuSeconds,
            iterations = model.Iterations,
            inertia = model.Inertia,
            allocated_mb = allocated / 1e6,
        }));
    }

    private static (FeatureMatrix Data, FeatureMatrix Init) Read(string file)
    {
        using var reader = new BinaryReader(File.OpenRead(file));
        int n = reader.ReadInt32();
        int d = reader.ReadInt32();
        int k = reader.ReadInt32();
        double[] values = ReadDoubles(reader, n * d);
        double[] centers = ReadDoubles(reader, k * d);
        return (FeatureMatrix.FromSpan(values, d), FeatureMatrix.FromSpan(centers, d));
    }

    private static double[] ReadDoubles(BinaryReader reader, int count)
    {
        var result = new double[count];
        byte[] bytes = reader.ReadBytes(count * sizeof(double));
        Buffer.BlockCopy(bytes, 0, result, 0, bytes.Length);
        return result;
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
