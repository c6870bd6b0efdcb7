using System.Globalization;
using System.Text;

namespace Segmentation.Scoring.Evaluation;

/// <summary>How well scores rank and calibrate against outcomes on held-out customers.</summary>
/// <remarks>
/// One type with its parts as properties (issue #22): the confusion counts at <see cref="Threshold"/> and the
/// calibration table are members here rather than types of their own.
/// </remarks>
public sealed record ScoreEvaluation
{
    internal ScoreEvaluation(
        int rows,
        int positives,
        double rocAuc,
        double prAuc,
        double brier,
        double logLoss,
        double topDecileCapture,
        ConfusionMatrix confusion,
        IReadOnlyList<CalibrationBin> calibration)
    {
        Rows = rows;
        Positives = positives;
        RocAuc = rocAuc;
        PrAuc = prAuc;
        Brier = brier;
        LogLoss = logLoss;
        TopDecileCapture = topDecileCapture;
        Confusion = confusion;
        Calibration = [.. calibration.Select(b => (b.Bin, b.Count, b.MeanPredicted, b.ObservedRate))];
    }

    /// <summary>The customers evaluated.</summary>
    public int Rows { get; }

    /// <summary>How many had the outcome.</summary>
    public int Positives { get; }

    /// <summary>The area under the ROC curve.</summary>
    public double RocAuc { get; }

    /// <summary>The area under the precision-recall curve (average precision).</summary>
    public double PrAuc { get; }

    /// <summary>The Brier score.</summary>
    public double Brier { get; }

    /// <summary>The log loss.</summary>
    public double LogLoss { get; }

    /// <summary>The share of positives among the top 10% by score.</summary>
    public double TopDecileCapture { get; }

    /// <summary>The score threshold of the confusion counts: a customer is predicted positive when its score is at least this.</summary>
    public double Threshold => Confusion.Threshold;

    /// <summary>Positives predicted positive (at <see cref="Threshold"/>).</summary>
    public int TruePositives => Confusion.TruePositives;

    /// <summary>Negatives predicted positive (at <see cref="Threshold"/>).</summary>
    public int FalsePositives => Confusion.FalsePositives;

    /// <summary>Negatives predicted negative (at <see cref="Threshold"/>).</summary>
    public int TrueNegatives => Confusion.TrueNegatives;

    /// <summary>Positives predicted negative (at <see cref="Threshold"/>).</summary>
    public int FalseNegatives => Confusion.FalseNegatives;

    /// <summary>TP / (TP + FP) at <see cref="Threshold"/>, or 0 when nothing is predicted positive.</summary>
    public double Precision => Confusion.Precision;

    /// <summary>TP / (TP + FN) at <see cref="Threshold"/>: the share of positives caught.</summary>
    public double Recall => Confusion.Recall;

    /// <summary>
    /// The calibration table over quantile bins of the score: the bin (1 = lowest scores), the customers in it, their
    /// mean predicted probability and the share of positives.
    /// </summary>
    public IReadOnlyList<(int Bin, int Count, double MeanPredicted, double ObservedRate)> Calibration { get; }

    internal ConfusionMatrix Confusion { get; }

    /// <summary>Computes every metric of <paramref name="probability"/> against <paramref name="outcome"/>.</summary>
    /// <exception cref="ArgumentException">Lengths differ, or one class is absent.</exception>
    public static ScoreEvaluation Compute(IReadOnlyList<bool> outcome, IReadOnlyList<double> probability, double threshold = 0.5)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return OfValues([.. outcome.Select(v => v ? 1.0 : 0.0)], probability, threshold);
    }

    /// <summary><see cref="Compute"/> on outcomes already converted to 1 and 0 (as <see cref="TrainingTable.OutcomeValues"/>).</summary>
    internal static ScoreEvaluation OfValues(IReadOnlyList<double> outcome, IReadOnlyList<double> probability, double threshold = 0.5)
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
        foreach ((int Bin, int Count, double MeanPredicted, double ObservedRate) bin in Calibration)
        {
            text.AppendLine(c, $"  {bin.Bin,2} {bin.Count,6} {bin.MeanPredicted:0.0000} {bin.ObservedRate:0.0000}");
        }

        return text.ToString();
    }
}
