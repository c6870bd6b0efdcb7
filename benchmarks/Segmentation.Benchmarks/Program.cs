using BenchmarkDotNet.Running;
using Segmentation.Benchmarks;

// Console modes used by benchmarks/peers scripts come first; everything else goes to BenchmarkDotNet.
// Run all suites: dotnet run -c Release --project benchmarks/Segmentation.Benchmarks -- --filter '*'
if (args.Length > 0 && args[0] == HierarchicalPeerMode.Name)
{
    return HierarchicalPeerMode.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
