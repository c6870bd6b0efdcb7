using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Segmentation.Clustering;
using Segmentation.Clustering.KMeans;
using Segmentation.Configuration;
using Segmentation.Migration;
using Segmentation.Pipeline;

namespace Segmentation.Tests.DependencyInjection;

public class AddTrackedRunTests
{
    private static readonly DateOnly AsOf = new(2026, 12, 1);

    private static ServiceProvider Build(Action<ISegmentationBuilder> configure)
    {
        var services = new ServiceCollection();
        configure(services.AddSegmentation());
        services.Configure<KMeansOptions>(o => o.K = 3);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public async Task ConfigureTrackedRun_IdColumn_ResolvedJobRecordsItWhenCalledWithoutOptions()
    {
        var store = new InMemorySnapshotStore();
        using ServiceProvider provider = Build(b => b.UseSnapshotStore(store).ConfigureTrackedRun(o => o.IdColumn = "account_id"));
        (FeatureMatrix data, _) = TestData.Blobs.Generate(TestData.Blobs.ThreeCentres, 40, 1.0, seed: 4);

        await provider.GetRequiredService<TrackedSegmentation>().RunAsync(data, AsOf);

        Assert.Equal("account_id", (await store.GetDataSetAsync())!.IdColumn);
    }

    [Fact]
    public async Task ConfigureTrackedRun_Retrain_SecondRunOnOtherFeaturesIsAcceptedInsteadOfRefused()
    {
        var store = new InMemorySnapshotStore();
        (FeatureMatrix first, _) = TestData.Blobs.Generate(TestData.Blobs.ThreeCentres, 40, 1.0, seed: 4);
        using (ServiceProvider plain = Build(b => b.UseSnapshotStore(store)))
        {
            await plain.GetRequiredService<TrackedSegmentation>().RunAsync(first, AsOf);
        }

        FeatureMatrix renamed = FeatureMatrix.FromRows([.. Enumerable.Range(0, first.RowCount).Select(i => first.Row(i).ToArray())], [.. first.Schema.Names.Select(n => n + "_v2")]);
        using ServiceProvider refusing = Build(b => b.UseSnapshotStore(store));
        using ServiceProvider retraining = Build(b => b.UseSnapshotStore(store).ConfigureTrackedRun(o => o.Retrain = true));

        await Assert.ThrowsAsync<SnapshotStoreException>(() => refusing.GetRequiredService<TrackedSegmentation>().RunAsync(renamed, AsOf.AddDays(1)));
        TrackedRunResult result = await retraining.GetRequiredService<TrackedSegmentation>().RunAsync(renamed, AsOf.AddDays(1));
        Assert.True(result.Trained);
    }

    [Fact]
    public void BindTrackedRun_ConfigurationSection_BindsEveryPlainOption()
    {
        IConfiguration section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Segmentation:TrackedRun:Retrain"] = "true",
            ["Segmentation:TrackedRun:ValueFeature"] = "mrr",
            ["Segmentation:TrackedRun:IdColumn"] = "account_id",
            ["Segmentation:TrackedRun:WarmStart"] = "false",
            ["Segmentation:TrackedRun:Identity:MaxCost"] = "0.6",
        }).Build().GetSection("Segmentation:TrackedRun");
        using ServiceProvider provider = Build(b => b.BindTrackedRun(section));

        TrackedRunOptions options = provider.GetRequiredService<TrackedSegmentation>().DefaultRunOptions!;

        Assert.Same(provider.GetRequiredService<IOptions<TrackedRunOptions>>().Value, options);
        Assert.True(options.Retrain);
        Assert.Equal("mrr", options.ValueFeature);
        Assert.Equal("account_id", options.IdColumn);
        Assert.False(options.WarmStart);
        Assert.Equal(0.6, options.Identity.MaxCost);
    }

    [Fact]
    public void ConfigureTrackedRun_IdentityCostOutOfRange_FailsAtStartNamingTheOption()
    {
        using ServiceProvider provider = Build(b => b.ConfigureTrackedRun(o => o.Identity.MaxCost = 1.5));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("TrackedRunOptions.Identity.MaxCost must be between 0 and 1, but was 1.5.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigureTrackedRun_EmptyValueFeature_ResolvingTheJobFailsNamingTheOption()
    {
        using ServiceProvider provider = Build(b => b.ConfigureTrackedRun(o => o.ValueFeature = " "));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<TrackedSegmentation>());

        Assert.Contains("TrackedRunOptions.ValueFeature is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UseSettings_ColumnsIdAndValue_BecomeTheTrackedRunsIdColumnAndValueFeature()
    {
        SegmentationSettings settings = SegmentationConfig.FromJson("""
            { "columns": { "idColumn": "account_id", "valueColumn": "arr" }, "clustering": { "k": 3 } }
            """).ToSettings();
        using ServiceProvider provider = Build(b => b.UseSettings(settings));

        TrackedRunOptions options = provider.GetRequiredService<IOptions<TrackedRunOptions>>().Value;

        Assert.Equal("account_id", options.IdColumn);
        Assert.Equal("arr", options.ValueFeature);
    }

    [Fact]
    public void TrackedSegmentation_BuiltByHand_HasNoDefaultRunOptions()
    {
        using ServiceProvider provider = Build(_ => { });
        var tracked = new TrackedSegmentation(provider.GetRequiredService<SegmentationEngine>(), new InMemorySnapshotStore(), provider.GetRequiredService<MigrationTracker>());

        Assert.Null(tracked.DefaultRunOptions);
    }
}
