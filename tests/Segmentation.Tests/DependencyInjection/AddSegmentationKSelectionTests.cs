using Microsoft.Extensions.DependencyInjection;
using Segmentation.Clustering.Selection;
using Segmentation.Tests.TestData;

namespace Segmentation.Tests.DependencyInjection;

public class AddSegmentationKSelectionTests
{
    [Fact]
    public void AddSegmentation_KMeansAuto_ChoosesKFromConfiguredRange()
    {
        var services = new ServiceCollection();
        services.AddSegmentation();
        services.Configure<KSelectionOptions>(o => (o.MinK, o.MaxK, o.StabilityResamples) = (2, 5, 2));
        using ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        IClusterer clusterer = provider.GetRequiredKeyedService<IClusterer>(KSelectingClusterer.AlgorithmName);
        (FeatureMatrix data, _) = Blobs.Generate(Blobs.ThreeCentres, 60, 1.0, seed: 5);

        var model = Assert.IsType<SelectedKModel>(clusterer.Fit(data));

        Assert.Equal(3, model.ClusterCount);
        Assert.Equal(3, model.FitMetrics["selected_k"]);
        Assert.Equal(4, model.Selection.Evaluations.Count);
    }
}
