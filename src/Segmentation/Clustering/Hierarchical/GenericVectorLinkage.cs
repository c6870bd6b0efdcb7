namespace Segmentation.Clustering.Hierarchical;

/// <summary>
/// Centroid and median linkage in O(n·d) memory: Müllner's generic algorithm with nearest-neighbour caching
/// (as fastcluster's <c>linkage_vector</c>) on cluster centres instead of a distance matrix.
/// </summary>
/// <remarks>
/// <para>Centroid linkage keeps the weighted mean of each cluster; median linkage puts a merged cluster at the
/// midpoint of its two parts. Both measure Euclidean distance between these centres, which is what SciPy's
/// Lance–Williams updates compute; candidates are compared on squared distances (the same order).</para>
/// <para>The steps mirror SciPy's <c>fast_linkage</c> (candidates among higher slots, the same heap, the merged
/// cluster in the higher slot), so ties resolve alike. These linkages are not monotone, so the merges stay in the
/// order performed and cluster n+k is the one formed at step k.</para>
/// </remarks>
internal static class GenericVectorLinkage
{
    public static MergeLog Run(FeatureMatrix data, bool median, LinkageRun run)
    {
        int n = data.RowCount;
        int d = data.ColumnCount;
        var log = new MergeLog(n);
        if (n < 2)
        {
            return log;
        }

        var centres = new PointColumns(data);
        double[] weight = new double[n];
        int[] count = new int[n];
        int[] clusterId = new int[n];
        for (int i = 0; i < n; i++)
        {
            weight[i] = data.Weight(i);
            count[i] = 1;
            clusterId[i] = i;
        }

        double[] row = new double[n];
        double[] point = new double[d];
        int[] neighbor = new int[n - 1];
        double[] minDist = new double[n - 1];
        for (int x = 0; x < n - 1; x++)
        {
            (neighbor[x], minDist[x]) = FindNearestAbove(centres, x, row, point, run);
        }

        var heap = new CandidateHeap(minDist);
        for (int k = 0; k < n - 1; k++)
        {
            run.ThrowIfCancellationRequested();
            int x = 0;
            int y = 0;
            double dist = 0;
            for (int attempt = 0; attempt < n - k; attempt++)
            {
                x = heap.MinKey;
                dist = heap.MinValue;
                y = neighbor[x];
                if (y >= 0 && dist == centres.SquaredDistance(x, y))
                {
                    break;
                }

                (y, dist) = FindNearestAbove(centres, x, row, point, run);
                neighbor[x] = y;
                minDist[x] = dist;
                heap.ChangeValue(x, dist);
            }

            heap.RemoveMin();
            log.Add(clusterId[x], clusterId[y], Math.Sqrt(dist), count[x] + count[y]);

            double share = median ? 0.5 : weight[y] / (weight[x] + weight[y]);
            for (int j = 0; j < d; j++)
            {
                double cx = centres[x, j];
                centres[y, j] = cx + (share * (centres[y, j] - cx));
            }

            weight[y] += weight[x];
            count[y] += count[x];
            clusterId[y] = n + k;
            centres.Invalidate(x);

            // Candidates that pointed at x now point at the merged cluster (a guess the heap check corrects).
            for (int z = 0; z < x; z++)
            {
                if (neighbor[z] == x)
                {
                    neighbor[z] = y;
                }
            }

            // The merged cluster may now be the nearest for clusters below it.
            centres.CopyPoint(y, point);
            double[] p = point;
            run.Parallelism.For(y, (start, length) => centres.SquaredDistances(p, start, row.AsSpan(start, length)));
            for (int z = 0; z < y; z++)
            {
                double toY = row[z];
                if (toY < minDist[z])
                {
                    neighbor[z] = y;
                    minDist[z] = toY;
                    heap.ChangeValue(z, toY);
                }
            }

            if (y < n - 1)
            {
                (int z, double toZ) = FindNearestAbove(centres, y, row, point, run);
                if (z >= 0)
                {
                    neighbor[y] = z;
                    minDist[y] = toZ;
                    heap.ChangeValue(y, toZ);
                }
                else
                {
                    // Nothing live above y: it can only be reached from below.
                    minDist[y] = double.PositiveInfinity;
                    heap.ChangeValue(y, double.PositiveInfinity);
                }
            }

            run.Report(k + 1, n - 1);
        }

        return log;
    }

    /// <summary>The live cluster above <paramref name="x"/> nearest to it (first on ties), or −1.</summary>
    private static (int Neighbor, double SquaredDistance) FindNearestAbove(PointColumns centres, int x, double[] row, double[] point, LinkageRun run)
    {
        int start = x + 1;
        int length = centres.Count - start;
        centres.CopyPoint(x, point);
        double[] p = point;
        run.Parallelism.For(length, (offset, size) => centres.SquaredDistances(p, start + offset, row.AsSpan(start + offset, size)));
        int best = DistanceRow.ArgMin(row.AsSpan(start, length), out double min);
        return best < 0 ? (-1, double.PositiveInfinity) : (start + best, min);
    }
}
