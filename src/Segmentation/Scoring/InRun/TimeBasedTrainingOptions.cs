using Segmentation.Options;

namespace Segmentation.Scoring.InRun;

/// <summary>Settings of <see cref="TimeBasedTrainer"/>.</summary>
internal sealed class TimeBasedTrainingOptions : IValidatableOptions
{
    /// <summary>
    /// The outcome window W in days: a customer is positive when the outcome happened within W days after the date
    /// its features are taken; the model trained as of T reads features as of T − W and outcomes up to T.
    /// </summary>
    /// <value>The default value is 90. Allowed: 1 to 3,650.</value>
    public int OutcomeWindowDays { get; set; } = 90;

    /// <summary>The fewest customers with the outcome (and without it) in the window; fewer and training is refused.</summary>
    /// <value>The default value is 10. Allowed: 2 to 1,000,000.</value>
    public int MinimumOutcomes { get; set; } = 10;

    /// <summary>
    /// Whether to validate on a time-based holdout: the same procedure one window earlier (features as of T − 2W,
    /// outcomes up to T − W), tested on the latest window (features as of T − W, outcomes up to T).
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool Validate { get; set; } = true;

    IEnumerable<string> IValidatableOptions.GetValidationErrors()
    {
        yield return OptionsValidation.Range("TimeBasedTrainingOptions.OutcomeWindowDays", OutcomeWindowDays, 1, 3650);
        yield return OptionsValidation.Range("TimeBasedTrainingOptions.MinimumOutcomes", MinimumOutcomes, 2, 1_000_000);
    }
}
