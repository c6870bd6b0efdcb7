using Segmentation.Clustering;
using Segmentation.Tests.TestData;

namespace Segmentation.Tests.Clustering.KMeans;

public class KMeansClustererTests
{
    [Fact]
    public void Fit_ThreeSeparatedBlobs_RecoversThemExactly()
    {
        (FeatureMatrix data, int[] truth) = Blobs.Generate(Blobs.ThreeCentres, 200, 1.0, seed: 1);
        KMeansModel model = new KMeansClusterer(3).FitModel(data);

        Assert.Equal(3, model.ClusterCount);
        Assert.True(Blobs.SamePartition(model.Labels, truth));
        Assert.True(model.Converged);
        foreach (double[] centre in Blobs.ThreeCentres)
        {
            double nearest = Enumerable.Range(0, 3).Min(c => ClusterStatistics.SquaredDistance(model.Centroids.Row(c), centre));
            Assert.True(nearest < 0.1, $"a centroid should sit near ({centre[0]}, {centre[1]})");
        }
    }

    [Fact]
    public void Predict_NewPointsNearBlobCentres_GoToThoseBlobs()
    {
        (FeatureMatrix data, int[] truth) = Blobs.Generate(Blobs.ThreeCentres, 200, 1.0, seed: 2);
        KMeansModel model = new KMeansClusterer(3).FitModel(data);
        for (int b = 0; b < 3; b++)
        {
            int expected = model.Labels[Array.IndexOf(truth, b)];
            double[] near = [Blobs.ThreeCentres[b][0] + 0.7, Blobs.ThreeCentres[b][1] - 0.5];
            Assert.Equal(expected, model.Predict(near));
        }

        Assert.Equal(model.Labels, ((IClusterModel)model).Predict(data));
    }

    [Fact]
    public void Fit_HandComputedOneDimensionalCase_GivesKnownCentresAndInertia()
    {
        // {0, 1} and {10, 11}: centres 0.5 and 10.5, inertia 4 x 0.25 = 1.
        KMeansModel model = new KMeansClusterer(2).FitModel(FeatureMatrix.FromRows([[0.0], [1.0], [10.0], [11.0]]));
        double[] centres = [.. Enumerable.Range(0, 2).Select(c => model.Centroids[c, 0]).Order()];
        Assert.Equal([0.5, 10.5], centres);
        Assert.Equal(1.0, model.Inertia, 12);
        Assert.Equal(model.Labels[0], model.Labels[1]);
        Assert.NotEqual(model.Labels[1], model.Labels[2]);
    }

    [Fact]
    public void Fit_SampleWeights_PullTheCentreTowardHeavyPoints()
    {
        // {0 (w=1), 1 (w=3)} has weighted mean 0.75; inertia 1 x 0.75^2 + 3 x 0.25^2 = 0.75.
        FeatureMatrix data = FeatureMatrix.FromRows([[0.0], [1.0], [10.0]]).WithRowWeights([1, 3, 1]);
        KMeansModel model = new KMeansClusterer(2).FitModel(data);
        double[] centres = [.. Enumerable.Range(0, 2).Select(c => model.Centroids[c, 0]).Order()];
        Assert.Equal(0.75, centres[0], 12);
        Assert.Equal(10.0, centres[1], 12);
        Assert.Equal(0.75, model.Inertia, 12);
    }

    [Fact]
    public void Fit_IntegerWeight_EqualsRepeatingTheRow()
    {
        (FeatureMatrix data, _) = Blobs.Generate(Blobs.ThreeCentres, 30, 1.0, seed: 3);
        var weights = new double[data.RowCount];
        Array.Fill(weights, 1);
        weights[0] = 3;
        var repeated = Enumerable.Range(0, data.RowCount).Select(i => data.Row(i).ToArray()).ToList();
        repeated.Add(data.Row(0).ToArray());
        repeated.Add(data.Row(0).ToArray());

        KMeansModel weighted = new KMeansClusterer(3).FitModel(data.WithRowWeights(weights));
        KMeansModel copies = new KMeansClusterer(3).FitModel(FeatureMatrix.FromRows(repeated));
        Assert.Equal(copies.Inertia, weighted.Inertia, 9);
    }

    [Fact]
    public void Fit_SameSeed_GivesIdenticalResult_DifferentNInitNeverWorse()
    {
        (FeatureMatrix data, _) = Blobs.Generate([[0, 0], [3, 3], [0, 3], [3, 0]], 100, 1.2, seed: 4);
        var options = new KMeansOptions { K = 4, Seed = 11 };
        KMeansModel first = new KMeansClusterer(options).FitModel(data);
        KMeansModel second = new KMeansClusterer(options).FitModel(data);
        Assert.Equal(first.Labels, second.Labels);
        Assert.Equal(first.Inertia, second.Inertia);

        KMeansModel restarts = new KMeansClusterer(new KMeansOptions { K = 4, Seed = 11, NInit = 5 }).FitModel(data);
        Assert.True(restarts.Inertia <= first.Inertia);
    }

    [Fact]
    public void Fit_MoreClustersThanDistinctRows_ThrowsWithTheCount()
    {
        FeatureMatrix data = FeatureMatrix.FromRows([[1.0, 1], [1.0, 1], [2.0, 2]]);
        var error = Assert.Throws<ArgumentException>(() => new KMeansClusterer(3).Fit(data));
        Assert.Contains("only 2 distinct row(s); choose k <= 2", error.Message);
    }

    [Fact]
    public void Fit_NaNInData_ThrowsNamingRowAndColumn()
    {
        FeatureMatrix data = FeatureMatrix.FromRows([[1.0, 1], [2.0, double.NaN]], ["arr", "nps"]);
        var error = Assert.Throws<ArgumentException>(() => new KMeansClusterer(1).Fit(data));
        Assert.Contains("row 1, column 'nps'", error.Message);
    }

    [Fact]
    public void Fit_ZeroRows_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new KMeansClusterer(1).Fit(FeatureMatrix.FromSpan([], 2)));
        Assert.Contains("at least one row", error.Message);
    }

    [Theory]
    [InlineData(0, 300, 1e-4, 1, "KMeansOptions.K must be between 1 and 100000, but was 0.")]
    [InlineData(3, 0, 1e-4, 1, "KMeansOptions.MaxIterations must be between 1 and 1000000, but was 0.")]
    [InlineData(3, 300, -1.0, 1, "KMeansOptions.Tolerance must be between 0 and 1, but was -1.")]
    [InlineData(3, 300, 1e-4, 0, "KMeansOptions.NInit must be between 1 and 1000, but was 0.")]
    public void Constructor_InvalidOption_ThrowsNamingOptionAndRange(int k, int maxIterations, double tolerance, int nInit, string message)
    {
        var options = new KMeansOptions { K = k, MaxIterations = maxIterations, Tolerance = tolerance, NInit = nInit };
        var error = Assert.Throws<ArgumentException>(() => new KMeansClusterer(options));
        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void Predict_WrongLengthOrNaN_Throws()
    {
        KMeansModel model = new KMeansClusterer(1).FitModel(FeatureMatrix.FromRows([[1.0, 2]]));
        Assert.Contains("has 3 features but the model was fitted on 2", Assert.Throws<ArgumentException>(() => model.Predict([1.0, 2, 3])).Message);
        Assert.Throws<ArgumentException>(() => model.Predict([1.0, double.NaN]));
    }

    [Fact]
    public void Transform_ReturnsSquaredDistanceToEveryCentroid()
    {
        KMeansModel model = new KMeansClusterer(2).FitModel(FeatureMatrix.FromRows([[0.0], [10.0]]));
        double[] distances = model.Transform([4.0]);
        Assert.Equal([16.0, 36.0], distances.Order().ToArray());
    }

    [Fact]
    public void Fit_Cancelled_Throws()
    {
        (FeatureMatrix data, _) = Blobs.Generate(Blobs.ThreeCentres, 50, 1.0, seed: 5);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => new KMeansClusterer(3).Fit(data, cancelled.Token));
    }
}
