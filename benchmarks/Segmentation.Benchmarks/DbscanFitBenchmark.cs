using BenchmarkDotNet.Attributes;
using Segmentation.Clustering;
using Segmentation.Clustering.Dbscan;

namespace Segmentation.Benchmarks;

/// <summary>
/// The whole DBSCAN fit on Gaussian blobs, per neighbour search (kd-tree is the baseline, the Auto choice) and thread count.
/// Run: dotnet run -c Release --project benchmarks/Segmentation.Benchmarks -- --filter '*DbscanFit*'
/// </summary>
[MemoryDiagnoser]
public class DbscanFitBenchmark
{
    private FeatureMatrix _data = null!;

    [Params(50_000)]
    public int Rows { get; set; }

    [Params(2, 4)]
    public int Columns { get; set; }

    [Params(1, -1)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // Five unit-variance blobs with centres in [-10, 10], like scikit-learn's make_blobs.
        var random = new Random(42);
        double[][] centres = [.. Enumerable.Range(0, 5).Select(_ => Enumerable.Range(0, Columns).Select(_ => (random.NextDouble() * 20) - 10).ToArray())];
        var values = new double[Rows * Columns];
        for (int i = 0; i < Rows; i++)
        {
            for (int j = 0; j < Columns; j++)
            {
                double u = 1 - random.NextDouble();
                double normal = Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble());
                values[(i * Columns) + j] = centres[i % 5][j] + normal;
            }
        }

        _data = FeatureMatrix.FromSpan(values, Columns);
    }

    private int Fit(DbscanNeighborSearch search) =>
        new DbscanClusterer(new DbscanOptions { Eps = Columns == 2 ? 0.15 : 0.6, MinPoints = 10, NeighborSearch = search, MaxDegreeOfParallelism = Threads })
            .Fit(_data).ClusterCount;

    [Benchmark(Baseline = true)]
    public int KdTree() => Fit(DbscanNeighborSearch.KdTree);

    [Benchmark]
    public int Grid() => Fit(DbscanNeighborSearch.Grid);
}
