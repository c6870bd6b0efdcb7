using System.Globalization;
using System.Text;

namespace Segmentation.Cli.Tests;

/// <summary><c>segment run --input --config</c> with the scorers of segmentation.json.</summary>
public sealed class ConfiguredScorersTests : IDisposable
{
    private const string Playbook = """
        "playbooks": [ { "name": "Everyone", "when": { "minValue": 0 },
          "action": { "name": "Check in", "owner": "CSM", "reason": "Churn[ {churn}][; expansion {expansion}]" } } ]
        """;

    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private static string Customers(int rows, int seed, bool withOutcome)
    {
        var random = new Random(seed);
        var csv = new StringBuilder(withOutcome ? "id,arr,support_calls,usage,churned\n" : "id,arr,support_calls,usage\n");
        for (int i = 0; i < rows; i++)
        {
            int calls = random.Next(0, 8);
            double usage = Math.Round(20 + (random.NextDouble() * 60), 1);
            int arr = 5000 + (1000 * random.Next(0, 150));
            csv.Append(CultureInfo.InvariantCulture, $"c{i},{arr},{calls},{usage}");
            if (withOutcome)
            {
                bool churned = random.NextDouble() < 1 / (1 + Math.Exp(-(-2 + (0.7 * calls) - (0.03 * (usage - 50)))));
                csv.Append(churned ? ",yes" : ",no");
            }

            csv.Append('\n');
        }

        return csv.ToString();
    }

    private string Config(string scorers)
    {
        Directory.CreateDirectory(_cli.PathOf("config"));
        return _cli.Write(
            Path.Combine("config", "segmentation.json"),
            $$"""{ "columns": { "idColumn": "id", "valueColumn": "arr" }, "clustering": { "k": 3 }, "scorers": {{scorers}}, {{Playbook}} }""");
    }

    private string TrainModel()
    {
        Directory.CreateDirectory(_cli.PathOf("config"));
        string history = _cli.Write("history.csv", Customers(200, 3, withOutcome: true));
        CliResult train = _cli.Run("score", "train", "--input", history, "--target", "churned", "--id-column", "id", "--model", _cli.PathOf(Path.Combine("config", "churn-model.json")));
        Assert.Equal(0, train.ExitCode);
        return history;
    }

    private static List<Dictionary<string, string>> ReadCsv(string path)
    {
        string[] lines = File.ReadAllLines(path);
        string[] header = lines[0].Split(',');
        // Quoted cells (segment names, reasons) may hold commas; SplitCsv keeps them whole.
        return [.. lines.Skip(1).Select(line =>
        {
            List<string> cells = SplitCsv(line);
            return header.Select((h, j) => (h, cells[j])).ToDictionary(x => x.h, x => x.Item2, StringComparer.Ordinal);
        })];
    }

    private static List<string> SplitCsv(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false;
        foreach (char c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        return cells;
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    [Fact]
    public void Run_LogisticModelFromScoreTrain_FillsChurnAndRanksByChurnTimesArr()
    {
        TrainModel();
        string customers = _cli.Write("customers.csv", Customers(40, 11, withOutcome: false));
        string config = Config("""{ "churn": { "kind": "model", "model": "churn-model.json" } }""");

        CliResult run = _cli.Run("run", "--input", customers, "--config", config, "--out", _cli.PathOf("out"), "--no-store");

        Assert.Equal(0, run.ExitCode);
        List<Dictionary<string, string>> assignments = ReadCsv(_cli.PathOf(Path.Combine("out", "assignments.csv")));
        List<Dictionary<string, string>> worklist = ReadCsv(_cli.PathOf(Path.Combine("out", "worklist.csv")));
        Dictionary<string, double> arr = File.ReadAllLines(customers).Skip(1).Select(l => l.Split(','))
            .ToDictionary(c => c[0], c => Number(c[1]), StringComparer.Ordinal);
        Dictionary<string, double> churn = assignments.ToDictionary(a => a["id"], a => Number(a["churn_risk"]), StringComparer.Ordinal);
        Assert.Equal(40, worklist.Count);
        Assert.All(churn.Values, p => Assert.InRange(p, 0, 1));
        Assert.True(churn.Values.Distinct().Count() > 10, "the model should give different customers different scores");

        // The expected order, from the scores of assignments.csv (4 decimals) and the ARR of the input.
        string[] expected = [.. churn.Keys.OrderByDescending(id => churn[id] * arr[id]).ThenBy(id => id, StringComparer.Ordinal)];
        string[] actual = [.. worklist.Select(r => r["customer_id"])];
        Assert.Equal(expected.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));
        for (int i = 0; i < worklist.Count; i++)
        {
            string id = actual[i];
            Assert.Equal(churn[id], Number(worklist[i]["churn_probability"]), 4);
            Assert.Equal(churn[id] * arr[id], Number(worklist[i]["priority"]), arr[id] * 0.0001);
            // Rounding to 4 decimals can only swap customers whose expected priorities are that close.
            int at = Array.IndexOf(expected, id);
            Assert.True(
                at == i || Math.Abs((churn[expected[i]] * arr[expected[i]]) - (churn[id] * arr[id])) <= 0.0001 * (arr[id] + arr[expected[i]]),
                $"row {i + 1} is {id}, expected {expected[i]}");
        }
    }

    [Fact]
    public void Run_HealthScorer_FillsExpansionFromTheWeightedScore()
    {
        string customers = _cli.Write("customers.csv", Customers(30, 7, withOutcome: false));
        string config = Config("""
            { "expansion": { "kind": "health", "health": { "factors": [ { "feature": "usage", "weight": 100,
              "curve": [ { "value": 20, "points": 0 }, { "value": 80, "points": 100 } ] } ] } } }
            """);

        CliResult run = _cli.Run("run", "--input", customers, "--config", config, "--out", _cli.PathOf("out"), "--no-store");

        Assert.Equal(0, run.ExitCode);
        Dictionary<string, double> usage = File.ReadAllLines(customers).Skip(1).Select(l => l.Split(','))
            .ToDictionary(c => c[0], c => Number(c[3]), StringComparer.Ordinal);
        List<Dictionary<string, string>> worklist = ReadCsv(_cli.PathOf(Path.Combine("out", "worklist.csv")));
        Assert.Equal(30, worklist.Count);
        Assert.All(worklist, row =>
        {
            Assert.Equal(string.Empty, row["churn_probability"]);
            // Written to four decimals (as assignments.csv writes scores).
            Assert.Equal(Math.Round((usage[row["customer_id"]] - 20) / 60, 4), Number(row["expansion_probability"]));
        });
    }

    [Fact]
    public void Run_InRunScorerWithoutOutcomes_SaysOnceThatItIsNotTrained()
    {
        string customers = _cli.Write("customers.csv", Customers(30, 7, withOutcome: false));
        string config = Config("""{ "churn": { "kind": "in-run" } }""");

        CliResult run = _cli.Run("run", "--input", customers, "--config", config, "--out", _cli.PathOf("out"), "--no-store");

        Assert.Equal(0, run.ExitCode);
        Assert.Single(run.Out.Split('\n'), l => l.Contains("give --outcomes FILE", StringComparison.Ordinal) && l.StartsWith("scorers.churn:", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_InRunScorerWithMissingOutcomesFile_ExitsThreeNamingThePropertyAndWritesNothing()
    {
        string customers = _cli.Write("customers.csv", Customers(30, 7, withOutcome: false));
        string config = Config("""{ "churn": { "kind": "in-run", "outcomeEvents": "churn.csv" } }""");

        CliResult run = _cli.Run("run", "--input", customers, "--config", config, "--out", _cli.PathOf("out"), "--no-store");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("churn.csv: the file of scorers.churn.outcomeEvents does not exist", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_cli.PathOf(Path.Combine("out", "assignments.csv"))));
    }

    [Fact]
    public void Run_MissingModelFile_ExitsTwoNamingPathAndFileAndWritesNothing()
    {
        string customers = _cli.Write("customers.csv", Customers(30, 7, withOutcome: false));
        string config = Config("""{ "churn": { "kind": "model", "model": "missing-model.json" } }""");

        CliResult run = _cli.Run("run", "--input", customers, "--config", config, "--out", _cli.PathOf("out"), "--no-store");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("scorers.churn.model:", run.Error, StringComparison.Ordinal);
        Assert.Contains("missing-model.json", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_cli.PathOf("out")));
    }

    [Fact]
    public void Run_UnknownScorerKind_ExitsTwoNamingThePath()
    {
        string customers = _cli.Write("customers.csv", Customers(30, 7, withOutcome: false));
        string config = Config("""{ "churn": { "kind": "modle", "model": "m.json" } }""");

        CliResult run = _cli.Run("run", "--input", customers, "--config", config, "--out", _cli.PathOf("out"), "--no-store");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("scorers.churn.kind:", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_cli.PathOf("out")));
    }

    [Fact]
    public void Run_ModelReadsAColumnTheInputLacks_ExitsTwoNamingScorerFeatureAndPath()
    {
        TrainModel();
        string customers = _cli.Write("customers.csv", "id,arr,usage\na,1000,50\nb,2000,60\nc,3000,70\nd,4000,20\ne,5000,30\nf,6000,40\n");
        string config = Config("""{ "churn": { "kind": "model", "model": "churn-model.json" } }""");

        CliResult run = _cli.Run("run", "--input", customers, "--config", config, "--out", _cli.PathOf("out"), "--no-store");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("scorers.churn.model: the churn scorer", run.Error, StringComparison.Ordinal);
        Assert.Contains("'support_calls'", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_cli.PathOf("out")));
    }
}
