namespace Segmentation.Clustering.Dbscan;

/// <summary>What a DBSCAN run finds, by caller row.</summary>
/// <param name="Labels">The cluster of each row (numbered in order of each cluster's first row), or -1 for noise.</param>
/// <param name="IsCore">Whether each row is a core point.</param>
/// <param name="ClusterCount">The number of clusters.</param>
internal sealed record DbscanResult(int[] Labels, bool[] IsCore, int ClusterCount);

/// <summary>
/// Exact DBSCAN in three parallel passes over an index, keeping memory at O(n) beyond the index: no neighbourhood
/// is ever stored.
/// </summary>
/// <remarks>
/// <list type="number">
/// <item>Core points: count the (weighted) neighbours of every point, stopping as soon as the count reaches minPts.</item>
/// <item>Clusters: for every core point, union it with its core neighbours at later positions (each edge once),
/// in a lock-free union-find whose components do not depend on the order of the unions.</item>
/// <item>Border points: a non-core point joins the cluster of its nearest core neighbour (lowest row on ties);
/// with no core neighbour it is noise.</item>
/// </list>
/// Work is split into fixed chunks of positions; every pass writes only its own entries, so the result is the same
/// for any number of threads. Clusters are numbered in order of their first row.
/// </remarks>
internal static class DbscanAlgorithm
{
    private const int ChunkSize = 512;

    public static DbscanResult Run(NeighborIndex index, double[]? weightsByPosition, double minPoints, ParallelOptions parallel)
    {
        int n = index.Count;
        double[]? prefix = null;
        if (weightsByPosition is not null)
        {
            prefix = new double[n + 1];
            for (int p = 0; p < n; p++)
            {
                prefix[p + 1] = prefix[p] + weightsByPosition[p];
            }
        }

        var core = new bool[n];
        ForEachChunk(n, parallel, (start, end) =>
        {
            for (int p = start; p < end; p++)
            {
                var counter = new CountVisitor(weightsByPosition, prefix, minPoints);
                index.Query(index.Point(p), 0, ref counter);
                core[p] = counter.Sum >= minPoints;
            }
        });

        var unionFind = new ConcurrentUnionFind(n);
        ICoreUnion? fastUnion = index as ICoreUnion;
        int[]? unionState = fastUnion?.CreateUnionState(core);
        ForEachChunk(n, parallel, (start, end) =>
        {
            for (int p = start; p < end; p++)
            {
                if (!core[p])
                {
                    continue;
                }

                if (fastUnion is not null)
                {
                    fastUnion.UnionCoreNeighbors(p, core, unionFind, unionState!);
                    continue;
                }

                var union = new UnionVisitor(unionFind, core, p);
                index.Query(index.Point(p), p + 1, ref union);
            }
        });

        var rootByPosition = new int[n];
        ForEachChunk(n, parallel, (start, end) =>
        {
            for (int p = start; p < end; p++)
            {
                if (core[p])
                {
                    rootByPosition[p] = unionFind.Find(p);
                    continue;
                }

                var nearest = new NearestCoreVisitor(core, index.Order);
                index.Query(index.Point(p), 0, ref nearest);
                rootByPosition[p] = nearest.Best < 0 ? -1 : unionFind.Find(nearest.Best);
            }
        });

        return Number(index.Order, rootByPosition, core);
    }

    /// <summary>Turns roots (by position) into labels by row, numbering clusters in order of their first row.</summary>
    private static DbscanResult Number(int[] order, int[] rootByPosition, bool[] coreByPosition)
    {
        int n = order.Length;
        var rootByRow = new int[n];
        var isCore = new bool[n];
        for (int p = 0; p < n; p++)
        {
            rootByRow[order[p]] = rootByPosition[p];
            isCore[order[p]] = coreByPosition[p];
        }

        var labelOfRoot = new int[n];
        labelOfRoot.AsSpan().Fill(-1);
        int clusters = 0;
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            int root = rootByRow[i];
            if (root < 0)
            {
                labels[i] = -1;
                continue;
            }

            if (labelOfRoot[root] < 0)
            {
                labelOfRoot[root] = clusters++;
            }

            labels[i] = labelOfRoot[root];
        }

        return new DbscanResult(labels, isCore, clusters);
    }

    private static void ForEachChunk(int n, ParallelOptions parallel, Action<int, int> body)
    {
        int chunks = (n + ChunkSize - 1) / ChunkSize;
        Parallel.For(0, chunks, parallel, c => body(c * ChunkSize, Math.Min(n, (c + 1) * ChunkSize)));
    }

    /// <summary>Sums neighbour weights until minPts is reached.</summary>
    private struct CountVisitor(double[]? weights, double[]? prefix, double target) : INeighborVisitor
    {
        public double Sum;

        public static bool AcceptsRanges => true;

        public static bool Prefilters => false;

        public readonly bool IsCandidate(int position) => true;

        public bool Visit(int position, double distance)
        {
            Sum += weights is null ? 1.0 : weights[position];
            return Sum < target;
        }

        public bool VisitRange(int start, int end)
        {
            Sum += prefix is null ? end - start : prefix[end] - prefix[start];
            return Sum < target;
        }
    }

    /// <summary>
    /// Joins a core point with each core neighbour. Points already in its component are screened out before their
    /// distance is computed: in a dense region, after the first few unions almost every neighbour is.
    /// </summary>
    private readonly struct UnionVisitor(ConcurrentUnionFind unionFind, bool[] core, int self) : INeighborVisitor
    {
        public static bool AcceptsRanges => true;

        public static bool Prefilters => true;

        public bool IsCandidate(int position) => core[position] && unionFind.Find(position) != unionFind.Find(self);

        public bool Visit(int position, double distance)
        {
            unionFind.Union(self, position);
            return true;
        }

        public bool VisitRange(int start, int end)
        {
            for (int p = start; p < end; p++)
            {
                if (core[p])
                {
                    unionFind.Union(self, p);
                }
            }

            return true;
        }
    }

    /// <summary>Finds the nearest core neighbour, the lowest row on ties.</summary>
    private struct NearestCoreVisitor(bool[] core, int[] order) : INeighborVisitor
    {
        public int Best = -1;
        private double _bestDistance = double.PositiveInfinity;

        public static bool AcceptsRanges => false;

        public static bool Prefilters => true;

        public readonly bool IsCandidate(int position) => core[position];

        public bool Visit(int position, double distance)
        {
            if ( (distance < _bestDistance || (distance == _bestDistance && order[position] < order[Best])))
            {
                Best = position;
                _bestDistance = distance;
            }

            return true;
        }

        public bool VisitRange(int start, int end) => true;
    }
}
