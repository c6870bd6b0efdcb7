using Segmentation.Clustering.KMeans;
using Segmentation.Kernels;

namespace Segmentation.Clustering.MiniBatchKMeans;

/// <summary>
/// Incremental mini-batch k-means (Sculley 2010, scikit-learn's update): each batch is assigned through the SIMD
/// kernels and every center moves to the weighted mean of everything it has absorbed so far. Feed it batches streamed
/// from a reader with <see cref="PartialFit"/>; the data never has to be in memory at once.
/// </summary>
/// <remarks>Not thread-safe: one trainer consumes one stream. Create it with <see cref="MiniBatchKMeansClusterer.CreateTrainer"/>.</remarks>
internal sealed class MiniBatchKMeansTrainer
{
    private readonly MiniBatchKMeansOptions _options;
    private readonly Random _random;
    private double[]? _centers;
    private double[] _counts = [];
    private int _featureCount = -1;

    internal MiniBatchKMeansTrainer(MiniBatchKMeansOptions options)
    {
        _options = options;
        _random = new Random(options.Seed);
    }

    /// <summary>The number of batches absorbed so far.</summary>
    public int BatchCount { get; private set; }

    /// <summary>The weighted inertia of the last batch against the centers it was assigned to.</summary>
    public double LastBatchInertia { get; private set; } = double.NaN;

    /// <summary>The current centers, or <see langword="null"/> before the first batch.</summary>
    public FeatureMatrix? Centroids => _centers is null ? null : FeatureMatrix.FromSpan(_centers, _featureCount);

    /// <summary>Absorbs one batch. The first batch also seeds the centers (unless they were given).</summary>
    /// <param name="batch">Finite rows with the same columns as every other batch; the first needs at least K distinct rows (unless centers were given).</param>
    /// <exception cref="ArgumentException">The batch is empty, has another width than the earlier ones, holds a non-finite value, or cannot seed K centers.</exception>
    public void PartialFit(FeatureMatrix batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.RowCount == 0)
        {
            throw new ArgumentException("A mini-batch needs at least one row, but this one has none.", nameof(batch));
        }

        batch.EnsureFinite("mini-batch k-means");
        int d = batch.ColumnCount;
        if (_featureCount >= 0 && d != _featureCount)
        {
            throw new ArgumentException($"The batch has {d} columns but earlier batches had {_featureCount}.", nameof(batch));
        }

        double[] centers = _centers ??= Seed(batch);

        int k = _options.K;
        var labels = new int[batch.RowCount];
        var scores = new double[batch.RowCount];
        DistanceKernels.FindNearest(batch.Values, d, [], CenterPanel<double>.Create(centers, d), labels, scores, [], DistanceKernels.BestPath);

        var sums = new double[k * d];
        var weights = new double[k];
        double inertia = 0;
        for (int i = 0; i < batch.RowCount; i++)
        {
            double w = batch.Weight(i);
            ReadOnlySpan<double> row = batch.Row(i);
            inertia += w * RowOps.SquaredDistance(row, centers.AsSpan(labels[i] * d, d));
            RowOps.AddScaled(sums.AsSpan(labels[i] * d, d), row, w);
            weights[labels[i]] += w;
        }

        for (int c = 0; c < k; c++)
        {
            if (weights[c] <= 0)
            {
                continue;
            }

            // The running weighted mean of every point the center has absorbed.
            double total = _counts[c] + weights[c];
            for (int j = 0; j < d; j++)
            {
                int index = (c * d) + j;
                centers[index] = ((centers[index] * _counts[c]) + sums[index]) / total;
            }

            _counts[c] = total;
        }

        LastBatchInertia = inertia;
        BatchCount++;
    }

    /// <summary>
    /// A model with the current centers. With <paramref name="data"/>, its rows are assigned and become the model's
    /// labels and inertia; without, the model has no training labels and an inertia of NaN.
    /// </summary>
    /// <exception cref="InvalidOperationException">No batch has been absorbed yet.</exception>
    public KMeansModel ToModel(FeatureMatrix? data = null)
    {
        if (_centers is null)
        {
            throw new InvalidOperationException("The trainer has not seen a batch yet; call PartialFit first.");
        }

        var centroids = FeatureMatrix.FromSpan(_centers, _featureCount);
        int[] labels = [];
        double inertia = double.NaN;
        if (data is not null)
        {
            var model = new KMeansModel(centroids, [], 0, 0, false, []);
            labels = model.Predict(data);
            inertia = ClusterStatistics.Inertia(data, labels, centroids);
        }

        return new KMeansModel(centroids, labels, inertia, BatchCount, false, [], MiniBatchKMeansClusterer.AlgorithmName);
    }

    private double[] Seed(FeatureMatrix batch)
    {
        int k = _options.K;
        _featureCount = batch.ColumnCount;
        _counts = new double[k];
        if (_options.Init == KMeansInit.Given)
        {
            FeatureMatrix given = _options.InitialCenters!;
            if (given.ColumnCount != batch.ColumnCount)
            {
                throw new ArgumentException($"The initial centers have {given.ColumnCount} columns but the data has {batch.ColumnCount}.", nameof(batch));
            }

            return given.Values.ToArray();
        }

        // Seeding reuses k-means' own code on the first batch (which also checks it has K distinct rows).
        KMeansModel seeded = new KMeansClusterer(new KMeansOptions
        {
            K = k,
            Seed = _random.Next(),
            Init = _options.Init,
            MaxIterations = 1,
            MaxDegreeOfParallelism = 1,
        }).Fit(batch);
        return seeded.Centroids.Values.ToArray();
    }
}
