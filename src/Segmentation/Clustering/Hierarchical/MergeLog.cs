namespace Segmentation.Clustering.Hierarchical;

/// <summary>
/// The merges in the order an algorithm performed them, before they become SciPy's linkage matrix.
/// </summary>
/// <remarks>
/// The nearest-neighbour-chain and spanning-tree algorithms record each merge by one representative row of each
/// side (the slot the cluster occupies), not by cluster id, and merge out of height order; <see cref="SortAndLabel"/>
/// then does what SciPy's <c>nn_chain</c> and <c>mst_single_linkage</c> do: a stable sort by height followed by
/// union-find labelling, so the cluster formed at row i of the result is n+i and each row lists the smaller id first.
/// </remarks>
internal sealed class MergeLog
{
    private readonly int[] _a;
    private readonly int[] _b;
    private readonly double[] _distance;
    private readonly int[] _size;
    private int _count;

    public MergeLog(int leafCount)
    {
        LeafCount = leafCount;
        int merges = Math.Max(leafCount - 1, 0);
        _a = new int[merges];
        _b = new int[merges];
        _distance = new double[merges];
        _size = new int[merges];
    }

    public int LeafCount { get; }

    public void Add(int a, int b, double distance, int size)
    {
        _a[_count] = Math.Min(a, b);
        _b[_count] = Math.Max(a, b);
        _distance[_count] = distance;
        _size[_count] = size;
        _count++;
    }

    /// <summary>The merges as recorded, when the ids already are SciPy's cluster ids (the generic algorithm).</summary>
    public DendrogramMerge[] AsRecorded()
    {
        var merges = new DendrogramMerge[_count];
        for (int i = 0; i < _count; i++)
        {
            merges[i] = new DendrogramMerge(_a[i], _b[i], _distance[i], _size[i]);
        }

        return merges;
    }

    /// <summary>Stable sort by height (NumPy's mergesort), then union-find labelling (SciPy's <c>label</c>).</summary>
    public DendrogramMerge[] SortAndLabel()
    {
        int n = LeafCount;
        int[] order = new int[_count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        // Ties on height keep the order of execution, which also keeps a child before its parent.
        Array.Sort(order, (p, q) => _distance[p] != _distance[q] ? _distance[p].CompareTo(_distance[q]) : p.CompareTo(q));

        int[] parent = new int[Math.Max((2 * n) - 1, 1)];
        int[] size = new int[parent.Length];
        for (int i = 0; i < parent.Length; i++)
        {
            parent[i] = i;
            size[i] = 1;
        }

        var merges = new DendrogramMerge[_count];
        int next = n;
        for (int r = 0; r < order.Length; r++)
        {
            int k = order[r];
            int x = Find(parent, _a[k]);
            int y = Find(parent, _b[k]);
            parent[x] = next;
            parent[y] = next;
            size[next] = size[x] + size[y];
            merges[r] = new DendrogramMerge(Math.Min(x, y), Math.Max(x, y), _distance[k], size[next]);
            next++;
        }

        return merges;
    }

    private static int Find(int[] parent, int x)
    {
        int root = x;
        while (parent[root] != root)
        {
            root = parent[root];
        }

        while (parent[x] != root)
        {
            int next = parent[x];
            parent[x] = root;
            x = next;
        }

        return root;
    }
}

/// <summary>Runs a loop over a range of slots on up to a given number of threads, in contiguous chunks.</summary>
/// <remarks>
/// Every element is computed by the same code whichever thread runs it, so results do not depend on the thread
/// count. Small ranges run inline: a scan over a few thousand slots is faster than waking a thread.
/// </remarks>
internal readonly struct SlotParallelism(int degree)
{
    private const int MinSlotsPerThread = 8192;

    public int Degree { get; } = degree;

    /// <summary>How many chunks <see cref="For"/> splits <paramref name="count"/> slots into.</summary>
    public int Chunks(int count) => Math.Max(1, Math.Min(Degree, count / MinSlotsPerThread));

    /// <summary>The chunk that starts at <paramref name="start"/>.</summary>
    public int ChunkOf(int start, int count) => start / ChunkLength(count);

    public void For(int count, Action<int, int> body)
    {
        int chunks = Chunks(count);
        if (chunks <= 1)
        {
            body(0, count);
            return;
        }

        int chunk = ChunkLength(count);
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = chunks }, c =>
        {
            int start = c * chunk;
            int end = c == chunks - 1 ? count : Math.Min(count, start + chunk);
            if (start < end)
            {
                body(start, end - start);
            }
        });
    }

    private int ChunkLength(int count) => ((count / Chunks(count)) + 7) & ~7;
}
