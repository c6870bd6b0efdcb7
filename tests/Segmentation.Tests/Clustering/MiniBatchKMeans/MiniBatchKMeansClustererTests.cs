using Segmentation.Clustering;
using Segmentation.Clustering.KMeans;
using Segmentation.Clustering.MiniBatchKMeans;
using Segmentation.Tests.Clustering.KMeans;

namespace Segmentation.Tests.Clustering.MiniBatchKMeans;

public class MiniBatchKMeansClustererTests
{
    [Fact]
    public void Fit_SeparatedBlobs_InertiaCloseToExactKMeans()
    {
        FeatureMatrix data = KMeansTestData.Blobs(20_000, 4, 6, seed: 3);
        double exact = new KMeansClusterer(new KMeansOptions { K = 6, NInit = 3 }).Fit(data).Inertia;
        KMeansModel model = new MiniBatchKMeansClusterer(new MiniBatchKMeansOptions { K = 6, Seed = 1 }).Fit(data);

        Assert.Equal("minibatch-kmeans", model.Algorithm);
        Assert.Equal(data.RowCount, model.Labels.Count);
        Assert.All(model.Labels, l => Assert.InRange(l, 0, 5));
        Assert.True(model.Inertia <= exact * 1.10, $"mini-batch {model.Inertia} vs exact {exact}");
    }

    [Fact]
    public void Fit_SameSeed_SameResult()
    {
        FeatureMatrix data = KMeansTestData.Blobs(5_000, 3, 4, seed: 2);
        var options = new MiniBatchKMeansOptions { K = 4, Seed = 9, BatchSize = 256 };
        KMeansModel first = new MiniBatchKMeansClusterer(options).Fit(data);
        KMeansModel second = new MiniBatchKMeansClusterer(options).Fit(data);
        Assert.Equal(first.Labels, second.Labels);
        Assert.Equal(first.Centroids.Values.ToArray(), second.Centroids.Values.ToArray());
    }

    [Fact]
    public void PartialFit_StreamedBatches_CentersNearExactKMeans()
    {
        FeatureMatrix data = KMeansTestData.Blobs(12_000, 2, 3, seed: 7, spread: 0.5);
        MiniBatchKMeansTrainer trainer = new MiniBatchKMeansClusterer(new MiniBatchKMeansOptions { K = 3 }).CreateTrainer();
        for (int start = 0; start < data.RowCount; start += 1_000)
        {
            trainer.PartialFit(FeatureMatrix.FromSpan(data.Values.Slice(start * 2, 1_000 * 2), 2));
        }

        KMeansModel streamed = trainer.ToModel(data);
        double exact = new KMeansClusterer(new KMeansOptions { K = 3, NInit = 3 }).Fit(data).Inertia;
        Assert.Equal(12, trainer.BatchCount);
        Assert.True(streamed.Inertia <= exact * 1.05, $"streamed {streamed.Inertia} vs exact {exact}");
        Assert.Empty(trainer.ToModel().Labels);
    }

    [Fact]
    public void PartialFit_BatchOfOtherWidth_Throws()
    {
        MiniBatchKMeansTrainer trainer = new MiniBatchKMeansClusterer(new MiniBatchKMeansOptions { K = 2 }).CreateTrainer();
        trainer.PartialFit(KMeansTestData.Blobs(100, 3, 2, seed: 1));
        var error = Assert.Throws<ArgumentException>(() => trainer.PartialFit(KMeansTestData.Blobs(100, 4, 2, seed: 1)));
        Assert.Contains("4 columns but earlier batches had 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToModel_BeforeAnyBatch_Throws()
    {
        MiniBatchKMeansTrainer trainer = new MiniBatchKMeansClusterer(new MiniBatchKMeansOptions()).CreateTrainer();
        Assert.Throws<InvalidOperationException>(() => trainer.ToModel());
    }

    [Fact]
    public void Constructor_ZeroBatchSize_Throws()
        => Assert.Throws<ArgumentException>(() => new MiniBatchKMeansClusterer(new MiniBatchKMeansOptions { BatchSize = 0 }));
}
