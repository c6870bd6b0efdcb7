namespace Segmentation.Profiling;

/// <summary>A segment described in the units a CS team uses.</summary>
/// <param name="Id">The cluster label (-1 for the noise / exception group).</param>
/// <param name="Name">A descriptive name, unique within the run (for example "High ARR, usage declining").</param>
/// <param name="Size">The number of customers.</param>
/// <param name="Share">The share of all customers, in [0, 1].</param>
/// <param name="Features">Per feature: the segment's mean, median and deviation from the population.</param>
/// <param name="OutcomeRate">The share of members with a positive outcome (for example churned), when an outcome was given.</param>
public sealed record SegmentProfile(
    int Id,
    string Name,
    int Size,
    double Share,
    IReadOnlyList<FeatureSummary> Features,
    double? OutcomeRate)
{
    /// <summary>
    /// The value feature's mean over the segment (for example average ARR), when a value feature is known
    /// (see <see cref="Pipeline.SegmentationOptions.ValueFeature"/>).
    /// </summary>
    public double? AverageValue { get; init; }

    /// <summary>The name of the feature behind <see cref="AverageValue"/> and <see cref="Engagement"/>, when known.</summary>
    public string? ValueFeature { get; init; }

    /// <summary>
    /// The suggested coverage model from value: high-touch when the segment's median value is in the population's top
    /// 20%, mid-touch in the next 30%, tech-touch below the population median; null when no value feature is known.
    /// </summary>
    public EngagementModel? Engagement { get; init; }

    /// <summary>
    /// A stable key for what defines the segment: its up to three strongest deviations as <c>+feature</c> or
    /// <c>-feature</c>, strongest first, joined by <c>|</c> (for example <c>+arr|-usage_change_30d</c>). The same traits give
    /// the same signature in tomorrow's run, so a user's name for the segment can follow it. Two segments with the same
    /// traits at different strengths share a signature (a name given to it then goes to both, made unique with a suffix).
    /// </summary>
    public string Signature { get; init; } = string.Empty;

    /// <summary>The features that set this segment apart, strongest first (|deviation| of at least 0.5 standard deviations).</summary>
    public IEnumerable<FeatureSummary> DefiningFeatures =>
        Features.Where(f => Math.Abs(f.Deviation) >= SegmentNamer.MinimumDeviation).OrderByDescending(f => Math.Abs(f.Deviation));
}

/// <summary>One feature of one segment, in original units.</summary>
/// <param name="Feature">The feature name.</param>
/// <param name="Mean">The mean over members with a value (NaN when none has one).</param>
/// <param name="Median">The median over members with a value.</param>
/// <param name="Deviation">(segment mean - population mean) / population standard deviation; 0 for a constant feature.</param>
public sealed record FeatureSummary(string Feature, double Mean, double Median, double Deviation);
