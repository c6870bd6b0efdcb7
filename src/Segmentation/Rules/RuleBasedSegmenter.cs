using Segmentation.Configuration;
using Segmentation.Rules.Language;

namespace Segmentation.Rules;

/// <summary>
/// Assigns every customer one segment per dimension of a <see cref="RuleSet"/>: rules are tried in order, the first
/// true condition wins (unknown does not match), capacities are applied, and the rest get the exception segment.
/// </summary>
/// <remarks>
/// Text rules are checked against the data's schema before anything is evaluated, then evaluated column-wise over
/// the whole population; population functions (percentiles) are computed once per call and shared by all rules.
/// Deterministic and thread-safe.
/// </remarks>
internal sealed class RuleBasedSegmenter
{
    /// <summary>Creates a segmenter for <paramref name="rules"/>.</summary>
    public RuleBasedSegmenter(RuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        Rules = rules;
    }

    /// <summary>The rules.</summary>
    public RuleSet Rules { get; }

    /// <summary>Segments <paramref name="customers"/> (raw features in original units, NaN = missing).</summary>
    /// <param name="customers">The customers; row ids become customer ids.</param>
    /// <param name="cancellationToken">Stops between rules.</param>
    /// <exception cref="SegmentationConfigException">A rule reads a feature or level the data does not have (all problems listed).</exception>
    public RuleSegmentation Segment(FeatureMatrix customers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customers);
        Rules.Validate(customers.Schema);
        using var context = new EvaluationContext(customers);
        FeatureSchema schema = customers.Schema;
        context.Preload(Rules.Dimensions.SelectMany(d => d.Rules.OfType<TextRule>()).SelectMany(r => r.Features)
            .SelectMany(f => schema.IndexOf(f) is int j and >= 0 ? [j] : RuleCompiler.LevelColumns(schema, f)));
        int n = customers.RowCount;
        var results = new DimensionResult[Rules.Dimensions.Count];
        var overflows = new List<CapacityOverflow>();
        var truths = new RuleTruth[n];
        for (int d = 0; d < results.Length; d++)
        {
            RuleDimension dimension = Rules.Dimensions[d];
            var assigned = new int[n];
            Array.Fill(assigned, -1);
            string?[]? overflowedFrom = null;
            var used = new Dictionary<string, int>(StringComparer.Ordinal);
            double[]? overflowKey = null;
            var dimensionOverflows = new List<(string Segment, int Capacity, int Matched, List<int> Rows)>();
            for (int r = 0; r < dimension.Rules.Count; r++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ISegmentRule rule = dimension.Rules[r];
                if (rule is TextRule text)
                {
                    text.Evaluate(context, truths);
                }
                else
                {
                    rule.Evaluate(customers, truths);
                }

                if (!dimension.Capacities.TryGetValue(rule.Segment, out int capacity))
                {
                    for (int i = 0; i < n; i++)
                    {
                        // Branch-free (the outcome is data-dependent): take rule r where unassigned and true.
                        int take = (assigned[i] >>> 31) & (truths[i] == RuleTruth.True ? 1 : 0);
                        assigned[i] = take != 0 ? r : assigned[i];
                    }

                    continue;
                }

                var candidates = new List<int>();
                for (int i = 0; i < n; i++)
                {
                    if (assigned[i] < 0 && truths[i] == RuleTruth.True)
                    {
                        candidates.Add(i);
                    }
                }

                int taken = used.GetValueOrDefault(rule.Segment);
                int room = capacity - taken;
                if (candidates.Count > room)
                {
                    overflowKey ??= dimension.OverflowExpression is Expr by ? context.EvaluateAll(RuleCompiler.CompileNumber(by, customers.Schema, out _)) : null;
                    SortByWhoStays(candidates, overflowKey);
                    overflowedFrom ??= new string?[n];
                    List<int> overflowed = candidates.GetRange(room, candidates.Count - room);
                    foreach (int i in overflowed)
                    {
                        overflowedFrom[i] ??= rule.Segment;
                    }

                    dimensionOverflows.Add((rule.Segment, capacity, taken + candidates.Count, overflowed));
                    candidates.RemoveRange(room, candidates.Count - room);
                }

                foreach (int i in candidates)
                {
                    assigned[i] = r;
                }

                used[rule.Segment] = taken + candidates.Count;
            }

            string exception = Rules.ExceptionSegmentOf(dimension);
            results[d] = new DimensionResult(dimension, exception, assigned, overflowedFrom);
            foreach ((string segment, int capacity, int matched, List<int> rows) in dimensionOverflows)
            {
                var to = rows.GroupBy(i => assigned[i] < 0 ? exception : dimension.Rules[assigned[i]].Segment, StringComparer.Ordinal)
                    .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
                overflows.Add(new CapacityOverflow(dimension.Name, segment, capacity, matched, rows.Count, to));
            }
        }

        return new RuleSegmentation(customers, Rules, results, overflows);
    }

    /// <summary>Highest key first (missing keys last), ties and no key by input order: the first customers stay.</summary>
    private static void SortByWhoStays(List<int> rows, double[]? key)
    {
        if (key is null)
        {
            return;
        }

        rows.Sort((a, b) =>
        {
            double x = key[a];
            double y = key[b];
            bool xMissing = double.IsNaN(x);
            bool yMissing = double.IsNaN(y);
            int byKey = xMissing || yMissing ? xMissing.CompareTo(yMissing) : y.CompareTo(x);
            return byKey != 0 ? byKey : a.CompareTo(b);
        });
    }
}

/// <summary>A segment that more customers matched than its capacity allows.</summary>
/// <param name="Dimension">The dimension.</param>
/// <param name="Segment">The segment over capacity.</param>
/// <param name="Capacity">Its capacity.</param>
/// <param name="Matched">How many customers matched it (the capacity stayed).</param>
/// <param name="Overflowed">How many moved on.</param>
/// <param name="OverflowedTo">Where they ended: segment → count, largest first.</param>
internal sealed record CapacityOverflow(string Dimension, string Segment, int Capacity, int Matched, int Overflowed, IReadOnlyDictionary<string, int> OverflowedTo)
{
    /// <summary>"tier/Enterprise: 212 matched, capacity 30; 182 overflowed to Mid-market (182)".</summary>
    public override string ToString() =>
        FormattableString.Invariant($"{Dimension}/{Segment}: {Matched} matched, capacity {Capacity}; {Overflowed} overflowed to {string.Join(", ", OverflowedTo.Select(p => FormattableString.Invariant($"{p.Key} ({p.Value})")))}");
}

internal sealed record DimensionResult(RuleDimension Dimension, string Exception, int[] RuleIndex, string?[]? OverflowedFrom)
{
    public string SegmentOf(int row) => RuleIndex[row] < 0 ? Exception : Dimension.Rules[RuleIndex[row]].Segment;
}
