namespace Segmentation.Clustering.Hierarchical;

/// <summary>
/// Single linkage as a minimum spanning tree grown by Prim's algorithm (Müllner 2011, MST-linkage), with each row of
/// distances computed from the points when needed: O(n²·d) time, O(n·d) memory, never a distance matrix.
/// </summary>
/// <remarks>
/// Follows SciPy's <c>mst_single_linkage</c>: start at row 0; after adding x, lower every outside row's distance to
/// the tree by its distance to x; add the outside row with the smallest distance (the lowest index on ties). The
/// tree's edges, sorted stably by length and labelled by union-find, are the dendrogram.
/// </remarks>
internal static class SingleLinkageTree
{
    public static MergeLog Run(FeatureMatrix data, LinkageRun run)
    {
        int n = data.RowCount;
        int d = data.ColumnCount;
        var log = new MergeLog(n);
        if (n < 2)
        {
            return log;
        }

        var points = new PointColumns(data);
        double[] best = new double[n];
        Array.Fill(best, double.PositiveInfinity);
        int[] leaf = new int[n];
        int[] keep = new int[n];
        for (int i = 0; i < n; i++)
        {
            leaf[i] = i;
        }

        double[] point = new double[d];
        int slots = n;
        int inTree = 0;
        int x = 0;
        for (int k = 0; k < n - 1; k++)
        {
            run.ThrowIfCancellationRequested();
            points.CopyPoint(x, point);

            // A row in the tree has NaN coordinates (its distances are NaN and never lower anything) and +inf as
            // its best distance (never chosen again).
            points.Invalidate(x);
            best[x] = double.PositiveInfinity;
            inTree++;
            (int y, double distance) = LowerAndFindNearest(points, point, best, slots, run.Parallelism);
            log.Add(leaf[x], leaf[y], distance, 2);
            x = y;
            run.Report(k + 1, n - 1);

            // As Ward's chain: compacting costs about one scan, so drop the tree's rows once they are an eighth.
            if (inTree >= slots / 8 && slots > 256)
            {
                (slots, x) = Compact(points, best, leaf, keep, slots, x);
                inTree = 0;
            }
        }

        return log;
    }

    /// <summary>Prim's step, split over threads in contiguous chunks; the first minimum wins across chunks too.</summary>
    private static (int Slot, double Distance) LowerAndFindNearest(PointColumns points, double[] point, double[] best, int slots, SlotParallelism parallelism)
    {
        if (parallelism.Chunks(slots) <= 1)
        {
            int slot = points.LowerAndFindNearest(point, best.AsSpan(0, slots), 0, slots, out double distance);
            return (slot, distance);
        }

        var found = new (int Slot, double Distance)[parallelism.Chunks(slots)];
        parallelism.For(slots, (start, length) =>
        {
            int slot = points.LowerAndFindNearest(point, best.AsSpan(start, length), start, length, out double distance);
            found[parallelism.ChunkOf(start, slots)] = (slot, distance);
        });
        (int Slot, double Distance) nearest = (-1, double.PositiveInfinity);
        foreach ((int slot, double distance) in found)
        {
            if (slot >= 0 && distance < nearest.Distance)
            {
                nearest = (slot, distance);
            }
        }

        return nearest;
    }

    /// <summary>Drops the rows already in the tree, keeping order; returns the new slot count and x's new slot.</summary>
    private static (int Slots, int X) Compact(PointColumns points, double[] best, int[] leaf, int[] keep, int slots, int x)
    {
        int kept = 0;
        int newX = -1;
        for (int i = 0; i < slots; i++)
        {
            if (!double.IsPositiveInfinity(best[i]) || i == x)
            {
                if (i == x)
                {
                    newX = kept;
                }

                keep[kept++] = i;
            }
        }

        points.Compact(keep.AsSpan(0, kept));
        for (int k = 0; k < kept; k++)
        {
            best[k] = best[keep[k]];
            leaf[k] = leaf[keep[k]];
        }

        return (kept, newX);
    }
}
