using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Segmentation.Clustering;
using Segmentation.Clustering.KMeans;
using Segmentation.Pipeline;
using Segmentation.Tests.TestData;

namespace Segmentation.Tests.DependencyInjection;

public class AddSegmentationTests
{
    private static ServiceProvider Build(Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection();
        configure(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public void AddSegmentation_ConfigureK3_KeyedKMeansFitsThreeBlobsAndPredicts()
    {
        using ServiceProvider provider = Build(s =>
        {
            s.AddSegmentation();
            s.Configure<KMeansOptions>(o => o.K = 3);
        });
        IClusterer clusterer = provider.GetRequiredKeyedService<IClusterer>("kmeans");
        (FeatureMatrix data, int[] truth) = Blobs.Generate(Blobs.ThreeCentres, 100, 1.0, seed: 9);

        IClusterModel model = clusterer.Fit(data);

        Assert.Equal("kmeans", clusterer.Name);
        Assert.Equal(3, model.ClusterCount);
        Assert.True(Blobs.SamePartition(model.Labels, truth));
        int blobTwo = model.Labels[Array.IndexOf(truth, 2)];
        Assert.Equal(blobTwo, model.Predict([-9.5, 10.4]));
    }

    [Fact]
    public void AddSegmentation_CalledTwice_RegistersNothingTwice()
    {
        var once = new ServiceCollection();
        once.AddSegmentation();
        var twice = new ServiceCollection();
        twice.AddSegmentation();
        twice.AddSegmentation();
        Assert.Equal(once.Count, twice.Count);
    }

    [Fact]
    public void AddSegmentation_ReturnsBuilderOverTheSameServices()
    {
        var services = new ServiceCollection();
        ISegmentationBuilder builder = services.AddSegmentation();
        Assert.Same(services, builder.Services);
    }

    [Fact]
    public void AddSegmentation_InvalidK_FailsAtStartNamingOptionAndRange()
    {
        using ServiceProvider provider = Build(s =>
        {
            s.AddSegmentation();
            s.Configure<KMeansOptions>(o => o.K = 0);
        });
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("KMeansOptions.K must be between 1 and 100000, but was 0.", error.Message);
    }

    [Fact]
    public void AddSegmentation_ValidOptions_StartupValidationPasses()
    {
        using ServiceProvider provider = Build(s => s.AddSegmentation());
        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.Equal(5, provider.GetRequiredService<IOptions<KMeansOptions>>().Value.K);
    }

    [Fact]
    public void AddSegmentation_Engine_ResolvesAndRunsWithTheConfiguredClusterer()
    {
        using ServiceProvider provider = Build(s =>
        {
            s.AddSegmentation(o => o.Preprocessing.Scaling = Segmentation.Features.Preprocessing.ScalingMethod.None);
            s.Configure<KMeansOptions>(o => o.K = 3);
        });
        (FeatureMatrix data, int[] truth) = Blobs.Generate(Blobs.ThreeCentres, 50, 1.0, seed: 10);
        SegmentationRun run = provider.GetRequiredService<SegmentationEngine>().Run(data);
        Assert.Equal(3, run.Segments.Count);
        Assert.True(Blobs.SamePartition([.. run.Assignments.Select(a => a.SegmentId)], truth));
    }

    [Fact]
    public void AddSegmentation_UnknownAlgorithm_EngineResolutionSaysWhichKey()
    {
        using ServiceProvider provider = Build(s => s.AddSegmentation(o => o.Algorithm = "spectral"));
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<SegmentationEngine>());
        Assert.Contains("'spectral'", error.Message);
    }
}
