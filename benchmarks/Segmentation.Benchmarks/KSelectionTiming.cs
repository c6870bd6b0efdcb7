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
        for (int round = 0; round < 2; round++)
        {
            Console.WriteLine(round == 0 ? "cold" : "warm");
            var model = Phase(process, "fit 200k k5 ninit3", () => new Clustering.KMeans.KMeansClusterer(new Clustering.KMeans.KMeansOptions { K = 5, Seed = 0, NInit = 3 }).Fit(sample));
            int[] labels = Phase(process, "predict 1M", () => model.Predict(data));
            Phase(process, "silhouette 10k", () => Clustering.Quality.ClusterQuality.Silhouette(data, labels, options.SilhouetteSampleSize, 0));
            Phase(process, "calinski-harabasz", () => Clustering.Quality.ClusterQuality.CalinskiHarabasz(data, labels));
            Phase(process, "davies-bouldin", () => Clustering.Quality.ClusterQuality.DaviesBouldin(data, labels));
            Phase(process, "inertia", () => Clustering.ClusterStatistics.Inertia(data, labels, model.Centroids));
            var small = FeatureMatrix.FromSpan(values.AsSpan(0, 50_000 * data.ColumnCount), data.ColumnCount);
            var resample = Phase(process, "fit 50k k5 ninit3", () => new Clustering.KMeans.KMeansClusterer(new Clustering.KMeans.KMeansOptions { K = 5, Seed = 1, NInit = 3 }).Fit(small));
            int[] other = resample.Predict(data);
            Phase(process, "ARI 1M", () => Clustering.Quality.SegmentationAgreement.AdjustedRandIndex(labels, other));
            Phase(process, "refit 1M from centres", () => new Clustering.KMeans.KMeansClusterer(new Clustering.KMeans.KMeansOptions { K = 5, Init = Clustering.KMeans.KMeansInit.Given, InitialCenters = model.Centroids }).Fit(data));
        }
    }

    private static TResult Phase<TResult>(Process process, string name, Func<TResult> action)
    {
        process.Refresh();
        TimeSpan cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        TResult result = action();
        double wall = watch.Elapsed.TotalMilliseconds;
        process.Refresh();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-24} wall {wall,8:F1} ms  cpu {(process.TotalProcessorTime - cpu).TotalMilliseconds,8:F1} ms"));
        return result;
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
