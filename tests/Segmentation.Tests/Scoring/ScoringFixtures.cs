using System.Text.Json;
using Segmentation.Data;
using Segmentation.Scoring;

namespace Segmentation.Tests.Scoring;

/// <summary>The scikit-learn fixtures of Scoring/Fixtures (made by make_fixtures.py) and the fixed mlc_churn split.</summary>
internal static class ScoringFixtures
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Scoring", "Fixtures", name);

    public static JsonElement Json(string name) => JsonDocument.Parse(File.ReadAllText(PathOf(name))).RootElement;

    public static double[] Doubles(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetDouble())];

    public static CsvTable SmallTable() => CsvTable.Load(PathOf("logistic_small.csv"));

    /// <summary>mlc_churn split 70/30 as in benchmarks/peers/scoring_peers.py: (train, test) tables in file order.</summary>
    public static (CsvTable Train, CsvTable Test) MlcSplit()
    {
        var testIds = new HashSet<string>(File.ReadAllLines(PathOf("mlc_churn_test_ids.txt")).Where(l => l.Length > 0), StringComparer.Ordinal);
        string[] lines = File.ReadAllLines(PathOf("mlc_churn.csv"));
        bool IsTest(string line) => testIds.Contains(line[1..line.IndexOf('"', 1)]);
        string header = lines[0];
        string Join(IEnumerable<string> rows) => string.Join('\n', rows.Prepend(header));
        return (
            CsvTable.Read(new StringReader(Join(lines.Skip(1).Where(l => !IsTest(l)))), "mlc_train"),
            CsvTable.Read(new StringReader(Join(lines.Skip(1).Where(IsTest))), "mlc_test"));
    }

    public static TrainingTable Small() => TrainingTable.FromCsv(SmallTable(), "churned", idColumn: "customer_id");
}
