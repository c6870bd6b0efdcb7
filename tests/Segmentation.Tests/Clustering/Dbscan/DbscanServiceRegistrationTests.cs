using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Segmentation.Clustering;
using Segmentation.Clustering.Dbscan;
using Segmentation.Tests.TestData;

namespace Segmentation.Tests.Clustering.Dbscan;

public sealed class DbscanServiceRegistrationTests
{
    [Fact]
    public void AddSegmentation_KeyedDbscan_UsesConfiguredOptions()
    {
        var services = new ServiceCollection();
        services.AddSegmentation();
        services.Configure<DbscanOptions>(o => (o.Eps, o.MinPoints) = (1.5, 4));
        using ServiceProvider provider = services.BuildServiceProvider();
        (FeatureMatrix data, int[] truth) = Blobs.Generate(Blobs.ThreeCentres, 100, 0.5, seed: 2);

        IClusterer clusterer = provider.GetRequiredKeyedService<IClusterer>("dbscan");
        IClusterModel model = clusterer.Fit(data);

        Assert.Equal("dbscan", clusterer.Name);
        Assert.Equal(1.5, ((DbscanClusterer)clusterer).Options.Eps);
        Assert.True(Blobs.SamePartition(model.Labels, truth));
    }

    [Fact]
    public void AddSegmentation_InvalidDbscanEps_FailsAtStartNamingTheOption()
    {
        var services = new ServiceCollection();
        services.AddSegmentation();
        services.Configure<DbscanOptions>(o => o.Eps = 0);
        using ServiceProvider provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("DbscanOptions.Eps must be greater than 0 and finite, but was 0.", error.Message, StringComparison.Ordinal);
    }
}

public sealed class DbscanEngineTests
{
    [Fact]
    public void SegmentationEngine_WithDbscan_ProfilesNoiseAsOutliers()
    {
        (FeatureMatrix blobs, _) = Blobs.Generate(Blobs.ThreeCentres, 60, 0.5, seed: 5);
        FeatureMatrix data = FeatureMatrix.FromRows([.. Enumerable.Range(0, blobs.RowCount).Select(i => blobs.Row(i).ToArray()), [40.0, -40.0]]);

        var run = new Segmentation.Pipeline.SegmentationEngine(new DbscanClusterer(0.3, 5)).Run(data);

        Assert.Equal(-1, run.Model.Clusters.Labels[^1]);
        Assert.Contains(run.Segments, p => p.Id == -1 && p.Name == "Outliers" && p.Size == 1);
    }
}
