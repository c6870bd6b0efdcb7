using Segmentation.Clustering.Internal;

namespace Segmentation.Clustering;

/// <summary>A fitted k-means model: centroids, the labels of the training rows, inertia and convergence.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class KMeansModel : IClusterModel
{
    private readonly int[] _labels;
    private readonly double[] _inertiaByIteration;

    internal KMeansModel(FeatureMatrix centroids, int[] labels, double inertia, int iterations, bool converged, double[] inertiaByIteration)
    {
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
    public string Algorithm => KMeansClusterer.AlgorithmName;

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

    /// <summary>The number of Lloyd iterations of the kept run.</summary>
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
