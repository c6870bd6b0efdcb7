using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Segmentation.Clustering;
using Segmentation.Clustering.KMeans;
using Segmentation.Pipeline;
using Segmentation.Rules;

namespace Segmentation.Tests.DependencyInjection;

public class AddRulesTests
{
    private static ServiceProvider Build(Action<ISegmentationBuilder> configure)
    {
        var services = new ServiceCollection();
        configure(services.AddSegmentation());
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void AddRules_FromConfigurationSection_BindsValidatesAndSegments()
    {
        IConfiguration configuration = Config(
            ("Segmentation:Rules:Exception", "Review"),
            ("Segmentation:Rules:Dimensions:0:Name", "tier"),
            ("Segmentation:Rules:Dimensions:0:Rules:0:Segment", "Enterprise"),
            ("Segmentation:Rules:Dimensions:0:Rules:0:When", "arr >= 100000"),
            ("Segmentation:Rules:Dimensions:0:Rules:0:Capacity", "1"),
            ("Segmentation:Rules:Dimensions:0:Rules:1:Segment", "SMB"),
            ("Segmentation:Rules:Dimensions:0:Rules:1:When", "arr < 100000"));
        using ServiceProvider provider = Build(b => b.AddRules(configuration.GetSection("Segmentation:Rules")));

        provider.GetRequiredService<IStartupValidator>().Validate();
        RuleSegmentation result = provider.GetRequiredService<RuleBasedSegmenter>().Segment(FeatureMatrix.FromRows([[200_000], [150_000], [5]], ["arr"]));

        Assert.Equal(["Enterprise", "Review", "SMB"], Enumerable.Range(0, 3).Select(i => result.Segment(0, i)));
        Assert.Equal(1, result.Rules.Dimensions[0].Capacities["Enterprise"]);
    }

    [Fact]
    public void AddRules_MalformedConditionInConfiguration_FailsAtStartNamingDimensionSegmentAndPosition()
    {
        IConfiguration configuration = Config(
            ("Rules:Dimensions:0:Name", "tier"),
            ("Rules:Dimensions:0:Rules:0:Segment", "Enterprise"),
            ("Rules:Dimensions:0:Rules:0:When", "arr >= >= 100000"));
        using ServiceProvider provider = Build(b => b.AddRules(configuration.GetSection("Rules")));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("Rules: tier/Enterprise: unexpected '>=' at position 8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddRules_FromCode_EngineEvaluatesThemBesideClusters()
    {
        using ServiceProvider provider = Build(b => b.AddRules(RuleSet.Of(KnownRuleSets.ArrTiers)).Services.Configure<KMeansOptions>(o => o.K = 2));
        var engine = provider.GetRequiredService<SegmentationEngine>();
        FeatureMatrix data = FeatureMatrix.FromRows([[150_000], [160_000], [5_000], [6_000]], ["arr"]);

        SegmentationRun run = engine.Run(data);

        Assert.Same(KnownRuleSets.ArrTiers, Assert.Single(engine.Rules!.Dimensions));
        Assert.Equal(["tier"], run.RuleDimensions);
        Assert.Equal(["Enterprise", "Enterprise", "SMB", "SMB"], run.Assignments.Select(a => a.RuleSegments[0]));
    }

    [Fact]
    public void AddRules_WithOptionsDelegate_RegistersTheSegmenter()
    {
        using ServiceProvider provider = Build(b => b.AddRules(o =>
        {
            var dimension = new RuleDimensionOptions { Name = "life" };
            dimension.Rules.Add(new RuleOptions { Segment = "New", When = "tenure_days < 90" });
            o.Dimensions.Add(dimension);
        }));

        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.Equal("New", provider.GetRequiredService<RuleSet>().Dimensions[0].Rules[0].Segment);
    }
}
