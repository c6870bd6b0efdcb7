using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Segmentation.Clustering;
using Segmentation.Clustering.KMeans;
using Segmentation.Clustering.Selection;
using Segmentation.Features.Preprocessing;
using Segmentation.Pipeline;
using Segmentation.Tests.TestData;

namespace Segmentation.Tests.DependencyInjection;

/// <summary>The engine registered by AddSegmentation agrees with 'segment run' and every option is reachable and validated.</summary>
public class AddSegmentationDefaultsTests
{
    private static ServiceProvider Build(Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection();
        configure(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static FeatureMatrix ThreeBlobs() => Blobs.Generate(Blobs.ThreeCentres, 40, 1.0, seed: 3).Data;

    private static SegmentationRun RunEngine(ServiceProvider provider, FeatureMatrix? data = null)
    {
        provider.GetRequiredService<IStartupValidator>().Validate();
        return provider.GetRequiredService<SegmentationEngine>().Run(data ?? ThreeBlobs());
    }

    [Fact]
    public void AddSegmentation_NothingConfigured_EngineChoosesKBetween3And8AsTheCli()
    {
        using ServiceProvider provider = Build(s => s.AddSegmentation());

        SegmentationRun run = RunEngine(provider);

        var model = Assert.IsType<SelectedKModel>(run.Model.Clusters);
        Assert.Equal([3, 4, 5, 6, 7, 8], model.Selection.Evaluations.Select(e => e.K));
        Assert.Equal(3, run.Segments.Count);
    }

    [Fact]
    public void AddSegmentation_KMeansKConfigured_EngineUsesThatK()
    {
        using ServiceProvider provider = Build(s => s.AddSegmentation().Services.Configure<KMeansOptions>(o => o.K = 4));

        SegmentationRun run = RunEngine(provider);

        Assert.IsNotType<SelectedKModel>(run.Model.Clusters);
        Assert.Equal(4, run.Segments.Count);
    }

    [Fact]
    public void AddSegmentation_KMeansKConfiguredToTheDefaultValue_EngineStillUsesFixedK()
    {
        using ServiceProvider provider = Build(s => s.AddSegmentation().Services.Configure<KMeansOptions>(o => o.K = 5));

        SegmentationRun run = RunEngine(provider);

        Assert.IsNotType<SelectedKModel>(run.Model.Clusters);
        Assert.Equal(5, run.Segments.Count);
    }

    [Fact]
    public void AddSegmentation_KMeansKBoundFromConfiguration_EngineUsesThatK()
    {
        IConfiguration configuration = Config(("KMeans:K", "2"), ("KMeans:Seed", "4"));
        using ServiceProvider provider = Build(s => s.AddSegmentation().Services.Configure<KMeansOptions>(configuration.GetSection("KMeans")));

        SegmentationRun run = RunEngine(provider);

        Assert.Equal(2, run.Segments.Count);
    }

    [Fact]
    public void AddSegmentation_KMeansSeedOnly_EngineStillChoosesK()
    {
        using ServiceProvider provider = Build(s => s.AddSegmentation().Services.Configure<KMeansOptions>(o => o.Seed = 11));

        SegmentationRun run = RunEngine(provider);

        Assert.IsType<SelectedKModel>(run.Model.Clusters);
    }

    [Fact]
    public void AddSegmentation_NamedKMeansOptions_DoNotCountAsSettingK()
    {
        using ServiceProvider provider = Build(s => s.AddSegmentation().Services.Configure<KMeansOptions>("other", o => o.K = 7));

        SegmentationRun run = RunEngine(provider);

        Assert.IsType<SelectedKModel>(run.Model.Clusters);
    }

    [Fact]
    public void AddSegmentation_KSelectionRangeConfigured_EngineTriesThatRange()
    {
        using ServiceProvider provider = Build(s => s.AddSegmentation().Services.Configure<KSelectionOptions>(o => (o.MinK, o.MaxK) = (2, 4)));

        SegmentationRun run = RunEngine(provider);

        Assert.Equal([2, 3, 4], Assert.IsType<SelectedKModel>(run.Model.Clusters).Selection.Evaluations.Select(e => e.K));
    }

    [Fact]
    public void AddSegmentation_AlgorithmKMeans_EngineUsesKMeansWithItsDefaultK()
    {
        using ServiceProvider provider = Build(s => s.AddSegmentation(o => o.Algorithm = KMeansClusterer.AlgorithmName));

        SegmentationRun run = RunEngine(provider);

        Assert.Equal(5, run.Segments.Count);
    }

    [Fact]
    public void AddSegmentation_ProfilingThroughTheBuilder_RenamesSegmentsAndChoosesTheValueFeature()
    {
        FeatureMatrix data = FeatureMatrix.FromRows([[1, 100], [1.1, 110], [9, 900], [9.2, 920]], ["usage", "mrr"]);
        using ServiceProvider provider = Build(s =>
        {
            s.AddSegmentation(o =>
            {
                o.ValueFeature = "usage";
                o.NameOverrides["0"] = "Whales";
            });
            s.Configure<KMeansOptions>(o => o.K = 2);
        });

        SegmentationRun run = RunEngine(provider, data);

        Assert.Equal("Whales", run.Segments.Single(p => p.Id == 0).Name);
        Assert.All(run.Segments, p => Assert.Equal("usage", p.ValueFeature));
    }

    [Fact]
    public void AddSegmentation_PreprocessingThroughTheBuilder_ReachesTheEngine()
    {
        using ServiceProvider provider = Build(s => s.AddSegmentation(o => o.Preprocessing.Log1pColumns.Add("revenue")));

        var error = Assert.Throws<ArgumentException>(() => RunEngine(provider));

        Assert.Contains("revenue", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddSegmentation_OptionsBoundFromConfiguration_FillNestedPreprocessingAndProfiling()
    {
        IConfiguration configuration = Config(
            ("Segmentation:Algorithm", "hierarchical"),
            ("Segmentation:Preprocessing:Scaling", "Robust"),
            ("Segmentation:Preprocessing:FeatureWeights:arr", "2"),
            ("Segmentation:ValueFeature", "mrr"));
        using ServiceProvider provider = Build(s => s.AddSegmentation().Services.Configure<SegmentationOptions>(configuration.GetSection("Segmentation")));

        provider.GetRequiredService<IStartupValidator>().Validate();
        SegmentationOptions options = provider.GetRequiredService<IOptions<SegmentationOptions>>().Value;

        Assert.Equal("hierarchical", options.Algorithm);
        Assert.Equal(ScalingMethod.Robust, options.Preprocessing.Scaling);
        Assert.Equal(2, options.Preprocessing.FeatureWeights["arr"]);
        Assert.Equal("mrr", options.ValueFeature);
    }

    [Fact]
    public void AddSegmentation_NegativeFeatureWeight_FailsAtStartNamingTheOption()
    {
        using ServiceProvider provider = Build(s => s.AddSegmentation(o => o.Preprocessing.FeatureWeights["arr"] = -1));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("SegmentationOptions.Preprocessing.FeatureWeights['arr'] must be a positive number, but was -1.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddSegmentation_EmptyValueFeature_FailsAtStartNamingTheOption()
    {
        using ServiceProvider provider = Build(s => s.AddSegmentation(o => o.ValueFeature = " "));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("SegmentationOptions.ValueFeature", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddSegmentation_UnknownAlgorithm_FailsAtStartListingTheKnownKeys()
    {
        using ServiceProvider provider = Build(s => s.AddSegmentation(o => o.Algorithm = "spectral"));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("SegmentationOptions.Algorithm is 'spectral', but no clusterer is registered under that key; use kmeans, kmeans-auto", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddSegmentation_HostRegisteredClusterer_IsAcceptedAtStartAndUsed()
    {
        using ServiceProvider provider = Build(s =>
        {
            s.AddSegmentation(o => o.Algorithm = "two-means");
            s.AddKeyedTransient<IClusterer>("two-means", (_, _) => new KMeansClusterer(new KMeansOptions { K = 2 }));
        });

        SegmentationRun run = RunEngine(provider);

        Assert.Equal(2, run.Segments.Count);
    }

    [Fact]
    public void AddSegmentation_InvalidKSelectionRange_FailsAtStartNamingTheOption()
    {
        using ServiceProvider provider = Build(s => s.AddSegmentation().Services.Configure<KSelectionOptions>(o => o.MinK = 1));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("KSelectionOptions.MinK must be between 2 and 1000, but was 1.", error.Message, StringComparison.Ordinal);
    }
}
