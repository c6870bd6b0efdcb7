namespace Segmentation.Scoring.Evaluation;

/// <summary>The evaluation of each cross-validation fold and their mean.</summary>
/// <param name="Folds">One evaluation per fold.</param>
internal sealed record CrossValidationResult(IReadOnlyList<ScoreEvaluation> Folds)
{
    /// <summary>The mean ROC AUC over folds.</summary>
    public double MeanRocAuc => Folds.Average(f => f.RocAuc);

    /// <summary>The mean PR AUC over folds.</summary>
    public double MeanPrAuc => Folds.Average(f => f.PrAuc);

    /// <summary>The mean Brier score over folds.</summary>
    public double MeanBrier => Folds.Average(f => f.Brier);

    /// <summary>The mean log loss over folds.</summary>
    public double MeanLogLoss => Folds.Average(f => f.LogLoss);
}

/// <summary>Trains a scorer on one part of the customers and evaluates it on the other.</summary>
internal static class ScorerEvaluator
{
    /// <summary>Trains on <see cref="DataSplit.Train"/> and evaluates on <see cref="DataSplit.Test"/>.</summary>
    public static ScoreEvaluation Evaluate(IScorerTrainer trainer, TrainingTable data, DataSplit split, double threshold = 0.5, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(split);
        ITrainedScorer scorer = trainer.Fit(data.Subset(split.Train), data.Definition.Target, cancellationToken);
        TrainingTable test = data.Subset(split.Test);
        return ScoreEvaluation.OfValues(test.OutcomeValues, scorer.PredictProbabilities(test.Features, cancellationToken), threshold);
    }

    /// <summary>A stratified holdout evaluation (see <see cref="DataSplits.StratifiedHoldout"/>).</summary>
    public static ScoreEvaluation Holdout(IScorerTrainer trainer, TrainingTable data, double testFraction = 0.3, int seed = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Evaluate(trainer, data, DataSplits.StratifiedHoldout(data.OutcomeValues, testFraction, seed), cancellationToken: cancellationToken);
    }

    /// <summary>Stratified k-fold cross-validation (see <see cref="DataSplits.StratifiedKFold"/>).</summary>
    public static CrossValidationResult CrossValidate(IScorerTrainer trainer, TrainingTable data, int folds = 5, int seed = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new CrossValidationResult([.. DataSplits.StratifiedKFold(data.OutcomeValues, folds, seed)
            .Select(split => Evaluate(trainer, data, split, cancellationToken: cancellationToken))]);
    }

    /// <summary>Trains on customers dated before <paramref name="cutoff"/> and tests on the later ones.</summary>
    public static ScoreEvaluation TimeBased(IScorerTrainer trainer, TrainingTable data, IReadOnlyList<DateOnly> dates, DateOnly cutoff, CancellationToken cancellationToken = default)
        => Evaluate(trainer, data, DataSplits.ByDate(dates, cutoff), cancellationToken: cancellationToken);
}
