using System.Globalization;
using System.Text;
using Segmentation.Data;
using Segmentation.Rules;

namespace Segmentation.Cli.Tests;

/// <summary><c>segment run</c> and its history: one store per data set, values, identities, events and clean store errors.</summary>
public sealed class RunHistoryCommandTests : IDisposable
{
    private static readonly DateOnly EventsAsOf = new(2026, 6, 30);

    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    /// <summary>40 customers in two clear groups; <paramref name="columns"/> chooses which of arr, mrr, logins, tenure appear.</summary>
    private string Customers(string name, string idColumn = "id", params string[] columns)
    {
        columns = columns.Length == 0 ? ["arr", "logins", "tenure"] : columns;
        var csv = new StringBuilder(idColumn + "," + string.Join(',', columns) + "\n");
        for (int i = 0; i < 40; i++)
        {
            bool big = i % 2 == 0;
            var cells = columns.Select(c => c switch
            {
                "arr" => big ? 120_000 + (i * 100) : 5_000 + (i * 10),
                "mrr" => big ? 10_000 + i : 400 + i,
                "logins" => big ? 80 + (i % 5) : 3 + (i % 3),
                _ => big ? 900 + i : 40 + i,
            });
            csv.Append(CultureInfo.InvariantCulture, $"c{i},{string.Join(',', cells.Select(v => v.ToString(CultureInfo.InvariantCulture)))}\n");
        }

        return _cli.Write(name, csv.ToString());
    }

    /// <summary>Daily logins for the 40 customers over 130 days up to <see cref="EventsAsOf"/>; even customers decline, plus <paramref name="extra"/> rows.</summary>
    private string Events(string name, string idColumn, string extra = "")
    {
        var csv = new StringBuilder(idColumn + ",timestamp,metric,value\n");
        for (int i = 0; i < 40; i++)
        {
            for (int day = 0; day < 130; day++)
            {
                double value = i % 2 == 0 ? (day < 60 ? 1 : 10) : 5;
                csv.Append(CultureInfo.InvariantCulture, $"c{i},{EventsAsOf.AddDays(-day):yyyy-MM-dd},login,{value}\n");
            }
        }

        return _cli.Write(name, csv + extra);
    }

    private CliResult Run(params string[] args) => _cli.Run(["run", "--k", "2", .. args]);

    [Fact]
    public void Run_WithoutStoreOption_KeepsTheStoreWithTheOutputs()
    {
        string outDir = _cli.PathOf("out");
        CliResult result = Run("--input", Customers("c.csv"), "--id-column", "id", "--out", outDir);

        Assert.Equal(0, result.ExitCode);
        Assert.True(File.Exists(Path.Combine(outDir, "segmentation.db")));
        Assert.Contains($"stored it in {Path.Combine(outDir, "segmentation.db")}", result.Out);
    }

    [Fact]
    public void Run_OtherFeaturesOnTheSameStore_Exit2NamingTheStoreAndTheDifference()
    {
        string store = _cli.PathOf("s.db");
        Assert.Equal(0, Run("--input", Customers("a.csv"), "--id-column", "id", "--out", _cli.PathOf("a"), "--store", store, "--as-of", "2026-06-01").ExitCode);

        CliResult other = Run("--input", Customers("b.csv", "id", "mrr", "logins"), "--id-column", "id", "--out", _cli.PathOf("b"), "--store", store, "--as-of", "2026-06-02");
        CliResult retrained = Run("--input", Customers("b.csv", "id", "mrr", "logins"), "--id-column", "id", "--out", _cli.PathOf("b"), "--store", store, "--as-of", "2026-06-02", "--retrain");

        Assert.Equal(2, other.ExitCode);
        Assert.Contains($"The store '{store}' belongs to another data set", other.Error);
        Assert.Contains("missing arr, tenure", other.Error);
        Assert.Contains("new mrr", other.Error);
        Assert.Contains("--retrain", other.Error);
        Assert.Equal(0, retrained.ExitCode);
    }

    [Fact]
    public void Run_OtherIdColumnOnTheSameStore_Exit2()
    {
        string store = _cli.PathOf("s.db");
        Run("--input", Customers("a.csv"), "--id-column", "id", "--out", _cli.PathOf("a"), "--store", store, "--as-of", "2026-06-01");

        CliResult other = Run("--input", Customers("b.csv", "account"), "--id-column", "account", "--out", _cli.PathOf("b"), "--store", store, "--as-of", "2026-06-02");

        Assert.Equal(2, other.ExitCode);
        Assert.Contains("keyed on the id column 'id' but this input uses 'account'", other.Error);
    }

    [Fact]
    public void Run_NoStore_WritesNoDatabase()
    {
        string outDir = _cli.PathOf("out");
        CliResult result = Run("--input", Customers("c.csv"), "--id-column", "id", "--out", outDir, "--no-store");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(Directory.GetFiles(_cli.Directory, "*.db", SearchOption.AllDirectories));
        Assert.False(File.Exists(Path.Combine(outDir, "migrations.csv")));
        Assert.Contains("--no-store", result.Out);
    }

    [Fact]
    public void Run_NoStoreWithStore_Exit2()
    {
        CliResult result = Run("--input", Customers("c.csv"), "--id-column", "id", "--out", _cli.PathOf("o"), "--no-store", "--store", _cli.PathOf("s.db"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--no-store and --store", result.Error);
    }

    [Fact]
    public void Run_AsOfBeforeTheStoredModel_TrainsInsteadOfReusingALaterModel()
    {
        string store = _cli.PathOf("s.db");
        string input = Customers("c.csv");
        Run("--input", input, "--id-column", "id", "--out", _cli.PathOf("oct"), "--store", store, "--as-of", "2026-10-31");

        CliResult august = Run("--input", input, "--id-column", "id", "--out", _cli.PathOf("aug"), "--store", store, "--as-of", "2026-08-31");

        Assert.Equal(0, august.ExitCode);
        Assert.Contains("Trained model m2-2026-08-31", august.Out);
        Assert.Contains("trained on data of 2026-10-31", august.Out);
    }

    [Fact]
    public void Run_WithoutValueColumn_LeavesValuesEmptyNotZero()
    {
        string store = _cli.PathOf("s.db");
        string input = Customers("c.csv", "id", "logins", "tenure");
        Run("--input", input, "--id-column", "id", "--out", _cli.PathOf("a"), "--store", store, "--as-of", "2026-06-01");

        CliResult second = Run("--input", input, "--id-column", "id", "--out", _cli.PathOf("b"), "--store", store, "--as-of", "2026-06-02");

        Assert.Equal(0, second.ExitCode);
        string[] migrations = File.ReadAllLines(Path.Combine(_cli.PathOf("b"), "migrations.csv"));
        Assert.Equal("from,to,customers,arr", migrations[0]);
        Assert.All(migrations.Skip(1), line => Assert.EndsWith(",", line, StringComparison.Ordinal));
        Assert.DoesNotContain("value 0", second.Out, StringComparison.Ordinal);
        Assert.Contains("no value column", second.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ValueColumn_GivesTheValueOfFlows()
    {
        string store = _cli.PathOf("s.db");
        string input = Customers("c.csv", "id", "mrr", "logins");
        Run("--input", input, "--id-column", "id", "--value-column", "mrr", "--out", _cli.PathOf("a"), "--store", store, "--as-of", "2026-06-01");

        CliResult second = Run("--input", input, "--id-column", "id", "--value-column", "mrr", "--out", _cli.PathOf("b"), "--store", store, "--as-of", "2026-06-02");

        Assert.Equal(0, second.ExitCode);
        string[] migrations = File.ReadAllLines(Path.Combine(_cli.PathOf("b"), "migrations.csv"));
        double total = migrations.Skip(1).Sum(l => double.Parse(l.Split(',')[^1], CultureInfo.InvariantCulture));
        Assert.Equal(Enumerable.Range(0, 40).Sum(i => i % 2 == 0 ? 10_000 + i : 400 + i), total);
    }

    [Fact]
    public void Run_UnknownValueColumn_Exit2ListingTheFeatures()
    {
        CliResult result = Run("--input", Customers("c.csv"), "--id-column", "id", "--value-column", "acv", "--out", _cli.PathOf("o"), "--no-store");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--value-column 'acv' is not a feature", result.Error);
        Assert.Contains("arr, logins, tenure", result.Error);
    }

    [Fact]
    public void Run_RetrainOnTheSameData_ReportsNoMovementAndKeepsTheNames()
    {
        string store = _cli.PathOf("s.db");
        string input = Customers("c.csv");
        Run("--input", input, "--id-column", "id", "--out", _cli.PathOf("a"), "--store", store, "--as-of", "2026-06-01");

        CliResult retrained = Run("--input", input, "--id-column", "id", "--out", _cli.PathOf("b"), "--store", store, "--as-of", "2026-06-02", "--retrain", "--seed", "5");

        Assert.Equal(0, retrained.ExitCode);
        Assert.Contains("2 kept their names, 0 renamed, 0 born, 0 died", retrained.Out);
        Assert.Contains("stability 100.0%", retrained.Out);
        CsvTable migrations = CsvTable.Load(Path.Combine(_cli.PathOf("b"), "migrations.csv"));
        Assert.All(Enumerable.Range(0, migrations.RowCount), row => Assert.Equal(migrations.Cell(row, 0), migrations.Cell(row, 1)));
        Assert.Equal(File.ReadAllText(Path.Combine(_cli.PathOf("a"), "assignments.csv")), File.ReadAllText(Path.Combine(_cli.PathOf("b"), "assignments.csv")));
    }

    [Fact]
    public void Run_OutIsAFile_FailsBeforeAnythingIsStored()
    {
        string store = _cli.PathOf("s.db");
        string notADirectory = _cli.Write("out.txt", "x");

        CliResult result = Run("--input", Customers("c.csv"), "--id-column", "id", "--out", notADirectory, "--store", store);

        Assert.NotEqual(0, result.ExitCode);
        Assert.False(File.Exists(store) && new FileInfo(store).Length > 0 && HasModels(store));
    }

    [Fact]
    public void Run_StoreIsNotADatabase_Exit3NamingTheFile()
    {
        string store = _cli.Write("notes.db", "these are my notes, not a database" + new string('.', 2000));

        CliResult result = Run("--input", Customers("c.csv"), "--id-column", "id", "--out", _cli.PathOf("o"), "--store", store);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains($"'{store}' is not a SQLite database", result.Error);
        Assert.DoesNotContain("SQLite Error", result.Error);
        Assert.DoesNotContain("Exception", result.Error);
    }

    [Fact]
    public void Run_EventsKeyedOnTheIdColumn_JoinOnIt()
    {
        CliResult result = Run("--input", Customers("c.csv", "acct"), "--id-column", "acct", "--events", Events("e.csv", "acct"), "--out", _cli.PathOf("o"), "--no-store");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("(40 of them in the input)", result.Out);
    }

    [Fact]
    public void Run_EventsIdColumn_NamesTheEventsFilesOwnColumn()
    {
        CliResult result = Run("--input", Customers("c.csv"), "--id-column", "id", "--events", Events("e.csv", "account_ref"), "--events-id-column", "account_ref", "--out", _cli.PathOf("o"), "--no-store");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("(40 of them in the input)", result.Out);
    }

    [Fact]
    public void Run_EventsAfterAsOf_AreIgnored()
    {
        string input = Customers("c.csv");
        string later = string.Concat(Enumerable.Range(0, 40).Select(i => $"c{i},{EventsAsOf.AddDays(5):yyyy-MM-dd},login,{(i % 2 == 0 ? 9000 : 1)}\n"));
        CliResult plain = Run("--input", input, "--id-column", "id", "--events", Events("e1.csv", "id"), "--as-of", "2026-06-30", "--out", _cli.PathOf("a"), "--no-store");
        CliResult withLater = Run("--input", input, "--id-column", "id", "--events", Events("e2.csv", "id", later), "--as-of", "2026-06-30", "--out", _cli.PathOf("b"), "--no-store");

        Assert.Equal(0, withLater.ExitCode);
        Assert.Contains("as of 2026-06-30, 40 later events ignored", withLater.Out);
        Assert.Equal(File.ReadAllText(Path.Combine(_cli.PathOf("a"), "segments.json")), File.ReadAllText(Path.Combine(_cli.PathOf("b"), "segments.json")));
        Assert.Equal(0, plain.ExitCode);
    }

    [Fact]
    public void Run_EventsWithTheBuiltInActivityRules_SegmentsEveryCustomer()
    {
        string rules = _cli.Write("rules.json", RuleSet.Of(RuleDimension.ActivityStatus).ToJson());
        string outDir = _cli.PathOf("o");

        CliResult result = Run("--input", Customers("c.csv"), "--id-column", "id", "--events", Events("e.csv", "id"), "--config", rules, "--as-of", "2026-06-30", "--out", outDir, "--no-store");

        Assert.Equal(0, result.ExitCode);
        CsvTable assignments = CsvTable.Load(Path.Combine(outDir, "assignments.csv"));
        int activity = assignments.RequireColumn("activity", "--config");
        Assert.Equal("Declining", assignments.Cell(0, activity)); // c0: usage down 90% in 60 days
        Assert.Equal("Active", assignments.Cell(1, activity));
    }

    private static bool HasModels(string store)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store};Pooling=False");
        connection.Open();
        using Microsoft.Data.Sqlite.SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE name = 'models'";
        if (Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
        {
            return false;
        }

        command.CommandText = "SELECT COUNT(*) FROM models";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
    }
}
