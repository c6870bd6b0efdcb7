using Segmentation.Data;
using Segmentation.Features;

namespace Segmentation.Scoring;

/// <summary>
/// Encoded features and a yes/no outcome per customer: what scorers are trained and evaluated on. Built from a CSV
/// table (keeping the encoding, so the trained model can score raw tables later) or from a feature matrix.
/// </summary>
public sealed class TrainingTable
{
    /// <summary>Creates a training table from features and outcomes.</summary>
    /// <param name="features">The raw (unscaled) features; NaN = missing.</param>
    /// <param name="outcome"><see langword="true"/> where the outcome happened, <see langword="false"/> where it did not.</param>
    /// <param name="definition">What the outcome is; <see langword="null"/> for <c>outcome</c>/<c>1</c>/<c>0</c>.</param>
    /// <param name="encoder">The encoding of the source table, when the features came from one.</param>
    /// <exception cref="ArgumentException">The lengths differ, or only one class is present.</exception>
    public TrainingTable(FeatureMatrix features, IReadOnlyList<bool> outcome, OutcomeDefinition? definition = null, TabularEncoder? encoder = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Count != features.RowCount)
        {
            throw new ArgumentException($"There are {outcome.Count} outcomes for {features.RowCount} rows; give one outcome per row.", nameof(outcome));
        }

        int positives = outcome.Count(v => v);
        if (positives == 0 || positives == outcome.Count)
        {
            throw new ArgumentException($"All {outcome.Count} rows have outcome {positives > 0}; training needs rows of both outcomes.", nameof(outcome));
        }

        Features = features;
        Outcome = [.. outcome];
        OutcomeValues = [.. outcome.Select(v => v ? 1.0 : 0.0)];
        Definition = definition ?? new OutcomeDefinition("outcome", "1", "0");
        Encoder = encoder;
    }

    /// <summary>The raw features.</summary>
    public FeatureMatrix Features { get; }

    /// <summary><see langword="true"/> where the outcome happened, <see langword="false"/> where it did not.</summary>
    public IReadOnlyList<bool> Outcome { get; }

    /// <summary>The outcome as 1 and 0, as the trainers and metrics compute with it (converted once here).</summary>
    internal IReadOnlyList<double> OutcomeValues { get; }

    /// <summary>What the outcome is.</summary>
    public OutcomeDefinition Definition { get; }

    /// <summary>The encoding of the source table, or <see langword="null"/> when built from a matrix.</summary>
    public TabularEncoder? Encoder { get; }

    /// <summary>What became of each column of the source table (used, or left out and why), when read from one.</summary>
    public ColumnReport? Columns { get; init; }

    /// <summary>The number of customers.</summary>
    public int RowCount => Features.RowCount;

    /// <summary>Reads a training table from a CSV table: the target column becomes the outcome, the rest features.</summary>
    /// <param name="table">The history table.</param>
    /// <param name="target">The outcome column.</param>
    /// <param name="positive">The positive label (optional for yes/no, true/false, 1/0 targets).</param>
    /// <param name="idColumn">The id column (not a feature), or <see langword="null"/>.</param>
    /// <param name="maxCategoricalLevels">Text columns with more distinct values are ignored.</param>
    /// <exception cref="DataFormatException">The target is malformed (see <see cref="BinaryOutcome.Read"/>).</exception>
    /// <exception cref="ArgumentException">A named column is absent, or the positive label does not occur.</exception>
    public static TrainingTable FromCsv(CsvTable table, string target, string? positive = null, string? idColumn = null, int maxCategoricalLevels = 12) =>
        FromCsv(table, target, positive, new TabularFeatureOptions { IdColumn = idColumn, MaxCategoricalLevels = maxCategoricalLevels });

    /// <summary>Reads a training table from a CSV table with the given reading settings (id column, missing tokens, invalid numbers).</summary>
    /// <param name="table">The history table.</param>
    /// <param name="target">The outcome column.</param>
    /// <param name="positive">The positive label (optional for yes/no, true/false, 1/0 targets).</param>
    /// <param name="features">How the feature columns are read; <see cref="TabularFeatureOptions.IdColumn"/> names the id column.</param>
    /// <exception cref="DataFormatException">The target is malformed, or a feature cell cannot be read (see <see cref="TabularFeatures.FromTable"/>).</exception>
    /// <exception cref="ArgumentException">A named column is absent, or the positive label does not occur.</exception>
    public static TrainingTable FromCsv(CsvTable table, string target, string? positive, TabularFeatureOptions features)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(features);
        table.RequireRows();
        (OutcomeDefinition definition, bool[] outcome) = BinaryOutcome.Read(table, target, positive);
        if (features.IdColumn == target)
        {
            throw new ArgumentException($"--id-column and --target both name '{target}'; the id column cannot be the outcome.");
        }

        (TabularEncoder encoder, TabularFeatures read) = TabularEncoder.FitFeatures(table, target, features);
        FeatureMatrix encoded = read.Features;
        if (encoded.ColumnCount == 0)
        {
            throw new DataFormatException(table.SourceName, 1, null, "no column besides the id and the target can be used as a feature.");
        }

        return new TrainingTable(encoded, outcome, definition, encoder) { Columns = read.Columns };
    }

    /// <summary>The rows at <paramref name="rows"/>, in that order (for splits and folds).</summary>
    public TrainingTable Subset(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int d = Features.ColumnCount;
        var values = new double[rows.Count * d];
        var ids = new string[rows.Count];
        var outcome = new bool[rows.Count];
        for (int r = 0; r < rows.Count; r++)
        {
            Features.Row(rows[r]).CopyTo(values.AsSpan(r * d, d));
            ids[r] = Features.RowIds?[rows[r]] ?? (rows[r] + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            outcome[r] = Outcome[rows[r]];
        }

        return new TrainingTable(FeatureMatrix.Create(values, d, Features.Schema, ids), outcome, Definition, Encoder);
    }
}

/// <summary>Trains a scorer on outcomes (logistic regression here, gradient-boosted trees in <c>Segmentation.MLNet</c>).</summary>
public interface IScorerTrainer
{
    /// <summary>The model type written into model files, for example <c>logistic</c> or <c>gbm</c>.</summary>
    string ModelType { get; }

    /// <summary>Fits a scorer on <paramref name="data"/> and names it <paramref name="name"/>.</summary>
    ITrainedScorer Fit(TrainingTable data, string name, CancellationToken cancellationToken = default);
}

/// <summary>A scorer trained on outcomes: scores probabilities, explains them, and saves itself.</summary>
public interface ITrainedScorer : IRiskScorer
{
    /// <summary>The model type, for example <c>logistic</c>.</summary>
    string ModelType { get; }

    /// <summary>What the scorer predicts.</summary>
    OutcomeDefinition Outcome { get; }

    /// <summary>The encoding of raw tables, when trained on one; used by <see cref="ScoringTables.Score"/>.</summary>
    TabularEncoder? Encoder { get; }

    /// <summary>Global feature importance: the mean absolute contribution of each feature, largest first.</summary>
    IReadOnlyList<ScoreDriver> GlobalImportance { get; }

    /// <summary>The probability of the positive outcome for each row (no explanations; faster than <see cref="IRiskScorer.Score"/>).</summary>
    double[] PredictProbabilities(FeatureMatrix customers, CancellationToken cancellationToken = default);

    /// <summary>Writes the model to <paramref name="path"/> (JSON; some model types add a file beside it).</summary>
    void Save(string path);
}
