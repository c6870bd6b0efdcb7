using BenchmarkDotNet.Running;

// Run all suites: dotnet run -c Release --project benchmarks/Segmentation.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
