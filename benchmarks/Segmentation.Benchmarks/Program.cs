using BenchmarkDotNet.Running;
using Segmentation.Benchmarks;

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
