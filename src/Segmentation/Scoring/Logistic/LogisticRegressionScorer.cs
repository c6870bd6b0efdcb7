using System.Buffers;
using Segmentation.Data;
using Segmentation.Features.Preprocessing;

namespace Segmentation.Scoring.Logistic;

/// <summary>
/// A fitted logistic regression: the probability of the outcome is <c>σ(b + Σ βⱼ zⱼ)</c> with <c>zⱼ</c> the feature
/// standardised by the stored preprocessing. Each driver is <c>βⱼ zⱼ</c> in log-odds, so the drivers plus the intercept
/// add up to the score's log-odds.
/// </summary>
/// <remarks>Immutable and thread-safe. Missing values are filled with the training medians stored in <see cref="Preprocessing"/>.</remarks>
internal sealed class LogisticRegressionScorer : ITrainedScorer, IColumnScorer
{
    /// <summary>Creates a scorer from fitted parts (used by the trainer and by <see cref="Load"/>).</summary>
    /// <exception cref="ArgumentException">The parts do not fit together (lengths differ, or a value is not finite).</exception>
    public LogisticRegressionScorer(
        string name,
        OutcomeDefinition outcome,
        TabularEncoder? encoder,
        PreprocessingModel preprocessing,
        double intercept,
        IReadOnlyList<double> coefficients,
        IReadOnlyList<ScoreDriver> globalImportance)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(preprocessing);
        ArgumentNullException.ThrowIfNull(coefficients);
        if (coefficients.Count != preprocessing.Columns.Count || !double.IsFinite(intercept) || coefficients.Any(c => !double.IsFinite(c)))
        {
            throw new ArgumentException($"The model has {coefficients.Count} coefficients for {preprocessing.Columns.Count} features, or a coefficient is not finite.", nameof(coefficients));
        }

        if (encoder is not null && !encoder.FeatureNames.SequenceEqual(preprocessing.Columns.Select(c => c.Name)))
        {
            throw new ArgumentException("The encoder's features differ from the preprocessing's columns; the model file is inconsistent.", nameof(encoder));
        }

        Name = name;
        Outcome = outcome;
        Encoder = encoder;
        Preprocessing = preprocessing;
        Intercept = intercept;
        Coefficients = [.. coefficients];
        GlobalImportance = [.. globalImportance ?? []];
        RequiredFeatures = [.. preprocessing.Columns.Select(c => c.Name)];
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public string ModelType => LogisticRegressionTrainer.Type;

    /// <inheritdoc />
    public OutcomeDefinition Outcome { get; }

    /// <inheritdoc />
    public TabularEncoder? Encoder { get; }

    /// <summary>The stored imputation and standardisation, one step per feature.</summary>
    public PreprocessingModel Preprocessing { get; }

    /// <summary>The intercept, in log-odds.</summary>
    public double Intercept { get; }

    /// <summary>One coefficient per feature, on the standardised scale (log-odds per standard deviation).</summary>
    public IReadOnlyList<double> Coefficients { get; }

    /// <inheritdoc />
    public IReadOnlyList<ScoreDriver> GlobalImportance { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> RequiredFeatures { get; }

    /// <inheritdoc />
    /// <remarks>One linear pass over the standardised features gives every probability; each customer's drivers (its
    /// contributions <c>βⱼ zⱼ</c>, sorted) are computed only when read, from the standardised row kept for that.</remarks>
    public IReadOnlyList<RiskScore> Score(FeatureMatrix customers, CancellationToken cancellationToken = default)
    {
        var column = (ProbabilityColumn)ScoreColumn(customers, cancellationToken);
        var scores = new RiskScore[column.Count];
        for (int i = 0; i < scores.Length; i++)
        {
            scores[i] = new RiskScore(column.Value(i), null, new DriverList(column.Standardised, i));
        }

        return scores;
    }

    /// <summary>The probabilities in one array and the drivers computed when read: the daily run's path (no record per customer).</summary>
    public ScoreColumn ScoreColumn(FeatureMatrix customers, CancellationToken cancellationToken)
    {
        StandardisedRows z = Standardise(customers);
        return new ProbabilityColumn(Probabilities(z, cancellationToken), new Contributions(z, [.. Coefficients], RequiredFeatures));
    }

    /// <inheritdoc />
    public double[] PredictProbabilities(FeatureMatrix customers, CancellationToken cancellationToken = default)
        => Probabilities(Standardise(customers), cancellationToken);

    /// <summary>σ of the linear score of every standardised row, a chunk of rows at a time (standardised into a pooled buffer) over both cores.</summary>
    private double[] Probabilities(StandardisedRows z, CancellationToken cancellationToken)
    {
        var probabilities = new double[z.Count];
        double[] coefficients = [.. Coefficients];
        int d = z.Width;
        const int Chunk = 4096;
        CustomerLoop.For((probabilities.Length + Chunk - 1) / Chunk, c =>
        {
            int start = c * Chunk;
            int count = Math.Min(Chunk, probabilities.Length - start);
            double[] rows = ArrayPool<double>.Shared.Rent(count * d);
            try
            {
                for (int i = 0; i < count; i++)
                {
                    z.Into(start + i, rows.AsSpan(i * d, d));
                }

                Span<double> logits = probabilities.AsSpan(start, count);
                Kernels.LinearScores.Apply(rows.AsSpan(0, count * d), coefficients, Intercept, logits);
                for (int i = 0; i < logits.Length; i++)
                {
                    logits[i] = ScoringTables.Sigmoid(logits[i]);
                }
            }
            finally
            {
                ArrayPool<double>.Shared.Return(rows);
            }
        }, cancellationToken);
        return probabilities;
    }

    /// <inheritdoc />
    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        ModelFiles.Write(path, new LogisticModelFile(
            ModelType, Name, Outcome, Encoder, [.. Preprocessing.Columns], Intercept, [.. Coefficients], [.. GlobalImportance]));
    }

    /// <summary>Loads a model written by <see cref="Save"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is not a logistic model file.</exception>
    public static LogisticRegressionScorer Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        LogisticModelFile file = ModelFiles.Read<LogisticModelFile>(path);
        if (file.ModelType != LogisticRegressionTrainer.Type || file.Outcome is null || file.Preprocessing is null || file.Coefficients is null)
        {
            throw new DataFormatException(path, 0, null, $"it is not a complete logistic model (modelType '{file.ModelType}').");
        }

        try
        {
            return new LogisticRegressionScorer(file.Name, file.Outcome, file.Encoder, new PreprocessingModel(file.Preprocessing), file.Intercept, file.Coefficients, file.GlobalImportance ?? []);
        }
        catch (ArgumentException exception)
        {
            throw new DataFormatException(path, 0, null, exception.Message);
        }
    }

    /// <summary>The customers' required features, standardised when read (see <see cref="StandardisedRows"/>).</summary>
    private StandardisedRows Standardise(FeatureMatrix customers)
        => new(customers, ScoringTables.ColumnsOf(customers, RequiredFeatures, Name), Preprocessing);

    /// <summary>
    /// The required features of every customer standardised by the stored preprocessing when a row is read (as
    /// <c>Preprocessing.Transform(SelectFeatures(...))</c>, straight from the customers' rows): at 1,000,000 customers a
    /// standardised copy of every row was a 200 MB allocation, whose page faults cost more than standardising again the
    /// rows whose drivers are read.
    /// </summary>
    private sealed class StandardisedRows(FeatureMatrix customers, int[] columns, PreprocessingModel preprocessing)
    {
        public int Count => customers.RowCount;

        /// <summary>The length of a standardised row.</summary>
        public int Width => preprocessing.OutputColumnCount;

        /// <summary>Standardises row <paramref name="row"/> into <paramref name="z"/> (length <see cref="Width"/>).</summary>
        /// <exception cref="ArgumentException">A value is infinite.</exception>
        public void Into(int row, Span<double> z)
        {
            ReadOnlySpan<double> values = customers.Row(row);
            Span<double> raw = columns.Length <= 256 ? stackalloc double[columns.Length] : new double[columns.Length];
            for (int j = 0; j < columns.Length; j++)
            {
                raw[j] = values[columns[j]];
            }

            preprocessing.Transform(raw, z);
        }

        /// <summary>Asks for the customer's row (see <see cref="ScoreColumn.Prefetch"/>).</summary>
        public void Prefetch(int row) => Kernels.DistanceKernels.PrefetchTile(customers.Values, customers.ColumnCount, row, 1);
    }

    /// <summary>What every customer's drivers are computed from: the standardised rows and the coefficients.</summary>
    private sealed record Contributions(StandardisedRows Z, double[] Coefficients, IReadOnlyList<string> Names)
    {
        public ScoreDriver[] Sorted(int row)
        {
            Span<double> contributions = Coefficients.Length <= 256 ? stackalloc double[Coefficients.Length] : new double[Coefficients.Length];
            Into(row, contributions);
            return ScoringTables.Sorted(Names, contributions);
        }

        /// <summary>Each feature's contribution <c>βⱼ zⱼ</c> to the row's log-odds, in feature order.</summary>
        public void Into(int row, Span<double> contributions)
        {
            Span<double> z = Z.Width <= 256 ? stackalloc double[Z.Width] : new double[Z.Width];
            Z.Into(row, z);
            for (int j = 0; j < Coefficients.Length; j++)
            {
                contributions[j] = Coefficients[j] * z[j];
            }
        }
    }

    /// <summary>Every customer's probability, and its sorted contributions when read.</summary>
    private sealed class ProbabilityColumn(double[] probabilities, Contributions contributions) : ScoreColumn
    {
        public Contributions Standardised => contributions;

        public override int Count => probabilities.Length;

        public override double Value(int row) => probabilities[row];

        public override IReadOnlyList<ScoreDriver> Drivers(int row) => contributions.Sorted(row);

        public override IReadOnlyList<string>? FeatureNames => contributions.Names;

        public override void Contributions(int row, Span<double> into) => contributions.Into(row, into);

        public override void Prefetch(int row, bool drivers)
        {
            Kernels.Prefetch.Element(probabilities, row);
            if (drivers)
            {
                contributions.Z.Prefetch(row);
            }
        }
    }

    /// <summary>One customer's drivers, sorted when first read (most customers' never are).</summary>
    private sealed class DriverList(Contributions contributions, int row) : LazyList<ScoreDriver>
    {
        protected override IReadOnlyList<ScoreDriver> Build() => contributions.Sorted(row);
    }

    private sealed record LogisticModelFile(
        string ModelType,
        string Name,
        OutcomeDefinition Outcome,
        TabularEncoder? Encoder,
        ColumnPreprocessing[] Preprocessing,
        double Intercept,
        double[] Coefficients,
        ScoreDriver[]? GlobalImportance);
}
