using BenchmarkDotNet.Running;
using Segmentation.Benchmarks;

// `peer-kmeans <file> ...` times our k-means for benchmarks/peers/kmeans_peers.py; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "breakdown")
{
    return Breakdown.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "peer-kmeans")
{
    return PeerKMeans.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(KernelBenchmarks).Assembly).Run(args);
return 0;
