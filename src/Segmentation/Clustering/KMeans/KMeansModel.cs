using Segmentation.Kernels;

namespace Segmentation.Clustering.KMeans;

/// <summary>A fitted k-means model: centroids, the labels of the training rows, inertia and convergence.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class KMeansModel : IClusterModel
{
    private readonly int[] _labels;
    private readonly double[] _inertiaByIteration;
    private CenterPanel<double>? _panel;

    internal KMeansModel(FeatureMatrix centroids, int[] labels, double inertia, int iterations, bool converged, double[] inertiaByIteration, string algorithm = KMeansClusterer.AlgorithmName)
    {
        Algorithm = algorithm;
        Centroids = centroids;
        _labels = labels;
        Inertia = inertia;
        Iterations = iterations;
        Converged = converged;
        _inertiaByIteration = inertiaByIteration;
        FitMetrics = new Dictionary<string, double>
        {
            ["inertia"] = inertia,
            ["iterations"] = iterations,
            ["converged"] = converged ? 1 : 0,
        };
    }

    /// <inheritdoc />
    public string Algorithm { get; }

    /// <inheritdoc />
    public int ClusterCount => Centroids.RowCount;

    /// <inheritdoc />
    public int FeatureCount => Centroids.ColumnCount;

    /// <inheritdoc />
    public IReadOnlyList<int> Labels => _labels;

    /// <summary>The cluster centres (k rows, in model space).</summary>
    public FeatureMatrix Centroids { get; }

    /// <summary>The (weighted) sum of squared distances of the training rows to their centre.</summary>
    public double Inertia { get; }

    /// <summary>The number of Lloyd iterations of the kept run (for mini-batch k-means: the number of batches).</summary>
    public int Iterations { get; }

    /// <summary>Whether the kept run converged before <see cref="KMeansOptions.MaxIterations"/>.</summary>
    public bool Converged { get; }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> FitMetrics { get; }

    /// <summary>The inertia measured at each assignment step of the kept run (for diagnostics and tests).</summary>
    internal IReadOnlyList<double> InertiaByIteration => _inertiaByIteration;

    /// <inheritdoc />
    public int Predict(ReadOnlySpan<double> point)
    {
        PointValidation.Check(point, FeatureCount);
        return Nearest(point, out _);
    }

    /// <summary>The squared Euclidean distance from <paramref name="point"/> to every centroid.</summary>
    /// <exception cref="ArgumentException">The point has the wrong length or a non-finite value.</exception>
    public double[] Transform(ReadOnlySpan<double> point)
    {
        PointValidation.Check(point, FeatureCount);
        var distances = new double[ClusterCount];
        for (int c = 0; c < distances.Length; c++)
        {
            distances[c] = ClusterStatistics.SquaredDistance(point, Centroids.Row(c));
        }

        return distances;
    }

    /// <summary>The nearest centroid of every row of <paramref name="data"/>, through the SIMD kernels.</summary>
    /// <exception cref="ArgumentException">The data has the wrong number of columns or a non-finite value.</exception>
    public int[] Predict(FeatureMatrix data)
    {
        CheckBatch(data);
        var labels = new int[data.RowCount];
        if (labels.Length > 0)
        {
            DistanceKernels.FindNearest(data.Values, FeatureCount, [], Panel, labels, new double[labels.Length], [], DistanceKernels.BestPath);
        }

        return labels;
    }

    /// <summary>
    /// The squared Euclidean distance from every row of <paramref name="data"/> to every centroid: an n × k matrix
    /// whose column c is the distance to centroid c (scikit-learn's <c>transform</c>, squared).
    /// </summary>
    /// <exception cref="ArgumentException">The data has the wrong number of columns or a non-finite value.</exception>
    public FeatureMatrix Transform(FeatureMatrix data)
    {
        CheckBatch(data);
        var distances = new double[data.RowCount * ClusterCount];
        DistanceKernels.SquaredDistances(data.Values, FeatureCount, Panel, distances, DistanceKernels.BestPath);
        return FeatureMatrix.Create(distances, ClusterCount, FeatureSchema.Default(ClusterCount));
    }

    /// <summary>The centroids prepared for the distance kernels (made on first use; the same for every caller).</summary>
    internal CenterPanel<double> Panel => _panel ??= CenterPanel<double>.Create(Centroids.Values, FeatureCount);

    private void CheckBatch(FeatureMatrix data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.ColumnCount != FeatureCount)
        {
            throw new ArgumentException($"The data has {data.ColumnCount} features but the model was fitted on {FeatureCount}.", nameof(data));
        }

        data.EnsureFinite("k-means prediction");
    }

    /// <summary>The nearest centroid (lowest index on ties) and its squared distance.</summary>
    internal int Nearest(ReadOnlySpan<double> point, out double distance)
    {
        int best = 0;
        distance = double.PositiveInfinity;
        for (int c = 0; c < ClusterCount; c++)
        {
            double dist = ClusterStatistics.SquaredDistance(point, Centroids.Row(c));
            if (dist < distance)
            {
                distance = dist;
                best = c;
            }
        }

        return best;
    }
}
