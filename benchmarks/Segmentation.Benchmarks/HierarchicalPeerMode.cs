using System.Diagnostics;
using System.Globalization;
using Segmentation.Clustering;
using Segmentation.Clustering.Hierarchical;
using Segmentation.Data;

namespace Segmentation.Benchmarks;

/// <summary>
/// <c>hierarchical-peer &lt;csv&gt; &lt;linkage&gt; [--method auto|vector|matrix] [--merges out.csv] [--threads n]</c>:
/// one timed fit for benchmarks/peers/hierarchical_peers.py, printing JSON with the fit seconds and the peak
/// working set of the process (VmHWM on Linux).
/// </summary>
internal static class HierarchicalPeerMode
{
    public const string Name = "hierarchical-peer";

    public static int Run(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine($"usage: {Name} <csv> <linkage> [--method auto|vector|matrix] [--merges out.csv] [--threads n]");
            return 2;
        }

        var options = new HierarchicalOptions { Linkage = HierarchicalOptions.ParseLinkage(args[1]), K = 1 };
        string? mergesPath = null;
        for (int i = 2; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--method":
                    options.Method = Enum.Parse<HierarchicalMethod>(args[i + 1], ignoreCase: true);
                    break;
                case "--merges":
                    mergesPath = args[i + 1];
                    break;
                case "--threads":
                    options.MaxDegreeOfParallelism = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}");
                    return 2;
            }
        }

        FeatureMatrix data = CsvTable.LoadFeatures(args[0]);
        var clusterer = new HierarchicalClusterer(options);
        var stopwatch = Stopwatch.StartNew();
        HierarchicalModel model = clusterer.Fit(data);
        double seconds = stopwatch.Elapsed.TotalSeconds;
        if (mergesPath is not null)
        {
            using var writer = new StreamWriter(mergesPath);
            model.Dendrogram.WriteCsv(writer);
        }

        using var process = Process.GetCurrentProcess();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{{\"seconds\": {seconds:R}, \"peak_working_set_mb\": {process.PeakWorkingSet64 / 1048576.0:0.0}, \"method\": \"{model.Method}\", \"rows\": {data.RowCount}, \"columns\": {data.ColumnCount}, \"threads\": {(options.MaxDegreeOfParallelism == -1 ? Environment.ProcessorCount : options.MaxDegreeOfParallelism)}}}"));
        return 0;
    }
}
