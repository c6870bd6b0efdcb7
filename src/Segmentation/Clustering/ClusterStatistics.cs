using Segmentation.Kernels;

namespace Segmentation.Clustering;

/// <summary>Statistics of a labelled data set that every algorithm shares: centroids and inertia.</summary>
internal static class ClusterStatistics
{
    /// <summary>The (row-weighted) mean of each cluster's members; a cluster without members gets NaN.</summary>
    /// <param name="data">The clustered points.</param>
    /// <param name="labels">A label in [0, <paramref name="clusterCount"/>) or -1 (noise, ignored) per row.</param>
    /// <param name="clusterCount">The number of clusters.</param>
    /// <exception cref="ArgumentException">The labels do not fit the data.</exception>
    public static FeatureMatrix Centroids(FeatureMatrix data, IReadOnlyList<int> labels, int clusterCount)
    {
        CheckLabels(data, labels, clusterCount);
        int d = data.ColumnCount;
        var sums = new double[clusterCount * d];
        var weights = new double[clusterCount];
        for (int i = 0; i < data.RowCount; i++)
        {
            int label = labels[i];
            if (label < 0)
            {
                continue;
            }

            double w = data.Weight(i);
            weights[label] += w;
            Span<double> sum = sums.AsSpan(label * d, d);
            ReadOnlySpan<double> row = data.Row(i);
            for (int j = 0; j < d; j++)
            {
                sum[j] += w * row[j];
            }
        }

        for (int c = 0; c < clusterCount; c++)
        {
            Span<double> sum = sums.AsSpan(c * d, d);
            double scale = weights[c] > 0 ? 1.0 / weights[c] : double.NaN;
            for (int j = 0; j < d; j++)
            {
                sum[j] *= scale;
            }
        }

        return FeatureMatrix.Create(sums, d, data.Schema);
    }

    /// <summary>
    /// The (row-weighted) sum of squared Euclidean distances from each labelled point to its cluster's centroid;
    /// noise points (-1) are left out.
    /// </summary>
    public static double Inertia(FeatureMatrix data, IReadOnlyList<int> labels, FeatureMatrix centroids)
    {
        ArgumentNullException.ThrowIfNull(centroids);
        CheckLabels(data, labels, centroids.RowCount);
        if (centroids.ColumnCount != data.ColumnCount)
        {
            throw new ArgumentException($"The centroids have {centroids.ColumnCount} columns but the data has {data.ColumnCount}.", nameof(centroids));
        }

        // A label array is read directly (k selection scores a million labels per candidate): the same sum, in the same order.
        ReadOnlySpan<int> dense = labels is int[] array ? array : [.. labels];
        double total = 0;
        for (int i = 0; i < dense.Length; i++)
        {
            if (dense[i] >= 0)
            {
                total += data.Weight(i) * SquaredDistance(data.Row(i), centroids.Row(dense[i]));
            }
        }

        return total;
    }

    /// <summary>The squared Euclidean distance between two points of equal length.</summary>
    internal static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => RowOps.SquaredDistance(a, b);

    private static void CheckLabels(FeatureMatrix data, IReadOnlyList<int> labels, int clusterCount)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegative(clusterCount);
        if (labels.Count != data.RowCount)
        {
            throw new ArgumentException($"{labels.Count} labels were given for {data.RowCount} rows.", nameof(labels));
        }

        for (int i = 0; i < labels.Count; i++)
        {
            if (labels[i] < -1 || labels[i] >= clusterCount)
            {
                throw new ArgumentException($"Label {labels[i]} of row {i} is outside [-1, {clusterCount}).", nameof(labels));
            }
        }
    }
}
