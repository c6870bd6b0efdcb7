using Microsoft.Extensions.DependencyInjection;
using Segmentation.Clustering;
using Segmentation.Clustering.KMeans;
using Segmentation.Features;
using Segmentation.Pipeline;

namespace Segmentation.Tests.Pipeline;

/// <summary>The typed engine feeds the daily tracked path (extract, assign with the stored model, compare with yesterday).</summary>
public class SegmentationEngineOfTCustomerTests
{
    private sealed record Account(string Id, double Arr, double Logins, bool? Churned = null);

    private static readonly FeatureSet<Account> Features = new FeatureSet<Account>()
        .Add("arr", a => a.Arr)
        .Add("logins", a => a.Logins);

    private static Account[] Accounts(int movedToLarge = -1) =>
        [.. Enumerable.Range(0, 20).Select(i => i < 10 || i == movedToLarge
            ? new Account($"a{i}", 100_000 + (i * 1_000), 50 + i, i % 3 == 0)
            : new Account($"a{i}", 5_000 + (i * 100), 5 + (i % 4), i % 2 == 0 ? null : false))];

    [Fact]
    public void Extract_WithOutcome_ReturnsFeaturesIdsAndOutcomeInCustomerOrder()
    {
        var engine = new SegmentationEngine<Account>(Features, a => a.Id, new SegmentationEngine(new KMeansClusterer(new KMeansOptions { K = 2 })));
        DateOnly asOf = new(2026, 12, 1);

        SegmentationInputs inputs = engine.Extract(Accounts(), asOf, a => a.Churned);

        Assert.Equal(["arr", "logins"], inputs.Features.Schema.Names);
        Assert.Equal("a11", inputs.Features.RowIds![11]);
        Assert.Equal(100_000, inputs.Features[0, 0]);
        Assert.Equal([true, null, false, null], inputs.Outcome!.Skip(9).Take(4));
        Assert.Null(inputs.RuleFeatures);
        Assert.Equal(asOf, inputs.AsOf);
    }

    [Fact]
    public async Task RunTrackedAsync_TwoDays_SecondDayReusesTheModelAndReportsTheMove()
    {
        var services = new ServiceCollection();
        services.AddSegmentation().Services.Configure<KMeansOptions>(o => o.K = 2);
        using ServiceProvider provider = services.BuildServiceProvider();
        var engine = new SegmentationEngine<Account>(Features, a => a.Id, provider.GetRequiredService<SegmentationEngine>());
        var tracked = provider.GetRequiredService<TrackedSegmentation>();
        DateOnly yesterday = new(2026, 12, 5);

        TrackedRunResult first = await engine.RunTrackedAsync(tracked, Accounts(), yesterday);
        TrackedRunResult second = await engine.RunTrackedAsync(tracked, Accounts(movedToLarge: 15), yesterday.AddDays(1));

        Assert.True(first.Trained);
        Assert.Null(first.Migration.Previous);
        Assert.False(second.Trained);
        Assert.Equal(first.ModelVersion, second.ModelVersion);
        Assert.Equal(yesterday, second.Migration.Previous!.AsOf);
        string large = first.Run.Assignments[0].Segment;
        var moved = Assert.Single(second.Migration.Transitions!.Transitions, t => t.From != t.To);
        Assert.Equal((1, large), (moved.Customers, moved.To));
        Assert.Equal(large, second.Run.Assignments[15].Segment);
    }
}
