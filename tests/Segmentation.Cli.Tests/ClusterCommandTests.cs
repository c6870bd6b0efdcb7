using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Segmentation.Cli.Tests;

public sealed class ClusterCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    /// <summary>600 rows: three blobs of 200 around (0,0), (10,10), (-10,10); returns the path and each row's blob.</summary>
    private (string Path, int[] Truth) WriteBlobs(bool withId = false)
    {
        var random = new Random(5);
        double[][] centres = [[0, 0], [10, 10], [-10, 10]];
        var csv = new StringBuilder(withId ? "id,x,y\n" : "x,y\n");
        var truth = new int[600];
        for (int i = 0; i < 600; i++)
        {
            int blob = i % 3;
            truth[i] = blob;
            double x = centres[blob][0] + (random.NextDouble() * 2) - 1;
            double y = centres[blob][1] + (random.NextDouble() * 2) - 1;
            string row = withId ? FormattableString.Invariant($"r{i},{x},{y}\n") : FormattableString.Invariant($"{x},{y}\n");
            csv.Append(row);
        }

        return (_cli.Write("blobs.csv", csv.ToString()), truth);
    }

    private static int[] ReadLabels(string path, bool withId = false) =>
        [.. File.ReadAllLines(path).Skip(1).Select(l => int.Parse(withId ? l.Split(',')[1] : l, CultureInfo.InvariantCulture))];

    [Fact]
    public void Cluster_ThreeBlobs_GivesThreeCleanClustersAndTheContractFiles()
    {
        (string input, int[] truth) = WriteBlobs();
        CliResult result = _cli.Run("cluster", "--input", input, "--algorithm", "kmeans", "--k", "3", "--output", _cli.PathOf("labels.csv"),
            "--metrics", _cli.PathOf("metrics.json"), "--centers", _cli.PathOf("centers.csv"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("label", File.ReadLines(_cli.PathOf("labels.csv")).First());
        int[] labels = ReadLabels(_cli.PathOf("labels.csv"));
        Assert.Equal(600, labels.Length);
        for (int blob = 0; blob < 3; blob++)
        {
            Assert.Single(labels.Where((_, i) => truth[i] == blob).Distinct());
        }

        Assert.Equal(3, labels.Distinct().Count());

        using JsonDocument metrics = JsonDocument.Parse(File.ReadAllText(_cli.PathOf("metrics.json")));
        JsonElement root = metrics.RootElement;
        Assert.Equal("kmeans", root.GetProperty("algorithm").GetString());
        Assert.Equal(3, root.GetProperty("clusters").GetInt32());
        Assert.Equal(0, root.GetProperty("noise").GetInt32());
        Assert.True(root.GetProperty("inertia").GetDouble() > 0);
        Assert.True(root.GetProperty("iterations").GetDouble() >= 1);
        Assert.True(root.GetProperty("fit_seconds").GetDouble() >= 0);

        string[] centres = File.ReadAllLines(_cli.PathOf("centers.csv"));
        Assert.Equal("x,y", centres[0]);
        Assert.Equal(4, centres.Length);
        Assert.Contains(centres.Skip(1), line => line.Split(',').Select(v => Math.Round(double.Parse(v, CultureInfo.InvariantCulture))).SequenceEqual([10.0, 10]));
    }

    [Fact]
    public void Cluster_WithIdColumn_WritesIdAndLabelInInputOrder()
    {
        (string input, _) = WriteBlobs(withId: true);
        CliResult result = _cli.Run("cluster", "--input", input, "--id-column", "id", "--k", "3", "--output", _cli.PathOf("labels.csv"));
        Assert.Equal(0, result.ExitCode);
        string[] lines = File.ReadAllLines(_cli.PathOf("labels.csv"));
        Assert.Equal("id,label", lines[0]);
        Assert.Equal([.. Enumerable.Range(0, 600).Select(i => $"r{i}")], lines.Skip(1).Select(l => l.Split(',')[0]));
    }

    [Fact]
    public void Cluster_SameSeed_SameLabels()
    {
        (string input, _) = WriteBlobs();
        _cli.Run("cluster", "--input", input, "--k", "4", "--seed", "3", "--output", _cli.PathOf("a.csv"));
        _cli.Run("cluster", "--input", input, "--k", "4", "--seed", "3", "--output", _cli.PathOf("b.csv"));
        Assert.Equal(File.ReadAllText(_cli.PathOf("a.csv")), File.ReadAllText(_cli.PathOf("b.csv")));
    }

    [Fact]
    public void Cluster_CellNotANumber_Exit3NamingLineAndColumn()
    {
        string input = _cli.Write("bad.csv", "x,y\n1,2\n3,4\n5,six\n");
        CliResult result = _cli.Run("cluster", "--input", input, "--k", "1", "--output", _cli.PathOf("labels.csv"));
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("line 4", result.Error);
        Assert.Contains("column 'y'", result.Error);
        Assert.Contains("'six' is not a number", result.Error);
        Assert.False(File.Exists(_cli.PathOf("labels.csv")));
    }

    [Fact]
    public void Cluster_MissingFile_Exit3()
    {
        CliResult result = _cli.Run("cluster", "--input", _cli.PathOf("nope.csv"), "--output", _cli.PathOf("labels.csv"));
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("does not exist", result.Error);
    }

    [Theory]
    [InlineData("--bogus", "1")]
    [InlineData("--k", "zero")]
    [InlineData("--k", "0")]
    [InlineData("--k", "auto")]
    [InlineData("--seed", "abc")]
    [InlineData("--algorithm", "spectral")]
    [InlineData("--eps", "0.5")]
    [InlineData("--scale", "log")]
    [InlineData("--columns", "x,,y")]
    [InlineData("--columns", "q")]
    public void Cluster_BadOption_Exit2WithOneSentence(string option, string value)
    {
        (string input, _) = WriteBlobs();
        CliResult result = _cli.Run("cluster", "--input", input, "--output", _cli.PathOf("labels.csv"), option, value);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Cluster_MoreClustersThanDistinctRows_Exit2()
    {
        string input = _cli.Write("dup.csv", "x\n1\n1\n2\n");
        CliResult result = _cli.Run("cluster", "--input", input, "--k", "3", "--output", _cli.PathOf("labels.csv"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("only 2 distinct row(s)", result.Error);
    }

    [Fact]
    public void Cluster_MissingRequiredOutput_Exit2()
    {
        (string input, _) = WriteBlobs();
        Assert.Equal(2, _cli.Run("cluster", "--input", input).ExitCode);
    }

    [Fact]
    public void NoCommand_Exit2()
    {
        Assert.Equal(2, _cli.Run().ExitCode);
        Assert.Equal(2, _cli.Run("frobnicate").ExitCode);
    }

    [Fact]
    public void Help_Exit0AndListsCommands()
    {
        CliResult result = _cli.Run("--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("cluster", result.Out);
        Assert.Contains("run", result.Out);
    }

    [Fact]
    public void Process_BadCell_ExitCode3AndNoStackTrace()
    {
        string input = _cli.Write("bad.csv", "x,y\n1,2\n3,oops\n");
        CliResult result = _cli.RunProcess("cluster", "--input", input, "--k", "1", "--output", "labels.csv");
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("line 3, column 'y'", result.Error);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Cluster_InitCentresFile_StartsThereAndTakesKFromTheRows()
    {
        (string input, int[] truth) = WriteBlobs();
        string init = _cli.Write("init.csv", "y,x\n10,10\n0,0\n10,-10\n"); // columns in another order than the input
        CliResult result = _cli.Run("cluster", "--input", input, "--init", init, "--output", _cli.PathOf("labels.csv"), "--metrics", _cli.PathOf("m.json"));

        Assert.Equal(0, result.ExitCode);
        int[] labels = ReadLabels(_cli.PathOf("labels.csv"));
        Assert.Equal([1, 0, 2], [labels[0], labels[1], labels[2]]); // blob 0 (0,0) starts at centre row 1, and so on
        Assert.True(labels.Select((l, i) => (l, truth[i])).Distinct().Count() == 3);
    }

    [Theory]
    [InlineData("x,q\n0,0\n", "has no column 'y'")]
    [InlineData("x,y\n0,0\n10,10\n", "has 2 centre rows but --k is 3")]
    public void Cluster_InitFileOfTheWrongShape_Exit2(string content, string message)
    {
        (string input, _) = WriteBlobs();
        string init = _cli.Write("init.csv", content);
        CliResult result = _cli.Run("cluster", "--input", input, "--init", init, "--k", "3", "--output", _cli.PathOf("labels.csv"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
    }

    [Fact]
    public void Cluster_KMeansFlags_AreAcceptedAndSingleThreadEqualsAllThreads()
    {
        (string input, _) = WriteBlobs();
        string[] common = ["cluster", "--input", input, "--k", "3", "--n-init", "2", "--max-iter", "50", "--tol", "0", "--precision", "single"];
        Assert.Equal(0, _cli.Run([.. common, "--threads", "1", "--output", _cli.PathOf("a.csv")]).ExitCode);
        Assert.Equal(0, _cli.Run([.. common, "--threads", "2", "--output", _cli.PathOf("b.csv")]).ExitCode);
        Assert.Equal(File.ReadAllText(_cli.PathOf("a.csv")), File.ReadAllText(_cli.PathOf("b.csv")));
    }

    [Fact]
    public void Cluster_MiniBatch_FindsTheThreeBlobs_AndRejectsKMeansOnlyFlags()
    {
        (string input, int[] truth) = WriteBlobs();
        CliResult result = _cli.Run("cluster", "--input", input, "--algorithm", "minibatch-kmeans", "--k", "3", "--batch-size", "100", "--output", _cli.PathOf("labels.csv"), "--metrics", _cli.PathOf("m.json"));
        Assert.Equal(0, result.ExitCode);
        int[] labels = ReadLabels(_cli.PathOf("labels.csv"));
        Assert.Equal(3, labels.Select((l, i) => (l, truth[i])).Distinct().Count());
        Assert.Contains("minibatch-kmeans", File.ReadAllText(_cli.PathOf("m.json")));

        CliResult wrong = _cli.Run("cluster", "--input", input, "--algorithm", "minibatch-kmeans", "--n-init", "3", "--output", _cli.PathOf("labels.csv"));
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("--n-init applies to --algorithm kmeans", wrong.Error);
    }

    [Fact]
    public void Process_KMeansParallelSeeding_SameLabelsInTwoSeparateProcesses()
    {
        // Per-process randomness (string or HashCode hashing) would give each process its own seeding.
        var random = new Random(3);
        var csv = new StringBuilder("x,y\n");
        for (int i = 0; i < 2000; i++)
        {
            csv.Append(FormattableString.Invariant($"{random.NextDouble()},{random.NextDouble()}\n"));
        }

        string input = _cli.Write("uniform.csv", csv.ToString());
        string[] args = ["cluster", "--input", input, "--k", "8", "--init", "k-means||", "--max-iter", "1", "--seed", "5"];
        CliResult first = _cli.RunProcess([.. args, "--output", "first.csv"]);
        CliResult second = _cli.RunProcess([.. args, "--output", "second.csv"]);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(File.ReadAllText(_cli.PathOf("first.csv")), File.ReadAllText(_cli.PathOf("second.csv")));
    }
}
