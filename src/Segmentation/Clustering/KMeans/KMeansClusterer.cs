using Segmentation.Options;

namespace Segmentation.Clustering;

/// <summary>
/// Exact k-means (Lloyd's algorithm) with greedy k-means++ seeding, sample weights and restarts.
/// </summary>
/// <remarks>
/// <para>Follows scikit-learn's <c>KMeans(algorithm="lloyd")</c>: the same seeding scheme, the same convergence test
/// (labels unchanged, or total squared centre shift at most <c>tol × mean feature variance</c>), empty clusters
/// re-seeded from the points farthest from their centre, and a final assignment to the last centres.</para>
/// <para>Deterministic: the same data, options and seed give the same labels and inertia.</para>
/// <para>Thread-safe: <see cref="Fit"/> may run concurrently; the options are copied at construction.</para>
/// </remarks>
public sealed class KMeansClusterer : IClusterer
{
    /// <summary>The name under which the algorithm is known to the CLI and to DI.</summary>
    public const string AlgorithmName = "kmeans";

    private readonly KMeansOptions _options;

    /// <summary>Creates a clusterer with the given options.</summary>
    /// <exception cref="ArgumentException">An option is out of range (the message names it and the range).</exception>
    public KMeansClusterer(KMeansOptions options)
    {
        OptionsValidation.ThrowIfInvalid(options, nameof(options));
        _options = options.Clone();
    }

    /// <summary>Creates a clusterer with the default options and <paramref name="k"/> clusters.</summary>
    public KMeansClusterer(int k)
        : this(new KMeansOptions { K = k })
    {
    }

    /// <inheritdoc />
    public string Name => AlgorithmName;

    /// <summary>A copy of the options this clusterer uses.</summary>
    public KMeansOptions Options => _options.Clone();

    /// <inheritdoc />
    public IClusterModel Fit(FeatureMatrix data, CancellationToken cancellationToken = default) => FitModel(data, cancellationToken);

    /// <summary>Fits k-means and returns the typed model.</summary>
    /// <exception cref="ArgumentException">No rows, a non-finite value, or fewer distinct rows than <see cref="KMeansOptions.K"/>.</exception>
    public KMeansModel FitModel(FeatureMatrix data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        Validate(data);
        double tolerance = _options.Tolerance * MeanFeatureVariance(data);

        KMeansModel? best = null;
        for (int run = 0; run < _options.NInit; run++)
        {
            var random = new Random(unchecked(_options.Seed + run));
            double[] centers = KMeansPlusPlus.Seed(data, _options.K, random, cancellationToken);
            KMeansModel model = Lloyd(data, centers, tolerance, cancellationToken);
            if (best is null || model.Inertia < best.Inertia)
            {
                best = model;
            }
        }

        return best!;
    }

    private void Validate(FeatureMatrix data)
    {
        if (data.RowCount == 0)
        {
            throw new ArgumentException("k-means needs at least one row, but the data has none.", nameof(data));
        }

        if (data.ColumnCount == 0)
        {
            throw new ArgumentException("k-means needs at least one feature column, but the data has none.", nameof(data));
        }

        data.EnsureFinite("k-means");
        int distinct = CountDistinctRows(data, _options.K);
        if (distinct < _options.K)
        {
            throw new ArgumentException(
                $"k-means was asked for {_options.K} clusters but the data has only {distinct} distinct row(s); choose k <= {distinct}.",
                nameof(data));
        }
    }

    /// <summary>Counts distinct rows with positive weight, stopping early once <paramref name="enough"/> are found.</summary>
    private static int CountDistinctRows(FeatureMatrix data, int enough)
    {
        var seen = new HashSet<RowKey>();
        for (int i = 0; i < data.RowCount && seen.Count < enough; i++)
        {
            if (data.Weight(i) > 0)
            {
                seen.Add(new RowKey(data, i));
            }
        }

        return seen.Count;
    }

    private static double MeanFeatureVariance(FeatureMatrix data)
    {
        // Unweighted, as scikit-learn's _tolerance.
        int n = data.RowCount;
        int d = data.ColumnCount;
        double total = 0;
        for (int j = 0; j < d; j++)
        {
            double mean = 0;
            for (int i = 0; i < n; i++)
            {
                mean += data[i, j];
            }

            mean /= n;
            double variance = 0;
            for (int i = 0; i < n; i++)
            {
                double diff = data[i, j] - mean;
                variance += diff * diff;
            }

            total += variance / n;
        }

        return total / d;
    }

    private KMeansModel Lloyd(FeatureMatrix data, double[] centers, double tolerance, CancellationToken cancellationToken)
    {
        int n = data.RowCount;
        int d = data.ColumnCount;
        int k = _options.K;
        var labels = new int[n];
        var previous = new int[n];
        Array.Fill(previous, -1);
        var distances = new double[n];
        var newCenters = new double[k * d];
        var clusterWeights = new double[k];
        var inertiaTrace = new List<double>();
        bool strictConvergence = false;
        bool converged = false;
        int iteration = 0;

        while (iteration < _options.MaxIterations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            iteration++;
            double inertia = Assign(data, centers, labels, distances);
            inertiaTrace.Add(inertia);

            // Update step: weighted means; empty clusters take the farthest points.
            Array.Clear(newCenters);
            Array.Clear(clusterWeights);
            for (int i = 0; i < n; i++)
            {
                double w = data.Weight(i);
                clusterWeights[labels[i]] += w;
                Span<double> sum = newCenters.AsSpan(labels[i] * d, d);
                ReadOnlySpan<double> row = data.Row(i);
                for (int j = 0; j < d; j++)
                {
                    sum[j] += w * row[j];
                }
            }

            RelocateEmptyClusters(data, labels, distances, newCenters, clusterWeights);
            double shift = 0;
            for (int c = 0; c < k; c++)
            {
                Span<double> center = newCenters.AsSpan(c * d, d);
                double scale = 1.0 / clusterWeights[c];
                for (int j = 0; j < d; j++)
                {
                    center[j] *= scale;
                    double diff = center[j] - centers[(c * d) + j];
                    shift += diff * diff;
                }
            }

            (centers, newCenters) = (newCenters, centers);
            if (labels.AsSpan().SequenceEqual(previous))
            {
                strictConvergence = true;
                converged = true;
                break;
            }

            if (shift <= tolerance)
            {
                converged = true;
                break;
            }

            labels.AsSpan().CopyTo(previous);
        }

        // After a shift-based stop (or the last iteration) the labels belong to the previous centres: reassign.
        double finalInertia = strictConvergence ? ComputeInertia(data, centers, labels) : Assign(data, centers, labels, distances);
        var centroids = FeatureMatrix.Create(centers, d, data.Schema);
        return new KMeansModel(centroids, labels, finalInertia, iteration, converged, [.. inertiaTrace]);
    }

    /// <summary>Assigns each point to its nearest centre (lowest index on ties); returns the weighted inertia.</summary>
    private static double Assign(FeatureMatrix data, double[] centers, int[] labels, double[] distances)
    {
        int d = data.ColumnCount;
        int k = centers.Length / d;
        double inertia = 0;
        for (int i = 0; i < data.RowCount; i++)
        {
            ReadOnlySpan<double> row = data.Row(i);
            int best = 0;
            double bestDistance = double.PositiveInfinity;
            for (int c = 0; c < k; c++)
            {
                double dist = ClusterStatistics.SquaredDistance(row, centers.AsSpan(c * d, d));
                if (dist < bestDistance)
                {
                    bestDistance = dist;
                    best = c;
                }
            }

            labels[i] = best;
            distances[i] = bestDistance;
            inertia += data.Weight(i) * bestDistance;
        }

        return inertia;
    }

    private static double ComputeInertia(FeatureMatrix data, double[] centers, int[] labels)
    {
        int d = data.ColumnCount;
        double inertia = 0;
        for (int i = 0; i < data.RowCount; i++)
        {
            inertia += data.Weight(i) * ClusterStatistics.SquaredDistance(data.Row(i), centers.AsSpan(labels[i] * d, d));
        }

        return inertia;
    }

    /// <summary>
    /// Moves each empty cluster onto one of the points farthest from its centre (farthest first, lowest index on
    /// ties), taking that point out of its old cluster's sums, as scikit-learn does.
    /// </summary>
    private static void RelocateEmptyClusters(FeatureMatrix data, int[] labels, double[] distances, double[] sums, double[] clusterWeights)
    {
        int d = data.ColumnCount;
        int[] empty = [.. Enumerable.Range(0, clusterWeights.Length).Where(c => clusterWeights[c] <= 0)];
        if (empty.Length == 0)
        {
            return;
        }

        IEnumerable<int> byDistance = Enumerable.Range(0, data.RowCount)
            .Where(i => data.Weight(i) > 0)
            .OrderByDescending(i => distances[i])
            .ThenBy(i => i);
        int filled = 0;
        foreach (int point in byDistance)
        {
            int oldCluster = labels[point];
            double w = data.Weight(point);

            // Never empty the donor cluster: that would only move the problem.
            if (filled == empty.Length || clusterWeights[oldCluster] - w <= 0)
            {
                if (filled == empty.Length)
                {
                    break;
                }

                continue;
            }

            int target = empty[filled++];
            ReadOnlySpan<double> row = data.Row(point);
            Span<double> oldSum = sums.AsSpan(oldCluster * d, d);
            Span<double> newSum = sums.AsSpan(target * d, d);
            for (int j = 0; j < d; j++)
            {
                oldSum[j] -= w * row[j];
                newSum[j] = w * row[j];
            }

            clusterWeights[oldCluster] -= w;
            clusterWeights[target] = w;
            labels[point] = target;
        }
    }

    /// <summary>Row equality by value, for counting distinct rows.</summary>
    private readonly struct RowKey(FeatureMatrix data, int row) : IEquatable<RowKey>
    {
        private ReadOnlySpan<double> Values => data.Row(row);

        public bool Equals(RowKey other) => Values.SequenceEqual(other.Values);

        public override bool Equals(object? obj) => obj is RowKey other && Equals(other);

        public override int GetHashCode()
        {
            HashCode hash = default;
            foreach (double value in Values)
            {
                hash.Add(value);
            }

            return hash.ToHashCode();
        }
    }
}
