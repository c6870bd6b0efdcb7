namespace Segmentation.Clustering;

/// <summary>How <see cref="KMeansClusterer"/> runs its iterations. Every choice gives the same result from the same start.</summary>
public enum KMeansAlgorithm
{
    /// <summary>
    /// Hamerly bounds when k·d is at least 2048 (say k = 128 with 16 features, or k = 64 with 32), plain Lloyd below:
    /// with few centers the blocked kernel costs less per point than the bounds' bookkeeping, so skipping it does not
    /// pay. Never Yinyang, which was at best level with Hamerly on the shapes measured (docs/performance.md).
    /// </summary>
    Auto,

    /// <summary>Blocked Lloyd: every point against every center each iteration.</summary>
    Lloyd,

    /// <summary>
    /// Lloyd with Hamerly's triangle-inequality bounds (one upper and one lower bound per point): points whose bounds
    /// prove that their center cannot change cost no distance computations. The bounds keep a margin for rounding,
    /// so the labels are exactly Lloyd's.
    /// </summary>
    Hamerly,

    /// <summary>
    /// Lloyd with Yinyang bounds: the centers are split into groups of about ten, and each point keeps one lower bound
    /// per group, so a point near a change of center is scored only against the groups that could win. Meant for
    /// many centers, where Hamerly's single lower bound rarely proves anything. Exact like Hamerly.
    /// </summary>
    Yinyang,
}
