using BenchmarkDotNet.Running;

// Run all suites: dotnet run -c Release --project benchmarks/Segmentation.Benchmarks -- --filter '*'
// Quick rule timing without BenchmarkDotNet: dotnet Segmentation.Benchmarks.dll rules-timing [customers]
if (args.Length > 0 && args[0] == "rules-timing")
{
    Segmentation.Benchmarks.RuleTiming.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
