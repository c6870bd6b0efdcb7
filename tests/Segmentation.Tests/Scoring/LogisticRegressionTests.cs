using System.Text.Json;
using Segmentation.Data;
using Segmentation.Scoring;
using Segmentation.Scoring.Evaluation;
using Segmentation.Scoring.Logistic;

namespace Segmentation.Tests.Scoring;

public class LogisticRegressionTests
{
    public static TheoryData<int> Fits => [0, 1, 2, 3];

    [Theory]
    [MemberData(nameof(Fits))]
    public void Fit_SmallTable_CoefficientsMatchScikitLearnTo1e4(int index)
    {
        JsonElement reference = ScoringFixtures.Json("logistic_reference.json");
        JsonElement fit = reference.GetProperty("fits")[index];
        var options = new LogisticRegressionOptions
        {
            C = fit.GetProperty("c").GetDouble(),
            BalanceClasses = fit.GetProperty("class_weight").GetString() == "balanced",
        };

        LogisticRegressionScorer model = new LogisticRegressionTrainer(options).Fit(ScoringFixtures.Small());

        Assert.Equal(reference.GetProperty("features").EnumerateArray().Select(e => e.GetString()!), model.RequiredFeatures);
        Assert.Equal(fit.GetProperty("intercept").GetDouble(), model.Intercept, 1e-4);
        double[] expected = ScoringFixtures.Doubles(fit.GetProperty("coefficients"));
        for (int j = 0; j < expected.Length; j++)
        {
            Assert.Equal(expected[j], model.Coefficients[j], 1e-4);
        }

        double[] probabilities = model.PredictProbabilities(ScoringFixtures.Small().Features);
        double[] expectedProbabilities = ScoringFixtures.Doubles(fit.GetProperty("probabilities"));
        for (int i = 0; i < probabilities.Length; i++)
        {
            Assert.Equal(expectedProbabilities[i], probabilities[i], 1e-5);
        }
    }

    [Fact]
    public void Fit_MlcChurn70_30_AucAndCoefficientsMatchScikitLearn()
    {
        JsonElement reference = ScoringFixtures.Json("mlc_reference.json");
        (CsvTable train, CsvTable test) = ScoringFixtures.MlcSplit();
        LogisticRegressionScorer model = new LogisticRegressionTrainer().Fit(TrainingTable.FromCsv(train, "churn", "yes", "customer_id"));

        (_, bool[] outcome) = BinaryOutcome.Read(test, "churn", "yes");
        double[] scores = model.PredictProbabilities(ScoringTables.Encode(model, test, "customer_id"));
        double auc = ScoreEvaluation.Compute(outcome, scores).RocAuc;

        Assert.Equal(reference.GetProperty("logistic_auc").GetDouble(), auc, 0.005);
        double[] expected = ScoringFixtures.Doubles(reference.GetProperty("coefficients"));
        Assert.Equal(reference.GetProperty("intercept").GetDouble(), model.Intercept, 1e-4);
        for (int j = 0; j < expected.Length; j++)
        {
            Assert.Equal(expected[j], model.Coefficients[j], 1e-4);
        }
    }

    [Fact]
    public void Score_Drivers_AreCoefficientTimesStandardisedValueSortedAndSumToLogOdds()
    {
        LogisticRegressionScorer model = new LogisticRegressionTrainer().Fit(ScoringFixtures.Small());
        FeatureMatrix features = ScoringFixtures.Small().Features;

        RiskScore first = model.Score(features)[0];

        double logit = Math.Log(first.Value / (1 - first.Value));
        Assert.Equal(logit, model.Intercept + first.Drivers.Sum(d => d.Contribution), 10);
        Assert.Equal(first.Drivers.OrderByDescending(d => Math.Abs(d.Contribution)).Select(d => d.Feature), first.Drivers.Select(d => d.Feature));
        int usage = features.Schema.IndexOf("usage");
        var step = model.Preprocessing.Columns[usage];
        double expected = model.Coefficients[usage] * ((features[0, usage] - step.Center) / step.Scale);
        Assert.Equal(expected, first.Drivers.Single(d => d.Feature == "usage").Contribution, 12);
        Assert.Equal(model.RequiredFeatures.Count, model.GlobalImportance.Count);
    }

    [Fact]
    public void SaveLoad_RoundTrip_ScoresNewTableIdentically()
    {
        LogisticRegressionScorer model = new LogisticRegressionTrainer().Fit(ScoringFixtures.Small(), "expansion");
        string path = Path.Combine(Path.GetTempPath(), $"logistic-{Guid.NewGuid():N}.json");
        try
        {
            model.Save(path);
            var loaded = (LogisticRegressionScorer)ModelFiles.Load(path);

            CsvTable table = ScoringFixtures.SmallTable();
            Assert.Equal("expansion", loaded.Name);
            Assert.Equal(model.Coefficients, loaded.Coefficients);
            Assert.Equal(
                ScoringTables.Score(model, table, "customer_id").Select(s => s.Value),
                ScoringTables.Score(loaded, table, "customer_id").Select(s => s.Value));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Score_MissingValue_UsesStoredTrainingMedian()
    {
        LogisticRegressionScorer model = new LogisticRegressionTrainer().Fit(ScoringFixtures.Small());
        double median = model.Preprocessing.Columns[0].FillValue;
        string[] names = [.. model.RequiredFeatures];
        FeatureMatrix missing = FeatureMatrix.FromRows([[double.NaN, 2, 1, 0, 0, 1]], names);
        FeatureMatrix filled = FeatureMatrix.FromRows([[median, 2, 1, 0, 0, 1]], names);

        Assert.Equal(model.Score(filled)[0].Value, model.Score(missing)[0].Value);
    }

    [Fact]
    public void Encode_MissingAndExtraColumns_NamesBoth()
    {
        LogisticRegressionScorer model = new LogisticRegressionTrainer().Fit(ScoringFixtures.Small());
        CsvTable table = CsvTable.Read(new StringReader("customer_id,usage,plan,has_sso,seats\nc1,3,pro,yes,4\n"), "new.csv");

        var error = Assert.Throws<DataFormatException>(() => ScoringTables.Encode(model, table, "customer_id"));

        Assert.Contains("missing: tickets", error.Message, StringComparison.Ordinal);
        Assert.Contains("not in training: seats", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_FeatureMatrixWithoutARequiredFeature_NamesIt()
    {
        LogisticRegressionScorer model = new LogisticRegressionTrainer().Fit(ScoringFixtures.Small());
        FeatureMatrix partial = FeatureMatrix.FromRows([[1.0]], ["usage"]);

        var error = Assert.Throws<ArgumentException>(() => model.Score(partial));

        Assert.Contains("tickets", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_UnseenLevel_GivesNoLevelAndScores()
    {
        LogisticRegressionScorer model = new LogisticRegressionTrainer().Fit(ScoringFixtures.Small());
        CsvTable table = CsvTable.Read(new StringReader("customer_id,usage,tickets,plan,has_sso,churned\nc1,50,2,platinum,no,\n"), "new.csv");

        FeatureMatrix encoded = ScoringTables.Encode(model, table, "customer_id");

        Assert.Equal([0.0, 0, 0], [encoded[0, 2], encoded[0, 3], encoded[0, 4]]);
        Assert.InRange(model.Score(encoded)[0].Value, 0, 1);
    }

    [Fact]
    public void Options_OutOfRange_ThrowNamingTheOption()
    {
        var error = Assert.Throws<ArgumentException>(() => new LogisticRegressionTrainer(new LogisticRegressionOptions { C = 0 }));
        Assert.Contains("LogisticRegressionOptions.C must be between", error.Message, StringComparison.Ordinal);
    }
}
