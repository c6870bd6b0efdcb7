using Segmentation.Kernels;

namespace Segmentation.Clustering.Quality;

/// <summary>
/// Internal validity indices of a clustering, with exactly scikit-learn's definitions (<c>silhouette_score</c>,
/// <c>calinski_harabasz_score</c>, <c>davies_bouldin_score</c>, Euclidean distance).
/// </summary>
/// <remarks>
/// <para>Rows labelled -1 (noise) are left out of every index; the remaining labels may be any non-negative integers
/// (they are re-numbered densely, as scikit-learn's <c>LabelEncoder</c> does). Row weights are ignored, as in
/// scikit-learn. The data must be finite (impute first).</para>
/// <para>Thread-safe; the silhouette uses every core and gives the same result for any number of threads.</para>
/// </remarks>
public static class ClusterQuality
{
    /// <summary>
    /// The (row-weighted) sum of squared Euclidean distances from each labelled point to its cluster's centroid;
    /// noise points (-1) are left out. What k-means minimises, for any algorithm's labels (its <c>inertia</c> metric).
    /// </summary>
    /// <param name="data">The clustered points, in model space.</param>
    /// <param name="labels">One label in [0, centroid count) or -1 (noise) per row.</param>
    /// <param name="centroids">One centroid per cluster, as wide as <paramref name="data"/>.</param>
    /// <exception cref="ArgumentException">The labels or centroids do not fit the data.</exception>
    public static double Inertia(FeatureMatrix data, IReadOnlyList<int> labels, FeatureMatrix centroids) =>
        ClusterStatistics.Inertia(data, labels, centroids);

    /// <summary>
    /// The mean silhouette coefficient over all (non-noise) rows, in [-1, 1]; higher is better. Exact (O(n²·d) time,
    /// O(n·d) memory) unless <paramref name="sampleSize"/> is given: then the mean silhouette of a random sample of that
    /// many rows (exact when the sample covers every row), as scikit-learn's <c>silhouette_score(..., sample_size=...)</c>:
    /// distances are computed within the sample only.
    /// </summary>
    /// <param name="data">The clustered points, in model space.</param>
    /// <param name="labels">One label per row (-1 = noise, left out, before sampling).</param>
    /// <param name="sampleSize">The number of rows to sample (at least 2), or <see langword="null"/> for the exact value over every row.</param>
    /// <param name="seed">The sampling seed; the same seed gives the same sample (the sample differs from scikit-learn's).</param>
    /// <param name="cancellationToken">Stops a long computation.</param>
    /// <exception cref="ArgumentException">Labels do not match the rows, the data is not finite, or there are not 2 to n - 1 clusters (in the sample, when sampling).</exception>
    public static double Silhouette(FeatureMatrix data, IReadOnlyList<int> labels, int? sampleSize = null, int seed = 0, CancellationToken cancellationToken = default) =>
        sampleSize is int size
            ? SampledSilhouette(data, labels, size, seed, cancellationToken)
            : SilhouetteSamples(data, labels, cancellationToken).Where(v => !double.IsNaN(v)).Average();

    private static double SampledSilhouette(FeatureMatrix data, IReadOnlyList<int> labels, int sampleSize, int seed, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleSize, 2);
        (double[] values, int[] dense, int n, int d, int clusters) = Prepare(data, labels, "silhouette", checkCount: false);
        if (sampleSize < n)
        {
            int[] chosen = SampleRowIndices(n, sampleSize, seed);
            var sampled = new double[sampleSize * d];
            var sampledLabels = new int[sampleSize];
            RowOps.Gather(values, d, chosen, sampled);
            for (int s = 0; s < sampleSize; s++)
            {
                sampledLabels[s] = dense[chosen[s]];
            }

            (dense, clusters) = Densify(sampledLabels);
            values = sampled;
            n = sampleSize;
        }

        CheckClusterCount(clusters, n, nameof(labels));
        return SilhouetteComputation.Samples(values, n, d, dense, clusters, cancellationToken).Average();
    }

    /// <summary>
    /// The rows <see cref="Silhouette(FeatureMatrix, IReadOnlyList{int}, int?, int, CancellationToken)"/> samples when no
    /// row is noise, drawn and copied once so that several labelings of the same data (k selection's candidates) share them.
    /// </summary>
    internal sealed record SilhouetteSample(int RowCount, int[] Rows, double[] Values)
    {
        /// <summary>The sample of <paramref name="sampleSize"/> (below the row count) rows of <paramref name="data"/> for <paramref name="seed"/>.</summary>
        public static SilhouetteSample Of(FeatureMatrix data, int sampleSize, int seed)
        {
            int d = data.ColumnCount;
            int[] rows = SampleRowIndices(data.RowCount, sampleSize, seed);
            var values = new double[rows.Length * d];
            RowOps.Gather(data.Values, d, rows, values);

            return new SilhouetteSample(data.RowCount, rows, values);
        }
    }

    /// <summary>
    /// <see cref="Silhouette(FeatureMatrix, IReadOnlyList{int}, int?, int, CancellationToken)"/> on a sample drawn
    /// beforehand, for labels without noise (the same value: renumbering the sample's labels densely gives the same
    /// numbers whether or not all labels were renumbered first).
    /// </summary>
    /// <exception cref="ArgumentException">A label is noise (-1), the labels do not match the rows, or the sample has fewer than 2 clusters.</exception>
    internal static double Silhouette(FeatureMatrix data, SilhouetteSample sample, IReadOnlyList<int> labels, CancellationToken cancellationToken)
    {
        if (labels.Count != sample.RowCount || sample.Rows.Length >= sample.RowCount)
        {
            throw new ArgumentException($"{labels.Count} labels were given for a sample of {sample.Rows.Length} of {sample.RowCount} rows.", nameof(labels));
        }

        var sampledLabels = new int[sample.Rows.Length];
        for (int s = 0; s < sampledLabels.Length; s++)
        {
            sampledLabels[s] = labels[sample.Rows[s]];
            if (sampledLabels[s] < 0)
            {
                throw new ArgumentException("The labels have noise (-1); sample without it.", nameof(labels));
            }
        }

        (int[] dense, int clusters) = Densify(sampledLabels);
        CheckClusterCount(clusters, sampledLabels.Length, nameof(labels));
        return SilhouetteComputation.Samples(sample.Values, sampledLabels.Length, data.ColumnCount, dense, clusters, cancellationToken).Average();
    }

    /// <summary>The silhouette coefficient of every row (NaN for noise rows), as scikit-learn's <c>silhouette_samples</c>.</summary>
    /// <param name="data">The clustered points.</param>
    /// <param name="labels">One label per row (-1 = noise).</param>
    /// <param name="cancellationToken">Stops a long computation.</param>
    /// <exception cref="ArgumentException">As <see cref="Silhouette(FeatureMatrix, IReadOnlyList{int}, int?, int, CancellationToken)"/>.</exception>
    public static double[] SilhouetteSamples(FeatureMatrix data, IReadOnlyList<int> labels, CancellationToken cancellationToken = default)
    {
        (double[] values, int[] dense, int n, int d, int clusters) = Prepare(data, labels, "silhouette", checkCount: true);
        double[] kept = SilhouetteComputation.Samples(values, n, d, dense, clusters, cancellationToken);
        var result = new double[labels.Count];
        for (int i = 0, r = 0; i < result.Length; i++)
        {
            result[i] = labels[i] < 0 ? double.NaN : kept[r++];
        }

        return result;
    }

    /// <summary>
    /// The Calinski-Harabasz index (variance ratio criterion): between-cluster dispersion × (n - k) over within-cluster
    /// dispersion × (k - 1); higher is better. 1 when every cluster is a single point value (no within dispersion).
    /// </summary>
    /// <exception cref="ArgumentException">Labels do not match the rows, the data is not finite, or there are not 2 to n - 1 clusters.</exception>
    public static double CalinskiHarabasz(FeatureMatrix data, IReadOnlyList<int> labels)
    {
        (double[] values, int[] dense, int n, int d, int k) = Prepare(data, labels, "Calinski-Harabasz", checkCount: true);
        return Dispersion.Of(values, dense, n, d, k).CalinskiHarabasz();
    }

    /// <summary>
    /// The Davies-Bouldin index: the mean over clusters of the worst ratio (s_i + s_j) / d(c_i, c_j), where s is the mean
    /// distance of members to their centroid; lower is better, 0 when clusters are points or centroids coincide.
    /// </summary>
    /// <exception cref="ArgumentException">Labels do not match the rows, the data is not finite, or there are not 2 to n - 1 clusters.</exception>
    public static double DaviesBouldin(FeatureMatrix data, IReadOnlyList<int> labels)
    {
        (double[] values, int[] dense, int n, int d, int k) = Prepare(data, labels, "Davies-Bouldin", checkCount: true);
        return Dispersion.Of(values, dense, n, d, k).DaviesBouldin();
    }

    /// <summary>
    /// <see cref="CalinskiHarabasz"/> and <see cref="DaviesBouldin"/> from one preparation and one pass over the rows
    /// (the same values as the two calls give).
    /// </summary>
    /// <exception cref="ArgumentException">As the two indices.</exception>
    internal static (double CalinskiHarabasz, double DaviesBouldin) CalinskiHarabaszAndDaviesBouldin(FeatureMatrix data, IReadOnlyList<int> labels)
    {
        (double[] values, int[] dense, int n, int d, int k) = Prepare(data, labels, "Calinski-Harabasz and Davies-Bouldin", checkCount: true);
        Dispersion dispersion = Dispersion.Of(values, dense, n, d, k);
        return (dispersion.CalinskiHarabasz(), dispersion.DaviesBouldin());
    }

    /// <summary>
    /// <see cref="Inertia"/> against <paramref name="centroids"/> with <see cref="CalinskiHarabaszAndDaviesBouldin"/>
    /// (the same values as the separate calls give, and the same exceptions). For labels read directly as an array,
    /// without noise and already numbered 0..k-1 with no cluster empty (what k-means predicts), the inertia is summed
    /// in the pass that sums the member means, and the labels are not copied.
    /// </summary>
    /// <exception cref="ArgumentException">As <see cref="Inertia"/> and the two indices.</exception>
    internal static (double Inertia, double CalinskiHarabasz, double DaviesBouldin) InertiaCalinskiHarabaszAndDaviesBouldin(FeatureMatrix data, IReadOnlyList<int> labels, FeatureMatrix centroids)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(centroids);
        if (labels is not int[] array || array.Length != data.RowCount || centroids.ColumnCount != data.ColumnCount || !IsDense(array, centroids.RowCount))
        {
            // Whatever Inertia checks first (labels out of range, a width mismatch) fails as the separate calls did.
            double inertia = ClusterStatistics.Inertia(data, labels, centroids);
            (double ch, double db) = CalinskiHarabaszAndDaviesBouldin(data, labels);
            return (inertia, ch, db);
        }

        (double[] values, int[] dense, int n, int d, int k) = Prepare(data, labels, "Calinski-Harabasz and Davies-Bouldin", checkCount: true);
        Dispersion dispersion = Dispersion.Of(values, dense, n, d, k, centroids.ValuesArray, data.WeightsArray);
        return (dispersion.Inertia, dispersion.CalinskiHarabasz(), dispersion.DaviesBouldin());
    }

    /// <summary>
    /// <paramref name="sampleSize"/> distinct row indices out of <paramref name="n"/>, drawn with a seeded partial
    /// Fisher-Yates shuffle and returned in ascending order; every row when the sample covers them all.
    /// </summary>
    internal static int[] SampleRowIndices(int n, int sampleSize, int seed)
    {
        if (sampleSize >= n)
        {
            return [.. Enumerable.Range(0, n)];
        }

        int[] indices = [.. Enumerable.Range(0, n)];
        var random = new Random(seed);
        for (int i = 0; i < sampleSize; i++)
        {
            int j = random.Next(i, n);
            (indices[i], indices[j]) = (indices[j], indices[i]);
        }

        int[] chosen = indices.AsSpan(0, sampleSize).ToArray();
        Array.Sort(chosen);
        return chosen;
    }

    /// <summary>
    /// The non-noise rows (row-major; the matrix's own storage, read only, when no row is noise, else a copy), with
    /// labels re-numbered densely in ascending order.
    /// </summary>
    private static (double[] Values, int[] Labels, int N, int D, int Clusters) Prepare(FeatureMatrix data, IReadOnlyList<int> labels, string index, bool checkCount)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count != data.RowCount)
        {
            throw new ArgumentException($"{labels.Count} labels were given for {data.RowCount} rows.", nameof(labels));
        }

        data.EnsureFinite($"The {index} index");
        int d = data.ColumnCount;

        // A label array is read directly rather than through the interface (a million labels per candidate in k selection).
        int[]? array = labels as int[];
        ReadOnlySpan<int> given = array ?? [.. labels];
        int n = 0;
        foreach (int label in given)
        {
            n += label >= 0 ? 1 : 0;
        }

        double[] values;
        int[] kept;
        if (n == given.Length)
        {
            // Read only below: a caller's array is used as it is (Densify returns it when it is already dense).
            values = data.ValuesArray;
            kept = array ?? given.ToArray();
        }
        else
        {
            kept = new int[n];
            values = new double[n * d];
            for (int i = 0, r = 0; i < given.Length; i++)
            {
                if (given[i] >= 0)
                {
                    data.Row(i).CopyTo(values.AsSpan(r * d, d));
                    kept[r++] = given[i];
                }
            }
        }

        (int[] dense, int clusters) = Densify(kept);
        if (checkCount)
        {
            CheckClusterCount(clusters, n, nameof(labels));
        }

        return (values, dense, n, d, clusters);
    }

    /// <summary>Whether every label is in [0, <paramref name="limit"/>) and every number below the largest is used: <see cref="Densify"/> would keep them as they are.</summary>
    private static bool IsDense(int[] labels, int limit)
    {
        var used = new bool[Math.Max(limit, 0)];
        int max = -1;
        foreach (int label in labels)
        {
            if ((uint)label >= (uint)limit)
            {
                return false;
            }

            used[label] = true;
            max = Math.Max(max, label);
        }

        return Array.IndexOf(used, false, 0, max + 1) < 0;
    }

    /// <summary>
    /// Re-numbers non-negative labels 0..count-1 in ascending order (a direct table when labels are small, as they usually
    /// are); labels that already are (every number up to the largest used) are returned as they are, not copied.
    /// </summary>
    private static (int[] Dense, int Count) Densify(int[] labels)
    {
        int max = -1;
        foreach (int label in labels)
        {
            max = Math.Max(max, label);
        }

        if (max > 4 * Math.Max(labels.Length, 1024))
        {
            int[] distinct = [.. labels.Distinct().Order()];
            var map = new Dictionary<int, int>(distinct.Length);
            for (int c = 0; c < distinct.Length; c++)
            {
                map[distinct[c]] = c;
            }

            return ([.. labels.Select(l => map[l])], distinct.Length);
        }

        var table = new int[max + 1];
        foreach (int label in labels)
        {
            table[label] = 1;
        }

        int count = 0;
        for (int c = 0; c < table.Length; c++)
        {
            table[c] = table[c] == 0 ? -1 : count++;
        }

        if (count == table.Length)
        {
            return (labels, count);
        }

        var dense = new int[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            dense[i] = table[labels[i]];
        }

        return (dense, count);
    }

    private static void CheckClusterCount(int clusters, int n, string paramName)
    {
        if (clusters < 2 || clusters > n - 1)
        {
            throw new ArgumentException($"The labels form {clusters} clusters over {n} labelled rows; these indices need between 2 and n - 1 clusters (as scikit-learn).", paramName);
        }
    }
}
