using System.Diagnostics;
using System.Globalization;
using Segmentation.Clustering.Quality;
using Segmentation.Data;
using Segmentation.Kernels;

namespace Segmentation.Benchmarks;

/// <summary>
/// <c>silhouette-peer data.csv labels.csv [repeats]</c>: times the exact silhouette on a file (loading excluded) and
/// prints one JSON line per repeat, for benchmarks/peers/silhouette_peers.py.
/// </summary>
internal static class SilhouettePeer
{
    public static int Run(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: silhouette-peer <data.csv> <labels.csv> [repeats]");
            return 2;
        }

        FeatureMatrix data = CsvTable.LoadFeatures(args[0]);
        int[] labels = [.. File.ReadLines(args[1]).Skip(1).Select(l => int.Parse(l, CultureInfo.InvariantCulture))];
        int repeats = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
        for (int r = 0; r < repeats; r++)
        {
            var stopwatch = Stopwatch.StartNew();
            double silhouette = ClusterQuality.Silhouette(data, labels);
            double seconds = stopwatch.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{{\"silhouette\": {silhouette:R}, \"seconds\": {seconds:R}, \"threads\": {Environment.ProcessorCount}, \"path\": \"{DistanceKernels.BestPath}\"}}"));
        }

        return 0;
    }
}
