using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Segmentation.Clustering;
using Segmentation.Clustering.KMeans;
using Segmentation.Tests.TestData;

namespace Segmentation.Tests.Clustering.KMeans;

/// <summary>What a user sees of k-means: recovered blobs, predictions, hand-computed answers and option messages.</summary>
public class KMeansBehaviourTests
{
    [Fact]
    public void Fit_ThreeSeparatedBlobs_RecoversThemExactly()
    {
        (FeatureMatrix data, int[] truth) = Blobs.Generate(Blobs.ThreeCentres, 200, 1.0, seed: 1);
        KMeansModel model = new KMeansClusterer(3).Fit(data);

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
        KMeansModel model = new KMeansClusterer(3).Fit(data);
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
        KMeansModel model = new KMeansClusterer(2).Fit(FeatureMatrix.FromRows([[0.0], [1.0], [10.0], [11.0]]));
        double[] centres = [.. Enumerable.Range(0, 2).Select(c => model.Centroids[c, 0]).Order()];
        Assert.Equal([0.5, 10.5], centres);
        Assert.Equal(1.0, model.Inertia, 12);
    }

    [Fact]
    public void Fit_SampleWeights_PullTheCentreTowardHeavyPoints()
    {
        // {0 (w=1), 1 (w=3)} has weighted mean 0.75; inertia 1 x 0.75^2 + 3 x 0.25^2 = 0.75.
        FeatureMatrix data = FeatureMatrix.FromRows([[0.0], [1.0], [10.0]]).WithRowWeights([1, 3, 1]);
        KMeansModel model = new KMeansClusterer(2).Fit(data);
        double[] centres = [.. Enumerable.Range(0, 2).Select(c => model.Centroids[c, 0]).Order()];
        Assert.Equal(0.75, centres[0], 12);
        Assert.Equal(10.0, centres[1], 12);
        Assert.Equal(0.75, model.Inertia, 12);
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
        KMeansModel model = new KMeansClusterer(1).Fit(FeatureMatrix.FromRows([[1.0, 2]]));
        Assert.Contains("has 3 features but the model was fitted on 2", Assert.Throws<ArgumentException>(() => model.Predict([1.0, 2, 3])).Message);
        Assert.Throws<ArgumentException>(() => model.Predict([1.0, double.NaN]));
    }

    [Fact]
    public void Transform_ReturnsSquaredDistanceToEveryCentroid()
    {
        KMeansModel model = new KMeansClusterer(2).Fit(FeatureMatrix.FromRows([[0.0], [10.0]]));
        Assert.Equal([16.0, 36.0], model.Transform([4.0]).Order().ToArray());
    }

    [Property(MaxTest = 100)]
    public Property Fit_AnyData_InertiaEqualsRecomputedFromLabels(NonEmptyArray<int> coordinates, int kSeed)
    {
        int[] padded = coordinates.Get.Length % 2 == 0 ? coordinates.Get : [.. coordinates.Get, 0];
        var data = FeatureMatrix.FromSpan([.. padded.Select(c => c / 4.0)], 2);
        int distinct = Enumerable.Range(0, data.RowCount).Select(i => (data[i, 0], data[i, 1])).Distinct().Count();
        int k = 1 + (Math.Abs(kSeed) % Math.Min(distinct, 8));
        KMeansModel model = new KMeansClusterer(k).Fit(data);
        double recomputed = ClusterStatistics.Inertia(data, model.Labels, model.Centroids);
        return (Math.Abs(recomputed - model.Inertia) <= 1e-9 * Math.Max(1, recomputed)).ToProperty();
    }
}
