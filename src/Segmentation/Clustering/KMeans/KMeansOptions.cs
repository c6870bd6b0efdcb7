using Segmentation.Options;

namespace Segmentation.Clustering.KMeans;

/// <summary>Hyperparameters of <see cref="KMeansClusterer"/>.</summary>
/// <remarks>A plain settings class: set the properties, then pass it to <see cref="KMeansClusterer"/> (which validates it).</remarks>
public sealed class KMeansOptions : IValidatableOptions
{
    /// <summary>The largest <see cref="K"/> accepted.</summary>
    public const int MaxK = 100_000;

    /// <summary>The default of <see cref="MaxIterations"/> (scikit-learn's).</summary>
    public const int DefaultMaxIterations = 300;

    /// <summary>The default of <see cref="Tolerance"/> (scikit-learn's).</summary>
    public const double DefaultTolerance = 1e-4;

    /// <summary>The default of <see cref="NInit"/> (scikit-learn's for k-means++ seeding).</summary>
    public const int DefaultNInit = 1;

    /// <summary>The number of clusters (segments).</summary>
    /// <value>The default value is 5, the middle of the 3-8 range a CS team can act on. Allowed: 1 to 100,000.</value>
    public int K { get; set; } = 5;

    /// <summary>The seed of the random number generator used for seeding; the same seed gives the same result.</summary>
    /// <value>The default value is 0.</value>
    public int Seed { get; set; }

    /// <summary>The maximum number of Lloyd iterations per run.</summary>
    /// <value>The default value is 300 (as scikit-learn). Allowed: 1 to 1,000,000.</value>
    public int MaxIterations { get; set; } = DefaultMaxIterations;

    /// <summary>
    /// Convergence tolerance, relative to the data: a run stops when the total squared centre shift of an iteration
    /// is at most <c>Tolerance × mean feature variance</c> (scikit-learn's definition), or when no label changes.
    /// </summary>
    /// <value>The default value is 1e-4. Allowed: 0 to 1.</value>
    public double Tolerance { get; set; } = DefaultTolerance;

    /// <summary>The number of runs from different seedings; the run with the lowest inertia is kept.</summary>
    /// <value>The default value is 1 (scikit-learn's choice for k-means++ seeding). Allowed: 1 to 1,000.</value>
    public int NInit { get; set; } = DefaultNInit;

    /// <summary>How the starting centers are chosen.</summary>
    /// <value>The default value is <see cref="KMeansInit.KMeansPlusPlus"/>.</value>
    public KMeansInit Init { get; set; } = KMeansInit.KMeansPlusPlus;

    /// <summary>
    /// The starting centers when <see cref="Init"/> is <see cref="KMeansInit.Given"/>: <see cref="K"/> rows with as
    /// many columns as the data (checked at fit time), all finite.
    /// </summary>
    /// <value>The default value is <see langword="null"/>. Required (and only allowed) with <see cref="KMeansInit.Given"/>.</value>
    public FeatureMatrix? InitialCenters { get; set; }

    /// <summary>How the iterations run; every choice gives the same result from the same start.</summary>
    /// <value>The default value is <see cref="KMeansAlgorithm.Auto"/>.</value>
    /// <remarks>Internal (issue #22): <see cref="KMeansAlgorithm.Auto"/> picks the fastest from measurements; tests and benchmarks compare the others.</remarks>
    internal KMeansAlgorithm Algorithm { get; set; } = KMeansAlgorithm.Auto;

    /// <summary>
    /// Whether distances are computed in float32, on a float32 copy of the data taken relative to the column means
    /// (which removes most of the cancellation of <c>||c||² − 2x·c</c>); sums, centers and inertia stay float64.
    /// Twice the SIMD lanes and half the memory traffic, with labels that can differ only for points almost
    /// equidistant from two centers.
    /// </summary>
    /// <value>The default value is <see langword="false"/> (float64 throughout).</value>
    public bool SinglePrecisionDistances { get; set; }

    /// <summary>The kernels' view of <see cref="SinglePrecisionDistances"/>; tests and benchmarks iterate over it.</summary>
    internal KMeansPrecision Precision
    {
        get => SinglePrecisionDistances ? KMeansPrecision.Single : KMeansPrecision.Double;
        set => SinglePrecisionDistances = value == KMeansPrecision.Single;
    }

    /// <summary>
    /// The most threads a fit uses; -1 means one per core. The result does not depend on it: work is split into
    /// fixed-size chunks whose float64 partial sums are merged in chunk order.
    /// </summary>
    /// <value>The default value is -1 (all cores). Allowed: -1, or 1 to 1,024.</value>
    public int MaxDegreeOfParallelism { get; set; } = -1;

    /// <summary>
    /// Without <see cref="SinglePrecisionDistances"/>, whether Lloyd's passes screen in float32 and score only near-ties in
    /// float64 (the same labels, half the bytes read). Internal: off only to compare the two in tests and benchmarks.
    /// </summary>
    internal bool ScreenInFloat32 { get; set; } = true;

    IEnumerable<string> IValidatableOptions.GetValidationErrors()
    {
        yield return Enum.IsDefined(Init) ? string.Empty : $"KMeansOptions.Init must be one of {string.Join(", ", Enum.GetNames<KMeansInit>())}, but was {(int)Init}.";
        yield return Enum.IsDefined(Algorithm) ? string.Empty : $"KMeansOptions.Algorithm must be one of {string.Join(", ", Enum.GetNames<KMeansAlgorithm>())}, but was {(int)Algorithm}.";
        yield return MaxDegreeOfParallelism == -1 ? string.Empty : OptionsValidation.Range("KMeansOptions.MaxDegreeOfParallelism", MaxDegreeOfParallelism, 1, 1024);
        yield return (Init == KMeansInit.Given, InitialCenters is null) switch
        {
            (true, true) => "KMeansOptions.InitialCenters must be set when Init is Given.",
            (false, false) => $"KMeansOptions.InitialCenters is only used when Init is Given, but Init is {Init}.",
            _ => string.Empty,
        };
        if (Init == KMeansInit.Given && InitialCenters is not null)
        {
            yield return InitialCenters.RowCount == K ? string.Empty : $"KMeansOptions.InitialCenters has {InitialCenters.RowCount} rows but K is {K}; give one row per cluster.";
            yield return InitialCenters.FindNonFinite() is (int row, int column) ? $"KMeansOptions.InitialCenters row {row}, column {column} is not a finite number." : string.Empty;
        }

        yield return OptionsValidation.Range("KMeansOptions.K", K, 1, MaxK);
        yield return OptionsValidation.Range("KMeansOptions.MaxIterations", MaxIterations, 1, 1_000_000);
        yield return double.IsNaN(Tolerance) ? "KMeansOptions.Tolerance must be between 0 and 1, but was NaN." : OptionsValidation.Range("KMeansOptions.Tolerance", Tolerance, 0.0, 1.0);
        yield return OptionsValidation.Range("KMeansOptions.NInit", NInit, 1, 1_000);
    }

    internal KMeansOptions Clone() => (KMeansOptions)MemberwiseClone();
}
