using System.Text.Json;

namespace Segmentation.Cli.Tests;

public sealed class RunCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Run_NoInput_SegmentsTheEmbeddedSampleAndWritesTheContractFiles()
    {
        string outDir = _cli.PathOf("out");
        CliResult result = _cli.Run("run", "--out", outDir, "--store", _cli.PathOf("s.db"));

        Assert.Equal(0, result.ExitCode);
        string[] assignments = File.ReadAllLines(Path.Combine(outDir, "assignments.csv"));
        Assert.Equal("customer_id,segment_id,segment,tier,value,lifecycle,trigger,activity,churn_risk,churn_band,expansion_potential,expansion_band,triggers,action", assignments[0]);
        Assert.Equal(2001, assignments.Length);

        using JsonDocument segments = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "segments.json")));
        JsonElement[] list = [.. segments.RootElement.GetProperty("segments").EnumerateArray()];
        Assert.InRange(list.Length, 3, 8); // --k auto is the default
        Assert.Equal(1.0, list.Sum(s => s.GetProperty("share").GetDouble()), 9);
        Assert.All(list, s => Assert.True(s.TryGetProperty("outcome_rate", out _)));
        Assert.All(list, s => Assert.DoesNotContain("Cluster", s.GetProperty("name").GetString()!, StringComparison.Ordinal));
        Assert.Equal(list.Length, list.Select(s => s.GetProperty("name").GetString()).Distinct().Count());
        Assert.True(list[0].GetProperty("features").TryGetProperty("arr", out _));

        Assert.True(File.Exists(Path.Combine(outDir, "report.md")));
        Assert.Contains("Segment", result.Out);
        Assert.Contains(list[0].GetProperty("name").GetString()!, result.Out);
    }

    [Fact]
    public void Run_NoInput_WritesTheWorklistAndPrintsTodaysTopTenActions()
    {
        string outDir = _cli.PathOf("out");
        CliResult result = _cli.Run("run", "--out", outDir, "--store", _cli.PathOf("s.db"));

        Assert.Equal(0, result.ExitCode);
        string[] worklist = File.ReadAllLines(Path.Combine(outDir, "worklist.csv"));
        Assert.Equal("rank,customer_id,owner,action,channel,due,why,playbook,segment,triggers,churn_probability,churn_band,expansion_probability,expansion_band,arr,priority,also", worklist[0]);
        string[] overflow = File.ReadAllLines(Path.Combine(outDir, "worklist-overflow.csv"));
        Assert.Equal(worklist[0], overflow[0]);
        int csmRows = worklist.Skip(1).Count(l => l.Split(',')[2] == "CSM");
        Assert.Equal(60, csmRows); // the default capacity: 30 accounts x 2 CSMs
        Assert.True(overflow.Length > 1);

        string[] lines = result.Out.Split('\n');
        int heading = Array.FindIndex(lines, l => l.StartsWith("Today's top actions (", StringComparison.Ordinal));
        Assert.True(heading > 0, result.Out);
        Assert.Contains("capacity: CSM 60 = 30 accounts x 2", lines[heading], StringComparison.Ordinal);
        Assert.Contains("Customer", lines[heading + 1], StringComparison.Ordinal);
        string[] top = lines[(heading + 2)..(heading + 12)];
        for (int i = 0; i < 10; i++)
        {
            string[] csv = worklist[i + 1].Split(',');
            Assert.StartsWith($"{i + 1}  {csv[1]}", top[i].TrimStart(), StringComparison.Ordinal);
            Assert.Contains(csv[5], top[i], StringComparison.Ordinal); // due date
        }

        Assert.Matches(@"^CSM over capacity \(60\): \d+ more rows, \$[\d,]+ ARR; listed in worklist-overflow\.csv\.\r?$", lines[heading + 12]);
        Assert.Matches(@"time-based holdout ROC AUC: churn 0\.\d\d, expansion 0\.\d\d\.", result.Out);
        Assert.Contains(Path.Combine(outDir, "worklist.csv"), result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_CustomerExport_HandlesQuotesTextYesNoAndMissingCells()
    {
        string rows = string.Join('\n', Enumerable.Range(0, 60).Select(i =>
        {
            bool big = i % 2 == 0;
            string arr = i == 7 ? "" : big ? $"{150_000 + (i * 100)}" : $"{5_000 + (i * 10)}";
            string plan = big ? "Enterprise" : "Starter";
            string churned = big ? (i % 4 == 0 ? "yes" : "no") : "no";
            return $"a{i},\"Company {i}, Ltd\",{arr},{(big ? 5 : 90) + (i % 3)},{plan},{(big ? "Yes" : "No")},{churned}";
        }));
        string input = _cli.Write("customers.csv", "id,company,arr,logins_30d,plan,has_sso,churned\n" + rows + "\n");
        string outDir = _cli.PathOf("out");

        CliResult result = _cli.Run("run", "--input", input, "--id-column", "id", "--outcome", "churned", "--k", "2", "--out", outDir, "--store", _cli.PathOf("s.db"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("note: column 'company' is not used as a feature", result.Error);
        string[] assignments = File.ReadAllLines(Path.Combine(outDir, "assignments.csv"));
        Assert.Equal("id,segment_id,segment", assignments[0]);
        Assert.Equal("a0", assignments[1].Split(',')[0]);
        using JsonDocument segments = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "segments.json")));
        JsonElement[] list = [.. segments.RootElement.GetProperty("segments").EnumerateArray()];
        Assert.Equal(2, list.Length);
        int bigId = int.Parse(assignments[1].Split(',')[1], System.Globalization.CultureInfo.InvariantCulture); // a0 is an Enterprise account
        JsonElement big = list.Single(s => s.GetProperty("id").GetInt32() == bigId);
        Assert.Contains("SSO", big.GetProperty("name").GetString()!, StringComparison.Ordinal);
        Assert.Equal(0.5, big.GetProperty("outcome_rate").GetDouble(), 9);
        Assert.Equal(30, big.GetProperty("size").GetInt32());
    }

    [Fact]
    public void Run_OutcomeNotYesNo_Exit3NamingLineAndValues()
    {
        string input = _cli.Write("c.csv", "id,arr,status\na,1,active\nb,2,gone\n");
        CliResult result = _cli.Run("run", "--input", input, "--id-column", "id", "--outcome", "status", "--k", "1", "--out", _cli.PathOf("o"), "--store", _cli.PathOf("s.db"));
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("line 2, column 'status'", result.Error);
        Assert.Contains("values found: active, gone", result.Error);
    }

    [Fact]
    public void Run_UnknownIdColumn_Exit2()
    {
        string input = _cli.Write("c.csv", "id,arr\na,1\nb,2\n");
        CliResult result = _cli.Run("run", "--input", input, "--id-column", "customer", "--k", "1", "--out", _cli.PathOf("o"), "--store", _cli.PathOf("s.db"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--id-column names the column 'customer'", result.Error);
    }

    [Fact]
    public void Run_IdColumnWithoutInput_Exit2()
    {
        Assert.Equal(2, _cli.Run("run", "--id-column", "id", "--out", _cli.PathOf("o"), "--store", _cli.PathOf("s.db")).ExitCode);
    }

    [Fact]
    public void Run_TwoMonthsApartOnTheSample_ReusesTheModelAndWritesMigrationsCoveringEveryCustomer()
    {
        string store = _cli.PathOf("history.db");
        CliResult first = _cli.Run("run", "--as-of", "2026-08-31", "--out", _cli.PathOf("aug"), "--store", store);
        CliResult second = _cli.Run("run", "--out", _cli.PathOf("oct"), "--store", store);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.False(File.Exists(Path.Combine(_cli.PathOf("aug"), "migrations.csv")));
        Assert.Contains("Assigned with the stored model m1-2026-08-31", second.Out);
        string[] migrations = File.ReadAllLines(Path.Combine(_cli.PathOf("oct"), "migrations.csv"));
        Assert.Equal("from,to,customers,arr", migrations[0]);
        int augustCustomers = File.ReadAllLines(Path.Combine(_cli.PathOf("aug"), "assignments.csv")).Length - 1;
        int octoberCustomers = File.ReadAllLines(Path.Combine(_cli.PathOf("oct"), "assignments.csv")).Length - 1;
        int[] counts = [.. migrations.Skip(1).Select(l => int.Parse(l.Split(',')[^2], System.Globalization.CultureInfo.InvariantCulture))];
        Assert.Equal(octoberCustomers, counts.Sum()); // nobody leaves the sample, so every customer is in one row
        Assert.Equal(octoberCustomers - augustCustomers, migrations.Skip(1).Where(l => l.StartsWith("(new),", StringComparison.Ordinal)).Sum(l => int.Parse(l.Split(',')[^2], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains("stability", second.Out);
        Assert.True(File.Exists(Path.Combine(_cli.PathOf("oct"), "alerts.csv")));
    }

    [Fact]
    public void Run_Retrain_TrainsANewModelVersion()
    {
        string store = _cli.PathOf("history.db");
        _cli.Run("run", "--out", _cli.PathOf("a"), "--store", store);
        CliResult again = _cli.Run("run", "--out", _cli.PathOf("b"), "--store", store, "--retrain", "--seed", "4");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("Trained model m2-2026-10-31", again.Out);
    }

    [Theory]
    [InlineData("31/08/2026")]
    [InlineData("2024-01-01")]
    public void Run_BadAsOf_Exit2(string asOf)
    {
        CliResult result = _cli.Run("run", "--as-of", asOf, "--out", _cli.PathOf("o"), "--store", _cli.PathOf("s.db"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--as-of", result.Error);
    }

    [Fact]
    public async Task Run_TwoProcessesOnOneStore_BothSnapshotsAreKept()
    {
        string store = _cli.PathOf("shared.db");
        Task<CliResult> first = Task.Run(() => _cli.RunProcess("run", "--as-of", "2026-06-30", "--out", "p1", "--store", store));
        Task<CliResult> second = Task.Run(() => _cli.RunProcess("run", "--as-of", "2026-07-31", "--out", "p2", "--store", store));
        CliResult[] results = await Task.WhenAll(first, second);

        Assert.All(results, r => Assert.Equal(0, r.ExitCode));
        var snapshots = await new Segmentation.Sqlite.SqliteSnapshotStore(store).ListSnapshotsAsync();
        Assert.Equal(["2026-06-30", "2026-07-31"], snapshots.Select(s => s.AsOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("report.html")] // fails on the report's own thread, after the CSV files are staged
    [InlineData("worklist.csv")] // fails among the CSV files while the report is being built
    public void Run_AnOutputIsADirectory_FailsNamingItAndWritesNothing(string blocked)
    {
        string outDir = _cli.PathOf("out");
        Directory.CreateDirectory(Path.Combine(outDir, blocked));

        CliResult result = _cli.Run("run", "--no-store", "--out", outDir);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(blocked, result.Error, StringComparison.Ordinal);
        Assert.Contains("it is a directory", result.Error, StringComparison.Ordinal);
        Assert.Equal([blocked], Directory.EnumerateFileSystemEntries(outDir).Select(Path.GetFileName));
        Assert.DoesNotContain("Today's top actions", result.Out, StringComparison.Ordinal);
    }
}
