using Segmentation.Clustering;
using Segmentation.Clustering.Dbscan;
using Segmentation.Tests.TestData;

namespace Segmentation.Tests.Clustering.Dbscan;

public sealed class EpsSuggestionTests
{
    [Fact]
    public void Compute_SmallLine_KDistancesExcludeSelf()
    {
        // k = MinPoints - 1 = 2: distance to the second-nearest other point.
        FeatureMatrix data = FeatureMatrix.FromRows([[0.0], [1.0], [3.0], [7.0]]);
        EpsSuggestion suggestion = EpsSuggestion.Compute(data, 3);

        Assert.Equal(2, suggestion.K);
        // 0 -> {1, 3}: 3; 1 -> {0, 3}: 2; 3 -> {1, 0}: 3; 7 -> {3, 1}: 6.
        Assert.Equal([2.0, 3.0, 3.0, 6.0], suggestion.Distances);
    }

    [Fact]
    public void SuggestDbscanEps_SmallLine_ReturnsTheSuggestionsValues()
    {
        FeatureMatrix data = FeatureMatrix.FromRows([[0.0], [1.0], [3.0], [7.0]]);
        (double eps, int k, int knee, IReadOnlyList<double> distances) = Clusterers.SuggestDbscanEps(data, 3);

        Assert.Equal(2, k);
        Assert.Equal([2.0, 3.0, 3.0, 6.0], distances);
        Assert.Equal(distances[knee], eps);
    }

    [Fact]
    public void Compute_BlobsWithNoise_KneeSeparatesDenseFromSparse()
    {
        (FeatureMatrix blobs, _) = Blobs.Generate(Blobs.ThreeCentres, 300, 0.5, 4);
        var random = new Random(9);
        double[][] noise = [.. Enumerable.Range(0, 30).Select(_ => new[] { (random.NextDouble() * 60) - 30, (random.NextDouble() * 60) - 20 })];
        FeatureMatrix data = FeatureMatrix.FromRows([.. Enumerable.Range(0, blobs.RowCount).Select(i => blobs.Row(i).ToArray()), .. noise]);

        EpsSuggestion suggestion = EpsSuggestion.Compute(data, 5);
        DbscanModel model = new DbscanClusterer(suggestion.Eps, 5).Fit(data);

        Assert.InRange(suggestion.Eps, 0.2, 2.0);
        Assert.Equal(3, model.ClusterCount);
        Assert.Equal(suggestion.Distances[suggestion.KneeIndex], suggestion.Eps);
    }

    [Fact]
    public void Knee_ConvexCurve_IsTheBend()
    {
        double[] curve = [1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 5, 10];
        Assert.Equal(6, EpsSuggestion.Knee(curve));
    }

    [Fact]
    public void Compute_TooFewRowsOrBadMinPoints_Throws()
    {
        FeatureMatrix data = FeatureMatrix.FromRows([[0.0], [1.0]]);
        Assert.Throws<ArgumentException>(() => EpsSuggestion.Compute(data, 5));
        Assert.Throws<ArgumentException>(() => EpsSuggestion.Compute(data, 0));
    }

    [Fact]
    public void Compute_AllRowsIdentical_Throws()
    {
        FeatureMatrix data = FeatureMatrix.FromRows([[1.0], [1.0], [1.0], [1.0]]);
        ArgumentException error = Assert.Throws<ArgumentException>(() => EpsSuggestion.Compute(data, 2));
        Assert.Contains("identical", error.Message, StringComparison.Ordinal);
    }
}
