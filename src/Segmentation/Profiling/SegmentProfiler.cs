namespace Segmentation.Profiling;

/// <summary>Describes each segment in original units and gives it a descriptive, unique name.</summary>
public static class SegmentProfiler
{
    /// <summary>Profiles the segments given by <paramref name="labels"/>.</summary>
    /// <param name="raw">Features in original units (NaN = missing); missing values are left out of each statistic.</param>
    /// <param name="labels">Per row: a segment in [0, <paramref name="segmentCount"/>) or -1 for noise (profiled as "Outliers").</param>
    /// <param name="segmentCount">The number of segments.</param>
    /// <param name="outcome">Optional per-row outcome (1 = positive such as churned, 0 = not, NaN = unknown); its mean per segment is reported.</param>
    /// <returns>One profile per segment in id order; the noise group, when present, comes last.</returns>
    /// <exception cref="ArgumentException">Labels or outcome do not match the rows, or a label is out of range.</exception>
    public static IReadOnlyList<SegmentProfile> Profile(FeatureMatrix raw, IReadOnlyList<int> labels, int segmentCount, IReadOnlyList<double>? outcome = null)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count != raw.RowCount)
        {
            throw new ArgumentException($"{labels.Count} labels were given for {raw.RowCount} rows.", nameof(labels));
        }

        if (outcome is not null && outcome.Count != raw.RowCount)
        {
            throw new ArgumentException($"{outcome.Count} outcomes were given for {raw.RowCount} rows.", nameof(outcome));
        }

        var members = new List<int>[segmentCount + 1]; // the last list holds noise
        for (int s = 0; s < members.Length; s++)
        {
            members[s] = [];
        }

        for (int i = 0; i < labels.Count; i++)
        {
            int label = labels[i];
            if (label < -1 || label >= segmentCount)
            {
                throw new ArgumentException($"Label {label} of row {i} is outside [-1, {segmentCount}).", nameof(labels));
            }

            members[label < 0 ? segmentCount : label].Add(i);
        }

        var population = new (double Mean, double Std)[raw.ColumnCount];
        for (int j = 0; j < raw.ColumnCount; j++)
        {
            double[] present = [.. raw.Column(j).Where(v => !double.IsNaN(v))];
            double mean = present.Length == 0 ? double.NaN : present.Average();
            double std = present.Length == 0 ? 0 : Math.Sqrt(present.Sum(v => (v - mean) * (v - mean)) / present.Length);
            population[j] = (mean, std);
        }

        int groups = members[segmentCount].Count > 0 ? segmentCount + 1 : segmentCount;
        var summaries = new FeatureSummary[groups][];
        for (int s = 0; s < groups; s++)
        {
            summaries[s] = new FeatureSummary[raw.ColumnCount];
            for (int j = 0; j < raw.ColumnCount; j++)
            {
                double[] values = [.. members[s].Select(i => raw[i, j]).Where(v => !double.IsNaN(v))];
                Array.Sort(values);
                double mean = values.Length == 0 ? double.NaN : values.Average();
                double deviation = population[j].Std > 0 && values.Length > 0 ? (mean - population[j].Mean) / population[j].Std : 0;
                summaries[s][j] = new FeatureSummary(raw.Schema[j].Name, mean, Statistics.SortedQuantile(values, 0.5), deviation);
            }
        }

        string[] names = SegmentNamer.Name([.. summaries.Take(segmentCount)
            .Select(s => (IReadOnlyList<(FeatureColumn, double)>)[.. s.Select((f, j) => (raw.Schema[j], f.Deviation))])]);

        var profiles = new SegmentProfile[groups];
        for (int s = 0; s < groups; s++)
        {
            bool noise = s == segmentCount;
            double? rate = null;
            if (outcome is not null)
            {
                double[] known = [.. members[s].Select(i => outcome[i]).Where(v => !double.IsNaN(v))];
                rate = known.Length == 0 ? double.NaN : known.Average();
            }

            profiles[s] = new SegmentProfile(
                noise ? -1 : s,
                noise ? "Outliers" : names[s],
                members[s].Count,
                raw.RowCount == 0 ? 0 : (double)members[s].Count / raw.RowCount,
                summaries[s],
                rate);
        }

        return profiles;
    }
}
