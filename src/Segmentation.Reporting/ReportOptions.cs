using Segmentation.Migration;

namespace Segmentation.Reporting;

/// <summary>What a report shows besides the run itself: the date, the model version, the command, and the movement since an earlier snapshot.</summary>
public sealed class ReportOptions
{
    /// <summary>The snapshot date shown in the overview.</summary>
    /// <value>The default value is <see langword="null"/>: the worklist's date, or none.</value>
    public DateOnly? AsOf { get; set; }

    /// <summary>The model version shown in the overview.</summary>
    /// <value>The default value is <see langword="null"/>: not shown.</value>
    public string? ModelVersion { get; set; }

    /// <summary>The command that made the run, shown in the overview (for example <c>segment run --k auto</c>).</summary>
    /// <value>The default value is <see langword="null"/>: not shown.</value>
    public string? Command { get; set; }

    /// <summary>The feature holding each customer's value (ARR).</summary>
    /// <value>The default value is <see langword="null"/>: the profiles' value feature, when they have one.</value>
    public string? ValueFeature { get; set; }

    /// <summary>The movement since the previous snapshot (section 7), or <see langword="null"/> on a first run.</summary>
    public SegmentTransitions? Transitions { get; set; }

    /// <summary>The date of the previous snapshot <see cref="Transitions"/> starts from.</summary>
    public DateOnly? PreviousAsOf { get; set; }

    /// <summary>The alerts the run raised (section 7).</summary>
    public IReadOnlyList<SegmentAlert>? Alerts { get; set; }

    /// <summary>At most this many customers are drawn on the segment map (evenly spaced rows; the chart says so).</summary>
    /// <value>The default value is 20,000.</value>
    public int MaxMapPoints { get; set; } = 20_000;
}
