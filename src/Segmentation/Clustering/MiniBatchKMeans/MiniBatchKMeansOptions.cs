using Segmentation.Clustering.KMeans;
using Segmentation.Options;

namespace Segmentation.Clustering.MiniBatchKMeans;

/// <summary>Hyperparameters of <see cref="MiniBatchKMeansClusterer"/>.</summary>
/// <remarks>A plain settings class: set the properties, then pass it to <see cref="MiniBatchKMeansClusterer"/> (which validates it).</remarks>
public sealed class MiniBatchKMeansOptions : IValidatableOptions
{
    /// <summary>The default of <see cref="BatchSize"/> (scikit-learn's).</summary>
    public const int DefaultBatchSize = 1024;

    /// <summary>The default of <see cref="MaxEpochs"/> (scikit-learn's).</summary>
    public const int DefaultMaxEpochs = 100;

    /// <summary>The number of clusters (segments).</summary>
    /// <value>The default value is 5. Allowed: 1 to 100,000.</value>
    public int K { get; set; } = 5;

    /// <summary>The seed for seeding and batch sampling; the same seed gives the same result.</summary>
    /// <value>The default value is 0.</value>
    public int Seed { get; set; }

    /// <summary>The number of rows per batch.</summary>
    /// <value>The default value is 1,024 (as scikit-learn). Allowed: 1 to 10,000,000.</value>
    public int BatchSize { get; set; } = DefaultBatchSize;

    /// <summary>The most passes over the data that <see cref="MiniBatchKMeansClusterer.Fit"/> makes (in batches).</summary>
    /// <value>The default value is 100 (as scikit-learn). Allowed: 1 to 100,000.</value>
    public int MaxEpochs { get; set; } = DefaultMaxEpochs;

    /// <summary>
    /// Stop after this many consecutive batches without an improvement of the smoothed batch inertia
    /// (scikit-learn's <c>max_no_improvement</c>); 0 never stops early.
    /// </summary>
    /// <value>The default value is 10. Allowed: 0 to 1,000,000.</value>
    public int MaxNoImprovement { get; set; } = 10;

    /// <summary>How the starting centers are chosen (k-means++ and random seeding look at the first batch only).</summary>
    /// <value>The default value is <see cref="KMeansInit.KMeansPlusPlus"/>.</value>
    public KMeansInit Init { get; set; } = KMeansInit.KMeansPlusPlus;

    /// <summary>The starting centers when <see cref="Init"/> is <see cref="KMeansInit.Given"/> (<see cref="K"/> rows).</summary>
    /// <value>The default value is <see langword="null"/>. Required (and only allowed) with <see cref="KMeansInit.Given"/>.</value>
    public FeatureMatrix? InitialCenters { get; set; }

    IEnumerable<string> IValidatableOptions.GetValidationErrors()
    {
        yield return OptionsValidation.Range("MiniBatchKMeansOptions.K", K, 1, KMeansOptions.MaxK);
        yield return OptionsValidation.Range("MiniBatchKMeansOptions.BatchSize", BatchSize, 1, 10_000_000);
        yield return OptionsValidation.Range("MiniBatchKMeansOptions.MaxEpochs", MaxEpochs, 1, 100_000);
        yield return OptionsValidation.Range("MiniBatchKMeansOptions.MaxNoImprovement", MaxNoImprovement, 0, 1_000_000);
        yield return Enum.IsDefined(Init) ? string.Empty : $"MiniBatchKMeansOptions.Init must be one of {string.Join(", ", Enum.GetNames<KMeansInit>())}, but was {(int)Init}.";
        yield return (Init == KMeansInit.Given, InitialCenters is null) switch
        {
            (true, true) => "MiniBatchKMeansOptions.InitialCenters must be set when Init is Given.",
            (false, false) => $"MiniBatchKMeansOptions.InitialCenters is only used when Init is Given, but Init is {Init}.",
            _ => string.Empty,
        };
        if (Init == KMeansInit.Given && InitialCenters is not null && InitialCenters.RowCount != K)
        {
            yield return $"MiniBatchKMeansOptions.InitialCenters has {InitialCenters.RowCount} rows but K is {K}; give one row per cluster.";
        }
    }

    internal MiniBatchKMeansOptions Clone() => (MiniBatchKMeansOptions)MemberwiseClone();
}
