using System.Globalization;
using System.Text;

namespace Segmentation.Cli.Tests;

/// <summary>
/// Rule files a tester found to abort <c>segment rules</c> with a stack overflow (exit 134), run through the real
/// process so that a regression fails the test instead of killing the test host; and text columns in rules.
/// </summary>
public sealed class RulesRobustnessTests : IDisposable
{
    private const string Customers = "id,arr,churned,industry,country\n"
        + "a,150000,yes,Retail,DE\n"
        + "b,30000,no,Bank,FR\n"
        + "c,,,,\n";

    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private string RulesFile(string when)
    {
        string escaped = when.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
        return _cli.Write("rules.json", $$"""{ "dimensions": [ { "name": "tier", "rules": [ { "segment": "Big", "when": "{{escaped}}" } ] } ] }""");
    }

    private static string Repeat(string text, int count) => new StringBuilder(text.Length * count).Insert(0, text, count).ToString();

    [Fact]
    public void Rules_TenThousandNestedParentheses_Exit2NamingRuleAndPosition()
    {
        string input = _cli.Write("customers.csv", Customers);
        string rules = RulesFile(Repeat("(", 10_000) + "arr > 1" + Repeat(")", 10_000));

        CliResult result = _cli.RunProcess("rules", "--input", input, "--id-column", "id", "--rules", rules, "--output", _cli.PathOf("out.csv"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: tier/Big: '(' at position 101 nests more than 100 levels deep", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_cli.PathOf("out.csv")));
    }

    [Theory]
    [InlineData("or")]
    [InlineData("sum")]
    [InlineData("in")]
    public void Rules_HugeFlatChains_Exit2WithTheLengthLimit(string shape)
    {
        string input = _cli.Write("customers.csv", Customers);
        string when = shape switch
        {
            "or" => string.Join(" or ", Enumerable.Range(0, 10_000).Select(i => "arr > " + i.ToString(CultureInfo.InvariantCulture))),
            "sum" => string.Join(" + ", Enumerable.Repeat("arr", 170_000)) + " > 1",
            _ => "arr in (" + string.Join(", ", Enumerable.Range(0, 100_000)) + ")",
        };

        CliResult result = _cli.RunProcess("rules", "--input", input, "--id-column", "id", "--rules", RulesFile(when), "--output", _cli.PathOf("out.csv"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"error: tier/Big: the condition is {when.Length.ToString("N0", CultureInfo.InvariantCulture)} characters long, more than the limit of 65,536 (64 KB)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Rules_TextColumnsAndYesNoWords_AreReadByRules()
    {
        // industry has 40 levels: more than the 12 that are one-hot encoded, so it is not a feature, yet rules read it.
        var csv = new StringBuilder(Customers);
        for (int i = 0; i < 40; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"x{i},{i},no,Industry {i},C{i}\n");
        }

        string input = _cli.Write("customers.csv", csv.ToString());
        string rules = _cli.Write("rules.json", """
            { "dimensions": [ { "name": "focus", "rules": [
                { "segment": "Retail churn", "when": "churned == \"yes\" and industry == \"Retail\"" },
                { "segment": "Europe", "when": "country in (\"DE\", \"FR\")" },
                { "segment": "Unknown industry", "when": "industry is missing" } ] } ] }
            """);
        string output = _cli.PathOf("out.csv");

        CliResult result = _cli.Run("rules", "--input", input, "--id-column", "id", "--rules", rules, "--output", output, "--explain");

        Assert.Equal(0, result.ExitCode);
        string[] lines = File.ReadAllLines(output);
        Assert.Equal("a,Retail churn,\"churned == \"\"yes\"\" and industry == \"\"Retail\"\"\",\"churned=1, industry=Retail\"", lines[1]);
        Assert.StartsWith("b,Europe,", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("c,Unknown industry,", lines[3], StringComparison.Ordinal);
        Assert.DoesNotContain("industry", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Rules_UnknownLevelOfAFewLevelColumn_Exit2WithClosestLevel()
    {
        string input = _cli.Write("customers.csv", Customers);

        CliResult result = _cli.Run("rules", "--input", input, "--id-column", "id", "--rules", RulesFile("industry == \"Retial\""), "--output", _cli.PathOf("out.csv"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: tier/Big: 'industry' has no level \"Retial\" (position 13); did you mean \"Retail\"? Known levels: Bank, Retail.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WithConfig_OnACsv_RulesReadTextColumns()
    {
        var csv = new StringBuilder("id,arr,logins,industry\n");
        for (int i = 0; i < 30; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"c{i},{1000 * (i + 1)},{i % 7},{(i % 3 == 0 ? "Retail" : "Sector " + i)}\n");
        }

        string input = _cli.Write("customers.csv", csv.ToString());
        string rules = _cli.Write("rules.json", """{ "dimensions": [ { "name": "vertical", "rules": [ { "segment": "Retail", "when": "industry == 'Retail'" } ] } ], "exception": "Other" }""");
        string outDir = _cli.PathOf("out");

        CliResult result = _cli.Run("run", "--input", input, "--id-column", "id", "--k", "2", "--config", rules, "--out", outDir, "--store", _cli.PathOf("s.db"));

        Assert.Equal(0, result.ExitCode);
        string[] lines = File.ReadAllLines(Path.Combine(outDir, "assignments.csv"));
        Assert.Equal("id,segment_id,segment,vertical", lines[0]);
        Assert.Equal(
            Enumerable.Range(0, 30).Select(i => i % 3 == 0 ? "Retail" : "Other"),
            lines.Skip(1).Select(l => l.Split(',')[^1]));
    }
}
