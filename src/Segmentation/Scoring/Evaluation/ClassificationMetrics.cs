namespace Segmentation.Scoring.Evaluation;

/// <summary>One row of a calibration table: customers whose predicted probability falls in one quantile bin.</summary>
/// <param name="Bin">The bin number, 1 = lowest scores.</param>
/// <param name="Count">The customers in the bin.</param>
/// <param name="MeanPredicted">The mean predicted probability.</param>
/// <param name="ObservedRate">The share of positives.</param>
internal sealed record CalibrationBin(int Bin, int Count, double MeanPredicted, double ObservedRate);

/// <summary>Counts of a confusion matrix; a customer is predicted positive when its score is at least <see cref="Threshold"/>.</summary>
/// <param name="Threshold">The score threshold.</param>
/// <param name="TruePositives">Positives predicted positive.</param>
/// <param name="FalsePositives">Negatives predicted positive.</param>
/// <param name="TrueNegatives">Negatives predicted negative.</param>
/// <param name="FalseNegatives">Positives predicted negative.</param>
internal sealed record ConfusionMatrix(double Threshold, int TruePositives, int FalsePositives, int TrueNegatives, int FalseNegatives)
{
    /// <summary>TP / (TP + FP), or 0 when nothing is predicted positive.</summary>
    public double Precision => TruePositives + FalsePositives == 0 ? 0 : (double)TruePositives / (TruePositives + FalsePositives);

    /// <summary>TP / (TP + FN): the share of positives caught.</summary>
    public double Recall => TruePositives + FalseNegatives == 0 ? 0 : (double)TruePositives / (TruePositives + FalseNegatives);
}

/// <summary>
/// Metrics of a probability score against 0/1 outcomes, defined as scikit-learn 1.2 defines them
/// (<c>roc_auc_score</c>, <c>average_precision_score</c>, <c>brier_score_loss</c>, <c>log_loss</c>,
/// <c>calibration_curve(strategy="quantile")</c>, <c>confusion_matrix</c>).
/// </summary>
internal static class ClassificationMetrics
{
    /// <summary>The area under the ROC curve; tied scores count one half (the trapezoid between distinct thresholds).</summary>
    /// <exception cref="ArgumentException">Lengths differ, an outcome is not 0/1, a score is NaN, or one class is absent.</exception>
    public static double RocAuc(IReadOnlyList<double> outcome, IReadOnlyList<double> score)
    {
        (int[] order, int positives, int negatives) = Prepare(outcome, score);
        double area = 0, tp = 0, fp = 0, prevTp = 0, prevFp = 0;
        for (int k = 0; k < order.Length; k++)
        {
            if (outcome[order[k]] == 1)
            {
                tp++;
            }
            else
            {
                fp++;
            }

            if (k == order.Length - 1 || score[order[k + 1]] != score[order[k]])
            {
                area += (fp - prevFp) * (tp + prevTp) / 2;
                prevTp = tp;
                prevFp = fp;
            }
        }

        return area / ((double)positives * negatives);
    }

    /// <summary>Average precision: Σ (Rₖ − Rₖ₋₁) Pₖ over distinct thresholds, highest first (no interpolation).</summary>
    /// <exception cref="ArgumentException">As <see cref="RocAuc"/>.</exception>
    public static double AveragePrecision(IReadOnlyList<double> outcome, IReadOnlyList<double> score)
    {
        (int[] order, int positives, _) = Prepare(outcome, score);
        double sum = 0, tp = 0, previousRecall = 0;
        for (int k = 0; k < order.Length; k++)
        {
            tp += outcome[order[k]];
            if (k == order.Length - 1 || score[order[k + 1]] != score[order[k]])
            {
                double recall = tp / positives;
                sum += (recall - previousRecall) * (tp / (k + 1));
                previousRecall = recall;
            }
        }

        return sum;
    }

    /// <summary>The mean squared difference between probability and outcome.</summary>
    public static double BrierScore(IReadOnlyList<double> outcome, IReadOnlyList<double> probability)
    {
        Check(outcome, probability, requireBothClasses: false);
        return Enumerable.Range(0, outcome.Count).Sum(i => (probability[i] - outcome[i]) * (probability[i] - outcome[i])) / outcome.Count;
    }

    /// <summary>The mean negative log-likelihood; probabilities are clipped to [ε, 1 − ε] with ε the double machine epsilon, as scikit-learn 1.2 does.</summary>
    public static double LogLoss(IReadOnlyList<double> outcome, IReadOnlyList<double> probability)
    {
        Check(outcome, probability, requireBothClasses: false);
        double eps = Math.Pow(2, -52);
        double total = 0;
        for (int i = 0; i < outcome.Count; i++)
        {
            double p = Math.Clamp(probability[i], eps, 1 - eps);
            total -= outcome[i] == 1 ? Math.Log(p) : Math.Log(1 - p);
        }

        return total / outcome.Count;
    }

    /// <summary>
    /// The calibration table over quantile bins of the predicted probability (deciles by default), as
    /// scikit-learn's <c>calibration_curve(strategy="quantile")</c>: edges at the linear-interpolated quantiles,
    /// a value on an inner edge goes to the bin below (numpy searchsorted, side left); empty bins are left out.
    /// </summary>
    public static IReadOnlyList<CalibrationBin> Calibration(IReadOnlyList<double> outcome, IReadOnlyList<double> probability, int bins = 10)
    {
        Check(outcome, probability, requireBothClasses: false);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        double[] sorted = [.. probability.Order()];
        double[] inner = [.. Enumerable.Range(1, bins - 1).Select(b => Statistics.SortedQuantile(sorted, (double)b / bins))];
        var count = new int[bins];
        var sumPredicted = new double[bins];
        var sumObserved = new double[bins];
        for (int i = 0; i < outcome.Count; i++)
        {
            int bin = inner.Count(edge => edge < probability[i]);
            count[bin]++;
            sumPredicted[bin] += probability[i];
            sumObserved[bin] += outcome[i];
        }

        return [.. Enumerable.Range(0, bins).Where(b => count[b] > 0)
            .Select(b => new CalibrationBin(b + 1, count[b], sumPredicted[b] / count[b], sumObserved[b] / count[b]))];
    }

    /// <summary>The confusion matrix when customers scoring at least <paramref name="threshold"/> are predicted positive.</summary>
    public static ConfusionMatrix Confusion(IReadOnlyList<double> outcome, IReadOnlyList<double> score, double threshold = 0.5)
    {
        Check(outcome, score, requireBothClasses: false);
        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < outcome.Count; i++)
        {
            bool predicted = score[i] >= threshold;
            if (outcome[i] == 1)
            {
                _ = predicted ? tp++ : fn++;
            }
            else
            {
                _ = predicted ? fp++ : tn++;
            }
        }

        return new ConfusionMatrix(threshold, tp, fp, tn, fn);
    }

    /// <summary>
    /// The share of all positives found among the top <paramref name="fraction"/> of customers by score (ceil(n·fraction)
    /// customers; among tied scores, earlier rows first). With 10% of customers, random ordering catches 10%.
    /// </summary>
    public static double TopFractionCapture(IReadOnlyList<double> outcome, IReadOnlyList<double> score, double fraction = 0.1)
    {
        (int[] order, int positives, _) = Prepare(outcome, score);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(fraction, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fraction, 1);
        int top = (int)Math.Ceiling(order.Length * fraction);
        return order.Take(top).Sum(i => outcome[i]) / positives;
    }

    /// <summary>Row indices by score, highest first (stable), and the class counts.</summary>
    private static (int[] Order, int Positives, int Negatives) Prepare(IReadOnlyList<double> outcome, IReadOnlyList<double> score)
    {
        Check(outcome, score, requireBothClasses: true);
        int[] order = [.. Enumerable.Range(0, score.Count).OrderByDescending(i => score[i])];
        int positives = (int)outcome.Sum();
        return (order, positives, outcome.Count - positives);
    }

    private static void Check(IReadOnlyList<double> outcome, IReadOnlyList<double> score, bool requireBothClasses)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(score);
        if (outcome.Count != score.Count || outcome.Count == 0)
        {
            throw new ArgumentException($"There are {outcome.Count} outcomes and {score.Count} scores; give one score per outcome (at least one).", nameof(score));
        }

        for (int i = 0; i < outcome.Count; i++)
        {
            if (outcome[i] is not 0.0 and not 1.0)
            {
                throw new ArgumentException($"Outcome {i} is {outcome[i]}; outcomes must be 0 or 1.", nameof(outcome));
            }

            if (double.IsNaN(score[i]))
            {
                throw new ArgumentException($"Score {i} is NaN; every customer needs a score.", nameof(score));
            }
        }

        double positives = outcome.Sum();
        if (requireBothClasses && (positives == 0 || positives == outcome.Count))
        {
            throw new ArgumentException("The metric needs both positive and negative outcomes, but only one class is present.", nameof(outcome));
        }
    }
}
