using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Segmentation.Cli.Tests;

public sealed class HierarchicalCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    /// <summary>300 rows in three blobs around (0,0), (10,10), (-10,10), interleaved; returns the path and each row's blob.</summary>
    private (string Path, int[] Truth) WriteBlobs()
    {
        var random = new Random(9);
        double[][] centres = [[0, 0], [10, 10], [-10, 10]];
        var csv = new StringBuilder("x,y\n");
        var truth = new int[300];
        for (int i = 0; i < truth.Length; i++)
        {
            truth[i] = i % 3;
            double x = centres[i % 3][0] + (random.NextDouble() * 2) - 1;
            double y = centres[i % 3][1] + (random.NextDouble() * 2) - 1;
            csv.Append(FormattableString.Invariant($"{x},{y}\n"));
        }

        return (_cli.Write("blobs.csv", csv.ToString()), truth);
    }

    private static int[] ReadLabels(string path) => [.. File.ReadAllLines(path).Skip(1).Select(l => int.Parse(l, CultureInfo.InvariantCulture))];

    [Theory]
    [InlineData("ward")]
    [InlineData("single")]
    [InlineData("complete")]
    [InlineData("average")]
    [InlineData("centroid")]
    public void Cluster_Hierarchical_FindsTheBlobsAndWritesMerges(string linkage)
    {
        (string input, int[] truth) = WriteBlobs();

        CliResult result = _cli.Run("cluster", "--input", input, "--algorithm", "hierarchical", "--linkage", linkage, "--k", "3",
            "--output", _cli.PathOf("labels.csv"), "--merges", _cli.PathOf("merges.csv"), "--metrics", _cli.PathOf("metrics.json"));

        Assert.Equal(0, result.ExitCode);
        int[] labels = ReadLabels(_cli.PathOf("labels.csv"));
        for (int blob = 0; blob < 3; blob++)
        {
            Assert.Single(labels.Where((_, i) => truth[i] == blob).Distinct());
        }

        string[] merges = File.ReadAllLines(_cli.PathOf("merges.csv"));
        Assert.Equal("a,b,distance,size", merges[0]);
        Assert.Equal(300, merges.Length);
        string[] root = merges[^1].Split(',');
        Assert.Equal((297 + 300).ToString(CultureInfo.InvariantCulture), root[1]);
        Assert.Equal("300", root[3]);

        using JsonDocument metrics = JsonDocument.Parse(File.ReadAllText(_cli.PathOf("metrics.json")));
        Assert.Equal("hierarchical", metrics.RootElement.GetProperty("algorithm").GetString());
        Assert.Equal(299, metrics.RootElement.GetProperty("merges").GetDouble());
        Assert.True(metrics.RootElement.GetProperty("cophenetic_correlation").GetDouble() > 0.5);
    }

    [Fact]
    public void Cluster_DistanceThreshold_CutsAtThatHeight()
    {
        string input = _cli.Write("line.csv", "x\n0\n1\n10\n11\n30\n");

        CliResult result = _cli.Run("cluster", "--input", input, "--algorithm", "hierarchical", "--linkage", "single", "--scale", "none",
            "--distance-threshold", "1.5", "--output", _cli.PathOf("labels.csv"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal([0, 0, 1, 1, 2], ReadLabels(_cli.PathOf("labels.csv")));
    }

    [Fact]
    public void Cluster_KAndDistanceThreshold_Exit2()
    {
        (string input, _) = WriteBlobs();

        CliResult result = _cli.Run("cluster", "--input", input, "--algorithm", "hierarchical", "--k", "3", "--distance-threshold", "2",
            "--output", _cli.PathOf("labels.csv"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--k and --distance-threshold are mutually exclusive", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Cluster_UnknownLinkage_Exit2()
    {
        (string input, _) = WriteBlobs();

        CliResult result = _cli.Run("cluster", "--input", input, "--algorithm", "hierarchical", "--linkage", "wards", "--output", _cli.PathOf("labels.csv"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("wards", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Cluster_LinkageWithKMeans_Exit2()
    {
        (string input, _) = WriteBlobs();

        CliResult result = _cli.Run("cluster", "--input", input, "--algorithm", "kmeans", "--linkage", "ward", "--output", _cli.PathOf("labels.csv"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--linkage applies to --algorithm hierarchical", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Cluster_MatrixLinkageOverMemoryBudget_Exit2NamingTheBudget()
    {
        (string input, _) = WriteBlobs();
        string bigger = _cli.Write("bigger.csv", string.Concat(File.ReadAllText(input), string.Concat(File.ReadAllLines(input).Skip(1).Select(l => l + "\n")), string.Concat(File.ReadAllLines(input).Skip(1).Select(l => l + "\n"))));

        CliResult result = _cli.Run("cluster", "--input", bigger, "--algorithm", "hierarchical", "--linkage", "complete", "--memory-budget", "1M",
            "--output", _cli.PathOf("labels.csv"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("MemoryBudgetBytes (1048576) is too small", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Cluster_KLargerThanRows_Exit2()
    {
        string input = _cli.Write("three.csv", "x\n1\n2\n3\n");

        CliResult result = _cli.Run("cluster", "--input", input, "--algorithm", "hierarchical", "--k", "4", "--output", _cli.PathOf("labels.csv"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("HierarchicalOptions.K is 4, but the data has only 3 rows", result.Error, StringComparison.Ordinal);
    }
}
