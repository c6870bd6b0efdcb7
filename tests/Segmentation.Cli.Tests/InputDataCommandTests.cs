using System.Globalization;
using System.Text.Json;

namespace Segmentation.Cli.Tests;

/// <summary>How every command reads its input CSV: no silent data loss, clean failures with exit 3 that name the cell.</summary>
public sealed class InputDataCommandTests : IDisposable
{
    private static readonly string[] Regions = ["NA", "EMEA", "APAC", "LATAM"];

    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    /// <summary>40 customers in two clear groups; <paramref name="badLogins"/> replaces the logins cell of row 7 (line 9).</summary>
    private string Customers(string? badLogins = null, string name = "customers.csv")
    {
        var lines = new List<string> { "id,arr,logins_30d,region,churned" };
        for (int i = 0; i < 40; i++)
        {
            bool big = i % 2 == 0;
            string logins = i == 7 && badLogins is not null ? badLogins : (big ? 80 + (i % 5) : 5 + (i % 3)).ToString(CultureInfo.InvariantCulture);
            lines.Add($"c{i},{(big ? 100_000 + (i * 100) : 5_000 + (i * 10))},{logins},{Regions[i % 4]},{(i % 3 == 0 ? "yes" : "no")}");
        }

        return _cli.Write(name, string.Join('\n', lines) + "\n");
    }

    private CliResult Run(string input, params string[] extra) =>
        _cli.Run(["run", "--input", input, "--id-column", "id", "--outcome", "churned", "--k", "2", "--out", _cli.PathOf("out"), "--store", _cli.PathOf("s.db"), .. extra]);

    private JsonElement[] ColumnsJson()
    {
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_cli.PathOf("out"), "columns.json")));
        return [.. json.RootElement.GetProperty("columns").EnumerateArray().Select(c => c.Clone())];
    }

    [Fact]
    public void Run_TextColumnHoldingNA_KeepsNorthAmericaAsALevelInColumnsJson()
    {
        CliResult result = Run(Customers());

        Assert.Equal(0, result.ExitCode);
        JsonElement region = ColumnsJson().Single(c => c.GetProperty("column").GetString() == "region");
        Assert.Equal("one-hot", region.GetProperty("kind").GetString());
        Assert.Equal(["APAC", "EMEA", "LATAM", "NA"], region.GetProperty("levels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(0, region.GetProperty("missing").GetInt32());
    }

    [Fact]
    public void Run_NaValuesOption_ReadsNAAsMissingInTextColumnsToo()
    {
        CliResult result = Run(Customers(), "--na-values", "NA,null");

        Assert.Equal(0, result.ExitCode);
        JsonElement region = ColumnsJson().Single(c => c.GetProperty("column").GetString() == "region");
        Assert.DoesNotContain("NA", region.GetProperty("levels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(10, region.GetProperty("missing").GetInt32());
    }

    [Fact]
    public void Run_ColumnsJson_ListsEveryColumnUsedAndLeftOut()
    {
        CliResult result = Run(Customers());

        Assert.Equal(0, result.ExitCode);
        JsonElement[] columns = ColumnsJson();
        Assert.Equal(["id", "arr", "logins_30d", "region", "churned"], columns.Select(c => c.GetProperty("column").GetString()));
        Assert.Equal(["id", "numeric", "numeric", "one-hot", "outcome"], columns.Select(c => c.GetProperty("kind").GetString()));
        Assert.False(columns[0].GetProperty("used").GetBoolean());
        Assert.True(columns[1].GetProperty("used").GetBoolean());
        Assert.Contains("columns.json", result.Out);
    }

    [Theory]
    [InlineData("six", "'six'")]
    [InlineData("\"1,5\"", "'1,5'")]
    [InlineData("Infinity", "'Infinity'")]
    [InlineData("\"$1,200\"", "'$1,200'")]
    public void Run_NotANumberInNumericColumn_Exit3NamingLineColumnValueAndFix(string cell, string quoted)
    {
        CliResult result = Run(Customers(cell));

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("customers.csv, line 9, column 'logins_30d'", result.Error);
        Assert.Contains($"{quoted} is not a number", result.Error);
        Assert.Contains("--invalid-numbers missing", result.Error);
        Assert.DoesNotContain("distinct values", result.Error);
    }

    [Fact]
    public void Run_InvalidNumbersMissing_ReadsTheCellAsMissingAndReportsTheCount()
    {
        CliResult result = Run(Customers("six"), "--invalid-numbers", "missing");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("note: 1 cell that is not a number was read as missing (--invalid-numbers missing): 'logins_30d' 1.", result.Error);
        JsonElement logins = ColumnsJson().Single(c => c.GetProperty("column").GetString() == "logins_30d");
        Assert.Equal("numeric", logins.GetProperty("kind").GetString());
        Assert.Equal(1, logins.GetProperty("invalid").GetInt32());
    }

    [Fact]
    public void Run_NaValuesWithAnEmptyEntry_Exit2SayingHowToWriteIt()
    {
        CliResult result = Run(Customers(), "--na-values", "NA,,null");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--na-values must be a comma-separated list of tokens without empty entries", result.Error);
    }

    [Fact]
    public void ScoreTrain_OneBadCellOnLine9_Exit3NamingIt()
    {
        string input = Customers("six");
        CliResult result = _cli.Run("score", "train", "--input", input, "--target", "churned", "--id-column", "id", "--model", _cli.PathOf("m.json"));

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("line 9, column 'logins_30d': 'six' is not a number", result.Error);
        Assert.False(File.Exists(_cli.PathOf("m.json")));
    }

    [Fact]
    public void ScoreTrain_InvalidNumbersMissing_KeepsTheColumnAsAFeature()
    {
        string input = Customers("six");
        CliResult result = _cli.Run("score", "train", "--input", input, "--target", "churned", "--id-column", "id", "--model", _cli.PathOf("m.json"), "--invalid-numbers", "missing");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("'logins_30d' 1", result.Error);
        Assert.Contains("logins_30d", File.ReadAllText(_cli.PathOf("m.json")));
    }

    [Fact]
    public void Cluster_AllMissingColumn_IsLeftOutWithANoteNotACentreOfZero()
    {
        string input = _cli.Write("points.csv", "x,empty,y\n1,,2\n1.5,,2.5\n8,,9\n8.5,,9.5\n");
        CliResult result = _cli.Run("cluster", "--input", input, "--k", "2", "--output", _cli.PathOf("labels.csv"), "--centers", _cli.PathOf("centers.csv"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("x,y", File.ReadLines(_cli.PathOf("centers.csv")).First());
        Assert.Contains("note: column 'empty' is not used as a feature: every cell is missing.", result.Error);
    }

    [Fact]
    public void Cluster_TextIdColumnNotNamed_IsSkippedWithANoteAsSelectKDoes()
    {
        string input = _cli.Write("points.csv", "customer,x,y\nacme,1,2\nbeta,1.5,2.5\ngamma,8,9\ndelta,8.5,9.5\n");
        CliResult result = _cli.Run("cluster", "--input", input, "--k", "2", "--output", _cli.PathOf("labels.csv"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("note: column 'customer' is not used as a feature", result.Error);
        Assert.Contains("2 columns", result.Out);
    }

    [Fact]
    public void Cluster_TextColumnHoldingNA_CountsNAAmongItsValuesWhenLeavingItOut()
    {
        string rows = string.Join('\n', Enumerable.Range(0, 12).Select(i => $"{i},{i % 3},{Regions[i % 4]}"));
        CliResult result = _cli.Run("cluster", "--input", _cli.Write("r.csv", "x,y,region\n" + rows + "\n"), "--k", "2", "--output", _cli.PathOf("labels.csv"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("note: column 'region' is not used as a feature: it is text (4 distinct values), not numbers.", result.Error);
    }

    [Fact]
    public void SuggestEps_TextIdColumnNotNamed_IsSkippedWithANote()
    {
        string rows = string.Join('\n', Enumerable.Range(0, 30).Select(i => $"cust{i},{i % 7},{i % 5}"));
        string input = _cli.Write("points.csv", "customer,x,y\n" + rows + "\n");
        CliResult result = _cli.Run("suggest-eps", "--input", input, "--min-points", "4");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("note: column 'customer' is not used as a feature", result.Error);
    }

    [Fact]
    public void Cluster_HeaderOnly_Exit3NamingTheFile()
    {
        string input = _cli.Write("empty.csv", "x,y\n");
        CliResult result = _cli.Run("cluster", "--input", input, "--k", "2", "--output", _cli.PathOf("labels.csv"));

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("empty.csv", result.Error);
        Assert.Contains("no data rows", result.Error);
    }

    [Fact]
    public void Run_HeaderOnly_Exit3NamingTheFile()
    {
        CliResult result = Run(_cli.Write("empty.csv", "id,arr,churned\n"));

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("empty.csv: the file has a header but no data rows", result.Error);
    }

    [Fact]
    public void Run_SemicolonSeparatedFile_Exit3SayingSo()
    {
        string rows = string.Join('\n', Enumerable.Range(0, 20).Select(i => $"c{i};{i},5;{i % 2}"));
        CliResult result = _cli.Run("run", "--input", _cli.Write("semi.csv", "id;arr;churned\n" + rows + "\n"), "--out", _cli.PathOf("out"), "--store", _cli.PathOf("s.db"));

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("the file seems to be separated by ';'; segment reads comma-separated files", result.Error);
        Assert.DoesNotContain("rowIds", result.Error);
    }

    [Fact]
    public void Cluster_UnterminatedQuote_NamesTheLineWhereTheFieldStarts()
    {
        string input = _cli.Write("quote.csv", "x,y\n1,2\n\"3,4\n5,6\n7,8\n");
        CliResult result = _cli.Run("cluster", "--input", input, "--k", "1", "--output", _cli.PathOf("labels.csv"));

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("quote.csv, line 3:", result.Error);
    }

    [Fact]
    public void Cluster_TenMegabyteCell_IsCutInTheMessage()
    {
        string input = _cli.Write("huge.csv", "x,y\n1,2\n3,4\n5," + new string('9', 5_000_000) + "z" + new string('9', 5_000_000) + "\n");
        CliResult result = _cli.Run("cluster", "--input", input, "--k", "1", "--output", _cli.PathOf("labels.csv"));

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("…", result.Error);
        Assert.True(result.Error.Length < 500, $"stderr has {result.Error.Length} characters.");
    }

    [Fact]
    public void Cluster_MiniBatchOn50DistinctRows_SeedsFromEveryRowAndCountsThemRight()
    {
        string rows = string.Join('\n', Enumerable.Range(0, 50).Select(i => $"{i},{i * i % 17}"));
        string input = _cli.Write("fifty.csv", "x,y\n" + rows + "\n");

        CliResult fits = _cli.Run("cluster", "--input", input, "--algorithm", "minibatch-kmeans", "--k", "45", "--output", _cli.PathOf("labels.csv"));
        CliResult tooMany = _cli.Run("cluster", "--input", input, "--algorithm", "minibatch-kmeans", "--k", "51", "--output", _cli.PathOf("labels2.csv"));

        Assert.Equal(0, fits.ExitCode);
        Assert.Contains("only 50 distinct row(s)", tooMany.Error);
    }

    [Fact]
    public void ScoreTrain_HeaderOnly_Exit3NamingTheFile()
    {
        string input = _cli.Write("empty.csv", "id,arr,churned\n");
        CliResult result = _cli.Run("score", "train", "--input", input, "--target", "churned", "--id-column", "id", "--model", _cli.PathOf("m.json"));

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("empty.csv: the file has a header but no data rows", result.Error);
    }
}
