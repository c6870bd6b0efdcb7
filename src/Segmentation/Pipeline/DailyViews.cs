using System.Collections;
using Segmentation.Scoring;
using Segmentation.Scoring.InRun;

namespace Segmentation.Pipeline;

/// <summary>What wording one customer's drivers needs besides its score: the features scored, the population medians, and the value feature left out.</summary>
internal sealed record DriverContext(FeatureMatrix Features, PopulationReference Reference, string? ValueFeature);

/// <summary>One scorer's drivers of one customer in words (<see cref="DriverWording"/>), without the value feature.</summary>
internal sealed class WordedDrivers(DriverContext context, RiskScore score, int row) : LazyList<string>
{
    protected override IReadOnlyList<string> Build()
        => DriverWording.Describe(score with { Drivers = LazyList.Peek(score.Drivers) }, context.Features, row, context.Reference, DriverWording.MaxDrivers, context.ValueFeature);
}

/// <summary>A customer's drivers for the reasons: the scorer in the higher band first (see <see cref="SegmentationEngine"/>).</summary>
internal sealed class CombinedDrivers(CustomerScore? churn, CustomerScore? expansion) : LazyList<string>
{
    protected override IReadOnlyList<string> Build() => SegmentationEngine.Drivers(churn, expansion);
}

/// <summary>
/// A customer's rule segments by dimension name (names compared without regard to case), read from the assignment's
/// list instead of a dictionary per customer.
/// </summary>
internal sealed class RuleSegmentView(string[] dimensions, IReadOnlyList<string> segments) : IReadOnlyDictionary<string, string>
{
    public int Count => Math.Min(dimensions.Length, segments.Count);

    public IEnumerable<string> Keys => dimensions.Take(Count);

    public IEnumerable<string> Values => segments.Take(Count);

    public string this[string key] => TryGetValue(key, out string? value) ? value : throw new KeyNotFoundException($"No rule dimension named '{key}'.");

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out string value)
    {
        for (int d = 0; d < Count; d++)
        {
            if (string.Equals(dimensions[d], key, StringComparison.OrdinalIgnoreCase))
            {
                value = segments[d];
                return true;
            }
        }

        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        for (int d = 0; d < Count; d++)
        {
            yield return new KeyValuePair<string, string>(dimensions[d], segments[d]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
