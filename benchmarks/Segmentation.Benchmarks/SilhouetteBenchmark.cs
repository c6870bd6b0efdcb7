using BenchmarkDotNet.Attributes;
using Segmentation.Clustering.Quality;

namespace Segmentation.Benchmarks;

/// <summary>Exact silhouette: the blockwise SIMD implementation against a straightforward scalar one (the baseline).</summary>
[MemoryDiagnoser]
public class SilhouetteBenchmark
{
    private FeatureMatrix _data = null!;
    private int[] _labels = null!;

    [Params(5_000)]
    public int Rows { get; set; }

    [Params(16)]
    public int Columns { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _labels = [.. Enumerable.Range(0, Rows).Select(i => i % 8)];
        var values = new double[Rows * Columns];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = random.NextDouble() + _labels[i / Columns];
        }

        _data = FeatureMatrix.FromSpan(values, Columns);
    }

    [Benchmark(Baseline = true)]
    public double Scalar()
    {
        int n = _data.RowCount;
        int k = _labels.Max() + 1;
        var sizes = new int[k];
        foreach (int l in _labels)
        {
            sizes[l]++;
        }

        double total = 0;
        var sums = new double[k];
        for (int i = 0; i < n; i++)
        {
            Array.Clear(sums);
            ReadOnlySpan<double> a = _data.Row(i);
            for (int j = 0; j < n; j++)
            {
                ReadOnlySpan<double> b = _data.Row(j);
                double s = 0;
                for (int c = 0; c < a.Length; c++)
                {
                    double diff = a[c] - b[c];
                    s += diff * diff;
                }

                sums[_labels[j]] += Math.Sqrt(s);
            }

            int own = _labels[i];
            double intra = sums[own] / (sizes[own] - 1);
            double inter = double.PositiveInfinity;
            for (int c = 0; c < k; c++)
            {
                if (c != own)
                {
                    inter = Math.Min(inter, sums[c] / sizes[c]);
                }
            }

            total += (inter - intra) / Math.Max(intra, inter);
        }

        return total / n;
    }

    [Benchmark]
    public double Blockwise() => ClusterQuality.Silhouette(_data, _labels);
}
