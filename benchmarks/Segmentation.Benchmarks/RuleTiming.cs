using System.Diagnostics;
using Segmentation.Rules;

namespace Segmentation.Benchmarks;

/// <summary>
/// A quick console timing of the rule evaluation (no BenchmarkDotNet): <c>dotnet Segmentation.Benchmarks.dll rules-timing [customers]</c>.
/// Prints the median of 5 runs for the 20 text rules and per dimension: wall time, and the CPU time of this process,
/// which is close to the wall time of a quiet machine because the evaluation is single-threaded (the shared build
/// machine often runs at a load of 10+ per core, which inflates wall time but not CPU time).
/// </summary>
internal static class RuleTiming
{
    public static void Run(int customers)
    {
        var benchmark = new RuleEvaluationBenchmark { Customers = customers };
        benchmark.Setup();
        FeatureMatrix data = benchmark.Data;
        RuleSet all = RuleEvaluationBenchmark.TextRules();
        Console.WriteLine($"{customers:N0} customers, 20 text rules: {Median(() => new RuleBasedSegmenter(all).Segment(data))}");
        foreach (RuleDimension dimension in all.Dimensions)
        {
            Console.WriteLine($"  {dimension.Name}: {Median(() => new RuleBasedSegmenter(RuleSet.Of(dimension)).Segment(data))}");
        }

        RuleSet code = RuleEvaluationBenchmark.CodeRules();
        Console.WriteLine($"the same 20 rules as code rules (row by row): {Median(() => new RuleBasedSegmenter(code).Segment(data))}");
    }

    private static string Median(Action action)
    {
        action();
        double[] wall = new double[5];
        double[] cpu = new double[5];
        using var process = Process.GetCurrentProcess();
        for (int i = 0; i < wall.Length; i++)
        {
            process.Refresh();
            TimeSpan cpuStart = process.TotalProcessorTime;
            var stopwatch = Stopwatch.StartNew();
            action();
            wall[i] = stopwatch.Elapsed.TotalMilliseconds;
            process.Refresh();
            cpu[i] = (process.TotalProcessorTime - cpuStart).TotalMilliseconds;
        }

        Array.Sort(wall);
        Array.Sort(cpu);
        return FormattableString.Invariant($"median wall {wall[2]:F0} ms, CPU {cpu[2]:F0} ms");
    }
}
