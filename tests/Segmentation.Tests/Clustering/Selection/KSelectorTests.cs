using Segmentation.Clustering;
using Segmentation.Clustering.KMeans;
using Segmentation.Clustering.Quality;
using Segmentation.Clustering.Selection;
using Segmentation.Tests.TestData;

namespace Segmentation.Tests.Clustering.Selection;

public class KSelectorTests
{
    [Fact]
    public void Select_FourSeparatedBlobs_RecommendsFourWithEvidenceForEveryK()
    {
        (FeatureMatrix data, _) = Blobs.Generate([[0, 0], [20, 0], [0, 20], [20, 20]], 50, 1.0, seed: 4);
        var result = new KSelector(new KSelectionOptions { MinK = 2, MaxK = 6, StabilityResamples = 3 }).Select(data);
        Assert.Equal(4, result.RecommendedK);
        Assert.Equal([2, 3, 4, 5, 6], result.Evaluations.Select(e => e.K));
        Assert.Equal(4, result.Model.ClusterCount);
        Assert.True(result.Evaluations.Single(e => e.K == 4).Stability > 0.99);
    }

    [Fact]
    public void Select_FourSeparatedBlobs_ReportsClearStructure()
    {
        (FeatureMatrix data, _) = Blobs.Generate([[0, 0], [20, 0], [0, 20], [20, 20]], 50, 1.0, seed: 4);
        var result = new KSelector(new KSelectionOptions { MinK = 2, MaxK = 6, StabilityResamples = 3 }).Select(data);
        Assert.False(result.NoClearStructure);
        Assert.Null(result.NoClearStructureReason);
    }

    [Fact]
    public void Select_OneShapelessCloud_ReportsNoClearStructureWithTheBar()
    {
        // One isotropic Gaussian in 8 dimensions: every split is arbitrary, so fits on resamples disagree.
        (FeatureMatrix data, _) = Blobs.Generate([new double[8]], 300, 1.0, seed: 5);
        var result = new KSelector(new KSelectionOptions { MinK = 3, MaxK = 5, StabilityResamples = 3 }).Select(data);
        Assert.All(result.Evaluations, e => Assert.False(e.Stable));
        Assert.True(result.NoClearStructure);
        Assert.Contains("from 3 to 5 was stable", result.NoClearStructureReason, StringComparison.Ordinal);
        Assert.Contains("bar of 0.75", result.NoClearStructureReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_StabilityOff_NeverClaimsNoClearStructure()
    {
        (FeatureMatrix data, _) = Blobs.Generate([new double[8]], 100, 1.0, seed: 5);
        var result = new KSelector(new KSelectionOptions { MinK = 3, MaxK = 4, StabilityResamples = 0 }).Select(data);
        Assert.False(result.NoClearStructure);
    }

    [Fact]
    public void Select_SameSeed_GivesIdenticalEvidence()
    {
        (FeatureMatrix data, _) = Blobs.Generate(Blobs.ThreeCentres, 40, 4.0, seed: 2);
        var options = new KSelectionOptions { MinK = 2, MaxK = 5, Seed = 3 };
        var first = new KSelector(options).Select(data);
        var second = new KSelector(options).Select(data);
        Assert.Equal(first.Evaluations, second.Evaluations);
    }

    [Fact]
    public void KSelectionOptions_MaxBelowMin_ThrowsNamingTheOption()
    {
        var error = Assert.Throws<ArgumentException>(() => new KSelector(new KSelectionOptions { MinK = 5, MaxK = 4 }));
        Assert.Contains("KSelectionOptions.MaxK must be between 5 and 1000, but was 4.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_TooFewCustomers_SaysToLowerTheMaximum()
    {
        FeatureMatrix data = FeatureMatrix.FromRows([[0.0], [1.0], [2.0], [3.0]]);
        var error = Assert.Throws<ArgumentException>(() => new KSelector().Select(data));
        Assert.Contains("lower the maximum k", error.Message, StringComparison.Ordinal);
    }
}

public class KSelectorStabilitySampleTests
{
    [Fact]
    public void Select_MoreCustomersThanStabilitySampleSize_FitsResamplesOfThatSize()
    {
        (FeatureMatrix data, _) = Blobs.Generate([[0, 0], [20, 0], [0, 20]], 100, 1.0, seed: 4);
        var sizes = new List<int>();
        var selector = new KSelector(
            new KSelectionOptions { MinK = 2, MaxK = 3, StabilityResamples = 2, StabilitySampleSize = 120 },
            (k, seed) => new RecordingClusterer(new KMeansClusterer(new KMeansOptions { K = k, Seed = seed }), sizes));
        var result = selector.Select(data);
        // Per k: the full fit on 300 rows, then two resamples of 120 rows.
        Assert.Equal([300, 120, 120, 300, 120, 120], sizes);
        Assert.True(result.Evaluations.Single(e => e.K == 3).Stability > 0.99);
    }

    [Fact]
    public void Select_StabilitySampleSizeAboveTheCustomers_GivesTheSameEvidenceAsTheWholeBootstrap()
    {
        (FeatureMatrix data, _) = Blobs.Generate(Blobs.ThreeCentres, 40, 4.0, seed: 2);
        var whole = new KSelector(new KSelectionOptions { MinK = 2, MaxK = 4, Seed = 3, StabilitySampleSize = 100_000_000 }).Select(data);
        var capped = new KSelector(new KSelectionOptions { MinK = 2, MaxK = 4, Seed = 3, StabilitySampleSize = data.RowCount }).Select(data);
        var smaller = new KSelector(new KSelectionOptions { MinK = 2, MaxK = 4, Seed = 3, StabilitySampleSize = 100 }).Select(data);
        Assert.Equal(whole.Evaluations, capped.Evaluations);
        Assert.NotEqual(whole.Evaluations.Select(e => e.Stability), smaller.Evaluations.Select(e => e.Stability));
    }

    [Fact]
    public void KSelectionOptions_StabilitySampleSizeBelow100_ThrowsNamingTheOption()
    {
        var error = Assert.Throws<ArgumentException>(() => new KSelector(new KSelectionOptions { StabilitySampleSize = 10 }));
        Assert.Contains("StabilitySampleSize", error.Message, StringComparison.Ordinal);
    }

    private sealed class RecordingClusterer(IClusterer inner, List<int> sizes) : IClusterer
    {
        public string Name => inner.Name;

        public IClusterModel Fit(FeatureMatrix data, CancellationToken cancellationToken = default)
        {
            sizes.Add(data.RowCount);
            return inner.Fit(data, cancellationToken);
        }
    }
}

public class KSelectorFitSampleTests
{
    [Fact]
    public void Select_MoreCustomersThanFitSampleSize_FitsCandidatesOnTheSampleThenTheChosenKOnAll()
    {
        (FeatureMatrix data, _) = Blobs.Generate([[0, 0], [20, 0], [0, 20]], 100, 1.0, seed: 4);
        var sizes = new List<int>();
        var selector = new KSelector(
            new KSelectionOptions { MinK = 2, MaxK = 4, StabilityResamples = 0, FitSampleSize = 150 },
            (k, seed) => new RecordingClusterer(new KMeansClusterer(new KMeansOptions { K = k, Seed = seed }), sizes));
        var result = selector.Select(data);
        // One fit per candidate on the 150-row sample, then the recommended k once on all 300 rows.
        Assert.Equal([150, 150, 150, 300], sizes);
        Assert.Equal(3, result.RecommendedK);
        Assert.Equal(300, result.Model.Labels.Count);
    }

    [Fact]
    public void Select_SampledFourBlobs_RecoversTheBlobsOnEveryCustomer()
    {
        (FeatureMatrix data, int[] truth) = Blobs.Generate([[0, 0], [20, 0], [0, 20], [20, 20]], 100, 1.0, seed: 6);
        var result = new KSelector(new KSelectionOptions { MinK = 2, MaxK = 6, StabilityResamples = 2, FitSampleSize = 120 }).Select(data);
        Assert.Equal(4, result.RecommendedK);
        Assert.Equal(1.0, SegmentationAgreement.AdjustedRandIndex(truth, result.Model.Labels), 12);
        Assert.True(result.Evaluations.Single(e => e.K == 4).Stability > 0.99);
    }

    [Fact]
    public void Select_FitSampleSizeAtTheCustomerCount_GivesTheSameEvidenceAsNoSampling()
    {
        (FeatureMatrix data, _) = Blobs.Generate(Blobs.ThreeCentres, 40, 4.0, seed: 2);
        var whole = new KSelector(new KSelectionOptions { MinK = 2, MaxK = 4, Seed = 3, FitSampleSize = 100_000_000 }).Select(data);
        var atCount = new KSelector(new KSelectionOptions { MinK = 2, MaxK = 4, Seed = 3, FitSampleSize = data.RowCount }).Select(data);
        var smaller = new KSelector(new KSelectionOptions { MinK = 2, MaxK = 4, Seed = 3, FitSampleSize = 100 }).Select(data);
        Assert.Equal(whole.Evaluations, atCount.Evaluations);
        Assert.NotEqual(whole.Evaluations.Select(e => e.Inertia), smaller.Evaluations.Select(e => e.Inertia));
    }

    [Fact]
    public void Select_ModelsThatAreNotKMeans_SameEvidenceAsTheSharedPredictionPass()
    {
        // The default k-means fits share one prediction pass and count agreements in tables; any other model predicts
        // and compares label lists one at a time. Both must give the same evidence, sampled or not.
        (FeatureMatrix data, _) = Blobs.Generate(Blobs.ThreeCentres, 60, 4.0, seed: 5);
        foreach (int fitSample in new[] { 100, 100_000_000 })
        {
            var options = new KSelectionOptions { MinK = 2, MaxK = 5, Seed = 1, StabilityResamples = 3, FitSampleSize = fitSample, SilhouetteSampleSize = 120 };
            var shared = new KSelector(options).Select(data);
            var oneByOne = new KSelector(options, (k, seed) => new OpaqueClusterer(new KMeansClusterer(new KMeansOptions { K = k, Seed = seed, NInit = options.NInit }))).Select(data);
            Assert.Equal(shared.Evaluations, oneByOne.Evaluations);
        }
    }

    [Fact]
    public void KSelectionOptions_FitSampleSizeBelow100_ThrowsNamingTheOption()
    {
        var error = Assert.Throws<ArgumentException>(() => new KSelector(new KSelectionOptions { FitSampleSize = 99 }));
        Assert.Contains("KSelectionOptions.FitSampleSize must be between 100", error.Message, StringComparison.Ordinal);
    }

    private sealed class RecordingClusterer(IClusterer inner, List<int> sizes) : IClusterer
    {
        public string Name => inner.Name;

        public IClusterModel Fit(FeatureMatrix data, CancellationToken cancellationToken = default)
        {
            sizes.Add(data.RowCount);
            return inner.Fit(data, cancellationToken);
        }
    }
}

/// <summary>A clusterer whose model hides that it is k-means, so that k selection treats it as any other algorithm.</summary>
internal sealed class OpaqueClusterer(IClusterer inner) : IClusterer
{
    public string Name => inner.Name;

    public IClusterModel Fit(FeatureMatrix data, CancellationToken cancellationToken = default) => new OpaqueModel(inner.Fit(data, cancellationToken));

    private sealed class OpaqueModel(IClusterModel model) : IClusterModel
    {
        public string Algorithm => model.Algorithm;

        public int ClusterCount => model.ClusterCount;

        public int FeatureCount => model.FeatureCount;

        public IReadOnlyList<int> Labels => model.Labels;

        public FeatureMatrix Centroids => model.Centroids;

        public IReadOnlyDictionary<string, double> FitMetrics => model.FitMetrics;

        public int Predict(ReadOnlySpan<double> point) => model.Predict(point);
    }
}
