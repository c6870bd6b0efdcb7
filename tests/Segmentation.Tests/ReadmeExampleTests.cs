using Microsoft.Extensions.DependencyInjection;
using Segmentation.Clustering;
using Segmentation.Features;
using Segmentation.Pipeline;

namespace Segmentation.Tests;

/// <summary>The README's host-application example, kept compiling and working.</summary>
public class ReadmeExampleTests
{
    private sealed record Account(string Id, double Arr, double Logins30d, DateOnly SignupDate, double? Nps);

    [Fact]
    public void ReadmeExample_RunsAndAssignsANewAccount()
    {
        var random = new Random(1);
        Account[] accounts = [.. Enumerable.Range(0, 80).Select(i => new Account(
            $"a{i}",
            i % 4 == 0 ? 150_000 + random.Next(10_000) : 10_000 + random.Next(5_000),
            i % 4 == 1 ? 2 : 40 + random.Next(10),
            new DateOnly(2024, 1, 1).AddDays(i % 4 == 2 ? 900 : random.Next(200)),
            i % 5 == 0 ? null : 7))];
        Account newAccount = new("new", 160_000, 45, new DateOnly(2024, 2, 1), 8);
        DateOnly today = new(2026, 11, 1);

        var services = new ServiceCollection();
        services.AddSegmentation();
        services.Configure<KMeansOptions>(o => o.K = 4);
        using var provider = services.BuildServiceProvider();

        var features = new FeatureSet<Account>()
            .Add("arr", a => a.Arr)
            .Add("logins_30d", a => a.Logins30d)
            .Add("tenure_days", (a, ctx) => ctx.AsOf.DayNumber - a.SignupDate.DayNumber)
            .Add("nps", a => a.Nps);

        var engine = new SegmentationEngine<Account>(features, a => a.Id, provider.GetRequiredService<SegmentationEngine>());
        SegmentationRun run = engine.Run(accounts, today);
        var profile = run.Model.Assign(features.Extract([newAccount], today).Row(0));

        Assert.Equal(4, run.Segments.Count);
        Assert.Equal(run.Assignments[0].SegmentId, profile.Id); // a0 is a big account like the new one
        Assert.Contains("ARR", profile.Name, StringComparison.Ordinal);
    }
}
