using System.Text.Json;
using Segmentation.Scoring.Evaluation;

namespace Segmentation.Tests.Scoring;

public class ClassificationMetricsTests
{
    public static TheoryData<int> Cases => [0, 1, 2];

    private static (double[] Y, double[] Score, JsonElement Case) Load(int index)
    {
        JsonElement c = ScoringFixtures.Json("metrics.json")[index];
        return (ScoringFixtures.Doubles(c.GetProperty("outcome")), ScoringFixtures.Doubles(c.GetProperty("score")), c);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Metrics_TiedScores_MatchScikitLearn(int index)
    {
        (double[] y, double[] score, JsonElement c) = Load(index);

        Assert.Equal(c.GetProperty("roc_auc").GetDouble(), ClassificationMetrics.RocAuc(y, score), 12);
        Assert.Equal(c.GetProperty("average_precision").GetDouble(), ClassificationMetrics.AveragePrecision(y, score), 12);
        Assert.Equal(c.GetProperty("brier").GetDouble(), ClassificationMetrics.BrierScore(y, score), 12);
        Assert.Equal(c.GetProperty("log_loss").GetDouble(), ClassificationMetrics.LogLoss(y, score), 10);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Calibration_QuantileBins_MatchScikitLearnCalibrationCurve(int index)
    {
        (double[] y, double[] score, JsonElement c) = Load(index);

        IReadOnlyList<CalibrationBin> bins = ClassificationMetrics.Calibration(y, score);

        double[] observed = ScoringFixtures.Doubles(c.GetProperty("calibration_observed"));
        double[] predicted = ScoringFixtures.Doubles(c.GetProperty("calibration_predicted"));
        Assert.Equal(observed.Length, bins.Count);
        for (int b = 0; b < bins.Count; b++)
        {
            Assert.Equal(observed[b], bins[b].ObservedRate, 12);
            Assert.Equal(predicted[b], bins[b].MeanPredicted, 12);
        }

        Assert.Equal(y.Length, bins.Sum(b => b.Count));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Confusion_AtHalf_MatchesScikitLearn(int index)
    {
        (double[] y, double[] score, JsonElement c) = Load(index);
        JsonElement expected = c.GetProperty("confusion");

        ConfusionMatrix matrix = ClassificationMetrics.Confusion(y, score, 0.5);

        Assert.Equal(expected.GetProperty("tp").GetInt32(), matrix.TruePositives);
        Assert.Equal(expected.GetProperty("fp").GetInt32(), matrix.FalsePositives);
        Assert.Equal(expected.GetProperty("tn").GetInt32(), matrix.TrueNegatives);
        Assert.Equal(expected.GetProperty("fn").GetInt32(), matrix.FalseNegatives);
    }

    [Fact]
    public void RocAuc_AllScoresTied_IsOneHalf()
    {
        Assert.Equal(0.5, ClassificationMetrics.RocAuc([1, 0, 1, 0], [0.3, 0.3, 0.3, 0.3]));
    }

    [Fact]
    public void TopFractionCapture_TwoOfFourPositivesInTopDecile_IsOneHalf()
    {
        // 20 customers: the top 10% are rows 0 and 1 (scores 0.99, 0.98); both churned, of 4 churners in all.
        double[] score = [.. Enumerable.Range(0, 20).Select(i => 0.99 - (i * 0.01))];
        double[] y = new double[20];
        y[0] = y[1] = y[10] = y[19] = 1;

        Assert.Equal(0.5, ClassificationMetrics.TopFractionCapture(y, score, 0.1));
    }

    [Fact]
    public void RocAuc_OneClass_ThrowsNamingTheProblem()
    {
        var error = Assert.Throws<ArgumentException>(() => ClassificationMetrics.RocAuc([1, 1], [0.2, 0.3]));
        Assert.Contains("only one class", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LogLoss_CertainAndWrong_IsClippedNotInfinite()
    {
        double loss = ClassificationMetrics.LogLoss([1], [0.0]);
        Assert.Equal(-Math.Log(Math.Pow(2, -52)), loss, 10);
    }
}
