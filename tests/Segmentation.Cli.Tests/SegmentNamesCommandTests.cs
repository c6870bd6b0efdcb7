using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Segmentation.Cli.Tests;

/// <summary><c>segment run --k auto</c> says when the data has no clear segment structure, where a CSM will see it.</summary>
public sealed class SegmentNamesCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Run_AutoKOnShapelessData_WarnsRightAboveTheSegmentTableAndInSegmentsJson()
    {
        string input = _cli.Write("customers.csv", Customers(new Random(5), 300, _ => 0));
        string outDir = _cli.PathOf("out");

        CliResult result = _cli.Run("run", "--input", input, "--id-column", "id", "--out", outDir, "--store", _cli.PathOf("s.db"));

        Assert.Equal(0, result.ExitCode);
        int recommended = result.Out.IndexOf("Recommended:", StringComparison.Ordinal);
        int warning = result.Out.IndexOf("WARNING: NO CLEAR SEGMENT STRUCTURE", StringComparison.Ordinal);
        int table = result.Out.IndexOf("Segment ", warning + 1, StringComparison.Ordinal);
        Assert.True(recommended >= 0 && warning > recommended && table > warning, result.Out);
        Assert.Contains("was stable on resampled data", result.Out, StringComparison.Ordinal);

        using JsonDocument segments = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "segments.json")));
        JsonElement structure = segments.RootElement.GetProperty("structure");
        Assert.False(structure.GetProperty("clear").GetBoolean());
        Assert.Contains("bar of 0.75", structure.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("**Warning: no clear segment structure.**", File.ReadAllText(Path.Combine(outDir, "report.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_AutoKOnSeparatedGroups_SaysTheStructureIsClearWithoutAWarning()
    {
        string input = _cli.Write("customers.csv", Customers(new Random(6), 240, i => (i % 3) * 12.0));
        string outDir = _cli.PathOf("out");

        CliResult result = _cli.Run("run", "--input", input, "--id-column", "id", "--out", outDir, "--store", _cli.PathOf("s.db"));

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("WARNING", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Warning", File.ReadAllText(Path.Combine(outDir, "report.md")), StringComparison.Ordinal);
        using JsonDocument segments = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "segments.json")));
        Assert.True(segments.RootElement.GetProperty("structure").GetProperty("clear").GetBoolean());
    }

    [Fact]
    public void Run_FixedK_WritesNoStructureField()
    {
        string input = _cli.Write("customers.csv", Customers(new Random(6), 60, i => (i % 2) * 12.0));
        string outDir = _cli.PathOf("out");

        CliResult result = _cli.Run("run", "--input", input, "--id-column", "id", "--k", "2", "--out", outDir, "--store", _cli.PathOf("s.db"));

        Assert.Equal(0, result.ExitCode);
        using JsonDocument segments = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "segments.json")));
        Assert.False(segments.RootElement.TryGetProperty("structure", out _));
    }

    /// <summary>Six normal features per customer around a centre that <paramref name="centre"/> gives by row.</summary>
    private static string Customers(Random random, int rows, Func<int, double> centre)
    {
        var text = new StringBuilder("id,a,b,c,d,e,f\n");
        for (int i = 0; i < rows; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"c{i}");
            for (int j = 0; j < 6; j++)
            {
                double normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                text.Append(CultureInfo.InvariantCulture, $",{centre(i) + normal:0.####}");
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
