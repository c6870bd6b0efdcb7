using Segmentation.Migration;
using Segmentation.Profiling;

namespace Segmentation.Pipeline;

/// <summary>Alert rules that follow from a run's own segments, for hosts and the CLI that configure none.</summary>
public static class DefaultAlertRules
{
    /// <summary>The name of the rule built by <see cref="HighValueIntoAtRisk(SegmentationRun, string?, double, double)"/>.</summary>
    public const string HighValueIntoAtRiskName = "high-value-into-at-risk";

    /// <summary>
    /// "A high-value customer entered an at-risk segment": at-risk segments are those whose outcome rate (for example
    /// churn) is at least <paramref name="riskRatio"/> times the overall rate; high value is at least the
    /// <paramref name="valueQuantile"/> quantile of the value feature. No rule when the run has no outcome.
    /// </summary>
    /// <remarks>
    /// Only cluster segments are rated (from their profiles); use the overload with the outcome so that segments set by
    /// an overriding rule dimension (for example "Churn risk") are rated too. New customers never raise this alert.
    /// </remarks>
    /// <param name="run">The run.</param>
    /// <param name="valueFeature">The value feature; <see langword="null"/> for <c>arr</c> when present. Without a value, every customer entering counts.</param>
    /// <param name="valueQuantile">The quantile of the value above which a customer is high value.</param>
    /// <param name="riskRatio">How many times the overall outcome rate makes a segment at risk.</param>
    public static IEnumerable<IAlertRule> HighValueIntoAtRisk(SegmentationRun run, string? valueFeature = null, double valueQuantile = 0.8, double riskRatio = 1.5)
    {
        ArgumentNullException.ThrowIfNull(run);
        SegmentProfile[] known = [.. run.Segments.Where(s => s.OutcomeRate is double rate && !double.IsNaN(rate))];
        return Rule(run, [.. known.Select(s => (s.Name, s.OutcomeRate!.Value, s.Size))], valueFeature, valueQuantile, riskRatio);
    }

    /// <summary>
    /// As <see cref="HighValueIntoAtRisk(SegmentationRun, string?, double, double)"/>, rating every final segment
    /// (cluster segments and those set by an overriding rule dimension, such as "Churn risk") by the outcome of its
    /// customers, so that a customer moving into an overriding rule segment is a move like any other.
    /// </summary>
    /// <param name="run">The run.</param>
    /// <param name="outcome">The 1/0/NaN outcome per customer, in the order of <see cref="SegmentationRun.Assignments"/>; <see langword="null"/> gives no rule.</param>
    /// <param name="valueFeature">The value feature; <see langword="null"/> for <c>arr</c> when present. Without a value, every customer entering counts.</param>
    /// <param name="valueQuantile">The quantile of the value above which a customer is high value.</param>
    /// <param name="riskRatio">How many times the overall outcome rate makes a segment at risk.</param>
    /// <exception cref="ArgumentException"><paramref name="outcome"/> does not have one value per customer.</exception>
    public static IEnumerable<IAlertRule> HighValueIntoAtRisk(SegmentationRun run, IReadOnlyList<double>? outcome, string? valueFeature = null, double valueQuantile = 0.8, double riskRatio = 1.5)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (outcome is null)
        {
            return [];
        }

        if (outcome.Count != run.Assignments.Count)
        {
            throw new ArgumentException($"The outcome has {outcome.Count} values for {run.Assignments.Count} customers; give one per customer.", nameof(outcome));
        }

        (string Name, double Rate, int Size)[] rated = [.. run.Assignments
            .Select((a, i) => (a.Segment, Outcome: outcome[i]))
            .Where(x => !double.IsNaN(x.Outcome))
            .GroupBy(x => x.Segment, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Average(x => x.Outcome), g.Count()))];
        return Rule(run, rated, valueFeature, valueQuantile, riskRatio);
    }

    private static IAlertRule[] Rule(SegmentationRun run, (string Name, double Rate, int Size)[] rated, string? valueFeature, double valueQuantile, double riskRatio)
    {
        if (rated.Length == 0)
        {
            return [];
        }

        double overall = rated.Sum(s => s.Rate * s.Size) / rated.Sum(s => s.Size);
        string[] atRisk = [.. rated.Where(s => s.Rate >= riskRatio * overall && overall > 0).Select(s => s.Name)];
        if (atRisk.Length == 0)
        {
            return [];
        }

        int column = run.RawFeatures.Schema.IndexOf(valueFeature ?? TrackedSegmentation.DefaultValueFeature);
        double[] values = column < 0 ? [] : [.. run.RawFeatures.Column(column).Where(v => !double.IsNaN(v)).Order()];
        double minValue = values.Length == 0 ? 0 : Statistics.SortedQuantile(values, valueQuantile);
        return [new SegmentEntryAlertRule(HighValueIntoAtRiskName, atRisk, minValue: minValue)];
    }
}
