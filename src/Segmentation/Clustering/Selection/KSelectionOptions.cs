using Segmentation.Options;

namespace Segmentation.Clustering.Selection;

/// <summary>Settings of <see cref="KSelectingClusterer"/>: the range of segment counts to try and how hard to test each.</summary>
/// <remarks>A plain settings class: set the properties, then pass it to <see cref="KSelectingClusterer"/> (which validates it).</remarks>
public sealed class KSelectionOptions : IValidatableOptions
{
    /// <summary>The smallest number of segments tried.</summary>
    /// <value>The default value is 3, the low end of the range a CS team can act on. Allowed: 2 to 1,000.</value>
    public int MinK { get; set; } = 3;

    /// <summary>The largest number of segments tried.</summary>
    /// <value>The default value is 8: past 8-10 segments teams stop acting on them. Allowed: <see cref="MinK"/> to 1,000.</value>
    public int MaxK { get; set; } = 8;

    /// <summary>The seed of every fit and resample; the same seed gives the same evidence and recommendation.</summary>
    /// <value>The default value is 0.</value>
    public int Seed { get; set; }

    /// <summary>The number of k-means runs (seedings) per candidate on the full data; the best inertia is kept.</summary>
    /// <value>The default value is 3. Allowed: 1 to 100.</value>
    public int NInit { get; set; } = 3;

    /// <summary>The number of bootstrap resamples per candidate for the stability score (0 turns stability off).</summary>
    /// <value>The default value is 5. Allowed: 0 to 100.</value>
    public int StabilityResamples { get; set; } = 5;

    /// <summary>
    /// The size of each stability resample: a bootstrap of all customers up to this many, and a bootstrap sample of this
    /// many above it (drawn from all of them); the labels a resample's fit gives are still compared on every customer.
    /// </summary>
    /// <value>
    /// The default value is 50,000: the agreement of fits on 50,000 customers already shows whether the segments would
    /// reshuffle, and a million-customer run then pays 5 small fits per candidate instead of 5 full ones. Allowed: 100 to 100,000,000.
    /// </value>
    public int StabilitySampleSize { get; set; } = 50_000;

    /// <summary>
    /// Above this many customers, each candidate k is fitted (<see cref="NInit"/> runs) on a seeded sample of this many
    /// and scored on every customer with the labels that fit predicts; the recommended k is then fitted once on all
    /// customers, starting from the sample fit's centres. At or below it, every candidate is fitted on all customers.
    /// </summary>
    /// <value>
    /// The default value is 200,000: centres from 200,000 customers already sit where the full fit's would, and a
    /// million-customer run pays one full fit instead of one per candidate and run. Allowed: 100 to 100,000,000.
    /// </value>
    public int FitSampleSize { get; set; } = 200_000;

    /// <summary>
    /// Candidates whose stability (mean adjusted Rand index between the full fit and fits on resamples) is below this
    /// are only recommended when no candidate reaches it.
    /// </summary>
    /// <value>The default value is 0.75 (fits on resamples agree on most pairs of customers). Allowed: 0 to 1.</value>
    public double MinimumStability { get; set; } = 0.75;

    /// <summary>The silhouette is exact up to this many customers, and computed on a seeded sample of this size above it.</summary>
    /// <value>The default value is 10,000. Allowed: 100 to 10,000,000.</value>
    public int SilhouetteSampleSize { get; set; } = 10_000;

    IEnumerable<string> IValidatableOptions.GetValidationErrors()
    {
        yield return OptionsValidation.Range("KSelectionOptions.MinK", MinK, 2, 1_000);
        yield return OptionsValidation.Range("KSelectionOptions.MaxK", MaxK, Math.Clamp(MinK, 2, 1_000), 1_000);
        yield return OptionsValidation.Range("KSelectionOptions.NInit", NInit, 1, 100);
        yield return OptionsValidation.Range("KSelectionOptions.StabilityResamples", StabilityResamples, 0, 100);
        yield return double.IsNaN(MinimumStability) ? "KSelectionOptions.MinimumStability must be between 0 and 1, but was NaN." : OptionsValidation.Range("KSelectionOptions.MinimumStability", MinimumStability, 0.0, 1.0);
        yield return OptionsValidation.Range("KSelectionOptions.StabilitySampleSize", StabilitySampleSize, 100, 100_000_000);
        yield return OptionsValidation.Range("KSelectionOptions.FitSampleSize", FitSampleSize, 100, 100_000_000);
        yield return OptionsValidation.Range("KSelectionOptions.SilhouetteSampleSize", SilhouetteSampleSize, 100, 10_000_000);
    }

    internal KSelectionOptions Clone() => (KSelectionOptions)MemberwiseClone();
}
