using Segmentation.Migration;
using Segmentation.Profiling;

namespace Segmentation.Pipeline;

/// <summary>Alert rules that follow from a run's own segments, for hosts and the CLI that configure none.</summary>
public static class DefaultAlertRules
{
    /// <summary>The name of the rule built by <see cref="HighValueIntoAtRisk"/>.</summary>
    public const string HighValueIntoAtRiskName = "high-value-into-at-risk";

    /// <summary>
    /// "A high-value customer entered an at-risk segment": at-risk segments are those whose outcome rate (for example
    /// churn) is at least <paramref name="riskRatio"/> times the overall rate; high value is at least the
    /// <paramref name="valueQuantile"/> quantile of the value feature. No rule when the run has no outcome.
    /// </summary>
    public static IEnumerable<IAlertRule> HighValueIntoAtRisk(SegmentationRun run, string valueFeature = "arr", double valueQuantile = 0.8, double riskRatio = 1.5)
    {
        ArgumentNullException.ThrowIfNull(run);
        SegmentProfile[] known = [.. run.Segments.Where(s => s.OutcomeRate is double rate && !double.IsNaN(rate))];
        if (known.Length == 0)
        {
            yield break;
        }

        double overall = known.Sum(s => s.OutcomeRate!.Value * s.Size) / known.Sum(s => s.Size);
        string[] atRisk = [.. known.Where(s => s.OutcomeRate >= riskRatio * overall && overall > 0).Select(s => s.Name)];
        if (atRisk.Length == 0)
        {
            yield break;
        }

        int column = run.RawFeatures.Schema.IndexOf(valueFeature);
        double[] values = column < 0 ? [] : [.. run.RawFeatures.Column(column).Where(v => !double.IsNaN(v)).Order()];
        double minValue = values.Length == 0 ? 0 : Statistics.SortedQuantile(values, valueQuantile);
        yield return new SegmentEntryAlertRule(HighValueIntoAtRiskName, atRisk, minValue: minValue);
    }
}
