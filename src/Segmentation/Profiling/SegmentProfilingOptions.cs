using Segmentation.Options;

namespace Segmentation.Profiling;

/// <summary>The suggested coverage model for a segment, from its value.</summary>
public enum EngagementModel
{
    /// <summary>Dedicated CSM: the segment's typical customer is in the top 20% by value.</summary>
    HighTouch,

    /// <summary>Pooled CSMs and scaled programmes: the typical customer is in the next 30% by value.</summary>
    MidTouch,

    /// <summary>Digital, one-to-many: the typical customer is in the lower half by value.</summary>
    TechTouch,
}

/// <summary>Settings of <see cref="SegmentProfiler"/>: which feature measures value, and names the user chose.</summary>
public sealed class SegmentProfilingOptions : IValidatableOptions
{
    /// <summary>Feature names recognised as the customer's value when <see cref="ValueFeature"/> is not set, most specific first.</summary>
    public static readonly IReadOnlyList<string> KnownValueFeatures =
    [
        "arr", "acv", "contract_value", "annual_contract_value", "annual_recurring_revenue", "mrr", "monthly_recurring_revenue",
        "monetary", "monetary_90d", "revenue", "annual_revenue", "monthly_charges", "spend", "total_revenue", "total_charges",
    ];

    /// <summary>
    /// The feature that measures a customer's value (ARR, contract value, monthly charges), used for
    /// <see cref="SegmentProfile.AverageValue"/> and <see cref="SegmentProfile.Engagement"/>.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: the first feature whose name is in <see cref="KnownValueFeatures"/> (case-insensitive), if any.</value>
    public string? ValueFeature { get; set; }

    /// <summary>
    /// Names chosen by the user, keyed by segment id (<c>"0"</c>, <c>"1"</c>, ...) or by <see cref="SegmentProfile.Signature"/>
    /// (which survives re-clustering as long as the segment is described by the same traits). A signature match wins over an id match.
    /// </summary>
    /// <value>The default value is empty.</value>
    public IDictionary<string, string> NameOverrides { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    IEnumerable<string> IValidatableOptions.GetValidationErrors() => GetValidationErrors(nameof(SegmentProfilingOptions));

    /// <summary>One sentence per invalid value, each starting with <paramref name="path"/> and the property.</summary>
    internal IEnumerable<string> GetValidationErrors(string path)
    {
        if (ValueFeature is not null && string.IsNullOrWhiteSpace(ValueFeature))
        {
            yield return $"{path}.ValueFeature must name a feature such as 'arr', or be left unset to find it by name, but was empty.";
        }

        foreach ((string key, string name) in NameOverrides)
        {
            if (string.IsNullOrWhiteSpace(key) || string.IsNullOrWhiteSpace(name))
            {
                yield return $"{path}.NameOverrides['{key}'] must map a segment id or signature to a non-empty name, but was '{name}'.";
            }
        }
    }
}
