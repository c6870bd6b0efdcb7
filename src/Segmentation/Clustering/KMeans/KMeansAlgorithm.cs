namespace Segmentation.Clustering.KMeans;

/// <summary>How <see cref="KMeansClusterer"/> runs its iterations. Every choice gives the same result from the same start.</summary>
internal enum KMeansAlgorithm
{
    /// <summary>
    /// Plain Lloyd while k·d is below 8192 for float64 data with AVX-512 kernels (4096 with AVX2, 2048 narrower), 2048
    /// for float32 (with few centers the blocked kernel costs less per point than the bounds' bookkeeping); Yinyang from k = 1024 where its per-group bounds take no
    /// more memory than the data (k ≤ 64·d); Hamerly otherwise (docs/performance.md has the measurements).
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
    /// Lloyd with Yinyang bounds: the centers are split into groups of about 32, and each point keeps one lower bound
    /// per group, so a point near a change of center is scored only against the groups that could win. Pays from
    /// about a thousand centers, where rescoring a point against all of them dominates. Exact like Hamerly.
    /// </summary>
    Yinyang,
}
