using Segmentation.Clustering.Quality;

namespace Segmentation.Tests.Clustering.Quality;

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
