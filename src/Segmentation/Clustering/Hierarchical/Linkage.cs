namespace Segmentation.Clustering.Hierarchical;

/// <summary>How the distance between two clusters is defined (SciPy's <c>method</c> of <c>linkage</c>).</summary>
public enum Linkage
{
    /// <summary>Ward's minimum-variance criterion: merge the pair whose union increases the within-cluster sum of squares least.</summary>
    Ward,

    /// <summary>Farthest pair of members (maximum distance).</summary>
    Complete,

    /// <summary>Mean distance over all pairs of members (UPGMA).</summary>
    Average,

    /// <summary>Nearest pair of members (minimum distance); equivalent to the minimum spanning tree.</summary>
    Single,

    /// <summary>Mean of the two merged clusters' distances, regardless of their sizes (WPGMA).</summary>
    Weighted,

    /// <summary>Distance between the clusters' (weighted) centroids (UPGMC); heights may decrease (inversions).</summary>
    Centroid,

    /// <summary>Distance between cluster "medians": a merged cluster sits at the midpoint of its parts (WPGMC).</summary>
    Median,
}

/// <summary>Which implementation computes the dendrogram; see <see cref="HierarchicalOptions.Method"/>.</summary>
internal enum HierarchicalMethod
{
    /// <summary>
    /// The O(n·d) vector method where the linkage has one (single, ward, centroid, median: it is also the faster one),
    /// the condensed distance matrix otherwise (complete, average, weighted), within
    /// <see cref="HierarchicalOptions.MemoryBudgetBytes"/>.
    /// </summary>
    Auto,

    /// <summary>
    /// Work from the points and cluster centroids in O(n·d) memory: Prim's minimum spanning tree (single), the
    /// nearest-neighbour chain on centroids (ward), the generic algorithm with nearest-neighbour caching (centroid,
    /// median). Not available for complete, average and weighted linkage.
    /// </summary>
    Vector,

    /// <summary>
    /// Work on the condensed distance matrix (n(n−1)/2 doubles) with the Lance–Williams updates SciPy uses, which
    /// reproduces SciPy's arithmetic bit for bit, so even merges that tie exactly in SciPy's rounding resolve alike.
    /// Needs a budget of at least 4·n·(n−1) bytes.
    /// </summary>
    Matrix,
}

/// <summary>One row of the dendrogram in SciPy's linkage format.</summary>
/// <remarks>Internal (issue #22): a host reads the same rows as the columns <see cref="HierarchicalModel.MergeLeft"/>, <see cref="HierarchicalModel.MergeRight"/>, <see cref="HierarchicalModel.MergeHeights"/> and <see cref="HierarchicalModel.MergeSizes"/>.</remarks>
/// <param name="A">The smaller id of the two merged clusters: 0..n−1 are the rows, n+i the cluster formed at step i.</param>
/// <param name="B">The larger id of the two merged clusters.</param>
/// <param name="Distance">
/// The merge height: Euclidean (not squared) for every linkage, as SciPy reports it (for ward,
/// √(2·|A||B|/(|A|+|B|))·‖centroid(A) − centroid(B)‖).
/// </param>
/// <param name="Size">The number of rows in the new cluster.</param>
internal readonly record struct DendrogramMerge(int A, int B, double Distance, int Size);
