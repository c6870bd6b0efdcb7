using BenchmarkDotNet.Attributes;
using Segmentation.Kernels;

namespace Segmentation.Benchmarks;

/// <summary>The nearest-center kernel on one chunk of points, scalar baseline against each register width.</summary>
[MemoryDiagnoser]
public class KernelBenchmarks
{
    private const int Points = 4096;
    private double[] _points = [];
    private float[] _pointsSingle = [];
    private CenterPanel<double> _centers = null!;
    private CenterPanel<float> _centersSingle = null!;
    private readonly int[] _labels = new int[Points];
    private readonly double[] _best = new double[Points];
    private readonly float[] _bestSingle = new float[Points];

    [Params(8, 16, 64)]
    public int D { get; set; }

    [Params(16, 256)]
    public int K { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _points = [.. Enumerable.Range(0, Points * D).Select(_ => random.NextDouble())];
        _pointsSingle = [.. _points.Select(v => (float)v)];
        double[] centers = [.. Enumerable.Range(0, K * D).Select(_ => random.NextDouble())];
        _centers = CenterPanel<double>.Create(centers, D);
        _centersSingle = CenterPanel<float>.Create(centers, D);
    }

    [Benchmark(Baseline = true)]
    public void ScalarDouble() => Nearest(KernelPath.Scalar);

    [Benchmark]
    public void Vector128Double() => Nearest(KernelPath.Vector128);

    [Benchmark]
    public void Vector256Double() => Nearest(KernelPath.Vector256);

    [Benchmark]
    public void Vector512Double() => Nearest(KernelPath.Vector512);

    [Benchmark]
    public void ScalarSingle() => NearestSingle(KernelPath.Scalar);

    [Benchmark]
    public void Vector256Single() => NearestSingle(KernelPath.Vector256);

    [Benchmark]
    public void Vector512Single() => NearestSingle(KernelPath.Vector512);

    private void Nearest(KernelPath path)
        => DistanceKernels.FindNearest<double>(_points, D, [], _centers, _labels, _best, [], path);

    private void NearestSingle(KernelPath path)
        => DistanceKernels.FindNearest<float>(_pointsSingle, D, [], _centersSingle, _labels, _bestSingle, [], path);
}
