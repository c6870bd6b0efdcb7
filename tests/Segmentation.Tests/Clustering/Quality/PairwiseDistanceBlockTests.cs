using Segmentation.Clustering.Quality;

namespace Segmentation.Tests.Clustering.Quality;

public class PairwiseDistanceBlockTests
{
    [Theory]
    [InlineData(1, 0, 1)]
    [InlineData(3, 0, 7)]
    [InlineData(16, 0, 8)]
    [InlineData(16, 3, 41)]
    [InlineData(5, 1, 100)]
    [InlineData(17, 0, 257)]
    public void AddDistanceSums_VectorPath_MatchesScalarReference(int dimensions, int start, int end)
    {
        var random = new Random(dimensions * 31 + end);
        int stride = end + 3;
        double[] points = [.. Enumerable.Range(0, dimensions * stride).Select(_ => (random.NextDouble() * 20) - 10)];
        double[] queries = [.. Enumerable.Range(0, PairwiseDistanceBlock.QueryCount * dimensions).Select(_ => (random.NextDouble() * 20) - 10)];
        var vector = new double[PairwiseDistanceBlock.QueryCount];
        var scalar = new double[PairwiseDistanceBlock.QueryCount];
        PairwiseDistanceBlock.AddDistanceSums(points, stride, dimensions, start, end, queries, vector);
        PairwiseDistanceBlock.AddScalar(points, stride, dimensions, start, end, queries, scalar);
        for (int q = 0; q < scalar.Length; q++)
        {
            Assert.Equal(scalar[q], vector[q], 1e-9 * Math.Max(1, scalar[q]));
        }
    }

    [Fact]
    public void AddDistanceSums_EmptyRange_LeavesSumsUnchanged()
    {
        double[] sums = [1, 2, 3, 4];
        PairwiseDistanceBlock.AddDistanceSums(new double[8], 4, 2, 2, 2, new double[8], sums);
        Assert.Equal([1.0, 2, 3, 4], sums);
    }
}

public class SilhouetteComputationTests
{
    [Theory]
    [InlineData(300, 3, 4)]
    [InlineData(1031, 5, 7)]
    [InlineData(77, 17, 20)]
    public void Samples_SymmetricAndOneWayPaths_Agree(int n, int d, int clusters)
    {
        var random = new Random(n);
        double[] values = [.. Enumerable.Range(0, n * d).Select(_ => random.NextDouble() * 10)];
        int[] labels = [.. Enumerable.Range(0, n).Select(i => i < clusters ? i : random.Next(clusters))];
        double[] symmetric = SilhouetteComputation.Samples(values, n, d, labels, clusters, CancellationToken.None, symmetric: true);
        double[] oneWay = SilhouetteComputation.Samples(values, n, d, labels, clusters, CancellationToken.None, symmetric: false);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(oneWay[i], symmetric[i], 1e-11);
        }
    }

    [Fact]
    public void Samples_RepeatedRuns_GiveIdenticalBits()
    {
        var random = new Random(9);
        int n = 2000;
        double[] values = [.. Enumerable.Range(0, n * 4).Select(_ => random.NextDouble())];
        int[] labels = [.. Enumerable.Range(0, n).Select(i => i % 5)];
        double[] first = SilhouetteComputation.Samples(values, n, 4, labels, 5, CancellationToken.None);
        for (int run = 0; run < 3; run++)
        {
            Assert.Equal(first, SilhouetteComputation.Samples(values, n, 4, labels, 5, CancellationToken.None));
        }
    }
}

public class PairwiseDistanceBlockBothWaysTests
{
    [Theory]
    [InlineData(16, 0, 41)]
    [InlineData(3, 5, 29)]
    public void AddDistanceSumsBothWays_MatchesScalarDistances(int dimensions, int start, int end)
    {
        var random = new Random(dimensions + end);
        int stride = end + 1;
        double[] points = [.. Enumerable.Range(0, dimensions * stride).Select(_ => random.NextDouble() * 4)];
        double[] queries = [.. Enumerable.Range(0, PairwiseDistanceBlock.QueryCount * dimensions).Select(_ => random.NextDouble() * 4)];
        double[] weights = [1, 1, 1, 0];
        var sums = new double[4];
        var columns = new double[end - start];
        PairwiseDistanceBlock.AddDistanceSumsBothWays(points, stride, dimensions, start, end, queries, weights, sums, columns);

        var expected = new double[4];
        PairwiseDistanceBlock.AddScalar(points, stride, dimensions, start, end, queries, expected);
        for (int q = 0; q < 4; q++)
        {
            Assert.Equal(expected[q], sums[q], 1e-9);
        }

        for (int p = start; p < end; p++)
        {
            double column = 0;
            for (int q = 0; q < 3; q++)
            {
                column += Math.Sqrt(Enumerable.Range(0, dimensions).Sum(k => Math.Pow(points[(k * stride) + p] - queries[(q * dimensions) + k], 2)));
            }

            Assert.Equal(column, columns[p - start], 1e-9);
        }
    }
}
