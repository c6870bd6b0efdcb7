using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Segmentation.Cli.Tests;

public sealed class DbscanCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    /// <summary>Two tight blobs of 100 around (0,0) and (10,10) and two far outliers (rows 200 and 201).</summary>
    private string WriteBlobsWithOutliers()
    {
        var random = new Random(3);
        var csv = new StringBuilder("x,y\n");
        for (int i = 0; i < 200; i++)
        {
            double centre = i % 2 == 0 ? 0 : 10;
            csv.Append(FormattableString.Invariant($"{centre + random.NextDouble()},{centre + random.NextDouble()}\n"));
        }

        csv.Append("40,-30\n-35,45\n");
        return _cli.Write("blobs.csv", csv.ToString());
    }

    [Fact]
    public void Cluster_Dbscan_FindsTwoClustersAndTwoNoisePoints()
    {
        string input = WriteBlobsWithOutliers();
        CliResult result = _cli.Run("cluster", "--input", input, "--algorithm", "dbscan", "--eps", "0.3", "--min-points", "5",
            "--output", _cli.PathOf("labels.csv"), "--metrics", _cli.PathOf("metrics.json"), "--centers", _cli.PathOf("centers.csv"));

        Assert.Equal(0, result.ExitCode);
        int[] labels = [.. File.ReadAllLines(_cli.PathOf("labels.csv")).Skip(1).Select(l => int.Parse(l, CultureInfo.InvariantCulture))];
        Assert.Equal([-1, -1], labels[200..]);
        Assert.Equal(0, labels[0]);
        Assert.Equal(1, labels[1]);
        Assert.True(labels[..200].Select((l, i) => l == i % 2).All(ok => ok));

        using JsonDocument metrics = JsonDocument.Parse(File.ReadAllText(_cli.PathOf("metrics.json")));
        JsonElement root = metrics.RootElement;
        Assert.Equal("dbscan", root.GetProperty("algorithm").GetString());
        Assert.Equal(2, root.GetProperty("clusters").GetInt32());
        Assert.Equal(2, root.GetProperty("noise").GetInt32());
        Assert.Equal(0.3, root.GetProperty("eps").GetDouble());
        Assert.Equal(5, root.GetProperty("min_points").GetDouble());
        Assert.True(root.GetProperty("core_points").GetDouble() > 150);
        Assert.Equal(3, File.ReadAllLines(_cli.PathOf("centers.csv")).Length);
    }

    [Theory]
    [InlineData("--eps", "0")]
    [InlineData("--eps", "-1")]
    [InlineData("--eps", "abc")]
    [InlineData("--min-points", "0")]
    [InlineData("--min-points", "2.5")]
    [InlineData("--k", "3")]
    public void Cluster_DbscanBadOption_Exit2WithOneSentence(string option, string value)
    {
        string input = WriteBlobsWithOutliers();
        CliResult result = _cli.Run("cluster", "--input", input, "--algorithm", "dbscan", "--output", _cli.PathOf("labels.csv"), option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
        Assert.Contains(option, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Cluster_KMeansWithEps_Exit2SayingItAppliesToDbscan()
    {
        string input = WriteBlobsWithOutliers();
        CliResult result = _cli.Run("cluster", "--input", input, "--output", _cli.PathOf("labels.csv"), "--eps", "0.5");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--eps applies to --algorithm dbscan", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void SuggestEps_Blobs_PrintsEpsThatSeparatesTheBlobsAndWritesTheCurve()
    {
        string input = WriteBlobsWithOutliers();
        CliResult result = _cli.Run("suggest-eps", "--input", input, "--min-points", "5", "--output", _cli.PathOf("curve.csv"));

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Suggested eps: ", result.Out, StringComparison.Ordinal);
        double eps = double.Parse(result.Out["Suggested eps: ".Length..].Split(' ')[0], CultureInfo.InvariantCulture);
        Assert.InRange(eps, 0.01, 1.0);
        string[] curve = File.ReadAllLines(_cli.PathOf("curve.csv"));
        Assert.Equal("rank,k_distance", curve[0]);
        Assert.Equal(203, curve.Length);

        CliResult cluster = _cli.Run("cluster", "--input", input, "--algorithm", "dbscan", "--eps", eps.ToString("R", CultureInfo.InvariantCulture),
            "--min-points", "5", "--output", _cli.PathOf("labels.csv"), "--metrics", _cli.PathOf("metrics.json"));
        Assert.Equal(0, cluster.ExitCode);
        using JsonDocument metrics = JsonDocument.Parse(File.ReadAllText(_cli.PathOf("metrics.json")));
        Assert.Equal(2, metrics.RootElement.GetProperty("clusters").GetInt32());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("many")]
    public void SuggestEps_BadMinPoints_Exit2(string value)
    {
        string input = WriteBlobsWithOutliers();
        CliResult result = _cli.Run("suggest-eps", "--input", input, "--min-points", value);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--min-points", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void SuggestEps_MissingMinPoints_Exit2()
    {
        string input = WriteBlobsWithOutliers();
        Assert.Equal(2, _cli.Run("suggest-eps", "--input", input).ExitCode);
    }

    [Fact]
    public void SuggestEps_MissingFile_Exit3()
    {
        CliResult result = _cli.RunProcess("suggest-eps", "--input", _cli.PathOf("absent.csv"), "--min-points", "5");
        Assert.Equal(3, result.ExitCode);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }
}
