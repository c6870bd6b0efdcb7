using Segmentation.Options;

namespace Segmentation.Scoring.InRun;

/// <summary>
/// Cut-offs that turn a probability into a band a worklist can sort and filter on: <c>high</c> at or above
/// <see cref="High"/>, <c>medium</c> at or above <see cref="Medium"/>, <c>low</c> otherwise.
/// </summary>
/// <remarks>
/// Defaults: churn high ≥ 0.5, medium ≥ 0.2 (<see cref="Churn"/>); expansion high ≥ 0.4, medium ≥ 0.15
/// (<see cref="Expansion"/>), because expansion is rarer. A probability that is NaN gets no band.
/// </remarks>
internal sealed class ScoreBands : IValidatableOptions
{
    /// <summary>The band name of probabilities at or above <see cref="High"/>.</summary>
    public const string HighBand = "high";

    /// <summary>The band name of probabilities at or above <see cref="Medium"/> and below <see cref="High"/>.</summary>
    public const string MediumBand = "medium";

    /// <summary>The band name of the rest.</summary>
    public const string LowBand = "low";

    /// <summary>The lowest probability in the high band.</summary>
    /// <value>The default value is 0.5. Allowed: above <see cref="Medium"/>, at most 1.</value>
    public double High { get; set; } = 0.5;

    /// <summary>The lowest probability in the medium band.</summary>
    /// <value>The default value is 0.2. Allowed: above 0, below <see cref="High"/>.</value>
    public double Medium { get; set; } = 0.2;

    /// <summary>The default churn bands: high ≥ 0.5, medium ≥ 0.2.</summary>
    public static ScoreBands Churn => new();

    /// <summary>The default expansion bands: high ≥ 0.4, medium ≥ 0.15.</summary>
    public static ScoreBands Expansion => new() { High = 0.4, Medium = 0.15 };

    /// <summary>The band of <paramref name="probability"/>: <c>high</c>, <c>medium</c> or <c>low</c>; <see langword="null"/> for NaN.</summary>
    /// <exception cref="ArgumentException">The cut-offs are invalid (the message names them).</exception>
    public string? Band(double probability)
    {
        OptionsValidation.ThrowIfInvalid(this, "bands");
        return Checked(probability);
    }

    /// <summary>As <see cref="Band"/>, with the cut-offs already checked (once per run, not once per customer).</summary>
    internal string? Checked(double probability) => double.IsNaN(probability) ? null
        : probability >= High ? HighBand
        : probability >= Medium ? MediumBand
        : LowBand;

    /// <summary>The same scores with their band set.</summary>
    public IReadOnlyList<RiskScore> Apply(IReadOnlyList<RiskScore> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        OptionsValidation.ThrowIfInvalid(this, "bands");
        return [.. scores.Select(s => s with { Band = Checked(s.Value) })];
    }

    IEnumerable<string> IValidatableOptions.GetValidationErrors()
    {
        if (!(High > 0 && High <= 1))
        {
            yield return FormattableString.Invariant($"ScoreBands.High must be above 0 and at most 1, but was {High}.");
        }

        if (!(Medium > 0 && Medium <= 1))
        {
            yield return FormattableString.Invariant($"ScoreBands.Medium must be above 0 and at most 1, but was {Medium}.");
        }

        if (Medium >= High)
        {
            yield return FormattableString.Invariant($"ScoreBands.Medium must be below ScoreBands.High, but was {Medium} with High {High}.");
        }
    }
}
