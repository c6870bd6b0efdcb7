using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Segmentation.Cli.Tests;

public sealed class SelectKAndEvaluateCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    /// <summary>Four well-separated groups of 40 customers on two numeric columns, with a text column and a missing cell.</summary>
    private string WriteFourGroups()
    {
        var text = new StringBuilder("id,arr,logins,region\n");
        var random = new Random(3);
        double[][] centres = [[0, 0], [50, 0], [0, 50], [50, 50]];
        for (int i = 0; i < 160; i++)
        {
            double[] c = centres[i % 4];
            string arr = i == 9 ? "" : (c[0] + random.NextDouble()).ToString(CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"c{i},{arr},{c[1] + random.NextDouble()},\"North, {(i % 2 == 0 ? "A" : "B")}\"\n");
        }

        return _cli.Write("customers.csv", text.ToString());
    }

    [Fact]
    public void SelectK_FourGroups_RecommendsFourAndWritesEvidence()
    {
        string input = WriteFourGroups();
        string evidence = _cli.PathOf("evidence.csv");
        CliResult result = _cli.Run("select-k", "--input", input, "--id-column", "id", "--columns", "arr,logins", "--min-k", "2", "--max-k", "6", "--output", evidence);

        Assert.Equal(0, result.ExitCode);
        string[] lines = File.ReadAllLines(evidence);
        Assert.Equal("k,silhouette,calinski_harabasz,davies_bouldin,inertia,elbow,stability,mean_rank,stable,recommended", lines[0]);
        Assert.Equal(6, lines.Length);
        Assert.EndsWith(",yes", lines.Single(l => l.StartsWith("4,", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("k = 4", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--min-k", "1")]
    [InlineData("--max-k", "2")]
    public void SelectK_BadRange_Exit2(string option, string value)
    {
        string input = WriteFourGroups();
        CliResult result = _cli.Run("select-k", "--input", input, "--id-column", "id", option, value);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: --m", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_LabelsFromCluster_WritesTheThreeIndicesAndSeconds()
    {
        string input = _cli.Write("x.csv", "a,b\n0,0\n0,1\n1,0\n10,10\n10,11\n11,10\n");
        string labels = _cli.Write("labels.csv", "label\n0\n0\n0\n1\n1\n1\n");
        string metrics = _cli.PathOf("metrics.json");
        CliResult result = _cli.Run("evaluate", "--input", input, "--labels", labels, "--metrics", metrics);

        Assert.Equal(0, result.ExitCode);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(metrics));
        JsonElement root = json.RootElement;
        // scikit-learn 1.2.1 on the same six points (silhouette_score, calinski_harabasz_score, davies_bouldin_score).
        Assert.Equal(0.9196222281154851, root.GetProperty("silhouette").GetDouble(), 12);
        Assert.Equal(450.00000000000006, root.GetProperty("calinski_harabasz").GetDouble(), 9);
        Assert.Equal(0.09249505911485191, root.GetProperty("davies_bouldin").GetDouble(), 12);
        Assert.True(root.GetProperty("seconds").GetDouble() >= 0);
    }

    [Fact]
    public void Evaluate_WrongNumberOfLabels_Exit3NamingBothCounts()
    {
        string input = _cli.Write("x.csv", "a,b\n0,0\n0,1\n1,0\n10,10\n");
        string labels = _cli.Write("labels.csv", "label\n0\n0\n1\n");
        CliResult result = _cli.Run("evaluate", "--input", input, "--labels", labels, "--metrics", _cli.PathOf("m.json"));
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("3 labels but the input has 4 rows", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_OneCluster_Exit2WithTheValidRange()
    {
        string input = _cli.Write("x.csv", "a\n0\n1\n2\n");
        string labels = _cli.Write("labels.csv", "label\n0\n0\n0\n");
        CliResult result = _cli.Run("evaluate", "--input", input, "--labels", labels, "--metrics", _cli.PathOf("m.json"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("between 2 and n - 1 clusters", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_KAuto_ChoosesFromThreeToEightAndWritesKSelection()
    {
        string input = WriteFourGroups();
        string outDir = _cli.PathOf("out");
        CliResult result = _cli.Run("run", "--input", input, "--id-column", "id", "--k", "auto", "--out", outDir, "--store", _cli.PathOf("segmentation.db"));

        Assert.Equal(0, result.ExitCode);
        using JsonDocument segments = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "segments.json")));
        int count = segments.RootElement.GetProperty("segments").GetArrayLength();
        Assert.InRange(count, 3, 8);
        Assert.True(File.Exists(Path.Combine(outDir, "k-selection.csv")));
        Assert.Contains("Recommended: k = ", result.Out, StringComparison.Ordinal);
    }
}

public sealed class RunEventsTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Run_Events_AddsUsageTrendFeaturesJoinedOnIds()
    {
        var customers = new StringBuilder("id,arr\n");
        var events = new StringBuilder("customer_id,timestamp,metric,value\n");
        for (int i = 0; i < 40; i++)
        {
            customers.Append(CultureInfo.InvariantCulture, $"c{i},{1000 + i}\n");
            for (int day = 1; day <= 60; day += i % 2 == 0 ? 1 : 7)
            {
                events.Append(CultureInfo.InvariantCulture, $"c{i},2024-05-{1 + (day % 30):00},login,{(i % 2 == 0 ? 5 : 1)}\n");
            }
        }

        string input = _cli.Write("customers.csv", customers.ToString());
        string usage = _cli.Write("usage.csv", events.ToString());
        string outDir = _cli.PathOf("out");
        CliResult result = _cli.Run("run", "--input", input, "--id-column", "id", "--events", usage, "--k", "2", "--out", outDir);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("for 40 customers (40 of them in the input), as of 2024-05-30", result.Out, StringComparison.Ordinal);
        using JsonDocument segments = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "segments.json")));
        Assert.True(segments.RootElement.GetProperty("segments")[0].GetProperty("features").TryGetProperty("usage_30d", out _));
    }

    [Fact]
    public void Run_EventsWithoutIdColumn_Exit2()
    {
        string input = _cli.Write("customers.csv", "arr\n1\n2\n3\n");
        string usage = _cli.Write("usage.csv", "customer_id,timestamp\na,2024-01-01\n");
        CliResult result = _cli.Run("run", "--input", input, "--events", usage, "--k", "2", "--out", _cli.PathOf("o"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--events needs --id-column", result.Error, StringComparison.Ordinal);
    }
}
