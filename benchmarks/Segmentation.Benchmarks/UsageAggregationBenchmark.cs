using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Segmentation.Features;
using Segmentation.Features.History;

namespace Segmentation.Benchmarks;

/// <summary>
/// Feature extraction from a usage-event stream: 10 million events for 100,000 customers folded into daily buckets,
/// then the usage trend features of every customer. The events are generated lazily, so memory holds customers, not events.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
[MemoryDiagnoser]
public class UsageAggregationBenchmark
{
    private static readonly DateOnly AsOf = new(2024, 6, 30);
    private static readonly string[] Metrics = ["login", "report", "export", "api_call", "dashboard", "invite", "integration", "alert"];
    private string[] _ids = null!;

    [Params(10_000_000)]
    public int Events { get; set; }

    [Params(100_000)]
    public int Customers { get; set; }

    [GlobalSetup]
    public void Setup() => _ids = [.. Enumerable.Range(0, Customers).Select(i => "C" + i.ToString("D6", CultureInfo.InvariantCulture))];

    [Benchmark]
    public double AggregateAndExtract() => Run(_ids, Events);

    /// <summary>Console mode <c>usage-aggregation [events] [customers]</c>: one timed run, printed as JSON.</summary>
    public static int Console(string[] args)
    {
        int events = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000_000;
        int customers = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
        string[] ids = [.. Enumerable.Range(0, customers).Select(i => "C" + i.ToString("D6", CultureInfo.InvariantCulture))];
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var stopwatch = Stopwatch.StartNew();
        double generated = 0;
        foreach (UsageEvent e in Generate(ids, events))
        {
            generated += e.Value;
        }

        double generateSeconds = stopwatch.Elapsed.TotalSeconds;
        stopwatch.Restart();
        double checksum = Run(ids, events);
        double seconds = stopwatch.Elapsed.TotalSeconds;
        System.Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{{\"events\": {events}, \"customers\": {customers}, \"seconds\": {seconds:0.###}, \"generate_only_seconds\": {generateSeconds:0.###}, \"peak_working_set_mb\": {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:0}, \"managed_before_mb\": {before / 1e6:0}, \"checksum\": {checksum:R}}}"));
        return 0;
    }

    private static double Run(string[] ids, int events)
    {
        ActivityHistory history = ActivityHistory.FromUsage(Generate(ids, events), e => (e.CustomerId, e.Timestamp, e.Metric, e.Value), AsOf);
        var extractor = new UsageTrendExtractor<string>(history, id => id);
        FeatureMatrix features = new FeatureSet<string>().Add(extractor).Extract(ids, AsOf, id => id);
        return features[0, 3];
    }

    /// <summary>Events spread over the 200 days before the as-of day (some after it, which must be skipped), streamed.</summary>
    private static IEnumerable<UsageEvent> Generate(string[] ids, int events)
    {
        var random = new Random(7);
        DateTime start = AsOf.ToDateTime(TimeOnly.MinValue).AddDays(-200);
        for (int e = 0; e < events; e++)
        {
            yield return new UsageEvent(ids[random.Next(ids.Length)], start.AddMinutes(random.Next(205 * 24 * 60)), Metrics[random.Next(Metrics.Length)], 1 + random.Next(5));
        }
    }

    /// <summary>A host's usage record, as the benchmark streams it.</summary>
    private readonly record struct UsageEvent(string CustomerId, DateTime Timestamp, string Metric, double Value);
}
