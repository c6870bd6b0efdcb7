using System.Text.Json;
using Segmentation.Data;
using Segmentation.Scoring;
using Segmentation.Scoring.Evaluation;

namespace Segmentation.MLNet.Tests;

public class GradientBoostedScorerTests
{
    private static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    private static TrainingTable Small() => TrainingTable.FromCsv(CsvTable.Load(PathOf("logistic_small.csv")), "churned", idColumn: "customer_id");

    private static GradientBoostedScorer FitSmall() =>
        new GradientBoostedTrainer(new GradientBoostedOptions { Trees = 20, Leaves = 4, MinRowsPerLeaf = 5 }).Fit(Small());

    private static (CsvTable Train, CsvTable Test) MlcSplit()
    {
        var testIds = new HashSet<string>(File.ReadAllLines(PathOf("mlc_churn_test_ids.txt")).Where(l => l.Length > 0), StringComparer.Ordinal);
        string[] lines = File.ReadAllLines(PathOf("mlc_churn.csv"));
        bool IsTest(string line) => testIds.Contains(line[1..line.IndexOf('"', 1)]);
        string Join(IEnumerable<string> rows) => string.Join('\n', rows.Prepend(lines[0]));
        return (
            CsvTable.Read(new StringReader(Join(lines.Skip(1).Where(l => !IsTest(l)))), "mlc_train"),
            CsvTable.Read(new StringReader(Join(lines.Skip(1).Where(IsTest))), "mlc_test"));
    }

    [Fact]
    public void Fit_MlcChurn70_30_AucWithin001OfHistGradientBoosting()
    {
        double reference = JsonDocument.Parse(File.ReadAllText(PathOf("mlc_reference.json"))).RootElement.GetProperty("hgb_auc").GetDouble();
        (CsvTable train, CsvTable test) = MlcSplit();

        GradientBoostedScorer model = new GradientBoostedTrainer().Fit(TrainingTable.FromCsv(train, "churn", "yes", "customer_id"));
        IReadOnlyList<bool> outcome = TrainingTable.FromCsv(test, "churn", "yes", "customer_id").Outcome;
        double auc = ScoreEvaluation.Compute(outcome, model.PredictProbabilities(Scorers.Encode(model, test, "customer_id"))).RocAuc;

        Assert.True(auc >= reference - 0.01, $"AUC {auc:0.0000} is more than 0.01 below scikit-learn's {reference:0.0000}.");
    }

    [Fact]
    public void Score_Drivers_AreSortedAndCoverEveryFeature()
    {
        GradientBoostedScorer model = FitSmall();

        IReadOnlyList<RiskScore> scores = model.Score(Small().Features);

        Assert.All(scores, s => Assert.InRange(s.Value, 0, 1));
        Assert.Equal(model.RequiredFeatures.Order(), scores[0].Drivers.Select(d => d.Feature).Order());
        Assert.Equal(scores[0].Drivers.OrderByDescending(d => Math.Abs(d.Contribution)).Select(d => d.Feature), scores[0].Drivers.Select(d => d.Feature));
        Assert.Contains(scores[0].Drivers, d => d.Contribution != 0);
        Assert.Equal(model.RequiredFeatures.Count, model.GlobalImportance.Count);
    }

    [Fact]
    public void Score_HigherRiskRows_HaveLargerPositiveDriverSums()
    {
        // Path contributions add up to the raw margin (minus the base value), so ranking by their sum ranks like the score.
        GradientBoostedScorer model = FitSmall();
        IReadOnlyList<RiskScore> scores = model.Score(Small().Features);

        RiskScore highest = scores.MaxBy(s => s.Value)!;
        RiskScore lowest = scores.MinBy(s => s.Value)!;

        Assert.True(highest.Drivers.Sum(d => d.Contribution) > lowest.Drivers.Sum(d => d.Contribution));
    }

    [Fact]
    public void SaveLoad_ManifestAndZip_ScoreIdentically()
    {
        GradientBoostedScorer model = FitSmall();
        string directory = Directory.CreateTempSubdirectory("gbm-").FullName;
        try
        {
            string path = Path.Combine(directory, "churn.json");
            model.Save(path);
            GradientBoostedScorer loaded = GradientBoostedScorer.Load(path);

            Assert.True(File.Exists(Path.Combine(directory, "churn.zip")));
            Assert.Equal("gbm", Scorers.ReadModelType(path));
            FeatureMatrix features = Small().Features;
            Assert.Equal(model.PredictProbabilities(features), loaded.PredictProbabilities(features));
            Assert.Equal(model.Score(features)[3].Drivers, loaded.Score(features)[3].Drivers);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Fit_SameSeed_SameProbabilities()
    {
        Assert.Equal(FitSmall().PredictProbabilities(Small().Features), FitSmall().PredictProbabilities(Small().Features));
    }

    [Fact]
    public void Load_ZipMissing_SaysToKeepItBesideTheManifest()
    {
        string directory = Directory.CreateTempSubdirectory("gbm-").FullName;
        try
        {
            string path = Path.Combine(directory, "churn.json");
            FitSmall().Save(path);
            File.Delete(Path.Combine(directory, "churn.zip"));

            var error = Assert.Throws<FileNotFoundException>(() => GradientBoostedScorer.Load(path));
            Assert.Contains("beside its manifest", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Options_OutOfRange_ThrowNamingTheOption()
    {
        var error = Assert.Throws<ArgumentException>(() => new GradientBoostedTrainer(new GradientBoostedOptions { Leaves = 1 }));
        Assert.Contains("GradientBoostedOptions.Leaves must be between 2 and 1000", error.Message, StringComparison.Ordinal);
    }
}
