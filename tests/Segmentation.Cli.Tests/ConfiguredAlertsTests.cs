namespace Segmentation.Cli.Tests;

/// <summary>The configuration's <c>alerts</c> section in a two-date <c>segment run</c>.</summary>
public sealed class ConfiguredAlertsTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    /// <summary>Runs the embedded sample on 2026-08-31, then on 2026-10-31, with one overriding rule (usage down 20%) and the given alerts; returns alerts.csv of the second run.</summary>
    private string[] TwoDates(string alerts)
    {
        string config = _cli.Write("segmentation.json", $$"""
            {
              "clustering": { "k": 4 },
              "rules": { "dimensions": [ { "name": "trend", "overridesCluster": true, "otherwise": "Steady",
                "rules": [ { "segment": "Usage falling", "when": "usage_change_60d <= -20" } ] } ] },
              "alerts": {{alerts}}
            }
            """);
        string output = _cli.PathOf("out");
        CliResult first = _cli.Run("run", "--config", config, "--as-of", "2026-08-31", "--out", output);
        Assert.True(first.ExitCode == 0, first.Error);
        CliResult second = _cli.Run("run", "--config", config, "--as-of", "2026-10-31", "--out", output);
        Assert.True(second.ExitCode == 0, second.Error);
        return File.ReadAllLines(Path.Combine(output, "alerts.csv"));
    }

    [Fact]
    public void Run_AtRiskSegmentNamedWithLowThreshold_AlertsOnCustomersEnteringIt()
    {
        string[] alerts = TwoDates("""{ "atRiskSegments": ["usage falling"], "highValueThreshold": 0 }""");

        Assert.True(alerts.Length > 1, "no alert was raised");
        Assert.All(alerts.Skip(1), line => Assert.Contains(",Usage falling,", line, StringComparison.Ordinal));
    }

    [Fact]
    public void Run_AtRiskSegmentNamedWithThresholdAboveEveryValue_RaisesNoAlert()
    {
        string[] alerts = TwoDates("""{ "atRiskSegments": ["Usage falling"], "highValueThreshold": 100000000 }""");

        Assert.Single(alerts);
    }
}
