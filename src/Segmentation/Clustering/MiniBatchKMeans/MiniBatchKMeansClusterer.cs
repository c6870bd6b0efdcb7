using Segmentation.Clustering.KMeans;
using Segmentation.Options;

namespace Segmentation.Clustering.MiniBatchKMeans;

/// <summary>
/// Mini-batch k-means: for data too large to iterate over comfortably. <see cref="Fit(FeatureMatrix, CancellationToken)"/> samples batches from
/// an in-memory matrix; <see cref="CreateTrainer"/> gives a trainer that absorbs batches streamed from a reader.
/// </summary>
/// <remarks>
/// <para>Approximate: the result is usually within a few percent of exact k-means' inertia at a fraction of the
/// cost. Unlike scikit-learn, centers with few points are not randomly reassigned.</para>
/// <para>Deterministic for a given seed. Thread-safe: <see cref="Fit"/> may run concurrently.</para>
/// </remarks>
internal sealed class MiniBatchKMeansClusterer : IClusterer<KMeansModel>
{
    /// <summary>The name under which the algorithm is known to the CLI and to DI.</summary>
    public const string AlgorithmName = "minibatch-kmeans";

    private readonly MiniBatchKMeansOptions _options;

    /// <summary>Creates a clusterer with the given options.</summary>
    /// <exception cref="ArgumentException">An option is out of range (the message names it and the range).</exception>
    public MiniBatchKMeansClusterer(MiniBatchKMeansOptions options)
    {
        OptionsValidation.ThrowIfInvalid(options, nameof(options));
        _options = options.Clone();
    }

    /// <inheritdoc />
    public string Name => AlgorithmName;

    /// <summary>A copy of the options this clusterer uses.</summary>
    public MiniBatchKMeansOptions Options => _options.Clone();

    /// <summary>A trainer for batches streamed from elsewhere (each <see cref="MiniBatchKMeansTrainer.PartialFit"/> absorbs one).</summary>
    internal MiniBatchKMeansTrainer CreateTrainer() => new(_options.Clone());

    /// <inheritdoc />
    IClusterModel IClusterer.Fit(FeatureMatrix data, CancellationToken cancellationToken) => Fit(data, cancellationToken);

    /// <summary>
    /// Absorbs random batches of <paramref name="data"/> for up to <see cref="MiniBatchKMeansOptions.MaxEpochs"/>
    /// passes (stopping early when the smoothed batch inertia stops improving), then labels every row.
    /// </summary>
    /// <exception cref="ArgumentException">No rows, a non-finite value, or fewer distinct rows than K.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public KMeansModel Fit(FeatureMatrix data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.RowCount == 0)
        {
            throw new ArgumentException("Mini-batch k-means needs at least one row, but the data has none.", nameof(data));
        }

        data.EnsureFinite("mini-batch k-means");
        int n = data.RowCount;
        int batchSize = Math.Min(_options.BatchSize, n);
        var random = new Random(_options.Seed);
        MiniBatchKMeansTrainer trainer = CreateTrainer();

        // Seed from a larger first sample (scikit-learn uses 3 × batch size), which must hold K distinct rows. It is
        // drawn without replacement, so that on data no larger than the sample it holds every row and the count of
        // distinct rows that k-means checks (and reports) is the data's own, not that of a sample with repeats.
        trainer.PartialFit(SampleWithoutReplacement(data, Math.Min(n, Math.Max(3 * batchSize, _options.K)), random));
        long steps = Math.Max(1, (long)_options.MaxEpochs * n / batchSize);
        double smoothed = double.NaN;
        double best = double.PositiveInfinity;
        int sinceImprovement = 0;
        double alpha = Math.Min(1.0, 2.0 * batchSize / (n + 1));
        for (long step = 0; step < steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            trainer.PartialFit(Sample(data, batchSize, random));
            double batchInertia = trainer.LastBatchInertia / batchSize;
            smoothed = double.IsNaN(smoothed) ? batchInertia : (smoothed * (1 - alpha)) + (batchInertia * alpha);
            if (smoothed < best)
            {
                (best, sinceImprovement) = (smoothed, 0);
            }
            else if (_options.MaxNoImprovement > 0 && ++sinceImprovement >= _options.MaxNoImprovement)
            {
                break;
            }
        }

        return trainer.ToModel(data);
    }

    /// <summary>Distinct rows drawn uniformly (a partial Fisher-Yates shuffle; weights travel with the rows).</summary>
    private static FeatureMatrix SampleWithoutReplacement(FeatureMatrix data, int size, Random random)
    {
        int[] order = [.. Enumerable.Range(0, data.RowCount)];
        for (int s = 0; s < size; s++)
        {
            int pick = random.Next(s, order.Length);
            (order[s], order[pick]) = (order[pick], order[s]);
        }

        int d = data.ColumnCount;
        var values = new double[size * d];
        double[]? weights = data.RowWeights is null ? null : new double[size];
        for (int s = 0; s < size; s++)
        {
            data.Row(order[s]).CopyTo(values.AsSpan(s * d, d));
            if (weights is not null)
            {
                weights[s] = data.Weight(order[s]);
            }
        }

        return FeatureMatrix.Create(values, d, data.Schema, null, weights);
    }

    /// <summary>A batch of rows drawn uniformly with replacement (weights travel with the rows).</summary>
    private static FeatureMatrix Sample(FeatureMatrix data, int size, Random random)
    {
        int d = data.ColumnCount;
        var values = new double[size * d];
        double[]? weights = data.RowWeights is null ? null : new double[size];
        for (int s = 0; s < size; s++)
        {
            int row = random.Next(data.RowCount);
            data.Row(row).CopyTo(values.AsSpan(s * d, d));
            if (weights is not null)
            {
                weights[s] = data.Weight(row);
            }
        }

        return FeatureMatrix.Create(values, d, data.Schema, null, weights);
    }
}
