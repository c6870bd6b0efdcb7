using Microsoft.Extensions.DependencyInjection;
using Segmentation.Configuration;
using Segmentation.Pipeline;
using Segmentation.Rules;

namespace Segmentation.Tests.DependencyInjection;

public class ForCustomersTests
{
    private sealed record Account(string Id, double Arr, double Logins);

    private static ServiceProvider Build(Action<ISegmentationBuilder> configure)
    {
        var services = new ServiceCollection();
        configure(services.AddSegmentation());
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public void ForCustomers_ResolvedEngine_ExtractsTheDeclaredFeaturesKeyedByTheId()
    {
        using ServiceProvider provider = Build(b => b.ForCustomers<Account>(f => f.Add("arr", a => a.Arr).Add("logins", a => a.Logins), a => a.Id));

        SegmentationInputs inputs = provider.GetRequiredService<SegmentationEngine<Account>>()
            .Extract([new Account("a", 1_000, 2), new Account("b", 3_000, 4)], new DateOnly(2026, 12, 1));

        Assert.Equal(["arr", "logins"], inputs.Features.Schema.Names);
        Assert.Equal(["a", "b"], inputs.Features.RowIds!);
        Assert.Equal([3_000.0, 4.0], inputs.Features.Row(1).ToArray());
    }

    [Fact]
    public void ForCustomers_DuplicateFeatureName_ThrowsWhenRegistered()
    {
        var services = new ServiceCollection();

        var error = Assert.Throws<ArgumentException>(() => services.AddSegmentation().ForCustomers<Account>(f => f.Add("arr", a => a.Arr).Add("arr", a => a.Logins), a => a.Id));

        Assert.Contains("'arr' was already added", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddRules_TextRules_SegmentInOrderWithTheOtherwiseSegment()
    {
        using ServiceProvider provider = Build(b => b.AddRules("tier", ["Enterprise: arr >= 100000", "Mid-market: arr >= 10000"], otherwise: "SMB"));

        RuleSegmentation result = provider.GetRequiredService<RuleSet>().Segment(FeatureMatrix.FromRows([[200_000], [50_000], [5]], ["arr"]));

        Assert.Equal("tier", result.Rules.Dimensions[0].Name);
        Assert.Equal(["Enterprise", "Mid-market", "SMB"], Enumerable.Range(0, 3).Select(i => result.Segment(0, i)));
    }

    [Fact]
    public void AddRules_TextRuleWithoutSegment_ThrowsNamingTheDimensionAndTheForm()
    {
        var services = new ServiceCollection();

        var error = Assert.Throws<SegmentationConfigException>(() => services.AddSegmentation().AddRules("tier", ["arr >= 100000"]));

        Assert.Contains("tier: the rule 'arr >= 100000' has no segment name; write it as \"Segment: condition\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddRules_TextRuleWithMalformedCondition_ThrowsNamingTheSegment()
    {
        var services = new ServiceCollection();

        var error = Assert.Throws<SegmentationConfigException>(() => services.AddSegmentation().AddRules("tier", ["Enterprise: arr >= >= 1"]));

        Assert.Contains("Enterprise", error.Message, StringComparison.Ordinal);
    }
}
