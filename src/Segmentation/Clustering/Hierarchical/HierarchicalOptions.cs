using System.Globalization;
using Segmentation.Options;

namespace Segmentation.Clustering.Hierarchical;

/// <summary>Hyperparameters of <see cref="HierarchicalClusterer"/>.</summary>
/// <remarks>
/// Set either <see cref="K"/> or <see cref="DistanceThreshold"/> (neither: 5 clusters). The whole tree is always
/// built; the cut only decides the labels and centroids, and <see cref="HierarchicalModel.Cut(int)"/> re-cuts it.
/// </remarks>
public sealed class HierarchicalOptions : IValidatableOptions
{
    /// <summary>The default <see cref="MemoryBudgetBytes"/>: 256 MiB, room for the distance matrix of about 8,000 rows.</summary>
    public const long DefaultMemoryBudgetBytes = 256L * 1024 * 1024;

    /// <summary>The number of clusters when neither <see cref="K"/> nor <see cref="DistanceThreshold"/> is set.</summary>
    public const int DefaultK = 5;

    /// <summary>The smallest <see cref="MemoryBudgetBytes"/> accepted (1 MiB).</summary>
    public const long MinMemoryBudgetBytes = 1L << 20;

    /// <summary>How the distance between clusters is defined.</summary>
    /// <value>The default value is <see cref="Clustering.Hierarchical.Linkage.Ward"/>, the usual choice for segments of similar spread.</value>
    public Linkage Linkage { get; set; } = Linkage.Ward;

    /// <summary>
    /// The number of clusters to cut the tree into (SciPy's <c>fcluster(..., "maxclust")</c>: fewer when merges tie at
    /// the cut height). Mutually exclusive with <see cref="DistanceThreshold"/>.
    /// </summary>
    /// <value>The default value is <see langword="null"/> (5 clusters unless <see cref="DistanceThreshold"/> is set). Allowed: 1 to 1,000,000, and at most the number of rows.</value>
    public int? K { get; set; }

    /// <summary>
    /// Cut the tree at this height instead of into <see cref="K"/> clusters (SciPy's <c>fcluster(..., "distance")</c>):
    /// rows whose cophenetic distance is at most the threshold share a cluster. Heights are Euclidean, as
    /// <see cref="HierarchicalModel.MergeHeights"/>.
    /// </summary>
    /// <value>The default value is <see langword="null"/>. Allowed: a finite number at least 0.</value>
    public double? DistanceThreshold { get; set; }

    /// <summary>
    /// The most memory the fit may use for distances. The O(n·d) methods need about 8·n·(d+8) bytes; the condensed
    /// distance matrix 4·n·(n−1) bytes and is only built when it fits (complete, average and weighted linkage need it).
    /// </summary>
    /// <value>The default value is <see cref="DefaultMemoryBudgetBytes"/> (256 MiB). Allowed: at least 1 MiB.</value>
    /// <remarks>The budget covers the algorithm's own arrays, not the input matrix nor the .NET runtime.</remarks>
    public long MemoryBudgetBytes { get; set; } = DefaultMemoryBudgetBytes;

    /// <summary>Which implementation to use; see <see cref="HierarchicalMethod"/>.</summary>
    /// <value>
    /// The default value is <see cref="HierarchicalMethod.Auto"/>: the O(n·d) vector method where the linkage has one,
    /// the matrix otherwise. Single linkage always uses Prim's spanning tree in O(n·d).
    /// </value>
    internal HierarchicalMethod Method { get; set; } = HierarchicalMethod.Auto;

    /// <summary>The number of threads each scan of distances is split over; −1 means all processors.</summary>
    /// <value>The default value is 1. Allowed: −1, or 1 to 512. Results do not depend on it.</value>
    /// <remarks>
    /// The chain and spanning-tree algorithms are sequential; only each O(n·d) scan (a few to a few hundred
    /// microseconds) can be split, which pays on an idle machine but loses badly when the cores are shared, because
    /// every scan waits for the slowest thread to be scheduled (measured: ward on 20,000 × 16 took 4.7–6.5 s on one
    /// thread and 12–13 s on two on the busy project machine). Raise it on a dedicated machine; the condensed matrix
    /// is always filled on all permitted threads.
    /// </remarks>
    public int MaxDegreeOfParallelism { get; set; } = 1;

    /// <summary>Receives the fraction of merges done (0 to 1, at most once per percent), if set.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public IProgress<double>? Progress { get; set; }

    /// <summary>Parses a linkage name as SciPy spells it (<c>ward</c>, <c>complete</c>, ...), ignoring case.</summary>
    /// <exception cref="ArgumentException">The name is not a linkage; the message lists the valid ones.</exception>
    public static Linkage ParseLinkage(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!int.TryParse(name, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) && Enum.TryParse(name, ignoreCase: true, out Linkage linkage))
        {
            return linkage;
        }

        throw new ArgumentException($"Unknown linkage '{name}'; use one of: {LinkageNames}.", nameof(name));
    }

    private static string LinkageNames => string.Join(", ", Enum.GetNames<Linkage>().Select(n => n.ToLowerInvariant()));

    IEnumerable<string> IValidatableOptions.GetValidationErrors()
    {
        yield return Enum.IsDefined(Linkage) ? string.Empty : $"HierarchicalOptions.Linkage must be one of {LinkageNames}, but was {(int)Linkage}.";
        yield return Enum.IsDefined(Method) ? string.Empty : $"HierarchicalOptions.Method must be Auto, Vector or Matrix, but was {(int)Method}.";
        yield return K is int k ? OptionsValidation.Range("HierarchicalOptions.K", k, 1, 1_000_000) : string.Empty;
        yield return DistanceThreshold is double t && !(double.IsFinite(t) && t >= 0)
            ? string.Create(CultureInfo.InvariantCulture, $"HierarchicalOptions.DistanceThreshold must be a finite number at least 0, but was {t}.")
            : string.Empty;
        yield return K is not null && DistanceThreshold is not null
            ? "HierarchicalOptions.K and HierarchicalOptions.DistanceThreshold are mutually exclusive; set only one."
            : string.Empty;
        yield return OptionsValidation.AtLeast("HierarchicalOptions.MemoryBudgetBytes", MemoryBudgetBytes, MinMemoryBudgetBytes);
        yield return MaxDegreeOfParallelism is -1 or (>= 1 and <= 512)
            ? string.Empty
            : string.Create(CultureInfo.InvariantCulture, $"HierarchicalOptions.MaxDegreeOfParallelism must be -1 or between 1 and 512, but was {MaxDegreeOfParallelism}.");
    }

    internal HierarchicalOptions Clone() => (HierarchicalOptions)MemberwiseClone();
}
