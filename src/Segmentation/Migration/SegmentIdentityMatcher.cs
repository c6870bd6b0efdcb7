using Segmentation.Kernels;

namespace Segmentation.Migration;

/// <summary>A segment as it was known before a retrain: its stable name, its centre and its members.</summary>
/// <param name="Name">The stable name (the identity).</param>
/// <param name="Centroid">The centre in model space.</param>
/// <param name="Members">The ids of its customers.</param>
internal sealed record KnownSegment(string Name, IReadOnlyList<double> Centroid, IReadOnlySet<string> Members);

/// <summary>A cluster of a new fit, before it has an identity.</summary>
/// <param name="Label">The cluster label in the new model.</param>
/// <param name="Centroid">The centre in model space.</param>
/// <param name="Members">The ids of its customers.</param>
internal sealed record NewCluster(int Label, IReadOnlyList<double> Centroid, IReadOnlySet<string> Members);

/// <summary>How segments relate across a retrain beyond one-to-one matches.</summary>
internal enum LineageKind
{
    /// <summary>A new cluster took a sizeable share of an earlier segment that continues elsewhere.</summary>
    SplitFrom,

    /// <summary>An earlier segment's customers went in sizeable share into a cluster matched to another segment.</summary>
    MergedInto,
}

/// <summary>One lineage edge: <paramref name="Share"/> of <paramref name="From"/>'s members went to <paramref name="To"/>.</summary>
internal sealed record LineageEdge(LineageKind Kind, string From, string To, double Share);

/// <summary>The outcome of matching a retrained model's clusters to the segments before it.</summary>
/// <param name="NameByLabel">The stable name of every matched new cluster.</param>
/// <param name="Born">Labels of new clusters that match no earlier segment (they need new names).</param>
/// <param name="Died">Earlier segments that match no new cluster.</param>
/// <param name="Lineage">Splits and merges.</param>
internal sealed record IdentityMatch(
    IReadOnlyDictionary<int, string> NameByLabel,
    IReadOnlyList<int> Born,
    IReadOnlyList<string> Died,
    IReadOnlyList<LineageEdge> Lineage);

/// <summary>Settings of <see cref="SegmentIdentityMatcher"/>.</summary>
internal sealed class IdentityMatchOptions
{
    /// <summary>The weight of centroid distance against member overlap in the matching cost, in [0, 1].</summary>
    /// <value>The default value is 0.5.</value>
    public double CentroidWeight { get; set; } = 0.5;

    /// <summary>A pair whose cost exceeds this is not a match: the earlier segment dies and the cluster is born.</summary>
    /// <value>The default value is 0.8.</value>
    public double MaxCost { get; set; } = 0.8;

    /// <summary>The share of an earlier segment that must flow into another cluster to be recorded as a split or merge.</summary>
    /// <value>The default value is 0.2.</value>
    public double LineageShare { get; set; } = 0.2;
}

/// <summary>
/// Keeps segment identities across retrains: matches new clusters to earlier segments by an optimal (Hungarian)
/// assignment on a cost mixing centroid distance and member overlap, so a segment keeps its name when it is
/// recognisably the same group, even though the clustering renumbered it.
/// </summary>
/// <remarks>
/// Cost of a pair = w · min(1, d / scale) + (1 − w) · (1 − Jaccard(members)), where d is the Euclidean distance between
/// centroids and scale the median distance between earlier centroids (1 when there is one segment). The distance term
/// is capped at 1 so that, when the data drifted since the earlier model, a cluster holding (almost) the same customers
/// still matches its segment instead of being born under a new name. Deterministic.
/// </remarks>
internal static class SegmentIdentityMatcher
{
    /// <summary>Matches <paramref name="clusters"/> to <paramref name="known"/> segments.</summary>
    public static IdentityMatch Match(IReadOnlyList<KnownSegment> known, IReadOnlyList<NewCluster> clusters, IdentityMatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(known);
        ArgumentNullException.ThrowIfNull(clusters);
        options ??= new IdentityMatchOptions();
        double scale = CentroidScale(known);
        int size = Math.Max(known.Count, clusters.Count);

        // Square matrix; padding rows/columns cost MaxCost so that "no match" competes with a bad match.
        var cost = new double[size, size];
        for (int i = 0; i < size; i++)
        {
            for (int j = 0; j < size; j++)
            {
                cost[i, j] = i < known.Count && j < clusters.Count
                    ? (options.CentroidWeight * Math.Min(1, Distance(known[i].Centroid, clusters[j].Centroid) / scale))
                      + ((1 - options.CentroidWeight) * (1 - Jaccard(known[i].Members, clusters[j].Members)))
                    : options.MaxCost;
            }
        }

        int[] assignment = HungarianAssignment.Solve(cost);
        var nameByLabel = new Dictionary<int, string>();
        var matchedKnown = new HashSet<int>();
        for (int i = 0; i < known.Count; i++)
        {
            int j = assignment[i];
            if (j < clusters.Count && cost[i, j] <= options.MaxCost)
            {
                nameByLabel[clusters[j].Label] = known[i].Name;
                matchedKnown.Add(i);
            }
        }

        int[] born = [.. clusters.Where(c => !nameByLabel.ContainsKey(c.Label)).Select(c => c.Label)];
        string[] died = [.. known.Where((_, i) => !matchedKnown.Contains(i)).Select(k => k.Name)];
        return new IdentityMatch(nameByLabel, born, died, Lineage(known, clusters, nameByLabel, options.LineageShare));
    }

    private static List<LineageEdge> Lineage(IReadOnlyList<KnownSegment> known, IReadOnlyList<NewCluster> clusters, Dictionary<int, string> nameByLabel, double threshold)
    {
        var edges = new List<LineageEdge>();
        foreach (KnownSegment segment in known)
        {
            if (segment.Members.Count == 0)
            {
                continue;
            }

            foreach (NewCluster cluster in clusters)
            {
                string clusterName = nameByLabel.GetValueOrDefault(cluster.Label) ?? $"(new cluster {cluster.Label})";
                if (clusterName == segment.Name)
                {
                    continue;
                }

                double share = (double)segment.Members.Count(cluster.Members.Contains) / segment.Members.Count;
                if (share < threshold)
                {
                    continue;
                }

                // Still alive elsewhere: the new cluster split from it; otherwise it merged into the cluster.
                bool alive = nameByLabel.ContainsValue(segment.Name);
                edges.Add(new LineageEdge(alive ? LineageKind.SplitFrom : LineageKind.MergedInto, segment.Name, clusterName, share));
            }
        }

        return edges;
    }

    private static double CentroidScale(IReadOnlyList<KnownSegment> known)
    {
        var distances = new List<double>();
        for (int i = 0; i < known.Count; i++)
        {
            for (int j = i + 1; j < known.Count; j++)
            {
                distances.Add(Distance(known[i].Centroid, known[j].Centroid));
            }
        }

        double median = Statistics.Median(distances);
        return double.IsNaN(median) || median <= 0 ? 1 : median;
    }

    private static double Distance(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count != b.Count)
        {
            throw new ArgumentException($"Centroids of {a.Count} and {b.Count} features cannot be compared; the features changed between the models.");
        }

        return Math.Sqrt(RowOps.SquaredDistance([.. a], [.. b]));
    }

    private static double Jaccard(IReadOnlySet<string> a, IReadOnlySet<string> b)
    {
        if (a.Count == 0 && b.Count == 0)
        {
            return 0;
        }

        int both = a.Count <= b.Count ? a.Count(b.Contains) : b.Count(a.Contains);
        return (double)both / (a.Count + b.Count - both);
    }
}
