using Segmentation.Kernels;

namespace Segmentation.Clustering.Quality;

/// <summary>
/// What the Calinski-Harabasz and Davies-Bouldin indices share, from one pass over the rows: the member means, the
/// overall mean, and each row's squared distance to its member mean summed (Calinski-Harabasz) and, as a distance,
/// per cluster (Davies-Bouldin).
/// </summary>
/// <remarks>
/// Every sum runs over the rows in their order, as scikit-learn's and this project's earlier separate passes did, so
/// the indices are the same values to the last bit; only the per-coordinate sums are vectorised (each coordinate's
/// own sum keeps its order).
/// </remarks>
internal sealed class Dispersion
{
    private Dispersion(int n, int d, int k, double[] centroids, int[] sizes, double[] mean, double within, double[] meanDistance, double inertia)
    {
        Inertia = inertia;
        N = n;
        D = d;
        K = k;
        Centroids = centroids;
        Sizes = sizes;
        Mean = mean;
        Within = within;
        MeanDistance = meanDistance;
    }

    private int N { get; }

    private int D { get; }

    private int K { get; }

    /// <summary>k × d member means, row-major.</summary>
    private double[] Centroids { get; }

    private int[] Sizes { get; }

    /// <summary>The mean of every row.</summary>
    private double[] Mean { get; }

    /// <summary>The sum of squared distances of the rows to their member mean.</summary>
    private double Within { get; }

    /// <summary>Per cluster, the mean distance of its members to their mean.</summary>
    private double[] MeanDistance { get; }

    /// <summary>
    /// The (row-weighted) sum of squared distances of the rows to the given centres of their labels, as
    /// <see cref="ClusterStatistics.Inertia"/> sums it (same rows, same order); NaN when no centres were given.
    /// </summary>
    public double Inertia { get; }

    /// <summary>The dispersion of <paramref name="n"/> row-major rows with dense labels in [0, <paramref name="k"/>), every cluster non-empty.</summary>
    /// <param name="values">The rows.</param>
    /// <param name="dense">Their labels.</param>
    /// <param name="n">The number of rows.</param>
    /// <param name="d">The number of columns.</param>
    /// <param name="k">The number of clusters.</param>
    /// <param name="inertiaCentres">
    /// When given (k × d or more, row-major, indexed by the dense label), <see cref="Inertia"/> against them is summed in
    /// the same pass over the rows as the member means: k selection reads a million rows once less per candidate.
    /// </param>
    /// <param name="weights">The row weights of the inertia (1 each when null).</param>
    public static Dispersion Of(double[] values, int[] dense, int n, int d, int k, double[]? inertiaCentres = null, double[]? weights = null)
    {
        var centroids = new double[k * d];
        var sizes = new int[k];
        var mean = new double[d];
        double inertia = inertiaCentres is null ? double.NaN : 0;
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<double> row = values.AsSpan(i * d, d);
            sizes[dense[i]]++;
            RowOps.AddScaled(centroids.AsSpan(dense[i] * d, d), row, 1.0);
            RowOps.AddScaled(mean, row, 1.0);
            if (inertiaCentres is not null)
            {
                inertia += (weights is null ? 1.0 : weights[i]) * ClusterStatistics.SquaredDistance(row, inertiaCentres.AsSpan(dense[i] * d, d));
            }
        }

        for (int c = 0; c < k; c++)
        {
            for (int j = 0; j < d; j++)
            {
                centroids[(c * d) + j] /= sizes[c];
            }
        }

        for (int j = 0; j < d; j++)
        {
            mean[j] /= n;
        }

        double within = 0;
        var meanDistance = new double[k];
        for (int i = 0; i < n; i++)
        {
            double squared = ClusterStatistics.SquaredDistance(values.AsSpan(i * d, d), centroids.AsSpan(dense[i] * d, d));
            within += squared;
            meanDistance[dense[i]] += Math.Sqrt(squared);
        }

        for (int c = 0; c < k; c++)
        {
            meanDistance[c] /= sizes[c];
        }

        return new Dispersion(n, d, k, centroids, sizes, mean, within, meanDistance, inertia);
    }

    /// <summary>Between-cluster dispersion × (n - k) over within-cluster dispersion × (k - 1); 1 without within dispersion.</summary>
    public double CalinskiHarabasz()
    {
        double extra = 0;
        for (int c = 0; c < K; c++)
        {
            extra += Sizes[c] * ClusterStatistics.SquaredDistance(Centroids.AsSpan(c * D, D), Mean);
        }

        return Within == 0 ? 1.0 : extra * (N - K) / (Within * (K - 1.0));
    }

    /// <summary>The mean over clusters of the worst (s_a + s_b) / d(c_a, c_b); 0 when clusters are points or centroids coincide.</summary>
    public double DaviesBouldin()
    {
        int k = K;
        var between = new double[k * k];
        for (int a = 0; a < k; a++)
        {
            for (int b = 0; b < k; b++)
            {
                between[(a * k) + b] = a == b ? 0 : Math.Sqrt(ClusterStatistics.SquaredDistance(Centroids.AsSpan(a * D, D), Centroids.AsSpan(b * D, D)));
            }
        }

        // numpy.allclose(x, 0): |x| <= 1e-8 everywhere.
        if (MeanDistance.All(v => Math.Abs(v) <= 1e-8) || between.All(v => Math.Abs(v) <= 1e-8))
        {
            return 0;
        }

        double total = 0;
        for (int a = 0; a < k; a++)
        {
            double worst = double.NegativeInfinity;
            for (int b = 0; b < k; b++)
            {
                double distance = between[(a * k) + b];
                double ratio = (MeanDistance[a] + MeanDistance[b]) / (distance == 0 ? double.PositiveInfinity : distance);
                worst = Math.Max(worst, ratio);
            }

            total += worst;
        }

        return total / k;
    }
}
