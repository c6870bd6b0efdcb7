using System.Globalization;
using System.Text;

namespace Segmentation.Cli.Tests;

/// <summary><c>segment run --input --config</c> reads the usage events file of <c>columns.events.path</c>; <c>--events</c> overrides it.</summary>
public sealed class RunEventsConfigTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    /// <summary>40 customers with weekly logins over the 20 weeks before 2026-10-31; the second file has one customer fewer.</summary>
    private (string Customers, string Usage, string OtherUsage) Data()
    {
        var random = new Random(5);
        var customers = new StringBuilder("customer_id,arr,seats\n");
        var usage = new StringBuilder("customer_id,date,metric,value\n");
        var other = new StringBuilder("customer_id,date,metric,value\n");
        for (int i = 0; i < 40; i++)
        {
            string id = "c" + i.ToString("D2", CultureInfo.InvariantCulture);
            customers.Append(CultureInfo.InvariantCulture, $"{id},{5000 + (1000 * random.Next(0, 100))},{random.Next(3, 60)}\n");
            for (int week = 0; week < 20; week++)
            {
                string line = string.Create(CultureInfo.InvariantCulture, $"{id},{new DateOnly(2026, 10, 31).AddDays(-7 * week):yyyy-MM-dd},logins,{random.Next(1, 50)}\n");
                usage.Append(line);
                if (i > 0)
                {
                    other.Append(line);
                }
            }
        }

        Directory.CreateDirectory(_cli.PathOf("config"));
        Directory.CreateDirectory(_cli.PathOf("data"));
        return (_cli.Write("customers.csv", customers.ToString()), _cli.Write(Path.Combine("config", "usage.csv"), usage.ToString()), _cli.Write(Path.Combine("data", "other-usage.csv"), other.ToString()));
    }

    private string Config(string eventsPath) => _cli.Write(
        Path.Combine("config", "segmentation.json"),
        $$"""{ "columns": { "idColumn": "customer_id", "valueColumn": "arr", "events": { "path": "{{eventsPath}}" } }, "clustering": { "k": 3 } }""");

    private CliResult Run(string customers, string config, params string[] more)
        => _cli.Run(["run", "--input", customers, "--config", config, "--as-of", "2026-10-31", "--no-store", "--out", _cli.PathOf("out"), .. more]);

    [Fact]
    public void Run_ConfigNamesEventsFile_ReadsItRelativeToTheConfigFolder()
    {
        (string customers, string usage, _) = Data();
        string config = Config("usage.csv");

        CliResult run = Run(customers, config);

        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        Assert.Contains($"{usage}: 800 events for 40 customers (40 of them in the input), as of 2026-10-31.", run.Out, StringComparison.Ordinal);
        string header = File.ReadLines(_cli.PathOf(Path.Combine("out", "assignments.csv"))).First();
        Assert.StartsWith("customer_id,", header, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_EventsFlagAndConfigPath_TheFlagWins()
    {
        (string customers, _, string otherUsage) = Data();
        string config = Config("usage.csv");

        CliResult run = Run(customers, config, "--events", otherUsage);

        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        Assert.Contains($"{otherUsage}: 780 events for 39 customers (39 of them in the input)", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("800 events", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ConfigEventsFileMissing_ExitsThreeNamingThePathAndFileAndWritesNothing()
    {
        (string customers, _, _) = Data();
        string config = Config("missing-usage.csv");

        CliResult run = Run(customers, config);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("missing-usage.csv", run.Error, StringComparison.Ordinal);
        Assert.Contains("columns.events.path", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_cli.PathOf("out")));
    }

    [Fact]
    public void Run_NoEventsFileAnywhere_ReadsNoEvents()
    {
        (string customers, _, _) = Data();
        string config = _cli.Write(Path.Combine("config", "plain.json"), """{ "columns": { "idColumn": "customer_id", "valueColumn": "arr" }, "clustering": { "k": 3 } }""");

        CliResult run = Run(customers, config);

        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        Assert.DoesNotContain(" events for ", run.Out, StringComparison.Ordinal);
    }
}
