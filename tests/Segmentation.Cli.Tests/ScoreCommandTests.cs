using System.Globalization;
using System.Text;

namespace Segmentation.Cli.Tests;

public sealed class ScoreCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    /// <summary>200 customers: churn is likelier with many support calls and without the pro plan.</summary>
    private string WriteHistory(string name = "history.csv", int rows = 200)
    {
        var random = new Random(3);
        var csv = new StringBuilder("id,number_customer_service_calls,usage,plan,churned\n");
        for (int i = 0; i < rows; i++)
        {
            int calls = random.Next(0, 8);
            double usage = Math.Round(20 + (random.NextDouble() * 60), 1);
            string plan = (i % 3) switch { 0 => "basic", 1 => "pro", _ => "team" };
            double logit = -2 + (0.7 * calls) - (0.03 * (usage - 50)) - (plan == "pro" ? 1 : 0);
            bool churned = random.NextDouble() < 1 / (1 + Math.Exp(-logit));
            csv.Append(CultureInfo.InvariantCulture, $"c{i},{calls},{usage},{plan},{(churned ? "yes" : "no")}\n");
        }

        return _cli.Write(name, csv.ToString());
    }

    [Fact]
    public void TrainThenApply_Logistic_PrintsHoldoutAndWritesScoresInInputOrder()
    {
        string history = WriteHistory();
        CliResult train = _cli.Run("score", "train", "--input", history, "--target", "churned", "--id-column", "id", "--model", _cli.PathOf("model.json"));

        Assert.Equal(0, train.ExitCode);
        Assert.Contains("roc_auc", train.Out, StringComparison.Ordinal);
        Assert.Contains("top_decile_capture", train.Out, StringComparison.Ordinal);
        Assert.Contains("calibration", train.Out, StringComparison.Ordinal);

        string customers = _cli.Write("customers.csv", "id,number_customer_service_calls,usage,plan\nz9,7,20,basic\na1,0,80,pro\nm5,,50,team\n");
        CliResult apply = _cli.Run("score", "apply", "--model", _cli.PathOf("model.json"), "--input", customers, "--id-column", "id", "--output", _cli.PathOf("scores.csv"));

        Assert.Equal(0, apply.ExitCode);
        string[] lines = File.ReadAllLines(_cli.PathOf("scores.csv"));
        Assert.Equal("id,score", lines[0]);
        Assert.Equal(["z9", "a1", "m5"], lines.Skip(1).Select(l => l.Split(',')[0]));
        double[] scores = [.. lines.Skip(1).Select(l => double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture))];
        Assert.True(scores[0] > scores[1], "many calls on the basic plan should score above few calls on pro");
        Assert.All(scores, s => Assert.InRange(s, 0, 1));
    }

    [Fact]
    public void Apply_Explain_WritesThreeSignedDrivers()
    {
        string history = WriteHistory();
        Assert.Equal(0, _cli.Run("score", "train", "--input", history, "--target", "churned", "--positive", "yes", "--id-column", "id", "--model", _cli.PathOf("m.json")).ExitCode);

        CliResult apply = _cli.Run("score", "apply", "--model", _cli.PathOf("m.json"), "--input", history, "--id-column", "id", "--explain", "--output", _cli.PathOf("s.csv"));

        Assert.Equal(0, apply.ExitCode);
        string[] lines = File.ReadAllLines(_cli.PathOf("s.csv"));
        Assert.Equal("id,score,driver_1,driver_2,driver_3", lines[0]);
        Assert.Equal(201, lines.Length);
        string[] first = lines[1].Split(',');
        Assert.All(first[2..], d => Assert.Matches(@"^[a-z_=]+ \([+-]\d+\.\d\d\)$", d));
    }

    [Fact]
    public void TrainThenApply_Gbm_WritesManifestZipAndScores()
    {
        string history = WriteHistory();
        CliResult train = _cli.Run("score", "train", "--input", history, "--target", "churned", "--model-type", "gbm", "--id-column", "id", "--model", _cli.PathOf("gbm.json"));

        Assert.Equal(0, train.ExitCode);
        Assert.True(File.Exists(_cli.PathOf("gbm.zip")));
        CliResult apply = _cli.Run("score", "apply", "--model", _cli.PathOf("gbm.json"), "--input", history, "--id-column", "id", "--explain", "--output", _cli.PathOf("s.csv"));
        Assert.Equal(0, apply.ExitCode);
        Assert.Equal(201, File.ReadAllLines(_cli.PathOf("s.csv")).Length);
    }

    [Fact]
    public void Train_TargetWithThreeValues_ExitsThreeListingThem()
    {
        string history = _cli.Write("h.csv", "id,x,status\na,1,active\nb,2,churned\nc,3,paused\nd,4,active\n");

        CliResult result = _cli.RunProcess("score", "train", "--input", history, "--target", "status", "--model", "m.json");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("'active', 'churned', 'paused'", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_PositiveThatDoesNotOccur_ExitsTwoNamingTheValues()
    {
        CliResult result = _cli.Run("score", "train", "--input", WriteHistory(), "--target", "churned", "--positive", "lost", "--model", _cli.PathOf("m.json"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--positive 'lost' does not occur", result.Error, StringComparison.Ordinal);
        Assert.Contains("'no' and 'yes'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_OneClass_ExitsThree()
    {
        string history = _cli.Write("h.csv", "id,x,churned\na,1,no\nb,2,no\n");

        CliResult result = _cli.Run("score", "train", "--input", history, "--target", "churned", "--model", _cli.PathOf("m.json"));

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("one value only ('no')", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_MissingAndExtraColumns_ExitsThreeNamingThem()
    {
        Assert.Equal(0, _cli.Run("score", "train", "--input", WriteHistory(), "--target", "churned", "--id-column", "id", "--model", _cli.PathOf("m.json")).ExitCode);
        string customers = _cli.Write("c.csv", "id,usage,plan,seats\na,3,pro,5\n");

        CliResult result = _cli.Run("score", "apply", "--model", _cli.PathOf("m.json"), "--input", customers, "--id-column", "id", "--output", _cli.PathOf("s.csv"));

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("missing: number_customer_service_calls", result.Error, StringComparison.Ordinal);
        Assert.Contains("not in training: seats", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_LogisticOptionWithGbm_ExitsTwo()
    {
        CliResult result = _cli.Run("score", "train", "--input", WriteHistory(), "--target", "churned", "--model-type", "gbm", "--c", "0.5", "--model", _cli.PathOf("m.json"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--c applies to --model-type logistic", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_ModelFileMissing_ExitsThree()
    {
        CliResult result = _cli.Run("score", "apply", "--model", _cli.PathOf("nope.json"), "--input", WriteHistory(), "--output", _cli.PathOf("s.csv"));

        Assert.Equal(3, result.ExitCode);
    }

    [Fact]
    public void Train_DateColumn_EvaluatesOnTheLatestRows()
    {
        var csv = new StringBuilder("id,signup,calls,churned\n");
        for (int i = 0; i < 40; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"c{i},{new DateOnly(2024, 1, 1).AddDays(i):yyyy-MM-dd},{i % 7},{(i % 7 > 3 || i % 5 == 0 ? "yes" : "no")}\n");
        }

        CliResult result = _cli.Run("score", "train", "--input", _cli.Write("h.csv", csv.ToString()), "--target", "churned", "--id-column", "id", "--date-column", "signup", "--model", _cli.PathOf("m.json"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("the latest rows by signup", result.Out, StringComparison.Ordinal);
        Assert.Contains("rows 12,", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void FormatDriver_SignedTwoDecimals()
    {
        Assert.Equal("number_customer_service_calls (+0.84)", Commands.ScoreCommand.FormatDriver(new ScoreDriver("number_customer_service_calls", 0.8412)));
        Assert.Equal("usage (-1.20)", Commands.ScoreCommand.FormatDriver(new ScoreDriver("usage", -1.2)));
    }
}
