using BenchmarkDotNet.Attributes;
using Segmentation.Clustering;
using Segmentation.Clustering.Hierarchical;

namespace Segmentation.Benchmarks;

/// <summary>Hierarchical fits on Gaussian blobs: the O(n·d) vector methods against the condensed-matrix baseline.</summary>
[MemoryDiagnoser]
public class HierarchicalFitBenchmark
{
    private FeatureMatrix _data = null!;

    [Params(4_000)]
    public int Rows { get; set; }

    [Params(16)]
    public int Columns { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var values = new double[Rows * Columns];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = random.NextDouble() + ((i / Columns) % 8);
        }

        _data = FeatureMatrix.FromSpan(values, Columns);
    }

    [Benchmark(Baseline = true)]
    public int WardMatrix() => Fit(Linkage.Ward, HierarchicalMethod.Matrix);

    [Benchmark]
    public int WardVector() => Fit(Linkage.Ward, HierarchicalMethod.Vector);

    [Benchmark]
    public int SingleSpanningTree() => Fit(Linkage.Single, HierarchicalMethod.Vector);

    [Benchmark]
    public int AverageMatrix() => Fit(Linkage.Average, HierarchicalMethod.Matrix);

    private int Fit(Linkage linkage, HierarchicalMethod method) =>
        new HierarchicalClusterer(new HierarchicalOptions { Linkage = linkage, Method = method, K = 8 }).Fit(_data).ClusterCount;
}
