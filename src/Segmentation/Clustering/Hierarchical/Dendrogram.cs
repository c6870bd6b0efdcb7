using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Segmentation.Clustering.Hierarchical;

/// <summary>
/// The full merge tree of a hierarchical clustering in SciPy's linkage format, and its flat cuts.
/// </summary>
/// <remarks>
/// <para>Merge i forms cluster n+i from clusters <c>Left[i] &lt; Right[i]</c> (ids below n are rows) at height
/// <c>Heights[i]</c>, holding <c>Sizes[i]</c> rows: the four columns of the matrix <c>scipy.cluster.hierarchy.linkage</c>
/// returns. For every linkage but centroid and median the merges are sorted by height (ties keep the order in which
/// the algorithm merged).</para>
/// <para>Cuts reproduce <c>fcluster</c>: labels are numbered in the order a depth-first walk from the root (left,
/// that is <see cref="Left"/>, first) meets the clusters, minus one so that they start at 0.</para>
/// <para>Immutable and thread-safe. Internal (issue #22): a host reads the columns, the leaf order, the JSON and
/// the CSV on <see cref="HierarchicalModel"/>, whose cuts are models.</para>
/// </remarks>
internal sealed class Dendrogram
{
    private readonly DendrogramMerge[] _merges;
    private readonly double[] _maxHeights;
    private int[]? _left;
    private int[]? _right;
    private double[]? _heights;
    private int[]? _sizes;

    internal Dendrogram(int leafCount, Linkage linkage, DendrogramMerge[] merges)
    {
        LeafCount = leafCount;
        Linkage = linkage;
        _merges = merges;

        // The largest height in each subtree (SciPy's get_max_dist_for_each_cluster): children always come first.
        _maxHeights = new double[merges.Length];
        for (int i = 0; i < merges.Length; i++)
        {
            double max = merges[i].Distance;
            foreach (int child in (ReadOnlySpan<int>)[merges[i].A, merges[i].B])
            {
                if (child >= leafCount && _maxHeights[child - leafCount] > max)
                {
                    max = _maxHeights[child - leafCount];
                }
            }

            _maxHeights[i] = max;
        }
    }

    /// <summary>The number of clustered rows (leaves).</summary>
    public int LeafCount { get; }

    /// <summary>The linkage the tree was built with.</summary>
    public Linkage Linkage { get; }

    /// <summary>The n−1 merges, in SciPy's linkage-matrix order.</summary>
    internal IReadOnlyList<DendrogramMerge> Merges => _merges;

    // The columns are built on first use (a benign race builds equal arrays); most callers only cut the tree.

    /// <summary>For each of the n−1 merges, the smaller id of the two clusters merged (SciPy's first column): 0..n−1 are rows, n+i the cluster formed by merge i.</summary>
    public IReadOnlyList<int> Left => _left ??= Array.ConvertAll(_merges, m => m.A);

    /// <summary>For each merge, the larger id of the two clusters merged (SciPy's second column).</summary>
    public IReadOnlyList<int> Right => _right ??= Array.ConvertAll(_merges, m => m.B);

    /// <summary>
    /// For each merge, its height (SciPy's third column): Euclidean (not squared) for every linkage, as SciPy reports it
    /// (for ward, √(2·|A||B|/(|A|+|B|))·‖centroid(A) − centroid(B)‖).
    /// </summary>
    public IReadOnlyList<double> Heights => _heights ??= Array.ConvertAll(_merges, m => m.Distance);

    /// <summary>For each merge, the number of rows in the cluster it forms (SciPy's fourth column).</summary>
    public IReadOnlyList<int> Sizes => _sizes ??= Array.ConvertAll(_merges, m => m.Size);

    /// <summary>
    /// Cuts the tree into at most <paramref name="k"/> clusters, as <c>fcluster(Z, k, criterion="maxclust")</c>: the
    /// lowest height at which at most k clusters remain. Fewer than k result when several merges tie at that height.
    /// </summary>
    /// <returns>A label in [0, clusters) per row.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is not between 1 and <see cref="LeafCount"/>.</exception>
    public int[] Cut(int k)
    {
        if (k < 1 || k > LeafCount)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"The number of clusters must be between 1 and the number of rows ({LeafCount}).");
        }

        int n = LeafCount;
        var labels = new int[n];
        if (k >= n)
        {
            for (int i = 0; i < n; i++)
            {
                labels[i] = i;
            }

            return labels;
        }

        // Binary search over the subtree maxima, as SciPy's cluster_maxclust_monocrit.
        int lower = -1;
        int upper = n - 1;
        while (upper - lower > 1)
        {
            int i = (lower + upper) >> 1;
            if (CountClusters(_maxHeights[i], k) > k)
            {
                lower = i;
            }
            else
            {
                upper = i;
            }
        }

        AssignClusters(_maxHeights[upper], labels);
        return labels;
    }

    /// <summary>
    /// Cuts the tree at a height, as <c>fcluster(Z, threshold, criterion="distance")</c>: rows whose cophenetic
    /// distance is at most <paramref name="threshold"/> share a cluster.
    /// </summary>
    /// <returns>A label in [0, clusters) per row.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is negative or not finite.</exception>
    public int[] CutAtDistance(double threshold)
    {
        if (!double.IsFinite(threshold) || threshold < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The distance threshold must be a finite number at least 0.");
        }

        var labels = new int[LeafCount];
        if (LeafCount == 1)
        {
            return labels;
        }

        AssignClusters(threshold, labels);
        return labels;
    }

    /// <summary>The rows in the order a dendrogram plot draws them (depth-first from the root, <see cref="Left"/> before <see cref="Right"/>).</summary>
    public int[] LeafOrder()
    {
        int n = LeafCount;
        var order = new List<int>(n);
        if (n == 1)
        {
            return [0];
        }

        var stack = new Stack<int>();
        stack.Push((2 * n) - 2);
        while (stack.Count > 0)
        {
            int node = stack.Pop();
            if (node < n)
            {
                order.Add(node);
                continue;
            }

            stack.Push(_merges[node - n].B);
            stack.Push(_merges[node - n].A);
        }

        return [.. order];
    }

    /// <summary>
    /// The tree as JSON for plotting: <c>{"linkage", "leaves", "merges": [[a, b, distance, size], ...], "leaf_order"}</c>,
    /// the merges in SciPy's format so that <c>scipy.cluster.hierarchy.dendrogram(np.array(merges))</c> draws it.
    /// </summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            WriteJson(json);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes the JSON of <see cref="ToJson"/> to <paramref name="json"/>.</summary>
    public void WriteJson(Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        json.WriteString("linkage", Linkage.ToString().ToLowerInvariant());
        json.WriteNumber("leaves", LeafCount);
        json.WriteStartArray("merges");
        foreach (DendrogramMerge merge in _merges)
        {
            json.WriteStartArray();
            json.WriteNumberValue(merge.A);
            json.WriteNumberValue(merge.B);
            json.WriteNumberValue(merge.Distance);
            json.WriteNumberValue(merge.Size);
            json.WriteEndArray();
        }

        json.WriteEndArray();
        json.WriteStartArray("leaf_order");
        foreach (int leaf in LeafOrder())
        {
            json.WriteNumberValue(leaf);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>The merges as CSV in SciPy's format, header <c>a,b,distance,size</c>, heights in round-trip precision.</summary>
    public void WriteCsv(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine("a,b,distance,size");
        foreach (DendrogramMerge merge in _merges)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{merge.A},{merge.B},{merge.Distance:R},{merge.Size}"));
        }
    }

    /// <summary>How many clusters a cut at <paramref name="threshold"/> makes, stopping once above <paramref name="limit"/>.</summary>
    private int CountClusters(double threshold, int limit)
    {
        int n = LeafCount;
        int clusters = 0;
        var stack = new Stack<int>();
        stack.Push((2 * n) - 2);
        while (stack.Count > 0 && clusters <= limit)
        {
            int node = stack.Pop();
            if (node < n || _maxHeights[node - n] <= threshold)
            {
                clusters++;
                continue;
            }

            stack.Push(_merges[node - n].B);
            stack.Push(_merges[node - n].A);
        }

        return clusters;
    }

    /// <summary>
    /// SciPy's cluster_monocrit: numbers the maximal subtrees whose largest height is at most the threshold, in its
    /// walk order: at each node the inner children (left, then right) come before the leaf children (left, right).
    /// </summary>
    private void AssignClusters(double threshold, int[] labels)
    {
        int n = LeafCount;
        int cluster = -1;

        // Node ≥ 0: visit that inner node; node < 0: label leaf ~node. Label −1: not inside a cluster yet.
        var stack = new Stack<(int Node, int Label)>();
        stack.Push(((2 * n) - 2, -1));
        while (stack.Count > 0)
        {
            (int node, int label) = stack.Pop();
            if (node < 0)
            {
                labels[~node] = label < 0 ? ++cluster : label;
                continue;
            }

            if (label < 0 && _maxHeights[node - n] <= threshold)
            {
                label = ++cluster;
            }

            DendrogramMerge merge = _merges[node - n];
            if (merge.B < n)
            {
                stack.Push((~merge.B, label));
            }

            if (merge.A < n)
            {
                stack.Push((~merge.A, label));
            }

            if (merge.B >= n)
            {
                stack.Push((merge.B, label));
            }

            if (merge.A >= n)
            {
                stack.Push((merge.A, label));
            }
        }
    }
}
