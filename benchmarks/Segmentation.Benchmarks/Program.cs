using BenchmarkDotNet.Running;
using Segmentation.Benchmarks;

// Console modes for the peer scripts in benchmarks/peers; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "move-probe")
{
    return Segmentation.Benchmarks.MoveProbe.Run();
}

// kernel-probe: what bounds the float32 kernel (the argmin, memory, int16 dot products), for docs/performance.md
if (args.Length > 0 && args[0] == "kernel-probe")
{
    return KernelProbe.Run();
}

if (args.Length > 0 && args[0] == "screen-probe")
{
    return ScreenProbe.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "breakdown")
{
    return Breakdown.Run(args[1..]);
}

// bounds [n] [d] [k,k,...] [repeats]: Lloyd vs Hamerly vs Yinyang to convergence, for KMeansAlgorithm.Auto
if (args.Length > 0 && args[0] == "bounds")
{
    return BoundsComparison.Run(args[1..]);
}

// kmeans-cold data.csv init.csv [iterations]: the phases of a one-shot (CLI) k-means fit, cold then warm
if (args.Length > 0 && args[0] == "kmeans-cold")
{
    return KMeansColdFit.Run(args[1..]);
}

// kselect customers.csv [repeats]: KSelector.Select as segment run --k auto runs it, wall/CPU and exact evidence
if (args.Length > 0 && args[0] == "kselect")
{
    return KSelectionTiming.Run(args[1..]);
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

// Console modes used by the peer scripts in benchmarks/peers/ (they time ours and the peer in the same run):
//   silhouette-peer <data.csv> <labels.csv> [repeats]
//   usage-aggregation [events] [customers]   (one timed run of the feature-extraction suite)
// Everything else goes to BenchmarkDotNet: dotnet run -c Release --project benchmarks/Segmentation.Benchmarks -- --filter '*'
if (args.Length > 0 && args[0] == "silhouette-peer")
{
    return SilhouettePeer.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "usage-aggregation")
{
    return UsageAggregationBenchmark.Console(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
