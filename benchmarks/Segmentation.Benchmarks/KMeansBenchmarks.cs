using BenchmarkDotNet.Attributes;
using Segmentation.Clustering;
using Segmentation.Clustering.KMeans;

namespace Segmentation.Benchmarks;

/// <summary>Ten Lloyd iterations from the same centers on several shapes: plain Lloyd (baseline) against Hamerly and Yinyang, float64 and float32.</summary>
[MemoryDiagnoser]
public class KMeansBenchmarks
{
    private FeatureMatrix _data = null!;
    private FeatureMatrix _init = null!;

    [Params("100000x8x8", "100000x64x256", "1000000x16x16")]
    public string Shape { get; set; } = "100000x8x8";

    [GlobalSetup]
    public void Setup()
    {
        int[] shape = [.. Shape.Split('x').Select(int.Parse)];
        (int n, int d, int k) = (shape[0], shape[1], shape[2]);
        _data = PeerKMeans.Blobs(n, d, k, seed: 1);
        _init = FeatureMatrix.FromSpan(_data.Values[..(k * d)], d);
    }

    [Benchmark(Baseline = true)]
    public double LloydDouble() => Fit(KMeansAlgorithm.Lloyd, KMeansPrecision.Double);

    [Benchmark]
    public double HamerlyDouble() => Fit(KMeansAlgorithm.Hamerly, KMeansPrecision.Double);

    [Benchmark]
    public double YinyangDouble() => Fit(KMeansAlgorithm.Yinyang, KMeansPrecision.Double);

    [Benchmark]
    public double LloydSingle() => Fit(KMeansAlgorithm.Lloyd, KMeansPrecision.Single);

    [Benchmark]
    public double HamerlySingle() => Fit(KMeansAlgorithm.Hamerly, KMeansPrecision.Single);

    private double Fit(KMeansAlgorithm algorithm, KMeansPrecision precision)
        => new KMeansClusterer(new KMeansOptions
        {
            K = _init.RowCount,
            Init = KMeansInit.Given,
            InitialCenters = _init,
            MaxIterations = 10,
            Tolerance = 0,
            Algorithm = algorithm,
            Precision = precision,
        }).Fit(_data).Inertia;
}
