namespace Segmentation.Clustering.Hierarchical;

/// <summary>
/// SciPy's <c>cophenet(Z, pdist(X))[0]</c> without either n² array: pairs are visited merge by merge (every pair
/// split by a merge has that merge's height as cophenetic distance), their Euclidean distance computed on the fly.
/// </summary>
/// <remarks>
/// The cophenetic mean and spread follow in closed form from the merges. The distance sums are taken around a shift
/// (a sample mean) so that centring after one pass loses no precision.
/// </remarks>
internal static class CopheneticStatistics
{
    public static double Compute(FeatureMatrix data, Dendrogram dendrogram, CancellationToken cancellationToken)
    {
        int n = data.RowCount;
        IReadOnlyList<DendrogramMerge> merges = dendrogram.Merges;
        double pairs = (double)n * (n - 1) / 2;
        if (n < 3)
        {
            return double.NaN;
        }

        // Members of every node as linked lists over the rows: head/tail per node, next per row.
        int nodes = (2 * n) - 1;
        int[] head = new int[nodes];
        int[] tail = new int[nodes];
        int[] next = new int[n];
        int[] size = new int[nodes];
        for (int i = 0; i < n; i++)
        {
            head[i] = i;
            tail[i] = i;
            next[i] = -1;
            size[i] = 1;
        }

        double meanZ = 0;
        for (int k = 0; k < merges.Count; k++)
        {
            DendrogramMerge m = merges[k];
            size[n + k] = size[m.A] + size[m.B];
            meanZ += m.Distance * ((double)size[m.A] * size[m.B] / pairs);
        }

        double shift = SampleMeanDistance(data);
        double sumY = 0;
        double sumYY = 0;
        double sumYZ = 0;
        double sumZ = 0;
        double sumZZ = 0;
        for (int k = 0; k < merges.Count; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            DendrogramMerge m = merges[k];
            double s1 = 0;
            double s2 = 0;
            for (int a = head[m.A]; a >= 0; a = next[a])
            {
                ReadOnlySpan<double> rowA = data.Row(a);
                for (int b = head[m.B]; b >= 0; b = next[b])
                {
                    double y = Math.Sqrt(ClusterStatistics.SquaredDistance(rowA, data.Row(b))) - shift;
                    s1 += y;
                    s2 += y * y;
                }
            }

            double count = (double)size[m.A] * size[m.B];
            double dz = m.Distance - meanZ;
            sumY += s1;
            sumYY += s2;
            sumYZ += dz * s1;
            sumZ += dz * count;
            sumZZ += dz * dz * count;

            int node = n + k;
            head[node] = head[m.A];
            next[tail[m.A]] = head[m.B];
            tail[node] = tail[m.B];
        }

        double meanYShifted = sumY / pairs;
        double syy = sumYY - (pairs * meanYShifted * meanYShifted);
        double syz = sumYZ - (meanYShifted * sumZ);
        return syz / Math.Sqrt(syy * sumZZ);
    }

    /// <summary>The mean distance over a deterministic sample of pairs: only a shift, so any estimate near the mean does.</summary>
    private static double SampleMeanDistance(FeatureMatrix data)
    {
        int n = data.RowCount;
        int samples = Math.Min(n, 1000);
        double sum = 0;
        for (int s = 0; s < samples; s++)
        {
            int i = (int)((long)s * n / samples);
            int j = (int)(((long)i * 7919 + 1) % n);
            if (j == i)
            {
                j = (i + 1) % n;
            }

            sum += Math.Sqrt(ClusterStatistics.SquaredDistance(data.Row(i), data.Row(j)));
        }

        return sum / samples;
    }
}
