using System.Diagnostics;
using System.Globalization;
using Segmentation.Clustering.Selection;
using Segmentation.Data;
using Segmentation.Features;
using Segmentation.Features.Preprocessing;

namespace Segmentation.Benchmarks;

/// <summary>
/// <c>kselect customers.csv [repeats]</c>: <see cref="KSelector.Select"/> as <c>segment run --k auto</c> runs it (the CSV
/// read with <c>--id-column id --outcome churned</c>, default preprocessing), timed in wall and process CPU
/// milliseconds, with every candidate's evidence printed to full precision so that two builds can be compared
/// exactly. The model-space matrix is cached next to the CSV (<c>.kselect.bin</c>) so that repeats skip the read.
/// <c>kselect customers.csv 1 --phases</c> times the parts of one candidate instead (k-means phases on the fit sample
/// and a resample; with <c>KSELECT_QUALITY=1</c>, the silhouette, the indices and the inertia).
/// </summary>
internal static class KSelectionTiming
{
    public static int Run(string[] args)
    {
        FeatureMatrix data = Load(args[0]);
        int repeats = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
        Console.WriteLine($"{data.RowCount} x {data.ColumnCount}, {Environment.ProcessorCount} cpus");
        using var process = Process.GetCurrentProcess();
        if (args.Length > 2 && args[2] == "--phases")
        {
            Phases(process, data);
            return 0;
        }

        for (int r = 0; r < repeats; r++)
        {
            process.Refresh();
            TimeSpan cpu = process.TotalProcessorTime;
            long allocated = GC.GetTotalAllocatedBytes();
            var watch = Stopwatch.StartNew();
            KSelectionResult result = new KSelector(new KSelectionOptions()).Select(data);
            double wall = watch.Elapsed.TotalMilliseconds;
            process.Refresh();
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"select: wall {wall:F0} ms  cpu {(process.TotalProcessorTime - cpu).TotalMilliseconds:F0} ms  allocated {(GC.GetTotalAllocatedBytes() - allocated) / 1e6:F0} MB  k {result.RecommendedK}"));
            if (r == 0)
            {
                foreach (KEvaluation e in result.Evaluations)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  k {e.K} sil {e.Silhouette:R} ch {e.CalinskiHarabasz:R} db {e.DaviesBouldin:R} inertia {e.Inertia:R} elbow {e.Elbow:R} stab {e.Stability:R} rank {e.MeanRank:R}"));
                }

                var labels = result.Model.Labels;
                long hash = 17;
                for (int i = 0; i < labels.Count; i++)
                {
                    hash = (hash * 31) + labels[i];
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  labels hash {hash}"));
            }
        }

        return 0;
    }

    /// <summary>One candidate's parts (k 5), each timed once warm: what 6 candidates multiply.</summary>
    private static void Phases(Process process, FeatureMatrix data)
    {
        var options = new KSelectionOptions();
        int[] rows = Clustering.Quality.ClusterQuality.SampleRowIndices(data.RowCount, options.FitSampleSize, 0);
        var values = new double[rows.Length * data.ColumnCount];
        for (int s = 0; s < rows.Length; s++)
        {
            data.Row(rows[s]).CopyTo(values.AsSpan(s * data.ColumnCount, data.ColumnCount));
        }

        FeatureMatrix sample = FeatureMatrix.FromSpan(values, data.ColumnCount);
        if (Environment.GetEnvironmentVariable("KSELECT_QUALITY") == "1")
        {
            var model5 = new Clustering.KMeans.KMeansClusterer(new Clustering.KMeans.KMeansOptions { K = 5, Seed = 0, NInit = 1 }).Fit(sample);
            int[] labels5 = model5.Predict(data);
            int[] chosen = Clustering.Quality.ClusterQuality.SampleRowIndices(data.RowCount, 10_000, 0);
            var sv = new double[chosen.Length * data.ColumnCount];
            for (int s = 0; s < chosen.Length; s++)
            {
                data.Row(chosen[s]).CopyTo(sv.AsSpan(s * data.ColumnCount, data.ColumnCount));
            }

            var small = FeatureMatrix.FromSpan(sv, data.ColumnCount);
            int[] smallLabels = [.. chosen.Select(i => labels5[i])];
            for (int round = 0; round < 3; round++)
            {
                KMeansColdFit.Phase(process, "  silhouette 10k of 1M", () => Clustering.Quality.ClusterQuality.Silhouette(data, labels5, 10_000, 0));
                KMeansColdFit.Phase(process, "  silhouette on 10k", () => Clustering.Quality.ClusterQuality.Silhouette(small, smallLabels));
                KMeansColdFit.Phase(process, "  sample indices", () => Clustering.Quality.ClusterQuality.SampleRowIndices(data.RowCount, 10_000, 0));
                KMeansColdFit.Phase(process, "  ch+db", () => Clustering.Quality.ClusterQuality.CalinskiHarabaszAndDaviesBouldin(data, labels5));
                KMeansColdFit.Phase(process, "  inertia", () => Clustering.ClusterStatistics.Inertia(data, labels5, model5.Centroids));
            }

            return;
        }

        foreach (int rowsUsed in new[] { 200_000, 50_000 })
        {
            var part = FeatureMatrix.FromSpan(values.AsSpan(0, rowsUsed * data.ColumnCount), data.ColumnCount);
            for (int k = 3; k <= 8; k += 5)
            {
                for (int round = 0; round < 2; round++)
                {
                    var prepared = KMeansColdFit.Phase(process, $"  {rowsUsed} k{k} prepare", () => Clustering.KMeans.KMeansData<double>.Create(part, k, 1, CancellationToken.None));
                    KMeansColdFit.Phase(process, "  screen", () => prepared.Screen);
                    var solver = new Clustering.KMeans.KMeansSolver<double>(prepared, k, Clustering.KMeans.KMeansAlgorithm.Lloyd);
                    for (int run = 0; run < 3; run++)
                    {
                        double[] centers = KMeansColdFit.Phase(process, "  k-means++", () => Clustering.KMeans.KMeansSeeding.KMeansPlusPlus(prepared, k, new Random(run), CancellationToken.None));
                        var result = KMeansColdFit.Phase(process, "  run", () => solver.Run(centers, 1e-4 * prepared.MeanFeatureVariance, 300, run, null, CancellationToken.None));
                        Console.WriteLine($"    iterations {result.Iterations} converged {result.Converged}");
                    }

                    prepared.Dispose();
                }
            }
        }

        for (int round = 0; round < 2; round++)
        {
            Console.WriteLine(round == 0 ? "cold" : "warm");
            var model = KMeansColdFit.Phase(process, "  fit 200k k5 ninit3", () => new Clustering.KMeans.KMeansClusterer(new Clustering.KMeans.KMeansOptions { K = 5, Seed = 0, NInit = 3 }).Fit(sample));
            int[] labels = KMeansColdFit.Phase(process, "  predict 1M", () => model.Predict(data));
            KMeansColdFit.Phase(process, "  silhouette 10k", () => Clustering.Quality.ClusterQuality.Silhouette(data, labels, options.SilhouetteSampleSize, 0));
            KMeansColdFit.Phase(process, "  calinski-harabasz", () => Clustering.Quality.ClusterQuality.CalinskiHarabasz(data, labels));
            KMeansColdFit.Phase(process, "  davies-bouldin", () => Clustering.Quality.ClusterQuality.DaviesBouldin(data, labels));
            KMeansColdFit.Phase(process, "  inertia", () => Clustering.ClusterStatistics.Inertia(data, labels, model.Centroids));
            var small = FeatureMatrix.FromSpan(values.AsSpan(0, 50_000 * data.ColumnCount), data.ColumnCount);
            var resample = KMeansColdFit.Phase(process, "  fit 50k k5 ninit3", () => new Clustering.KMeans.KMeansClusterer(new Clustering.KMeans.KMeansOptions { K = 5, Seed = 1, NInit = 3 }).Fit(small));
            int[] other = resample.Predict(data);
            KMeansColdFit.Phase(process, "  ARI 1M", () => Clustering.Quality.SegmentationAgreement.AdjustedRandIndex(labels, other));
            KMeansColdFit.Phase(process, "  refit 1M from centres", () => new Clustering.KMeans.KMeansClusterer(new Clustering.KMeans.KMeansOptions { K = 5, Init = Clustering.KMeans.KMeansInit.Given, InitialCenters = model.Centroids }).Fit(data));
        }
    }

    /// <summary>The model-space matrix of <paramref name="csv"/>, from the cache when it is there.</summary>
    private static FeatureMatrix Load(string csv)
    {
        string cache = csv + ".kselect.bin";
        if (File.Exists(cache))
        {
            using var reader = new BinaryReader(File.OpenRead(cache));
            int n = reader.ReadInt32();
            int d = reader.ReadInt32();
            var values = new double[n * d];
            reader.BaseStream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
            return FeatureMatrix.FromSpan(values, d);
        }

        var tabular = TabularFeatures.FromTable(CsvTable.Load(csv), new TabularFeatureOptions { IdColumn = "id", OutcomeColumn = "churned" });
        FeatureMatrix raw = tabular.Features;
        FeatureMatrix modelSpace = PreprocessingModel.Fit(raw).Transform(raw);
        using (var writer = new BinaryWriter(File.Create(cache)))
        {
            writer.Write(modelSpace.RowCount);
            writer.Write(modelSpace.ColumnCount);
            writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(modelSpace.Values));
        }

        return modelSpace;
    }
}
