using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Segmentation.Clustering;
using Segmentation.Clustering.Hierarchical;
using Segmentation.Tests.TestData;

namespace Segmentation.Tests.Clustering.Hierarchical;

public sealed class HierarchicalRegistrationTests
{
    [Fact]
    public void AddSegmentation_ConfiguredHierarchical_ResolvesKeyedAndFits()
    {
        var services = new ServiceCollection();
        services.AddSegmentation();
        services.Configure<HierarchicalOptions>(o =>
        {
            o.Linkage = Linkage.Average;
            o.K = 3;
        });
        using ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        (FeatureMatrix data, int[] truth) = Blobs.Generate(Blobs.ThreeCentres, 40, 1.0, seed: 4);

        IClusterer clusterer = provider.GetRequiredKeyedService<IClusterer>("hierarchical");
        IClusterModel model = clusterer.Fit(data);

        Assert.Equal("hierarchical", clusterer.Name);
        Assert.Equal(Linkage.Average, Assert.IsType<HierarchicalModel>(model).Linkage);
        Assert.True(Blobs.SamePartition(model.Labels, truth));
    }

    [Fact]
    public void AddSegmentation_InvalidHierarchicalOptions_FailAtStartNamingTheOption()
    {
        var services = new ServiceCollection();
        services.AddSegmentation();
        services.Configure<HierarchicalOptions>(o => o.K = 0);
        using ServiceProvider provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("HierarchicalOptions.K must be between 1 and 1000000, but was 0.", error.Message, StringComparison.Ordinal);
    }
}
