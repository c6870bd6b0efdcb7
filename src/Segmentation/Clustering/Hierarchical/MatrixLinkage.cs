namespace Segmentation.Clustering.Hierarchical;

/// <summary>
/// Linkage on the condensed distance matrix with Lance–Williams updates, step for step as SciPy 1.10's
/// <c>nn_chain</c> (ward, complete, average, weighted) and <c>fast_linkage</c> (centroid, median), with the same
/// floating-point expressions, so heights and tie resolution match SciPy bit for bit.
/// </summary>
/// <remarks>Cluster sizes in the updates are the summed row weights (the row counts when there are no weights).</remarks>
internal static class MatrixLinkage
{
    public static MergeLog NearestNeighborChain(FeatureMatrix data, Linkage linkage, LinkageRun run)
    {
        int n = data.RowCount;
        var log = new MergeLog(n);
        if (n < 2)
        {
            return log;
        }

        using var distances = new CondensedDistances(data, run);
        double[] size = Weights(data);
        if (linkage == Linkage.Ward && data.RowWeights is not null)
        {
            // Ward's distance between single weighted rows is √(2·wᵢ·wⱼ/(wᵢ+wⱼ))·‖xᵢ − xⱼ‖ (1 when unweighted).
            for (int i = 0; i < n; i++)
            {
                for (int j = i + 1; j < n; j++)
                {
                    distances[i, j] *= Math.Sqrt(2.0 * size[i] * size[j] / (size[i] + size[j]));
                }
            }
        }

        int[] count = new int[n];
        Array.Fill(count, 1);
        int[] chain = new int[n];
        int chainLength = 0;
        for (int k = 0; k < n - 1; k++)
        {
            run.ThrowIfCancellationRequested();
            if (chainLength == 0)
            {
                chainLength = 1;
                chain[0] = Array.FindIndex(size, s => s > 0);
            }

            int x;
            int y = 0;
            double currentMin;
            while (true)
            {
                x = chain[chainLength - 1];

                // Prefer the previous element of the chain: that is what stops cycles on ties.
                if (chainLength > 1)
                {
                    y = chain[chainLength - 2];
                    currentMin = distances[x, y];
                }
                else
                {
                    currentMin = double.PositiveInfinity;
                }

                for (int i = 0; i < n; i++)
                {
                    if (size[i] == 0 || i == x)
                    {
                        continue;
                    }

                    double dist = distances[x, i];
                    if (dist < currentMin)
                    {
                        currentMin = dist;
                        y = i;
                    }
                }

                if (chainLength > 1 && y == chain[chainLength - 2])
                {
                    break;
                }

                chain[chainLength++] = y;
            }

            chainLength -= 2;
            if (x > y)
            {
                (x, y) = (y, x);
            }

            double nx = size[x];
            double ny = size[y];
            log.Add(x, y, currentMin, count[x] + count[y]);
            size[x] = 0;
            size[y] = nx + ny;
            count[y] += count[x];
            for (int i = 0; i < n; i++)
            {
                double ni = size[i];
                if (ni == 0 || i == y)
                {
                    continue;
                }

                distances[i, y] = Update(linkage, distances[i, x], distances[i, y], currentMin, nx, ny, ni);
            }

            run.Report(k + 1, n - 1);
        }

        return log;
    }

    public static MergeLog Generic(FeatureMatrix data, Linkage linkage, LinkageRun run)
    {
        int n = data.RowCount;
        var log = new MergeLog(n);
        if (n < 2)
        {
            return log;
        }

        using var distances = new CondensedDistances(data, run);
        double[] size = Weights(data);
        int[] count = new int[n];
        Array.Fill(count, 1);
        int[] clusterId = new int[n];
        for (int i = 0; i < n; i++)
        {
            clusterId[i] = i;
        }

        int[] neighbor = new int[n - 1];
        double[] minDist = new double[n - 1];
        for (int x = 0; x < n - 1; x++)
        {
            (neighbor[x], minDist[x]) = FindNearestAbove(distances, size, x);
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
                if (y >= 0 && dist == distances[x, y])
                {
                    break;
                }

                (y, dist) = FindNearestAbove(distances, size, x);
                neighbor[x] = y;
                minDist[x] = dist;
                heap.ChangeValue(x, dist);
            }

            heap.RemoveMin();
            double nx = size[x];
            double ny = size[y];
            log.Add(clusterId[x], clusterId[y], dist, count[x] + count[y]);
            size[x] = 0;
            size[y] = nx + ny;
            count[y] += count[x];
            clusterId[y] = n + k;
            for (int z = 0; z < n; z++)
            {
                double nz = size[z];
                if (nz == 0 || z == y)
                {
                    continue;
                }

                distances[z, y] = Update(linkage, distances[z, x], distances[z, y], dist, nx, ny, nz);
            }

            for (int z = 0; z < x; z++)
            {
                if (size[z] > 0 && neighbor[z] == x)
                {
                    neighbor[z] = y;
                }
            }

            for (int z = 0; z < y; z++)
            {
                if (size[z] == 0)
                {
                    continue;
                }

                double toY = distances[z, y];
                if (toY < minDist[z])
                {
                    neighbor[z] = y;
                    minDist[z] = toY;
                    heap.ChangeValue(z, toY);
                }
            }

            if (y < n - 1)
            {
                (int z, double toZ) = FindNearestAbove(distances, size, y);
                neighbor[y] = z;
                minDist[y] = toZ;
                heap.ChangeValue(y, toZ);
            }

            run.Report(k + 1, n - 1);
        }

        return log;
    }

    /// <summary>SciPy's Lance–Williams updates (<c>_hierarchy_distance_update.pxi</c>), expression for expression.</summary>
    internal static double Update(Linkage linkage, double dxi, double dyi, double dxy, double sx, double sy, double si)
    {
        switch (linkage)
        {
            case Linkage.Single:
                return Math.Min(dxi, dyi);
            case Linkage.Complete:
                return Math.Max(dxi, dyi);
            case Linkage.Average:
                return ((sx * dxi) + (sy * dyi)) / (sx + sy);
            case Linkage.Weighted:
                return 0.5 * (dxi + dyi);
            case Linkage.Centroid:
                return Math.Sqrt(((sx * dxi * dxi) + (sy * dyi * dyi) - (sx * sy * dxy * dxy / (sx + sy))) / (sx + sy));
            case Linkage.Median:
                return Math.Sqrt((0.5 * ((dxi * dxi) + (dyi * dyi))) - (0.25 * dxy * dxy));
            case Linkage.Ward:
                double t = 1.0 / (sx + sy + si);
                return Math.Sqrt(((si + sx) * t * dxi * dxi) + ((si + sy) * t * dyi * dyi) - (si * t * dxy * dxy));
            default:
                throw new ArgumentOutOfRangeException(nameof(linkage), linkage, "Unknown linkage.");
        }
    }

    private static double[] Weights(FeatureMatrix data)
    {
        double[] weights = new double[data.RowCount];
        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = data.Weight(i);
        }

        return weights;
    }

    private static (int Neighbor, double Distance) FindNearestAbove(CondensedDistances distances, double[] size, int x)
    {
        double currentMin = double.PositiveInfinity;
        int y = -1;
        for (int i = x + 1; i < size.Length; i++)
        {
            if (size[i] == 0)
            {
                continue;
            }

            double dist = distances[x, i];
            if (dist < currentMin)
            {
                currentMin = dist;
                y = i;
            }
        }

        return (y, currentMin);
    }
}
