using Segmentation.Migration;
using Segmentation.Options;
using Segmentation.Pipeline;
using Segmentation.Profiling;

namespace Segmentation.Migration;

/// <summary>Alert rules that follow from a run's own segments, for hosts and the CLI that configure none.</summary>
internal static class DefaultAlertRules
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
    /// <param name="outcome">The outcome per customer (<see langword="null"/> where not known), in the order of <see cref="SegmentationRun.Assignments"/>; <see langword="null"/> gives no rule.</param>
    /// <param name="valueFeature">The value feature; <see langword="null"/> for <c>arr</c> when present. Without a value, every customer entering counts.</param>
    /// <param name="valueQuantile">The quantile of the value above which a customer is high value.</param>
    /// <param name="riskRatio">How many times the overall outcome rate makes a segment at risk.</param>
    /// <exception cref="ArgumentException"><paramref name="outcome"/> does not have one value per customer.</exception>
    public static IEnumerable<IAlertRule> HighValueIntoAtRisk(SegmentationRun run, IReadOnlyList<bool?>? outcome, string? valueFeature = null, double valueQuantile = 0.8, double riskRatio = 1.5)
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

        return Rule(run, Rated(run, outcome), valueFeature, valueQuantile, riskRatio, null);
    }

    /// <summary>
    /// The rule of a configuration's <c>alerts</c> section (<see cref="AlertOptions"/>): a customer worth at least
    /// <see cref="AlertOptions.HighValueThreshold"/> (else the <see cref="AlertOptions.HighValueQuantile"/> quantile of the
    /// value) entered one of <see cref="AlertOptions.AtRiskSegments"/> (else a segment whose outcome rate is at least
    /// <see cref="AlertOptions.RiskRatio"/> times the overall rate).
    /// </summary>
    /// <param name="run">The run.</param>
    /// <param name="outcome">The outcome per customer (<see langword="null"/> where not known), used only when no at-risk segments are named; <see langword="null"/> then gives no rule.</param>
    /// <param name="valueFeature">The value feature; <see langword="null"/> for <c>arr</c> when present.</param>
    /// <param name="options">The alert settings.</param>
    /// <exception cref="ArgumentException"><paramref name="outcome"/> does not have one value per customer, or an option is out of range (the message names it).</exception>
    public static IEnumerable<IAlertRule> HighValueIntoAtRisk(SegmentationRun run, IReadOnlyList<bool?>? outcome, string? valueFeature, AlertOptions options)
    {
        ArgumentNullException.ThrowIfNull(run);
        OptionsValidation.ThrowIfInvalid(options, nameof(options));
        if (options.AtRiskSegments.Count > 0)
        {
            // Named segments need no outcome; names are matched to the run's segments regardless of case.
            string[] named = [.. options.AtRiskSegments.Select(n => n.Trim())
                .Select(n => run.Assignments.Select(a => a.Segment).FirstOrDefault(s => string.Equals(s, n, StringComparison.OrdinalIgnoreCase)) ?? n)
                .Distinct(StringComparer.Ordinal)];
            return [new SegmentEntryAlertRule(HighValueIntoAtRiskName, named, minValue: options.HighValueThreshold ?? MinValue(run, valueFeature, options.HighValueQuantile))];
        }

        if (outcome is null)
        {
            return [];
        }

        if (outcome.Count != run.Assignments.Count)
        {
            throw new ArgumentException($"The outcome has {outcome.Count} values for {run.Assignments.Count} customers; give one per customer.", nameof(outcome));
        }

        return Rule(run, Rated(run, outcome), valueFeature, options.HighValueQuantile, options.RiskRatio, options.HighValueThreshold);
    }

    /// <summary>
    /// Each final segment's outcome rate and number of customers with a known outcome, segments in order of first
    /// appearance; each rate summed in row order (as grouping and averaging did, without a group list per segment).
    /// </summary>
    private static (string Name, double Rate, int Size)[] Rated(SegmentationRun run, IReadOnlyList<bool?> outcome)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = new List<string>();
        var sums = new List<double>();
        var sizes = new List<int>();
        for (int i = 0; i < run.Assignments.Count; i++)
        {
            if (outcome[i] is not bool happened)
            {
                continue;
            }

            double known = happened ? 1 : 0;
            string segment = run.Assignments[i].Segment;
            if (index.TryGetValue(segment, out int s))
            {
                sums[s] += known;
                sizes[s]++;
            }
            else
            {
                index[segment] = names.Count;
                names.Add(segment);
                sums.Add(known);
                sizes.Add(1);
            }
        }

        return [.. names.Select((name, s) => (name, sums[s] / sizes[s], sizes[s]))];
    }

    private static IAlertRule[] Rule(SegmentationRun run, (string Name, double Rate, int Size)[] rated, string? valueFeature, double valueQuantile, double riskRatio, double? threshold = null)
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

        return [new SegmentEntryAlertRule(HighValueIntoAtRiskName, atRisk, minValue: threshold ?? MinValue(run, valueFeature, valueQuantile))];
    }

    /// <summary>The <paramref name="quantile"/> quantile of the value feature; 0 without one.</summary>
    private static double MinValue(SegmentationRun run, string? valueFeature, double quantile)
    {
        int column = run.RawFeatures.Schema.IndexOf(valueFeature ?? TrackedSegmentation.DefaultValueFeature);
        if (column < 0)
        {
            return 0;
        }

        // By selection, not a sort: the same value as the quantile of the sorted values (Statistics.Quantile).
        double[] values = run.RawFeatures.Column(column);
        int present = 0;
        foreach (double v in values)
        {
            if (!double.IsNaN(v))
            {
                values[present++] = v;
            }
        }

        return present == 0 ? 0 : Statistics.Quantile(values.AsSpan(0, present), quantile);
    }
}

/// <summary>
/// The "high-value customer moved into an at-risk segment" alert of a run (the configuration's <c>alerts</c> section;
/// see <see cref="DefaultAlertRules.HighValueIntoAtRisk(SegmentationRun, IReadOnlyList{bool?}, string, AlertOptions)"/>).
/// </summary>
internal sealed class AlertOptions : IValidatableOptions
{
    /// <summary>The value (ARR) from which a customer is high value.</summary>
    /// <value>The default value is <see langword="null"/>: the <see cref="HighValueQuantile"/> of the value feature.</value>
    public double? HighValueThreshold { get; set; }

    /// <summary>The quantile of the value above which a customer is high value, when no threshold is given.</summary>
    /// <value>The default value is 0.8.</value>
    public double HighValueQuantile { get; set; } = 0.8;

    /// <summary>The segments that count as at risk.</summary>
    /// <value>The default value is empty: segments whose outcome rate is at least <see cref="RiskRatio"/> times the overall rate.</value>
    public IList<string> AtRiskSegments { get; } = new List<string>();

    /// <summary>How many times the overall outcome rate makes a segment at risk, when no segments are named.</summary>
    /// <value>The default value is 1.5.</value>
    public double RiskRatio { get; set; } = 1.5;

    IEnumerable<string> IValidatableOptions.GetValidationErrors()
    {
        if (HighValueThreshold is double threshold && !(double.IsFinite(threshold) && threshold >= 0))
        {
            yield return FormattableString.Invariant($"AlertOptions.HighValueThreshold must be a value (ARR) of at least 0, but was {threshold}.");
        }

        yield return OptionsValidation.Range("AlertOptions.HighValueQuantile", HighValueQuantile, 0, 1);
        yield return OptionsValidation.Range("AlertOptions.RiskRatio", RiskRatio, 1, 100);
    }
}
