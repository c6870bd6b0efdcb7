using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Segmentation.Configuration;
using Segmentation.Data;
using Segmentation.Features;
using Segmentation.Features.History;

namespace Segmentation.Cli.Tests;

public sealed class InitCommandTests : IDisposable
{
    private const string Customers = "customer_id,arr,tenure_days,days_to_renewal,logins_30d,support_tickets_90d,nps,region,signup_date,churned,comment\n"
        + "c1,120000,400,30,55,2,40,EMEA,2025-01-01,no,likes it\n"
        + "c2,15000,60,200,3,7,-10,NA,2026-08-01,yes,slow start\n"
        + "c3,40000,800,90,20,1,60,APAC,2024-09-10,no,x\n"
        + "c4,8000,120,300,0,0,,EMEA,2026-06-01,no,y\n"
        + "c5,95000,45,330,12,4,20,NA,2026-09-20,yes,z\n";

    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Init_CustomersCsv_WritesAConfigThatLoadsAndValidatesAgainstTheSameCsv()
    {
        string input = _cli.Write("customers.csv", Customers);
        string output = _cli.PathOf("segmentation.json");

        CliResult result = _cli.Run("init", "--input", input, "--output", output);

        Assert.Equal(0, result.ExitCode);
        SegmentationConfig config = SegmentationConfig.Load(output);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(output));
        Assert.Equal("customer_id", config.IdColumn);
        Assert.Equal("arr", Text(json, "columns", "valueColumn"));
        Assert.Equal("churned", Text(json, "columns", "outcome"));
        Assert.Equal("tenure_days", Text(json, "columns", "roles", "tenure"));
        Assert.Equal("days_to_renewal", Text(json, "columns", "roles", "renewal"));
        Assert.Equal(["logins_30d"], Texts(json, "columns", "roles", "usage"));
        Assert.Equal(["support_tickets_90d"], Texts(json, "columns", "roles", "tickets"));
        Assert.Equal(["nps"], Texts(json, "columns", "roles", "satisfaction"));
        Assert.Equal(["tier", "value", "lifecycle"], DimensionNames(json));
        Assert.False(config.BuiltInPlaybooks);
        Assert.NotEmpty(config.Notes);

        CsvTable table = CsvTable.Load(input);
        // Registering the configuration checks it and builds its run, as segment run does.
        new ServiceCollection().AddSegmentation().UseConfiguration(config);
        var tabular = TabularFeatures.FromTable(table, config.CreateReadingOptions());
        config.Validate(tabular.RuleFeatures.Schema, inputColumns: table.Header);
    }

    [Fact]
    public void Run_WithTheConfigInitWrote_WritesARankedWorklistFromTheBuiltInTriggersAndPlaybooks()
    {
        var csv = new System.Text.StringBuilder("id,arr,tenure_days,usage_change_60d,tickets_change_90d,days_to_renewal,days_since_last_active,feature_adoption,seat_utilisation\n");
        for (int i = 0; i < 60; i++)
        {
            // Every third customer has been inactive for 45 days (Dormant: a win-back sequence); ARR grows with i.
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"a{i:00},{1000 * (i + 1)},{100 + (i * 20)},{(i % 5) - 2},{i % 7},{(i * 6) % 365},{(i % 3 == 0 ? 45 : 2)},{(i % 10) / 10.0},{(i % 9) / 10.0}\n");
        }

        string input = _cli.Write("customers.csv", csv.ToString());
        string config = _cli.PathOf("segmentation.json");
        Assert.Equal(0, _cli.Run("init", "--input", input, "--id-column", "id", "--output", config).ExitCode);

        CliResult run = _cli.Run("run", "--input", input, "--config", config, "--k", "3", "--as-of", "2026-11-30", "--out", _cli.PathOf("out"), "--no-store");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("Today's top actions", run.Out, StringComparison.Ordinal);
        string[] rows = File.ReadAllLines(_cli.PathOf("out/worklist.csv"));
        Assert.StartsWith("rank,customer_id,owner,action", rows[0], StringComparison.Ordinal);
        string[][] winBacks = [.. rows.Skip(1).Select(r => r.Split(',')).Where(f => f[3] == "Win-back sequence")];
        Assert.Equal(20, winBacks.Length); // a00, a03, ..., a57: the inactive third
        // Unscored: the larger accounts first (a57 has the largest ARR of the dormant customers).
        Assert.Equal("a57", winBacks[0][1]);
    }

    [Fact]
    public void Init_ColumnsWithoutARole_AreListedWithWhatHappensToThem()
    {
        string input = _cli.Write("customers.csv", Customers);

        CliResult result = _cli.Run("init", "--input", input, "--output", _cli.PathOf("segmentation.json"));

        Assert.Equal(0, result.ExitCode);
        string notPlaced = result.Out[result.Out.IndexOf("Not placed:", StringComparison.Ordinal)..result.Out.IndexOf("Notes:", StringComparison.Ordinal)];
        Assert.Matches(@"region\s+one-hot column, clustered as a feature", notPlaced);
        Assert.Matches(@"signup_date\s+not used: it holds dates", notPlaced);
        Assert.Matches(@"comment\s+one-hot column", notPlaced);
        Assert.DoesNotContain("arr", notPlaced, StringComparison.Ordinal);
        Assert.Matches(@"Placed:\n  customer_id\s+id\n  arr\s+value\n", result.Out.ReplaceLineEndings("\n"));
        Assert.Contains("The built-in 'trigger' rules are left out: they read usage_change_60d", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Init_WithEventsAndEveryTriggerFeature_SwitchesOnTheBuiltInTriggersAndPlaybooks()
    {
        string input = _cli.Write("customers.csv", "account_id,arr,tenure_days,days_to_renewal,tickets_change_90d,feature_adoption,seat_utilisation\n"
            + "a1,120000,400,30,10,0.8,0.9\n"
            + "a2,15000,60,200,80,0.3,0.2\n"
            + "a3,40000,800,90,0,0.6,0.5\n");
        var events = new System.Text.StringBuilder("account_id,date,metric,value\n");
        for (int day = 1; day <= 28; day++)
        {
            events.Append(System.Globalization.CultureInfo.InvariantCulture, $"a1,2026-10-{day:00},logins,{day}\na2,2026-09-{day:00},logins,3\na3,2026-10-{day:00},logins,5\n");
        }

        string usage = _cli.Write("usage.csv", events.ToString());
        string output = _cli.PathOf("segmentation.json");

        CliResult result = _cli.Run("init", "--input", input, "--events", usage, "--output", output);

        Assert.Equal(0, result.ExitCode);
        SegmentationConfig config = SegmentationConfig.Load(output);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(output));
        Assert.Equal("account_id", config.IdColumn);
        Assert.Equal(usage, Text(json, "columns", "events", "path"));
        Assert.Contains("trigger", DimensionNames(json));
        Assert.Contains("activity", DimensionNames(json));
        Assert.True(config.BuiltInPlaybooks);

        CsvTable table = CsvTable.Load(input);
        // Registering the configuration checks it and builds its run, as segment run does.
        new ServiceCollection().AddSegmentation().UseConfiguration(config);
        var tabular = TabularFeatures.FromTable(table, config.CreateReadingOptions());
        ActivityHistory history = ActivityHistory.LoadUsageCsv(usage, ActivityHistory.LatestUsageDate(usage)!.Value, "account_id");
        config.Validate(tabular.WithTextColumns(history.AppendUsageTrends(tabular.Features)).Schema, inputColumns: table.Header);
    }

    [Fact]
    public void Init_OutputExists_ExitsTwoAndLeavesTheFileUnlessForced()
    {
        string input = _cli.Write("customers.csv", Customers);
        string output = _cli.Write("segmentation.json", "{ \"mine\": true }");

        CliResult refused = _cli.Run("init", "--input", input, "--output", output);

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--output", refused.Error, StringComparison.Ordinal);
        Assert.Contains("--force", refused.Error, StringComparison.Ordinal);
        Assert.Equal("{ \"mine\": true }", File.ReadAllText(output));

        CliResult forced = _cli.Run("init", "--input", input, "--output", output, "--force");

        Assert.Equal(0, forced.ExitCode);
        Assert.Equal("customer_id", SegmentationConfig.Load(output).IdColumn);
    }

    [Theory]
    [InlineData("missing.csv", "does not exist")]
    [InlineData("bad.csv", "line 5")]
    public void Init_BadInput_ExitsThreeAndWritesNothing(string name, string expected)
    {
        _cli.Write("bad.csv", "id,arr\na,1\nb,2\nc,3\n\"d,3\n");
        string output = _cli.PathOf("segmentation.json");

        CliResult result = _cli.Run("init", "--input", _cli.PathOf(name), "--output", output);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.OrdinalIgnoreCase);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Init_UnknownIdColumn_ExitsWithTheColumnNamed()
    {
        string input = _cli.Write("customers.csv", Customers);

        CliResult result = _cli.Run("init", "--input", input, "--id-column", "custid", "--output", _cli.PathOf("segmentation.json"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("custid", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_cli.PathOf("segmentation.json")));
    }

    /// <summary>The text at a JSON path of the written file (the configuration's sections are not public API).</summary>
    private static string? Text(JsonDocument json, params string[] path) => Walk(json, path).GetString();

    private static string[] Texts(JsonDocument json, params string[] path) => [.. Walk(json, path).EnumerateArray().Select(e => e.GetString()!)];

    private static string[] DimensionNames(JsonDocument json) => [.. Walk(json, ["rules", "dimensions"]).EnumerateArray().Select(d => d.GetProperty("name").GetString()!)];

    private static JsonElement Walk(JsonDocument json, string[] path)
    {
        JsonElement element = json.RootElement;
        foreach (string name in path)
        {
            element = element.GetProperty(name);
        }

        return element;
    }
}
