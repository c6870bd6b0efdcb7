using Segmentation.Options;

namespace Segmentation.Clustering.Dbscan;

/// <summary>The distance DBSCAN measures neighbourhoods with.</summary>
public enum DbscanMetric
{
    /// <summary>Straight-line (L2) distance; the default, and scikit-learn's.</summary>
    Euclidean,

    /// <summary>City-block (L1) distance: the sum of absolute differences.</summary>
    Manhattan,

    /// <summary>
    /// Cosine distance <c>1 − cos(a, b)</c>, in [0, 2]; computed exactly as Euclidean distance between unit vectors
    /// (<c>‖a/|a| − b/|b|‖² = 2 · cosine distance</c>). Rows of all zeros have no direction and are refused.
    /// </summary>
    Cosine,
}

/// <summary>How DBSCAN finds the points within eps of a point.</summary>
internal enum DbscanNeighborSearch
{
    /// <summary>
    /// Chooses by dimension: a kd-tree up to 12 features, brute force above. (The kd-tree beat the grid on every data
    /// set measured, 2 to 4 features included, thanks to its early stop when counting neighbours; see docs/performance.md.)
    /// </summary>
    Auto,

    /// <summary>A uniform grid with cells of side eps: a query scans the 3^d cells around the point.</summary>
    Grid,

    /// <summary>A kd-tree with tight bounding boxes, pruned by the box-to-point distance.</summary>
    KdTree,

    /// <summary>Every point against every point in SIMD blocks: best for many features.</summary>
    BruteForce,
}

/// <summary>Hyperparameters of <see cref="DbscanClusterer"/>.</summary>
/// <remarks>A plain settings class: set the properties, then pass it to <see cref="DbscanClusterer"/> (which validates it).</remarks>
public sealed class DbscanOptions : IValidatableOptions
{
    /// <summary>The neighbourhood radius: points at distance at most <see cref="Eps"/> are neighbours (in model space, that is after scaling).</summary>
    /// <value>The default value is 0.5 (as scikit-learn). Allowed: greater than 0 and finite.</value>
    public double Eps { get; set; } = 0.5;

    /// <summary>
    /// The number of points (the point itself included) that must lie within <see cref="Eps"/> for a point to be a core
    /// point; with row weights, the sum of their weights.
    /// </summary>
    /// <value>The default value is 5 (as scikit-learn). Allowed: 1 to 1,000,000.</value>
    public int MinPoints { get; set; } = 5;

    /// <summary>The distance measure.</summary>
    /// <value>The default value is <see cref="DbscanMetric.Euclidean"/>.</value>
    public DbscanMetric Metric { get; set; } = DbscanMetric.Euclidean;

    /// <summary>The neighbour-search structure; the result does not depend on it, only the speed.</summary>
    /// <value>The default value is <see cref="DbscanNeighborSearch.Auto"/>.</value>
    internal DbscanNeighborSearch NeighborSearch { get; set; } = DbscanNeighborSearch.Auto;

    /// <summary>The most threads a fit uses; -1 uses every core. The labels are the same for any value.</summary>
    /// <value>The default value is -1. Allowed: -1, or 1 to 1,024.</value>
    public int MaxDegreeOfParallelism { get; set; } = -1;

    /// <summary>
    /// Whether <see cref="DbscanModel.Predict(ReadOnlySpan{double})"/> gives a point no core point reaches the cluster of
    /// the nearest core point at any distance, for when every customer needs a segment; otherwise it returns -1 (noise),
    /// as DBSCAN defines it.
    /// </summary>
    /// <value>The default value is <see langword="false"/> (noise).</value>
    public bool AssignNoiseToNearestCluster { get; set; }

    IEnumerable<string> IValidatableOptions.GetValidationErrors()
    {
        yield return double.IsFinite(Eps) && Eps > 0
            ? string.Empty
            : FormattableString.Invariant($"DbscanOptions.Eps must be greater than 0 and finite, but was {Eps}.");
        yield return OptionsValidation.Range("DbscanOptions.MinPoints", MinPoints, 1, 1_000_000);
        yield return Enum.IsDefined(Metric) ? string.Empty : $"DbscanOptions.Metric must be Euclidean, Manhattan or Cosine, but was {(int)Metric}.";
        yield return Enum.IsDefined(NeighborSearch) ? string.Empty : $"DbscanOptions.NeighborSearch must be Auto, Grid, KdTree or BruteForce, but was {(int)NeighborSearch}.";
        yield return MaxDegreeOfParallelism == -1 ? string.Empty : OptionsValidation.Range("DbscanOptions.MaxDegreeOfParallelism", MaxDegreeOfParallelism, 1, 1024);
    }

    internal DbscanOptions Clone() => (DbscanOptions)MemberwiseClone();
}
