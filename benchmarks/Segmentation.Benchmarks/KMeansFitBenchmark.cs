using BenchmarkDotNet.Attributes;
using Segmentation.Clustering;
using Segmentation.Clustering.KMeans;

namespace Segmentation.Benchmarks;

/// <summary>The whole k-means fit (seeding and Lloyd iterations) on Gaussian data.</summary>
[MemoryDiagnoser]
public class KMeansFitBenchmark
{
    private FeatureMatrix _data = null!;

    [Params(10_000)]
    public int Rows { get; set; }

    [Params(8)]
    public int Columns { get; set; }

    [Params(8)]
    public int K { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var values = new double[Rows * Columns];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = random.NextDouble() + ((i / Columns) % K);
        }

        _data = FeatureMatrix.FromSpan(values, Columns);
    }

    [Benchmark]
    public double Fit() => new KMeansClusterer(new KMeansOptions { K = K, MaxIterations = 20 }).Fit(_data).Inertia;
}
