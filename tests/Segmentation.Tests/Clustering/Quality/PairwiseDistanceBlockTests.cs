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
