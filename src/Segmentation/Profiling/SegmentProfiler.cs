using Segmentation.Options;

namespace Segmentation.Profiling;

/// <summary>Describes each segment in original units and gives it a descriptive, unique name.</summary>
internal static class SegmentProfiler
{
    /// <summary>The features read out of the matrix together: four adjacent doubles, half a cache line.</summary>
    private const int GroupSize = 4;

    /// <summary>Profiles the segments given by <paramref name="labels"/>.</summary>
    /// <param name="raw">Features in original units (NaN = missing); missing values are left out of each statistic.</param>
    /// <param name="labels">Per row: a segment in [0, <paramref name="segmentCount"/>) or -1 for noise (profiled as "Outliers").</param>
    /// <param name="segmentCount">The number of segments.</param>
    /// <param name="outcome">Optional per-row outcome (true = positive such as churned, false = not, null = unknown); its rate per segment is reported.</param>
    /// <param name="options">The value feature and the user's names; defaults when null.</param>
    /// <returns>One profile per segment in id order; the noise group, when present, comes last.</returns>
    /// <exception cref="ArgumentException">Labels or outcome do not match the rows, a label is out of range, or the value feature is not a column.</exception>
    public static IReadOnlyList<SegmentProfile> Profile(FeatureMatrix raw, IReadOnlyList<int> labels, int segmentCount, IReadOnlyList<bool?>? outcome = null, SegmentProfilingOptions? options = null)
    {
        options ??= new SegmentProfilingOptions();
        OptionsValidation.ThrowIfInvalid(options, nameof(options));
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

        // Rows by segment, in row order (counting sort); the last group holds noise.
        var counts = new int[segmentCount + 2];
        for (int i = 0; i < labels.Count; i++)
        {
            int label = labels[i];
            if (label < -1 || label >= segmentCount)
            {
                throw new ArgumentException($"Label {label} of row {i} is outside [-1, {segmentCount}).", nameof(labels));
            }

            counts[(label < 0 ? segmentCount : label) + 1]++;
        }

        var members = new int[segmentCount + 1][];
        for (int s = 0; s < members.Length; s++)
        {
            members[s] = new int[counts[s + 1]];
            counts[s + 1] = 0;
        }

        for (int i = 0; i < labels.Count; i++)
        {
            int s = labels[i] < 0 ? segmentCount : labels[i];
            members[s][counts[s + 1]++] = i;
        }

        int groups = members[segmentCount].Length > 0 ? segmentCount + 1 : segmentCount;
        int d = raw.ColumnCount;
        int valueColumn = ValueColumn(raw.Schema, options);
        var summaries = new FeatureSummary[groups][];
        var means = new double[segmentCount][];
        var phrases = new string?[segmentCount][];
        for (int s = 0; s < groups; s++)
        {
            summaries[s] = new FeatureSummary[d];
        }

        for (int s = 0; s < segmentCount; s++)
        {
            means[s] = new double[d];
            phrases[s] = new string?[d];
        }

        var naming = new NamingPopulation[d];
        double[] valueCuts = [];

        // Each feature on its own (two groups at a time): its population, then each segment's statistics, mean and claim.
        // Every sum runs in row order whatever the thread, so results do not depend on the scheduling. A worker reads a
        // group of adjacent features out of the matrix in one pass (one feature per pass read every cache line of the
        // matrix for one value), then does them one by one; medians and quantiles come from selection in reused buffers
        // (no sort, no array per segment).
        int largest = members.Max(m => m.Length);

        // A worker takes a set of buffers for all the groups it does and hands it back for the next worker; the sets are
        // dropped with the call. Rented from the shared pool, these full-length arrays stayed alive (pooled) to the end
        // of the process.
        var spare = new System.Collections.Concurrent.ConcurrentBag<ProfileBuffers>();
        int groupCount = (d + GroupSize - 1) / GroupSize;
        Parallel.For(0, groupCount, new ParallelOptions { MaxDegreeOfParallelism = Math.Min(2, Environment.ProcessorCount) }, () => spare.TryTake(out ProfileBuffers? free) ? free : new ProfileBuffers(raw.RowCount, largest), (group, _, buffers) =>
        {
            int first = group * GroupSize;
            int width = Math.Min(GroupSize, d - first);
            double[] all = raw.ValuesArray;
            for (int i = 0, at = first; i < raw.RowCount; i++, at += d)
            {
                for (int g = 0; g < width; g++)
                {
                    buffers.Columns[g][i] = all[at + g];
                }
            }

            for (int g = 0; g < width; g++)
            {
                ProfileFeature(first + g, buffers.Columns[g], buffers);
            }

            return buffers;
        }, spare.Add);

        void ProfileFeature(int j, double[] column, ProfileBuffers buffers)
        {
            double[] populationBuffer = buffers.Population;
            double[] segmentBuffer = buffers.Segment;

            Span<double> present = populationBuffer.AsSpan(0, Present(column, raw.RowCount, null, populationBuffer));
            double mean = present.Length == 0 ? double.NaN : Statistics.Sum(present) / present.Length;
            naming[j] = SegmentNamer.Population(present);
            double std = naming[j].Std;
            if (j == valueColumn)
            {
                valueCuts = present.Length == 0 ? [] : [Statistics.Quantile(present, 0.5), Statistics.Quantile(present, 0.8)];
            }

            for (int s = 0; s < groups; s++)
            {
                Span<double> values = segmentBuffer.AsSpan(0, Present(column, raw.RowCount, members[s], segmentBuffer));
                double segmentMean = values.Length == 0 ? double.NaN : Statistics.Sum(values) / values.Length;
                if (s < segmentCount)
                {
                    (means[s][j], phrases[s][j]) = SegmentNamer.ClaimFor(raw.Schema[j], naming[j], values);
                }

                double deviation = std > 0 && values.Length > 0 ? (segmentMean - mean) / std : 0;
                summaries[s][j] = new FeatureSummary(raw.Schema[j].Name, segmentMean, Statistics.Quantile(values, 0.5), deviation);
            }
        }

        string[] names = SegmentNamer.Name(raw, [.. members.Take(segmentCount).Select(m => m.Length)], means, phrases, naming);
        string[] signatures = [.. summaries.Select(Signature)];
        ApplyOverrides(names, signatures, options);

        var profiles = new SegmentProfile[groups];
        for (int s = 0; s < groups; s++)
        {
            bool noise = s == segmentCount;
            double? rate = null;
            if (outcome is not null)
            {
                int known = 0, positives = 0;
                foreach (int i in members[s])
                {
                    if (outcome[i] is bool happened)
                    {
                        known++;
                        positives += happened ? 1 : 0;
                    }
                }

                rate = known == 0 ? double.NaN : (double)positives / known;
            }

            profiles[s] = new SegmentProfile(
                noise ? -1 : s,
                noise ? "Outliers" : names[s],
                members[s].Length,
                raw.RowCount == 0 ? 0 : (double)members[s].Length / raw.RowCount,
                summaries[s],
                rate)
            {
                Signature = signatures[s],
                ValueFeature = valueColumn < 0 ? null : raw.Schema[valueColumn].Name,
                AverageValue = valueColumn < 0 ? null : summaries[s][valueColumn].Mean,
                Engagement = valueColumn < 0 ? null : Engagement(summaries[s][valueColumn].Median, valueCuts),
            };
        }

        return profiles;
    }

    /// <summary>Up to three strongest deviations (at least the naming bar) as +name / -name, strongest first.</summary>
    private static string Signature(FeatureSummary[] features) => string.Join('|', features
        .Where(f => Math.Abs(f.Deviation) >= SegmentNamer.MinimumDeviation)
        .OrderByDescending(f => Math.Round(Math.Abs(f.Deviation), 6))
        .ThenBy(f => f.Feature, StringComparer.Ordinal)
        .Take(3)
        .Select(f => (f.Deviation > 0 ? "+" : "-") + f.Feature));

    private static void ApplyOverrides(string[] names, string[] signatures, SegmentProfilingOptions options)
    {
        if (options.NameOverrides.Count == 0)
        {
            return;
        }

        for (int s = 0; s < names.Length; s++)
        {
            if ((signatures[s].Length > 0 && options.NameOverrides.TryGetValue(signatures[s], out string? name))
                || options.NameOverrides.TryGetValue(s.ToString(System.Globalization.CultureInfo.InvariantCulture), out name))
            {
                names[s] = name;
            }
        }

        // Names stay unique even when the user gives two segments the same one.
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int s = 0; s < names.Length; s++)
        {
            string unique = names[s];
            for (int suffix = 2; !used.Add(unique); suffix++)
            {
                unique = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{names[s]} ({suffix})");
            }

            names[s] = unique;
        }
    }

    private static int ValueColumn(FeatureSchema schema, SegmentProfilingOptions options)
    {
        if (options.ValueFeature is string named)
        {
            int index = schema.Names.ToList().FindIndex(n => string.Equals(n, named, StringComparison.Ordinal));
            return index >= 0 ? index : throw new ArgumentException($"SegmentationOptions.ValueFeature names '{named}', which is not a feature; the features are: {string.Join(", ", schema.Names)}.", nameof(options));
        }

        foreach (string known in Pipeline.SegmentationOptions.KnownValueFeatures)
        {
            for (int j = 0; j < schema.Count; j++)
            {
                if (schema[j].Kind == FeatureKind.Numeric && string.Equals(schema[j].Name, known, StringComparison.OrdinalIgnoreCase))
                {
                    return j;
                }
            }
        }

        return -1;
    }

    /// <summary>One profiling worker's scratch: a group's columns, a column's present values, and one segment's present values.</summary>
    private sealed class ProfileBuffers(int rows, int largestSegment)
    {
        public double[][] Columns { get; } = [.. Enumerable.Range(0, GroupSize).Select(_ => GC.AllocateUninitializedArray<double>(Math.Max(1, rows)))];

        public double[] Population { get; } = new double[Math.Max(1, rows)];

        public double[] Segment { get; } = new double[Math.Max(1, largestSegment)];
    }

    /// <summary>
    /// Copies the present (not NaN) values among the first <paramref name="count"/> of <paramref name="column"/> at
    /// <paramref name="rows"/> (all of them when null), in row order, to the start of <paramref name="buffer"/>; returns how many there are.
    /// </summary>
    private static int Present(double[] column, int count, int[]? rows, double[] buffer)
    {
        int kept = 0;
        if (rows is null)
        {
            for (int r = 0; r < count; r++)
            {
                double v = column[r];
                if (!double.IsNaN(v))
                {
                    buffer[kept++] = v;
                }
            }

            return kept;
        }

        foreach (int row in rows)
        {
            double v = column[row];
            if (!double.IsNaN(v))
            {
                buffer[kept++] = v;
            }
        }

        return kept;
    }

    private static EngagementModel? Engagement(double median, double[] cuts) =>
        cuts.Length == 0 || double.IsNaN(median) ? null
        : median >= cuts[1] ? EngagementModel.HighTouch
        : median >= cuts[0] ? EngagementModel.MidTouch
        : EngagementModel.TechTouch;
}
