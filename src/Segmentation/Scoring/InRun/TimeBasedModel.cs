using Segmentation.Scoring.Evaluation;

namespace Segmentation.Scoring.InRun;

/// <summary>A scorer trained inside the run on outcomes known before the as-of date, with its holdout evaluation.</summary>
internal sealed class TimeBasedModel
{
    internal TimeBasedModel(
        ITrainedScorer scorer, DateOnly asOf, int outcomeWindowDays, int trainingRows, int trainingPositives,
        ScoreEvaluation? holdout, string? holdoutNote)
    {
        Scorer = scorer;
        AsOf = asOf;
        OutcomeWindowDays = outcomeWindowDays;
        TrainingRows = trainingRows;
        TrainingPositives = trainingPositives;
        Holdout = holdout;
        HoldoutNote = holdoutNote;
    }

    /// <summary>The scorer's name, which is also the outcome's name (for example <c>churn</c>).</summary>
    public string Name => Scorer.Name;

    /// <summary>The fitted scorer (its <see cref="IRiskScorer.Score"/> gives probabilities and signed drivers).</summary>
    public ITrainedScorer Scorer { get; }

    /// <summary>T, the as-of date: nothing after it was read.</summary>
    public DateOnly AsOf { get; }

    /// <summary>W, the outcome window in days.</summary>
    public int OutcomeWindowDays { get; }

    /// <summary>The date the training features were taken: T − W.</summary>
    public DateOnly FeaturesAsOf => AsOf.AddDays(-OutcomeWindowDays);

    /// <summary>The customers trained on (customers at <see cref="FeaturesAsOf"/>).</summary>
    public int TrainingRows { get; }

    /// <summary>How many of them had the outcome after <see cref="FeaturesAsOf"/> and on or before <see cref="AsOf"/>.</summary>
    public int TrainingPositives { get; }

    /// <summary>
    /// The time-based holdout: a model trained one window earlier (features as of T − 2W, outcomes up to T − W),
    /// evaluated on the latest window; <see langword="null"/> when not computed (see <see cref="HoldoutNote"/>).
    /// </summary>
    public ScoreEvaluation? Holdout { get; }

    /// <summary>Why <see cref="Holdout"/> is missing, or <see langword="null"/> when it is present.</summary>
    public string? HoldoutNote { get; }

    /// <summary>Scores today's customers (features as of <see cref="AsOf"/>) and sets each score's band.</summary>
    /// <param name="today">The features of the customers to score, as of <see cref="AsOf"/>.</param>
    /// <param name="bands">The band cut-offs; when omitted <see cref="ScoreBands.Expansion"/> for a scorer named <c>expansion</c>, else <see cref="ScoreBands.Churn"/>.</param>
    /// <param name="cancellationToken">Cancels scoring.</param>
    /// <exception cref="ArgumentException">A feature the scorer needs is missing (named).</exception>
    internal IReadOnlyList<RiskScore> Score(FeatureMatrix today, ScoreBands? bands = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(today);
        bands ??= Name == "expansion" ? ScoreBands.Expansion : ScoreBands.Churn;
        return bands.Apply(Scorer.Score(today, cancellationToken));
    }
}
