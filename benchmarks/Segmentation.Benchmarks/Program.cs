using BenchmarkDotNet.Running;
using Segmentation.Benchmarks;

// Peer-comparison console mode (called by benchmarks/peers/dbscan_peers.py): dbscan-peer <file.npy> <eps> <minPts> [search]
if (args.Length > 0 && args[0] == DbscanPeerMode.Name)
{
    return DbscanPeerMode.Run(args[1..], Console.Out);
}

// Run all suites: dotnet run -c Release --project benchmarks/Segmentation.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
