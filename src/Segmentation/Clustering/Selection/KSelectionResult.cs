namespace Segmentation.Clustering.Selection;

/// <summary>The evidence for one candidate number of segments.</summary>
/// <param name="K">The number of segments.</param>
/// <param name="Silhouette">Mean silhouette (higher is better; sampled above <see cref="KSelectionOptions.SilhouetteSampleSize"/> customers).</param>
/// <param name="CalinskiHarabasz">Calinski-Harabasz index (higher is better).</param>
/// <param name="DaviesBouldin">Davies-Bouldin index (lower is better).</param>
/// <param name="Inertia">The k-means inertia (within-segment sum of squares).</param>
/// <param name="Elbow">
/// How far the inertia curve bends below the straight line between the first and last candidate, on a 0-1 scale
/// (the largest value is the elbow; 0 at both ends).
/// </param>
/// <param name="Stability">Mean adjusted Rand index between the full fit and fits on bootstrap resamples (1 = perfectly stable; NaN when resampling is off).</param>
/// <param name="MeanRank">The mean of the candidate's ranks on silhouette, Calinski-Harabasz, Davies-Bouldin and elbow (1 = best).</param>
/// <param name="Stable">Whether <paramref name="Stability"/> reaches <see cref="KSelectionOptions.MinimumStability"/>.</param>
public sealed record KEvaluation(
    int K,
    double Silhouette,
    double CalinskiHarabasz,
    double DaviesBouldin,
    double Inertia,
    double Elbow,
    double Stability,
    double MeanRank,
    bool Stable);

/// <summary>The recommended number of segments, the evidence table behind it, and the fitted model for it.</summary>
/// <remarks>Internal (issue #22): a host reads the same members on <see cref="SelectedKModel"/>.</remarks>
internal sealed class KSelectionResult
{
    internal KSelectionResult(int recommendedK, IReadOnlyList<KEvaluation> evaluations, IClusterModel model, string reason, string? noClearStructureReason = null)
    {
        RecommendedK = recommendedK;
        Evaluations = evaluations;
        Model = model;
        Reason = reason;
        NoClearStructureReason = noClearStructureReason;
    }

    /// <summary>The recommended number of segments.</summary>
    public int RecommendedK { get; }

    /// <summary>One row per candidate, in increasing k.</summary>
    public IReadOnlyList<KEvaluation> Evaluations { get; }

    /// <summary>The fit on the full data for <see cref="RecommendedK"/>.</summary>
    public IClusterModel Model { get; }

    /// <summary>One sentence saying why this k was chosen.</summary>
    public string Reason { get; }

    /// <summary>
    /// Whether no candidate passed the stability bar (<see cref="KSelectionOptions.MinimumStability"/> on bootstrap
    /// resamples): the data shows no clear segment structure, and the recommended segments may reshuffle on slightly
    /// different data. Always <see langword="false"/> when resampling is off (<see cref="KSelectionOptions.StabilityResamples"/> = 0).
    /// </summary>
    public bool NoClearStructure => NoClearStructureReason is not null;

    /// <summary>One sentence saying why the structure is not clear and what to do, when <see cref="NoClearStructure"/>; otherwise <see langword="null"/>.</summary>
    public string? NoClearStructureReason { get; }

    /// <summary>
    /// The decision rule, for reports: rank the candidates on silhouette (high), Calinski-Harabasz (high),
    /// Davies-Bouldin (low) and elbow (high); among candidates that are stable on resamples (or all, if none is),
    /// recommend the best mean rank; ties go to the more stable, then the smaller k (fewer segments are easier to act on).
    /// </summary>
    public const string DecisionRule =
        "Rank candidates on silhouette (higher), Calinski-Harabasz (higher), Davies-Bouldin (lower) and inertia elbow (higher); " +
        "among candidates whose bootstrap stability (mean ARI) reaches the minimum (all candidates if none does), recommend the best mean rank; " +
        "ties go to the more stable, then the smaller k.";
}
