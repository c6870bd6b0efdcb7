using Segmentation.Options;

namespace Segmentation.Clustering;

/// <summary>Hyperparameters of <see cref="KMeansClusterer"/>.</summary>
/// <remarks>A plain settings class: set the properties, then pass it to <see cref="KMeansClusterer"/> (which validates it).</remarks>
public sealed class KMeansOptions : IValidatableOptions
{
    /// <summary>The largest <see cref="K"/> accepted.</summary>
    public const int MaxK = 100_000;

    /// <summary>The number of clusters (segments).</summary>
    /// <value>The default value is 5, the middle of the 3-8 range a CS team can act on. Allowed: 1 to 100,000.</value>
    public int K { get; set; } = 5;

    /// <summary>The seed of the random number generator used for seeding; the same seed gives the same result.</summary>
    /// <value>The default value is 0.</value>
    public int Seed { get; set; }

    /// <summary>The maximum number of Lloyd iterations per run.</summary>
    /// <value>The default value is 300 (as scikit-learn). Allowed: 1 to 1,000,000.</value>
    public int MaxIterations { get; set; } = 300;

    /// <summary>
    /// Convergence tolerance, relative to the data: a run stops when the total squared centre shift of an iteration
    /// is at most <c>Tolerance × mean feature variance</c> (scikit-learn's definition), or when no label changes.
    /// </summary>
    /// <value>The default value is 1e-4. Allowed: 0 to 1.</value>
    public double Tolerance { get; set; } = 1e-4;

    /// <summary>The number of runs from different seedings; the run with the lowest inertia is kept.</summary>
    /// <value>The default value is 1 (scikit-learn's choice for k-means++ seeding). Allowed: 1 to 1,000.</value>
    public int NInit { get; set; } = 1;

    IEnumerable<string> IValidatableOptions.GetValidationErrors()
    {
        yield return OptionsValidation.Range("KMeansOptions.K", K, 1, MaxK);
        yield return OptionsValidation.Range("KMeansOptions.MaxIterations", MaxIterations, 1, 1_000_000);
        yield return double.IsNaN(Tolerance) ? "KMeansOptions.Tolerance must be between 0 and 1, but was NaN." : OptionsValidation.Range("KMeansOptions.Tolerance", Tolerance, 0.0, 1.0);
        yield return OptionsValidation.Range("KMeansOptions.NInit", NInit, 1, 1_000);
    }

    internal KMeansOptions Clone() => (KMeansOptions)MemberwiseClone();
}
