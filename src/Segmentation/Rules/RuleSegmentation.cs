using System.Globalization;
using Segmentation.Rules.Language;

namespace Segmentation.Rules;

/// <summary>The result of <see cref="RuleBasedSegmenter.Segment"/>: one segment per customer and dimension, capacity overflows, and traces.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class RuleSegmentation
{
    private readonly FeatureMatrix _customers;
    private readonly DimensionResult[] _results;

    internal RuleSegmentation(FeatureMatrix customers, RuleSet rules, DimensionResult[] results, IReadOnlyList<CapacityOverflow> overflows)
    {
        _customers = customers;
        _results = results;
        Rules = rules;
        CapacityOverflows = overflows;
        Overflows = [.. overflows.Select(o => o.ToString())];
        Dimensions = [.. results.Select(r => r.Dimension.Name)];
    }

    /// <summary>The rules that produced this result.</summary>
    public RuleSet Rules { get; }

    /// <summary>The dimension names, in the rule set's order.</summary>
    public IReadOnlyList<string> Dimensions { get; }

    /// <summary>The number of customers.</summary>
    public int RowCount => _customers.RowCount;

    /// <summary>
    /// Every segment that went over capacity, in dimension and rule order, as a person reads it:
    /// <c>tier/Enterprise: 212 matched, capacity 30; 182 overflowed to Mid-market (182)</c>. Empty when every segment fit.
    /// </summary>
    /// <remarks>Text, as <c>segment rules</c> and <c>segment run</c> print it; the segments' sizes after the overflow are <see cref="Counts"/>.</remarks>
    public IReadOnlyList<string> Overflows { get; }

    /// <summary>The same overflows with their numbers apart.</summary>
    internal IReadOnlyList<CapacityOverflow> CapacityOverflows { get; }

    /// <summary>The id of the customer at <paramref name="row"/> (its 1-based row number when the data has no ids).</summary>
    public string CustomerId(int row) => _customers.RowIds?[row] ?? (row + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>The segment of the customer at <paramref name="row"/> in dimension number <paramref name="dimension"/>.</summary>
    public string Segment(int dimension, int row) => _results[dimension].SegmentOf(row);

    /// <summary>The segment of the customer at <paramref name="row"/> in the dimension named <paramref name="dimension"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such dimension.</exception>
    public string Segment(string dimension, int row)
    {
        int index = Dimensions.ToList().IndexOf(dimension);
        return index >= 0 ? Segment(index, row) : throw new KeyNotFoundException($"No dimension named '{dimension}'. Dimensions: {string.Join(", ", Dimensions)}.");
    }

    /// <summary>The segments of the customer at <paramref name="row"/>, one per dimension.</summary>
    public IReadOnlyList<string> SegmentsOf(int row)
    {
        // Called once per customer by the pipeline: a plain array, without the enumerator and list growth of a query.
        var segments = new string[_results.Length];
        for (int d = 0; d < segments.Length; d++)
        {
            segments[d] = _results[d].SegmentOf(row);
        }

        return segments;
    }

    /// <summary>Whether the customer at <paramref name="row"/> matched a rule of dimension <paramref name="dimension"/> (false for the exception segment).</summary>
    public bool IsMatched(int dimension, int row) => _results[dimension].RuleIndex[row] >= 0;

    /// <summary>Asks for the cache line that <see cref="IsMatched"/> and <see cref="Segment(int, int)"/> read for this customer, without waiting for it.</summary>
    internal void Prefetch(int dimension, int row) => Kernels.Prefetch.Element(_results[dimension].RuleIndex, row);

    /// <summary>The number of customers per segment of dimension <paramref name="dimension"/>, in the dimension's segment order.</summary>
    public IReadOnlyDictionary<string, int> Counts(int dimension)
    {
        DimensionResult result = _results[dimension];
        var counts = result.Dimension.SegmentNames(result.Exception).ToDictionary(s => s, _ => 0, StringComparer.Ordinal);
        for (int i = 0; i < RowCount; i++)
        {
            counts[result.SegmentOf(i)]++;
        }

        return counts;
    }

    /// <summary>
    /// Why the customer at <paramref name="row"/> is in each of its segments, one entry per dimension in the rule set's
    /// order: the rule that matched (its condition, or "no rule matched", with "(Enterprise over capacity)" when the
    /// customer matched a full segment first) and the values it compared (<c>arr=182300, plan=Enterprise</c>; a
    /// number in invariant culture, a level of a text feature, or <c>missing</c>). These are the two columns per
    /// dimension that <c>segment rules --explain</c> writes.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is not a row of the population.</exception>
    public IReadOnlyList<(string Rule, string Values)> Explain(int row) =>
        [.. Trace(row).Dimensions.Select(d => (d.Why, d.ValuesText))];

    /// <summary>Why the customer at <paramref name="row"/> is in each of its segments: the rule that matched and the values it read.</summary>
    internal RuleTrace Trace(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, RowCount);
        var dimensions = new List<DimensionTrace>(_results.Length);
        foreach (DimensionResult result in _results)
        {
            int index = result.RuleIndex[row];
            ISegmentRule? rule = index >= 0 ? result.Dimension.Rules[index] : null;
            IEnumerable<string> features = rule?.Features ?? result.Dimension.Rules.SelectMany(r => r.Features).Distinct(StringComparer.Ordinal);
            TracedValue[] values = [.. features.Select(f => new TracedValue(f, ValueOf(f, row)))];
            dimensions.Add(new DimensionTrace(result.Dimension.Name, result.SegmentOf(row), index, rule?.Condition, values, result.OverflowedFrom?[row]));
        }

        return new RuleTrace(CustomerId(row), dimensions);
    }

    private string ValueOf(string feature, int row)
    {
        FeatureSchema schema = _customers.Schema;
        int column = schema.IndexOf(feature);
        if (column >= 0)
        {
            double value = _customers[row, column];
            if (double.IsNaN(value))
            {
                return "missing";
            }

            // A text column holds the position of the cell's text among its levels.
            return schema[column] is { Kind: FeatureKind.Text, Levels: { } levels } && value >= 0 && value < levels.Count
                ? levels[(int)value]
                : value.ToString("G10", CultureInfo.InvariantCulture);
        }

        foreach (int level in RuleCompiler.LevelColumns(schema, feature))
        {
            if (_customers[row, level] == 1)
            {
                return RuleCompiler.LevelName(schema[level]);
            }
        }

        return RuleCompiler.LevelColumns(schema, feature).Length > 0 ? "missing" : "not in the data";
    }
}

/// <summary>Why a customer is in its segments: one entry per dimension.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="Dimensions">One trace per dimension, in the rule set's order.</param>
internal sealed record RuleTrace(string CustomerId, IReadOnlyList<DimensionTrace> Dimensions)
{
    /// <summary>"C00042: tier = Enterprise (arr &gt;= 100000; arr=182300); lifecycle = ...".</summary>
    public override string ToString() => $"{CustomerId}: {string.Join("; ", Dimensions)}";
}

/// <summary>Why a customer is in its segment of one dimension.</summary>
/// <param name="Dimension">The dimension.</param>
/// <param name="Segment">The segment.</param>
/// <param name="RuleIndex">The position of the rule that matched in the dimension, or -1 for the exception segment.</param>
/// <param name="Condition">The condition that matched, or <see langword="null"/> for the exception segment.</param>
/// <param name="Values">The values the rule compared (for the exception segment: every feature the dimension's rules read).</param>
/// <param name="OverflowedFrom">The segment the customer matched first but that was over capacity, if any.</param>
internal sealed record DimensionTrace(string Dimension, string Segment, int RuleIndex, string? Condition, IReadOnlyList<TracedValue> Values, string? OverflowedFrom)
{
    /// <summary>The values as <c>arr=182300, plan=Enterprise</c>.</summary>
    public string ValuesText => string.Join(", ", Values.Select(v => $"{v.Feature}={v.Value}"));

    /// <summary>The condition that matched ("no rule matched" for the exception segment), with "(X over capacity)" when it overflowed from X.</summary>
    public string Why
    {
        get
        {
            string why = Condition ?? "no rule matched";
            return OverflowedFrom is null ? why : $"{why} ({OverflowedFrom} over capacity)";
        }
    }

    /// <summary>"tier = Enterprise (arr &gt;= 100000; arr=182300)", or "tier = Needs review (no rule matched; arr=missing)".</summary>
    public override string ToString()
    {
        string why = Condition ?? "no rule matched";
        string overflow = OverflowedFrom is null ? string.Empty : $"; {OverflowedFrom} was over capacity";
        return $"{Dimension} = {Segment} ({why}; {ValuesText}{overflow})";
    }
}

/// <summary>A value a rule read, as text: a number (invariant culture), a level of a text feature, or <c>missing</c>.</summary>
/// <param name="Feature">The feature.</param>
/// <param name="Value">Its value.</param>
internal sealed record TracedValue(string Feature, string Value);
