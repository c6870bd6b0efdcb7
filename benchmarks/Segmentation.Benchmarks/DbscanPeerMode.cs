using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Segmentation.Clustering;
using Segmentation.Clustering.Dbscan;

namespace Segmentation.Benchmarks;

/// <summary>
/// <c>dbscan-peer &lt;file.npy&gt; &lt;eps&gt; &lt;minPts&gt; [auto|grid|kdtree|bruteforce] [threads]</c>: loads a float64 C-order
/// .npy matrix, fits DBSCAN once and prints one JSON line with the fit seconds, the peak process memory and the
/// cluster and noise counts, for the peer script to compare with scikit-learn and R.
/// </summary>
internal static class DbscanPeerMode
{
    public const string Name = "dbscan-peer";

    public static int Run(string[] args, TextWriter output)
    {
        if (args.Length < 3)
        {
            Console.Error.WriteLine("usage: dbscan-peer <file.npy> <eps> <minPts> [auto|grid|kdtree|bruteforce] [threads]");
            return 2;
        }

        FeatureMatrix data = LoadNpy(args[0]);
        var options = new DbscanOptions
        {
            Eps = double.Parse(args[1], CultureInfo.InvariantCulture),
            MinPoints = int.Parse(args[2], CultureInfo.InvariantCulture),
            NeighborSearch = args.Length > 3 ? Enum.Parse<DbscanNeighborSearch>(args[3], ignoreCase: true) : DbscanNeighborSearch.Auto,
            MaxDegreeOfParallelism = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : -1,
        };
        var stopwatch = Stopwatch.StartNew();
        DbscanModel model = new DbscanClusterer(options).Fit(data);
        double seconds = stopwatch.Elapsed.TotalSeconds;
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["fit_seconds"] = seconds,
            ["path"] = Segmentation.Kernels.DistanceKernels.BestPath.ToString(),
            ["peak_memory_mb"] = process.PeakWorkingSet64 / (1024.0 * 1024.0),
            ["clusters"] = model.ClusterCount,
            ["noise"] = model.Labels.Count(l => l < 0),
            ["core_points"] = model.CoreSampleIndices.Count,
            ["neighbor_search"] = ((DbscanNeighborSearch)(int)model.FitMetrics["neighbor_search"]).ToString(),
        }));
        return 0;
    }

    /// <summary>Reads a version 1 .npy file holding a 2-D little-endian float64 array in C order.</summary>
    private static FeatureMatrix LoadNpy(string path)
    {
        using FileStream stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        byte[] magic = reader.ReadBytes(8);
        if (magic[0] != 0x93 || Encoding.ASCII.GetString(magic, 1, 5) != "NUMPY")
        {
            throw new InvalidDataException($"{path} is not a .npy file.");
        }

        int headerLength = magic[6] == 1 ? reader.ReadUInt16() : (int)reader.ReadUInt32();
        string header = Encoding.ASCII.GetString(reader.ReadBytes(headerLength));
        if (!header.Contains("'<f8'", StringComparison.Ordinal) || header.Contains("'fortran_order': True", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path} must hold little-endian float64 in C order, but its header is {header}.");
        }

        string shape = header[(header.IndexOf('(', StringComparison.Ordinal) + 1)..header.IndexOf(')', StringComparison.Ordinal)];
        int[] dims = [.. shape.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
        var values = new double[dims[0] * dims[1]];
        stream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        return FeatureMatrix.Create(values, dims[1]);
    }
}
