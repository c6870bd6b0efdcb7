using System.Globalization;
using System.Text;

namespace Segmentation.Scoring.Evaluation;

/// <summary>How well scores rank and calibrate against outcomes on held-out customers.</summary>
/// <param name="Rows">The customers evaluated.</param>
/// <param name="Positives">How many had the outcome.</param>
/// <param name="RocAuc">The area under the ROC curve.</param>
/// <param name="PrAuc">The area under the precision-recall curve (average precision).</param>
/// <param name="Brier">The Brier score.</param>
/// <param name="LogLoss">The log loss.</param>
/// <param name="TopDecileCapture">The share of positives among the top 10% by score.</param>
/// <param name="Confusion">The confusion matrix at the threshold.</param>
/// <param name="Calibration">The calibration table over deciles of the score.</param>
public sealed record ScoreEvaluation(
    int Rows,
    int Positives,
    double RocAuc,
    double PrAuc,
    double Brier,
    double LogLoss,
    double TopDecileCapture,
    ConfusionMatrix Confusion,
    IReadOnlyList<CalibrationBin> Calibration)
{
    /// <summary>Computes every metric of <paramref name="probability"/> against <paramref name="outcome"/>.</summary>
    /// <exception cref="ArgumentException">Lengths differ, or one class is absent.</exception>
    public static ScoreEvaluation Compute(IReadOnlyList<double> outcome, IReadOnlyList<double> probability, double threshold = 0.5)
    {
        return new ScoreEvaluation(
            outcome.Count,
            (int)outcome.Sum(),
            ClassificationMetrics.RocAuc(outcome, probability),
            ClassificationMetrics.AveragePrecision(outcome, probability),
            ClassificationMetrics.BrierScore(outcome, probability),
            ClassificationMetrics.LogLoss(outcome, probability),
            ClassificationMetrics.TopFractionCapture(outcome, probability, 0.1),
            ClassificationMetrics.Confusion(outcome, probability, threshold),
            ClassificationMetrics.Calibration(outcome, probability));
    }

    /// <summary>A plain-text report (metrics, confusion, calibration), as the CLI prints it.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        IFormatProvider c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"rows {Rows}, positives {Positives} ({(double)Positives / Rows:P1})");
        text.AppendLine(c, $"roc_auc {RocAuc:0.0000}");
        text.AppendLine(c, $"pr_auc {PrAuc:0.0000}");
        text.AppendLine(c, $"brier {Brier:0.0000}");
        text.AppendLine(c, $"log_loss {LogLoss:0.0000}");
        text.AppendLine(c, $"top_decile_capture {TopDecileCapture:0.0000}");
        text.AppendLine(c, $"confusion at {Confusion.Threshold:0.###}: tp {Confusion.TruePositives}, fp {Confusion.FalsePositives}, tn {Confusion.TrueNegatives}, fn {Confusion.FalseNegatives} (precision {Confusion.Precision:0.000}, recall {Confusion.Recall:0.000})");
        text.AppendLine("calibration (bin, rows, mean predicted, observed rate):");
        foreach (CalibrationBin bin in Calibration)
        {
            text.AppendLine(c, $"  {bin.Bin,2} {bin.Count,6} {bin.MeanPredicted:0.0000} {bin.ObservedRate:0.0000}");
        }

        return text.ToString();
    }
}
