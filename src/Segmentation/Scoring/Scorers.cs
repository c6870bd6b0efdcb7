using Segmentation.Data;
using Segmentation.Scoring.Evaluation;
using Segmentation.Scoring.Health;
using Segmentation.Scoring.Logistic;

namespace Segmentation.Scoring;

/// <summary>
/// Scorers trained on past outcomes, in one place: create a trainer, evaluate it on a holdout, load a saved model, and
/// score the rows of a CSV with it (what <c>segment score train</c> and <c>segment score apply</c> do). The trainers,
/// evaluators, splits and model-file helpers behind these calls are internal; a package that adds a model type
/// (Segmentation.MLNet) implements <see cref="IScorerTrainer"/> and <see cref="ITrainedScorer"/> and writes its model
/// file with <see cref="ToModelJson{T}"/>.
/// </summary>
public static class Scorers
{
    /// <summary>The <c>modelType</c> of a logistic-regression model file.</summary>
    public const string LogisticType = LogisticRegressionTrainer.Type;

    /// <summary>The <c>modelType</c> of a weighted health score file.</summary>
    public const string HealthType = WeightedHealthScore.Type;

    /// <summary>A logistic-regression trainer (L2-regularised, optionally class-weighted).</summary>
    /// <param name="options">The regularisation and class weighting; <see langword="null"/> for the defaults.</param>
    public static IScorerTrainer Logistic(LogisticRegressionOptions? options = null) => new LogisticRegressionTrainer(options);

    /// <summary>Trains on a stratified share of the rows and evaluates on the rest (the outcome rate is kept in both parts).</summary>
    /// <param name="trainer">The trainer.</param>
    /// <param name="data">The rows with their outcome.</param>
    /// <param name="testFraction">The share of rows held out for the evaluation, between 0 and 1 (exclusive).</param>
    /// <param name="seed">The seed of the split.</param>
    /// <param name="cancellationToken">Stops the training.</param>
    /// <exception cref="ArgumentException">A part would be empty or hold one outcome only.</exception>
    public static ScoreEvaluation EvaluateHoldout(IScorerTrainer trainer, TrainingTable data, double testFraction = 0.3, int seed = 0, CancellationToken cancellationToken = default) =>
        ScorerEvaluator.Holdout(trainer, data, testFraction, seed, cancellationToken);

    /// <summary>
    /// Trains on the past and evaluates on the latest <paramref name="testFraction"/> of rows by the date in
    /// <paramref name="dateColumn"/> (yyyy-MM-dd); rows sharing the cutoff date all go to the test part.
    /// </summary>
    /// <param name="trainer">The trainer.</param>
    /// <param name="data">The rows with their outcome, in the order of <paramref name="table"/>.</param>
    /// <param name="table">The CSV <paramref name="data"/> was read from.</param>
    /// <param name="dateColumn">The date column of <paramref name="table"/>.</param>
    /// <param name="testFraction">The share of rows held out, between 0 and 1 (exclusive).</param>
    /// <param name="cancellationToken">Stops the training.</param>
    /// <exception cref="DataFormatException">A date cell is not yyyy-MM-dd (the line is named), or the column is absent.</exception>
    /// <exception cref="ArgumentException">A part would be empty.</exception>
    public static ScoreEvaluation EvaluateByDate(IScorerTrainer trainer, TrainingTable data, CsvTable table, string dateColumn, double testFraction, CancellationToken cancellationToken = default) =>
        ScorerEvaluator.Evaluate(trainer, data, DataSplits.ByDate(DataSplits.ReadDates(table, dateColumn), testFraction), cancellationToken: cancellationToken);

    /// <summary>Stratified k-fold cross-validation: one evaluation per fold, each trained on the other folds.</summary>
    /// <param name="trainer">The trainer.</param>
    /// <param name="data">The rows with their outcome.</param>
    /// <param name="folds">The number of folds, at least 2.</param>
    /// <param name="seed">The seed of the split.</param>
    /// <param name="cancellationToken">Stops the training.</param>
    public static IReadOnlyList<ScoreEvaluation> CrossValidate(IScorerTrainer trainer, TrainingTable data, int folds = 5, int seed = 0, CancellationToken cancellationToken = default) =>
        ScorerEvaluator.CrossValidate(trainer, data, folds, seed, cancellationToken).Folds;

    /// <summary>The <c>modelType</c> of a saved model file (<see cref="LogisticType"/>, <see cref="HealthType"/>, or a package's own).</summary>
    /// <param name="path">The model file.</param>
    /// <exception cref="DataFormatException">The file is not JSON or has no <c>modelType</c>.</exception>
    public static string ReadModelType(string path) => ModelFiles.ReadModelType(path);

    /// <summary>Loads a logistic-regression model or a weighted health score saved by this library.</summary>
    /// <param name="path">The model file.</param>
    /// <exception cref="NotSupportedException">The file holds a model of another package (gbm: load it with Segmentation.MLNet).</exception>
    public static IRiskScorer Load(string path) => ModelFiles.Load(path);

    /// <summary>
    /// A weighted health score (a hand-configured scorecard, 0-100 with a green/yellow/red band) from its JSON
    /// configuration (docs/scoring.md); a file with <c>"modelType": "health"</c> loads with <see cref="Load"/>.
    /// </summary>
    /// <param name="json">The configuration: <c>name</c>, <c>factors</c> (feature, weight, thresholds or curve) and <c>bands</c>.</param>
    /// <exception cref="ArgumentException">The JSON is malformed or the configuration invalid (the message lists every problem).</exception>
    public static IRiskScorer HealthScore(string json) => WeightedHealthScore.FromJson(json);

    /// <summary>Scores every row of a CSV with a trained scorer, encoding the columns the way its training did.</summary>
    /// <param name="scorer">The trained scorer.</param>
    /// <param name="table">The rows to score; the outcome column may be present or not.</param>
    /// <param name="idColumn">The id column, left out of the features; <see langword="null"/> when there is none.</param>
    /// <param name="cancellationToken">Stops the scoring.</param>
    public static IReadOnlyList<RiskScore> Score(ITrainedScorer scorer, CsvTable table, string? idColumn = null, CancellationToken cancellationToken = default) =>
        ScoringTables.Score(scorer, table, idColumn, cancellationToken);

    /// <summary>The features of a CSV encoded the way <paramref name="scorer"/>'s training encoded them.</summary>
    /// <param name="scorer">The trained scorer.</param>
    /// <param name="table">The rows.</param>
    /// <param name="idColumn">The id column, left out of the features; <see langword="null"/> when there is none.</param>
    public static FeatureMatrix Encode(ITrainedScorer scorer, CsvTable table, string? idColumn = null) => ScoringTables.Encode(scorer, table, idColumn);

    /// <summary>The columns a scorer needs, in its order, taken from a wider feature matrix.</summary>
    /// <param name="customers">The features.</param>
    /// <param name="required">The names the scorer needs.</param>
    /// <param name="scorer">The scorer's name, for the message.</param>
    /// <exception cref="ArgumentException">A required feature is missing; the message names them.</exception>
    public static FeatureMatrix SelectFeatures(FeatureMatrix customers, IReadOnlyList<string> required, string scorer) =>
        ScoringTables.SelectFeatures(customers, required, scorer);

    /// <summary>The JSON of a model file, written the way this library writes its own (indented, camelCase, enums as text).</summary>
    /// <typeparam name="T">The model's file shape.</typeparam>
    /// <param name="value">The model's file shape.</param>
    public static string ToModelJson<T>(T value) => ModelFiles.ToJson(value);

    /// <summary>Reads JSON written by <see cref="ToModelJson{T}"/>.</summary>
    /// <typeparam name="T">The model's file shape.</typeparam>
    /// <param name="json">The text of the file.</param>
    public static T? FromModelJson<T>(string json) => ModelFiles.FromJson<T>(json);
}
