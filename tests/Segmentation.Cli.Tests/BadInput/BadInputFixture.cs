using System.Globalization;
using System.Text;

namespace Segmentation.Cli.Tests.BadInput;

/// <summary>
/// The good files every bad-input case starts from (each case then spoils one thing), written into a fresh
/// <see cref="CliRunner"/> directory. Trained models are made once per test run and copied.
/// </summary>
internal static class BadInputFixture
{
    private static readonly Lazy<(string Logistic, string GbmManifest, byte[] GbmZip)> Models = new(TrainModels, isThreadSafe: true);

    /// <summary>Whether the tests run as root, where file permissions do not stop reading or writing.</summary>
    public static bool RunningAsRoot => Environment.UserName == "root" || (OperatingSystem.IsLinux() && File.Exists("/proc/self/status")
        && File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal))?.Split('\t', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1) == "0");

    /// <summary>Two well-separated blobs with an id column: id,x,y.</summary>
    public static string Points()
    {
        var csv = new StringBuilder("id,x,y\n");
        for (int i = 0; i < 30; i++)
        {
            double offset = i % 2 == 0 ? 0 : 10;
            csv.Append(CultureInfo.InvariantCulture, $"p{i},{offset + (i % 5 * 0.1)},{offset + (i % 7 * 0.1)}\n");
        }

        return csv.ToString();
    }

    /// <summary>Customers for rules, score and run: id,arr,seats,usage,plan,churned.</summary>
    public static string Customers()
    {
        var csv = new StringBuilder("id,arr,seats,usage,plan,churned\n");
        string[] plans = ["Starter", "Growth", "Enterprise"];
        for (int i = 0; i < 60; i++)
        {
            bool churned = i % 3 == 0;
            csv.Append(CultureInfo.InvariantCulture, $"c{i},{1000 * (1 + (i % 7))},{1 + (i % 5)},{(churned ? 5 : 50) + (i % 11)},{plans[i % 3]},{(churned ? "yes" : "no")}\n");
        }

        return csv.ToString();
    }

    public const string Rules = """
        { "dimensions": [ { "name": "tier", "rules": [
            { "segment": "Large", "when": "arr >= 4000" },
            { "segment": "Small", "when": "arr < 4000" } ] } ] }
        """;

    /// <summary>Writes every good file into the runner's directory.</summary>
    public static void WriteGoodFiles(CliRunner cli)
    {
        cli.Write("points.csv", Points());
        cli.Write("customers.csv", Customers());
        cli.Write("rules.json", Rules);
        cli.Write("labels.csv", "label\n" + string.Concat(Enumerable.Range(0, 30).Select(i => i % 2 == 0 ? "0\n" : "1\n")));
        cli.Write("previous.csv", "id,segment,arr\na,Gold,100\nb,Silver,50\nc,Gold,10\n");
        cli.Write("current.csv", "id,segment,arr\na,Silver,100\nb,Silver,50\nd,Gold,10\n");
        (string logistic, string gbmManifest, byte[] gbmZip) = Models.Value;
        cli.Write("model.json", logistic);
        cli.Write("gbm.json", gbmManifest);
        File.WriteAllBytes(cli.PathOf("gbm.zip"), gbmZip);
    }

    private static (string, string, byte[]) TrainModels()
    {
        using var cli = new CliRunner();
        string input = cli.Write("customers.csv", Customers());
        foreach ((string type, string model) in new[] { ("logistic", "model.json"), ("gbm", "gbm.json") })
        {
            CliResult result = cli.Run("score", "train", "--input", input, "--target", "churned", "--id-column", "id", "--model-type", type, "--model", cli.PathOf(model));
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"The fixture's {type} model did not train: {result.Error}");
            }
        }

        return (File.ReadAllText(cli.PathOf("model.json")), File.ReadAllText(cli.PathOf("gbm.json")), File.ReadAllBytes(cli.PathOf("gbm.zip")));
    }
}
