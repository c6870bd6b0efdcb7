using BenchmarkDotNet.Running;
using Segmentation.Benchmarks;

// Console modes for the peer scripts in benchmarks/peers; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "breakdown")
{
    return Breakdown.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "peer-kmeans")
{
    return PeerKMeans.Run(args[1..]);
}

// dbscan-peer <file.npy> <eps> <minPts> [search] (benchmarks/peers/dbscan_peers.py)
if (args.Length > 0 && args[0] == DbscanPeerMode.Name)
{
    return DbscanPeerMode.Run(args[1..], Console.Out);
}

// hierarchical-peer ... (benchmarks/peers/hierarchical_peers.py)
if (args.Length > 0 && args[0] == HierarchicalPeerMode.Name)
{
    return HierarchicalPeerMode.Run(args[1..]);
}

// Quick rule timing without BenchmarkDotNet: dotnet Segmentation.Benchmarks.dll rules-timing [customers]
if (args.Length > 0 && args[0] == "rules-timing")
{
    Segmentation.Benchmarks.RuleTiming.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000);
    return 0;
}

// Run all suites: dotnet run -c Release --project benchmarks/Segmentation.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
