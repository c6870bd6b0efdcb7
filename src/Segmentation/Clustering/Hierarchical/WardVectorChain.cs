namespace Segmentation.Clustering.Hierarchical;

/// <summary>
/// Ward linkage in O(n·d) memory: the nearest-neighbour chain (Müllner 2011, NN-chain-linkage) on cluster centroids
/// and weights, as fastcluster's <c>linkage_vector</c>, instead of a distance matrix.
/// </summary>
/// <remarks>
/// <para>Ward's distance between clusters A and B is √(2·w_A·w_B/(w_A+w_B))·‖c_A − c_B‖, which is what SciPy's
/// Lance–Williams recursion computes on Euclidean distances; it is evaluated directly from the centroids.</para>
/// <para>The chain follows SciPy's <c>nn_chain</c> step for step so that ties resolve identically: the chain starts
/// at the lowest-index live cluster; a cluster's nearest neighbour is the first (lowest index) minimum, except that
/// the previous chain element wins any tie; the merged cluster takes the slot of the higher index. Slots are
/// compacted (order kept) once an eighth of them are dead, so scans touch live clusters mostly.</para>
/// </remarks>
internal static class WardVectorChain
{
    public static MergeLog Run(FeatureMatrix data, LinkageRun run)
    {
        int n = data.RowCount;
        int d = data.ColumnCount;
        var log = new MergeLog(n);
        var centroids = new PointColumns(data);
        double[] weight = new double[n];
        int[] count = new int[n];
        int[] leaf = new int[n];
        for (int i = 0; i < n; i++)
        {
            weight[i] = data.Weight(i);
            count[i] = 1;
            leaf[i] = i;
        }

        int[] chain = new int[n];
        int[] remap = new int[n];
        double[] point = new double[d];
        int chainLength = 0;
        int slots = n;
        int live = n;

        for (int k = 0; k < n - 1; k++)
        {
            run.ThrowIfCancellationRequested();
            if (chainLength == 0)
            {
                chain[0] = FirstLive(weight, slots);
                chainLength = 1;
            }

            int x;
            int y;
            while (true)
            {
                x = chain[chainLength - 1];
                double wx = weight[x];
                centroids.CopyPoint(x, point);
                weight[x] = double.NaN; // excludes x from its own scan
                (int nearest, double nearestKey) = Nearest(centroids, point, weight, wx, slots, run.Parallelism);
                weight[x] = wx;
                if (chainLength > 1)
                {
                    int previous = chain[chainLength - 2];
                    double previousKey = centroids.WardKey(point, previous, weight[previous], wx);
                    if (!(nearestKey < previousKey))
                    {
                        y = previous;
                        break;
                    }
                }

                chain[chainLength++] = nearest;
            }

            chainLength -= 2;
            if (x > y)
            {
                (x, y) = (y, x);
            }

            double wxMerged = weight[x];
            double wyMerged = weight[y];
            double total = wxMerged + wyMerged;
            double height = Math.Sqrt(2.0 * (wxMerged * wyMerged / total) * centroids.SquaredDistance(x, y));
            log.Add(leaf[x], leaf[y], height, count[x] + count[y]);

            // c = c_x + w_y/(w_x+w_y)·(c_y − c_x): identical points keep exactly their coordinates.
            double share = wyMerged / total;
            for (int j = 0; j < d; j++)
            {
                double cx = centroids[x, j];
                centroids[y, j] = cx + (share * (centroids[y, j] - cx));
            }

            weight[y] = total;
            count[y] += count[x];
            weight[x] = double.NaN;
            live--;
            run.Report(k + 1, n - 1);

            // Compacting costs about one scan; dropping the dead slots once an eighth of them are dead keeps every
            // scan within 8/7 of the live clusters (at a half, scans ran over 1.4× the live ones on average).
            if (live <= slots - (slots / 8) && slots > 256)
            {
                slots = Compact(centroids, weight, count, leaf, remap, slots);
                for (int c = 0; c < chainLength; c++)
                {
                    chain[c] = remap[chain[c]];
                }
            }
        }

        return log;
    }

    /// <summary>The scan, split over threads in contiguous chunks; the first minimum wins across chunks too.</summary>
    private static (int Slot, double Key) Nearest(PointColumns centroids, double[] point, double[] weight, double wx, int slots, SlotParallelism parallelism)
    {
        if (parallelism.Chunks(slots) <= 1)
        {
            int slot = centroids.WardNearest(point, weight, wx, 0, slots, out double key);
            return (slot, key);
        }

        var found = new (int Slot, double Key)[parallelism.Chunks(slots)];
        parallelism.For(slots, (start, length) =>
        {
            int slot = centroids.WardNearest(point, weight, wx, start, length, out double key);
            found[parallelism.ChunkOf(start, slots)] = (slot, key);
        });
        (int Slot, double Key) best = (-1, double.PositiveInfinity);
        foreach ((int slot, double key) in found)
        {
            if (slot >= 0 && key < best.Key)
            {
                best = (slot, key);
            }
        }

        return best;
    }

    private static int FirstLive(double[] weight, int slots)
    {
        for (int i = 0; i < slots; i++)
        {
            if (!double.IsNaN(weight[i]))
            {
                return i;
            }
        }

        throw new InvalidOperationException("No live cluster is left; the chain algorithm lost count.");
    }

    /// <summary>Drops dead slots, keeping order (ties depend on it); <paramref name="remap"/> maps old slots to new.</summary>
    private static int Compact(PointColumns centroids, double[] weight, int[] count, int[] leaf, int[] remap, int slots)
    {
        int kept = 0;
        for (int i = 0; i < slots; i++)
        {
            if (!double.IsNaN(weight[i]))
            {
                remap[kept] = i;
                kept++;
            }
        }

        centroids.Compact(remap.AsSpan(0, kept));
        for (int k = 0; k < kept; k++)
        {
            int old = remap[k];
            weight[k] = weight[old];
            count[k] = count[old];
            leaf[k] = leaf[old];
        }

        // remap held new→old; turn it into old→new for the chain (dead slots are never looked up).
        Span<int> newToOld = kept <= 1024 ? stackalloc int[kept] : new int[kept];
        remap.AsSpan(0, kept).CopyTo(newToOld);
        for (int k = 0; k < kept; k++)
        {
            remap[newToOld[k]] = k;
        }

        return kept;
    }
}
