using Segmentation.Features;
using Segmentation.Options;
using Segmentation.Scoring.Evaluation;
using Segmentation.Scoring.Logistic;

namespace Segmentation.Scoring.InRun;

/// <summary>
/// Trains a scorer inside the run from dated outcome events, time-based: the model meant for as-of date T learns
/// from features as of T − W and the outcomes that happened in (T − W, T], so it never reads anything after T.
/// </summary>
/// <remarks>
/// <para>Churn and expansion are two instances of the same mechanism with different <see cref="OutcomeEvents"/>.</para>
/// <para>No leakage by construction: the events are cut at T (<see cref="OutcomeEvents.Through"/>) before any label is
/// computed, and features are requested only as of T − W (and T − 2W for the holdout). Today's customers are then
/// scored with features as of T by <see cref="TimeBasedModel.Score"/>.</para>
/// <para>The trained scorer clips each feature into the range seen in training before scoring, so that values beyond
/// anything in the past do not extrapolate the model without bound.</para>
/// </remarks>
internal sealed class TimeBasedTrainer
{
    private readonly IScorerTrainer _trainer;

    /// <summary>Creates a trainer.</summary>
    /// <param name="trainer">The model to fit; logistic regression with default settings when omitted.</param>
    /// <param name="options">The window and the refusal threshold.</param>
    /// <exception cref="ArgumentException">An option is out of range (the message names it).</exception>
    public TimeBasedTrainer(IScorerTrainer? trainer = null, TimeBasedTrainingOptions? options = null)
    {
        _trainer = trainer ?? new LogisticRegressionTrainer();
        Options = options ?? new TimeBasedTrainingOptions();
        OptionsValidation.ThrowIfInvalid(Options, nameof(options));
    }

    /// <summary>The settings.</summary>
    public TimeBasedTrainingOptions Options { get; }

    /// <summary>Trains the scorer for <paramref name="asOf"/> and, when enabled, validates it on a time-based holdout.</summary>
    /// <param name="featuresAsOf">
    /// The features, with customer ids as row ids, of the customers who were customers on the given date (signed up,
    /// not churned yet), reading nothing after that date.
    /// </param>
    /// <param name="events">The outcome events (events after <paramref name="asOf"/> are ignored).</param>
    /// <param name="asOf">T, the as-of date.</param>
    /// <param name="cancellationToken">Cancels training.</param>
    /// <returns>The trained model; the scorer is named after <see cref="OutcomeEvents.Outcome"/>.</returns>
    /// <exception cref="InsufficientOutcomesException">Fewer than <see cref="TimeBasedTrainingOptions.MinimumOutcomes"/> customers had (or had not) the outcome in (T − W, T].</exception>
    /// <exception cref="ArgumentException">The feature matrix has no row ids.</exception>
    public TimeBasedModel Train(Func<DateOnly, FeatureMatrix> featuresAsOf, OutcomeEvents events, DateOnly asOf, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(featuresAsOf);
        ArgumentNullException.ThrowIfNull(events);
        OutcomeEvents known = events.Through(asOf);
        int w = Options.OutcomeWindowDays;

        TrainingTable latest = BuildTable(featuresAsOf, known, asOf.AddDays(-w), asOf);
        ITrainedScorer scorer = new RangeClippedScorer(_trainer.Fit(latest, known.Outcome, cancellationToken), latest.Features);

        ScoreEvaluation? holdout = null;
        string? note = Options.Validate ? null : "The holdout evaluation was turned off.";
        if (Options.Validate)
        {
            try
            {
                TrainingTable earlier = BuildTable(featuresAsOf, known, asOf.AddDays(-2 * w), asOf.AddDays(-w));
                ITrainedScorer backtest = new RangeClippedScorer(_trainer.Fit(earlier, known.Outcome, cancellationToken), earlier.Features);
                holdout = ScoreEvaluation.OfValues(latest.OutcomeValues, backtest.PredictProbabilities(latest.Features, cancellationToken));
            }
            catch (InsufficientOutcomesException exception)
            {
                note = "No holdout evaluation: " + exception.Message;
            }
        }

        return new TimeBasedModel(scorer, asOf, w, latest.RowCount, latest.Outcome.Count(v => v), holdout, note);
    }

    /// <summary>
    /// Trains with a <see cref="FeatureSet{TCustomer}"/>: the customers at a date are those for which
    /// <paramref name="isCustomerOn"/> holds on it.
    /// </summary>
    /// <inheritdoc cref="Train(Func{DateOnly, FeatureMatrix}, OutcomeEvents, DateOnly, CancellationToken)"/>
    public TimeBasedModel Train<TCustomer>(
        IReadOnlyList<TCustomer> customers, FeatureSet<TCustomer> features, Func<TCustomer, string> id,
        Func<TCustomer, DateOnly, bool> isCustomerOn, OutcomeEvents events, DateOnly asOf, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customers);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(isCustomerOn);
        return Train(day => features.Extract(customers.Where(c => isCustomerOn(c, day)), day, id), events, asOf, cancellationToken);
    }

    /// <summary>
    /// The training table of one window: features as of <paramref name="featuresDay"/>, outcome true when an event
    /// happened after it and on or before <paramref name="outcomeThrough"/>.
    /// </summary>
    /// <exception cref="InsufficientOutcomesException">Too few positives or negatives.</exception>
    public TrainingTable BuildTable(Func<DateOnly, FeatureMatrix> featuresAsOf, OutcomeEvents events, DateOnly featuresDay, DateOnly outcomeThrough)
    {
        ArgumentNullException.ThrowIfNull(featuresAsOf);
        ArgumentNullException.ThrowIfNull(events);
        FeatureMatrix features = featuresAsOf(featuresDay);
        IReadOnlyList<string> ids = features.RowIds
            ?? throw new ArgumentException("The features for in-run training need customer ids as row ids, so that outcomes can be matched to customers.", nameof(featuresAsOf));
        bool[] outcome = [.. ids.Select(id => events.HappenedIn(id, featuresDay, outcomeThrough))];
        int positives = outcome.Count(v => v);
        int negatives = outcome.Length - positives;
        if (positives < Options.MinimumOutcomes || negatives < Options.MinimumOutcomes)
        {
            throw new InsufficientOutcomesException(events.Outcome, featuresDay.AddDays(1), outcomeThrough, positives, negatives, Options.MinimumOutcomes);
        }

        return new TrainingTable(features, outcome, new OutcomeDefinition(events.Outcome, "yes", "no"));
    }
}
