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

/// <summary>
/// Settings of <see cref="SegmentProfiler"/>: which feature measures value, and names the user chose. A host sets them
/// on <see cref="Pipeline.SegmentationOptions"/> (<c>ValueFeature</c>, <c>NameOverrides</c>); this is the engine's copy.
/// </summary>
internal sealed class SegmentProfilingOptions : IValidatableOptions
{
    /// <summary>See <see cref="Pipeline.SegmentationOptions.ValueFeature"/>.</summary>
    public string? ValueFeature { get; set; }

    /// <summary>See <see cref="Pipeline.SegmentationOptions.NameOverrides"/>.</summary>
    public IDictionary<string, string> NameOverrides { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    // A host sets these on SegmentationOptions, so messages name that type.
    IEnumerable<string> IValidatableOptions.GetValidationErrors() => GetValidationErrors(nameof(Pipeline.SegmentationOptions));

    /// <summary>The value feature and the names of <paramref name="options"/>, copied so that later changes do not reach an engine.</summary>
    public static SegmentProfilingOptions From(Pipeline.SegmentationOptions options)
    {
        var profiling = new SegmentProfilingOptions { ValueFeature = options.ValueFeature };
        foreach ((string key, string name) in options.NameOverrides)
        {
            profiling.NameOverrides[key] = name;
        }

        return profiling;
    }

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
