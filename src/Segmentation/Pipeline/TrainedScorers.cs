using Segmentation.Scoring.InRun;

namespace Segmentation.Pipeline;

/// <summary>The scorers trained in the run (churn, expansion) with their holdout evaluations, or why there are none.</summary>
/// <param name="Models">The trained models, churn first.</param>
/// <param name="Note">Why some or all scorers were not trained (too few outcomes, ...), one sentence; <see langword="null"/> when all were.</param>
internal sealed record TrainedScorers(IReadOnlyList<TimeBasedModel> Models, string? Note = null)
{
    /// <summary>No scorer trained, nothing to say.</summary>
    public static TrainedScorers None { get; } = new([]);
}
