namespace Segmentation;

/// <summary>
/// Scores customers for one outcome (churn, expansion, ...) and says what drives each score.
/// </summary>
/// <remarks>
/// A scorer is fitted already (a hand-configured health score, or a model trained on outcomes). It receives raw
/// features by name and applies whatever preprocessing it was built with. Implementations are thread-safe.
/// </remarks>
public interface IRiskScorer
{
    /// <summary>The name the scorer is registered under, for example <c>churn</c> or <c>expansion</c>.</summary>
    string Name { get; }

    /// <summary>The feature names the scorer reads; <see cref="Score"/> fails when one is absent.</summary>
    IReadOnlyList<string> RequiredFeatures { get; }

    /// <summary>Scores every row of <paramref name="customers"/>.</summary>
    /// <exception cref="ArgumentException">A required feature is missing from the schema (the message names it).</exception>
    IReadOnlyList<RiskScore> Score(FeatureMatrix customers, CancellationToken cancellationToken = default);
}

/// <summary>One customer's score.</summary>
/// <param name="Value">The probability of the outcome in [0, 1], or a health score in [0, 100] (see the scorer).</param>
/// <param name="Band">An optional band such as <c>red</c>, <c>yellow</c>, <c>green</c>.</param>
/// <param name="Drivers">The contributions behind the score, strongest first.</param>
public sealed record RiskScore(double Value, string? Band, IReadOnlyList<ScoreDriver> Drivers);

/// <summary>How much one feature pushed a score up (positive) or down (negative).</summary>
/// <param name="Feature">The feature name.</param>
/// <param name="Contribution">The signed contribution, in the scorer's units (log-odds for logistic models).</param>
public sealed record ScoreDriver(string Feature, double Contribution);
