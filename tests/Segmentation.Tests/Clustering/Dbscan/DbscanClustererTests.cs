using Segmentation.Clustering;
using Segmentation.Clustering.Dbscan;
using Segmentation.Tests.TestData;

namespace Segmentation.Tests.Clustering.Dbscan;

public sealed class DbscanClustererTests
{
    private static FeatureMatrix Line(params double[] xs) => FeatureMatrix.FromRows([.. xs.Select(x => new[] { x, 0.0 })]);

    [Theory]
    [InlineData(0.0, 5, "DbscanOptions.Eps must be greater than 0")]
    [InlineData(-1.0, 5, "DbscanOptions.Eps must be greater than 0")]
    [InlineData(double.NaN, 5, "DbscanOptions.Eps must be greater than 0")]
    [InlineData(double.PositiveInfinity, 5, "DbscanOptions.Eps must be greater than 0")]
    [InlineData(0.5, 0, "DbscanOptions.MinPoints must be between 1 and 1000000, but was 0.")]
    public void Constructor_InvalidOption_ThrowsNamingTheOption(double eps, int minPoints, string message)
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => new DbscanClusterer(eps, minPoints));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_InvalidThreadCount_Throws()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => new DbscanClusterer(new DbscanOptions { MaxDegreeOfParallelism = 0 }));
        Assert.Contains("DbscanOptions.MaxDegreeOfParallelism", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_NaNInData_ThrowsNamingRowAndColumn()
    {
        FeatureMatrix data = FeatureMatrix.FromRows([[0.0, 1.0], [1.0, double.NaN]]);
        ArgumentException error = Assert.Throws<ArgumentException>(() => new DbscanClusterer(0.5, 2).Fit(data));
        Assert.Contains("row 1, column 'x1'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_WeightsOfWrongLength_Throws()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => new DbscanClusterer(0.5, 2).Fit(Line(0, 1, 2), [1.0, 1.0]));
        Assert.Contains("2 sample weights for 3 rows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_NegativeWeight_ThrowsNamingIt()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => new DbscanClusterer(0.5, 2).Fit(Line(0, 1, 2), [1.0, -2.0, 1.0]));
        Assert.Contains("Sample weight 1 is -2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_NoRows_Throws()
    {
        Assert.Throws<ArgumentException>(() => new DbscanClusterer(0.5, 2).Fit(FeatureMatrix.FromSpan([], 2)));
    }

    [Fact]
    public void Fit_CosineWithZeroRow_ThrowsNamingTheRow()
    {
        FeatureMatrix data = FeatureMatrix.FromRows([[1.0, 1.0], [0.0, 0.0]]);
        ArgumentException error = Assert.Throws<ArgumentException>(() => new DbscanClusterer(new DbscanOptions { Metric = DbscanMetric.Cosine }).Fit(data));
        Assert.Contains("Row 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_HandMadeLine_CoreBorderAndNoiseAsDefined()
    {
        // 0, 1, 2 are within eps = 1 of each other in a chain; 2.9 only reaches 2; 10 is alone.
        DbscanModel model = new DbscanClusterer(1.0, 3).Fit(Line(0, 1, 2, 2.9, 10));

        Assert.Equal([false, true, true, false, false], model.IsCore);
        Assert.Equal([0, 0, 0, 0, -1], model.Labels);
        Assert.Equal([1, 2], model.CoreSampleIndices);
        Assert.Equal(2, model.FitMetrics["core_points"]);
        Assert.Equal(2, model.FitMetrics["border_points"]);
        Assert.Equal(0.2, model.FitMetrics["noise_share"], 12);
    }

    [Fact]
    public void Fit_EpsIsInclusive_PointAtExactlyEpsIsANeighbour()
    {
        DbscanModel model = new DbscanClusterer(1.0, 2).Fit(Line(0, 1));
        Assert.Equal([0, 0], model.Labels);
    }

    [Fact]
    public void Fit_WeightCountsTowardMinPoints()
    {
        // Alone, a point of weight 3 is core with MinPoints 3; its weight-1 neighbour is not.
        DbscanModel model = new DbscanClusterer(1.0, 3).Fit(Line(0, 0.5, 20), [3.0, 1.0, 1.0]);
        Assert.Equal([true, true, false], model.IsCore);
        Assert.Equal([0, 0, -1], model.Labels);
    }

    [Fact]
    public void Fit_BorderReachedByTwoClusters_JoinsNearestCore()
    {
        // The border point 0 (row 5) is 0.9 from core 0.9 (cluster 0, found first in row order) and 0.8 from core -0.8.
        FeatureMatrix data = Line(0.9, 1.5, 1.6, 1.7, 1.8, 0, -0.8, -1.4, -1.5, -1.6, -1.7);
        DbscanModel model = new DbscanClusterer(new DbscanOptions { Eps = 1.0, MinPoints = 5 }).Fit(data);
        Assert.False(model.IsCore[5]);
        Assert.True(model.IsCore[0] && model.IsCore[6]);
        Assert.Equal([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1], model.Labels);
    }

    [Fact]
    public void Fit_Centroids_AreMemberMeans()
    {
        DbscanModel model = new DbscanClusterer(1.0, 2).Fit(Line(0, 1, 10, 11, 30));
        Assert.Equal(2, model.ClusterCount);
        Assert.Equal(0.5, model.Centroids[0, 0], 12);
        Assert.Equal(10.5, model.Centroids[1, 0], 12);
    }

    [Fact]
    public void Fit_Cancelled_Throws()
    {
        (FeatureMatrix data, _) = Blobs.Generate(Blobs.ThreeCentres, 500, 1.0, 1);
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => new DbscanClusterer(0.5, 5).Fit(data, cancellation.Token));
    }

    [Fact]
    public void Fit_ManyChunksOnManyThreads_SameLabelsAsOneThread()
    {
        // 6,000 rows make a dozen chunks, so the passes really run concurrently.
        (FeatureMatrix data, _) = Blobs.Generate([[0, 0, 0], [4, 4, 0], [-4, 4, 2], [0, 8, 8]], 1500, 1.2, 11);
        int[] reference = [.. new DbscanClusterer(new DbscanOptions { Eps = 0.4, MinPoints = 8, MaxDegreeOfParallelism = 1, NeighborSearch = DbscanNeighborSearch.BruteForce }).Fit(data).Labels];
        Assert.Contains(-1, reference);
        Assert.True(reference.Max() >= 3);
        foreach (DbscanNeighborSearch search in Enum.GetValues<DbscanNeighborSearch>())
        {
            foreach (int threads in new[] { -1, 2, 8 })
            {
                var options = new DbscanOptions { Eps = 0.4, MinPoints = 8, MaxDegreeOfParallelism = threads, NeighborSearch = search };
                Assert.Equal(reference, new DbscanClusterer(options).Fit(data).Labels);
            }
        }
    }

    [Fact]
    public void Predict_TrainingRows_GiveTheirOwnLabels()
    {
        (FeatureMatrix data, _) = Blobs.Generate(Blobs.ThreeCentres, 100, 1.0, 3);
        DbscanModel model = new DbscanClusterer(0.8, 5).Fit(data);
        for (int i = 0; i < data.RowCount; i++)
        {
            Assert.Equal(model.Labels[i], model.Predict(data.Row(i)));
        }
    }

    [Fact]
    public void Predict_FarPoint_IsNoiseOrNearestClusterByOption()
    {
        FeatureMatrix data = Line(0, 0.5, 1, 10, 10.5, 11);
        DbscanModel noise = new DbscanClusterer(1.0, 3).Fit(data);
        DbscanModel nearest = new DbscanClusterer(new DbscanOptions { Eps = 1.0, MinPoints = 3, AssignNoiseToNearestCluster = true }).Fit(data);

        Assert.Equal(-1, noise.Predict([7.0, 0.0]));
        Assert.Equal(1, nearest.Predict([7.0, 0.0]));
        Assert.Equal(0, noise.Predict([3.0, 0.0], assignNoiseToNearestCluster: true));
        Assert.Equal(0, noise.Predict([1.8, 0.0]));
    }

    [Fact]
    public void Predict_AllNoiseModelWithNearestCluster_ReturnsNoise()
    {
        DbscanModel model = new DbscanClusterer(new DbscanOptions { Eps = 0.1, MinPoints = 2, AssignNoiseToNearestCluster = true }).Fit(Line(0, 5));
        Assert.Equal(0, model.ClusterCount);
        Assert.Equal(-1, model.Predict([1.0, 0.0]));
    }

    [Fact]
    public void Predict_WrongLengthOrNaN_Throws()
    {
        DbscanModel model = new DbscanClusterer(1.0, 2).Fit(Line(0, 1));
        Assert.Throws<ArgumentException>(() => model.Predict([1.0]));
        Assert.Throws<ArgumentException>(() => model.Predict([double.NaN, 0.0]));
    }

    [Fact]
    public void Predict_Cosine_UsesDirectionOnly()
    {
        FeatureMatrix data = FeatureMatrix.FromRows([[1.0, 0.0], [2.0, 0.01], [3.0, 0.0], [0.0, 1.0], [0.01, 2.0], [0.0, 3.0]]);
        DbscanModel model = new DbscanClusterer(new DbscanOptions { Eps = 0.01, MinPoints = 3, Metric = DbscanMetric.Cosine }).Fit(data);
        Assert.Equal([0, 0, 0, 1, 1, 1], model.Labels);
        Assert.Equal(0, model.Predict([100.0, 0.5]));
        Assert.Equal(1, model.Predict([0.2, 50.0]));
        Assert.Equal(-1, model.Predict([1.0, 1.0]));
    }

    [Fact]
    public void Fit_ThroughInterface_ReportsAlgorithmName()
    {
        IClusterer clusterer = new DbscanClusterer(1.0, 2);
        IClusterModel model = clusterer.Fit(Line(0, 1, 5));
        Assert.Equal("dbscan", clusterer.Name);
        Assert.Equal("dbscan", model.Algorithm);
        Assert.Equal([0, 0, -1], model.Predict(Line(0.2, 0.8, 3)));
    }
}
