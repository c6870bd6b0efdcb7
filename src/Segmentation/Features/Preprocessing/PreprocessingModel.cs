using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.Intrinsics;
using System.Text.Json.Serialization;
using Segmentation.Options;

namespace Segmentation.Features.Preprocessing;

/// <summary>
/// How one column is transformed: optionally <c>log(1 + x)</c>, then missing values take <see cref="FillValue"/>, then
/// <c>(x - Center) / Scale × Weight</c>.
/// </summary>
/// <param name="Name">The column name.</param>
/// <param name="FillValue">The value that replaces a missing value (after the log when <see cref="Log1p"/>).</param>
/// <param name="Center">Subtracted after imputation.</param>
/// <param name="Scale">Divides after centring; never 0.</param>
public sealed record ColumnPreprocessing(string Name, double FillValue, double Center, double Scale)
{
    /// <summary>Whether <c>log(1 + x)</c> is applied first.</summary>
    public bool Log1p { get; init; }

    /// <summary>Multiplies the scaled value (feature weight); positive.</summary>
    public double Weight { get; init; } = 1;

    /// <summary>Whether a 0/1 <c>{Name}_missing</c> column is added after the features.</summary>
    public bool MissingIndicator { get; init; }
}

/// <summary>
/// A fitted imputation and scaling transform: learned once from training data, then applied identically to new
/// customers (a daily run uses the statistics of the training run, not its own).
/// </summary>
/// <remarks>Immutable, thread-safe, and serializable with System.Text.Json.</remarks>
public sealed class PreprocessingModel
{
    /// <summary>The columns a worker of <see cref="Fit"/> gathers in one pass over the rows.</summary>
    private const int FitGroupSize = 4;

    /// <summary>The rows <see cref="Transform(FeatureMatrix)"/> hands to a worker at a time.</summary>
    private const int TransformBlockRows = 16_384;

    /// <summary>At most this many workers fit columns side by side (each holds <see cref="FitGroupSize"/> + 1 buffers as long as the data).</summary>
    private const int MaxFitWorkers = 4;

    // The steps as an array: Transform reads one per cell, without an interface call each time.
    private readonly ColumnPreprocessing[] _steps;

    /// <summary>Creates a model from per-column steps (used by deserialization).</summary>
    [JsonConstructor]
    public PreprocessingModel(IReadOnlyList<ColumnPreprocessing> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        foreach (ColumnPreprocessing column in columns)
        {
            if (!double.IsFinite(column.FillValue) || !double.IsFinite(column.Center) || !double.IsFinite(column.Scale) || column.Scale == 0
                || !double.IsFinite(column.Weight) || column.Weight <= 0)
            {
                throw new ArgumentException($"Column '{column.Name}' has an invalid step: fill, centre, scale and weight must be finite, the scale non-zero and the weight positive.", nameof(columns));
            }
        }

        _steps = [.. columns];
        Columns = _steps;
        OutputSchema = new FeatureSchema([
            .. Columns.Select(c => new FeatureColumn(c.Name, FeatureKind.Numeric)),
            .. Columns.Where(c => c.MissingIndicator).Select(c => new FeatureColumn($"{c.Name}_missing", FeatureKind.MissingIndicator, c.Name))]);
    }

    /// <summary>The number of columns <see cref="Transform(FeatureMatrix)"/> produces: the features, then one per missing indicator.</summary>
    [JsonIgnore]
    public int OutputColumnCount => OutputSchema.Count;

    /// <summary>The columns of model space (names of the features, then <c>{name}_missing</c> indicators).</summary>
    [JsonIgnore]
    public FeatureSchema OutputSchema { get; }

    /// <summary>The step of each column, in schema order.</summary>
    public IReadOnlyList<ColumnPreprocessing> Columns { get; }

    /// <summary>Learns fill values and scales from <paramref name="raw"/> (NaN = missing).</summary>
    /// <exception cref="ArgumentException">A value is infinite (the message names the row and column).</exception>
    public static PreprocessingModel Fit(FeatureMatrix raw, PreprocessingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(raw);
        options ??= new PreprocessingOptions();
        OptionsValidation.ThrowIfInvalid(options, nameof(options));
        string[] unknown = [.. options.Log1pColumns.Concat(options.FeatureWeights.Keys).Where(n => !raw.Schema.Names.Contains(n, StringComparer.Ordinal)).Distinct()];
        if (unknown.Length > 0)
        {
            throw new ArgumentException($"PreprocessingOptions names features that do not exist: {string.Join(", ", unknown)}; the features are: {string.Join(", ", raw.Schema.Names)}.", nameof(options));
        }

        var steps = new ColumnPreprocessing[raw.ColumnCount];

        // Columns are independent: a few workers each take a group of adjacent columns, gathered in one pass over the
        // rows (one column per pass read every cache line of the data for a single value), and fit them one by one as
        // before. Each worker reuses its buffers for all its groups: arrays per column, each as long as the data, were
        // most of the garbage of a large run. Failures are thrown for the first column in order, as one column after
        // another would have.
        int n = raw.RowCount;
        int d = raw.ColumnCount;
        double[] values = raw.ValuesArray;
        int groups = (d + FitGroupSize - 1) / FitGroupSize;
        var failures = new ExceptionDispatchInfo?[d];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Min(Environment.ProcessorCount, MaxFitWorkers) };
        Parallel.For(0, groups, parallel, () => (Columns: new double[Math.Min(FitGroupSize, d)][], Present: new double[n]), (group, _, buffers) =>
        {
            int first = group * FitGroupSize;
            int width = Math.Min(FitGroupSize, d - first);
            for (int g = 0; g < width; g++)
            {
                buffers.Columns[g] ??= new double[n];
            }

            for (int i = 0; i < n; i++)
            {
                int row = (i * d) + first;
                for (int g = 0; g < width; g++)
                {
                    buffers.Columns[g][i] = values[row + g];
                }
            }

            for (int g = 0; g < width; g++)
            {
                try
                {
                    steps[first + g] = FitColumn(raw.Schema[first + g], buffers.Columns[g], buffers.Present, options, nameof(raw));
                }
                catch (ArgumentException e)
                {
                    failures[first + g] = ExceptionDispatchInfo.Capture(e);
                }
            }

            return buffers;
        }, _ => { });
        foreach (ExceptionDispatchInfo? failure in failures)
        {
            failure?.Throw();
        }

        return new PreprocessingModel(steps);
    }

    /// <summary>The step of one column, learned from its values (<paramref name="column"/>, overwritten); <paramref name="presentBuffer"/> is scratch as long as it.</summary>
    private static ColumnPreprocessing FitColumn(FeatureColumn feature, double[] column, double[] presentBuffer, PreprocessingOptions options, string paramName)
    {
        string name = feature.Name;
        int infinite = column.AsSpan().IndexOfAny(double.PositiveInfinity, double.NegativeInfinity);
        if (infinite >= 0)
        {
            throw new ArgumentException($"Row {infinite}, column '{name}' is infinite; only finite values or missing values (NaN) can be preprocessed.", paramName);
        }

        bool log = options.Log1pColumns.Contains(name, StringComparer.Ordinal);
        if (log)
        {
            for (int i = 0; i < column.Length; i++)
            {
                column[i] = Log1p(column[i], name, i);
            }
        }

        Span<double> present = presentBuffer.AsSpan(0, Present(column, presentBuffer));
        bool anyMissing = present.Length < column.Length;

        // An all-missing column carries no information: fill with 0 and leave it unscaled. The mean is summed in
        // row order, as Enumerable.Average sums.
        double fill = options.Imputation == ImputationStrategy.Constant ? options.ImputationConstant
            : present.Length == 0 ? 0
            : options.Imputation == ImputationStrategy.Median ? Statistics.Quantile(present, 0.5)
            : Statistics.Sum(present) / present.Length;
        for (int i = 0; i < column.Length; i++)
        {
            if (double.IsNaN(column[i]))
            {
                column[i] = fill;
            }
        }

        (double center, double scale) = feature.Kind == FeatureKind.Numeric ? ScaleOf(column, options.Scaling) : (0, 1);
        double weight = options.FeatureWeights.TryGetValue(name, out double w) ? w : 1;
        return new ColumnPreprocessing(name, fill, center, scale) { Log1p = log, Weight = weight, MissingIndicator = options.AddMissingIndicators && anyMissing };
    }

    /// <summary>Applies the fitted steps to <paramref name="raw"/>, whose columns must match the training columns by name and order.</summary>
    /// <exception cref="ArgumentException">The columns differ from training (the message lists missing and extra names), or a value is infinite.</exception>
    public FeatureMatrix Transform(FeatureMatrix raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        CheckColumns(raw.Schema);
        int d = OutputColumnCount;
        int rawWidth = raw.ColumnCount;
        int n = raw.RowCount;
        double[] values = GC.AllocateUninitializedArray<double>(n * d); // every cell is written below
        double[] source = raw.ValuesArray;

        // Rows are independent: blocks of them side by side, each row as the one-customer overload transforms it. The
        // error is that of the first infinite value in row order, as one row after another would have thrown it.
        int blocks = (n + TransformBlockRows - 1) / TransformBlockRows;
        var failures = new ExceptionDispatchInfo?[blocks];
        RowSteps? plain = RowSteps.For(_steps);
        Parallel.For(0, blocks, block =>
        {
            int end = Math.Min(n, (block + 1) * TransformBlockRows);
            try
            {
                if (plain is not null)
                {
                    plain.Transform(this, source, values, rawWidth, block * TransformBlockRows, end);
                    return;
                }

                for (int i = block * TransformBlockRows; i < end; i++)
                {
                    Transform(source.AsSpan(i * rawWidth, rawWidth), values.AsSpan(i * d, d));
                }
            }
            catch (ArgumentException e)
            {
                failures[block] = ExceptionDispatchInfo.Capture(e);
            }
        });
        foreach (ExceptionDispatchInfo? failure in failures)
        {
            failure?.Throw();
        }

        double[]? weights = raw.RowWeights?.ToArray();
        FeatureSchema schema = d == raw.ColumnCount ? raw.Schema : new FeatureSchema([.. raw.Schema, .. OutputSchema.Skip(raw.ColumnCount)]);
        // The ids are shared, not copied: neither matrix ever changes them (a million ids are 8 MB of references).
        return FeatureMatrix.Create(values, d, schema, raw.RowIds is string[] ids ? ids : raw.RowIds?.ToArray(), weights);
    }

    /// <summary>Transforms one customer's raw features into <paramref name="destination"/> (length <see cref="OutputColumnCount"/>).</summary>
    /// <exception cref="ArgumentException">Wrong length, or an infinite value.</exception>
    public void Transform(ReadOnlySpan<double> raw, Span<double> destination)
    {
        ColumnPreprocessing[] steps = _steps;
        if (raw.Length != steps.Length || destination.Length != OutputColumnCount)
        {
            throw new ArgumentException($"Expected {steps.Length} features and a destination of {OutputColumnCount}, got {raw.Length} (destination {destination.Length}).", nameof(raw));
        }

        int indicator = steps.Length;
        for (int j = 0; j < raw.Length; j++)
        {
            double value = raw[j];
            if (double.IsInfinity(value))
            {
                throw new ArgumentException($"Feature '{steps[j].Name}' is infinite; only finite values or missing values (NaN) can be preprocessed.", nameof(raw));
            }

            ColumnPreprocessing step = steps[j];
            bool missing = double.IsNaN(value);
            if (step.Log1p && !missing)
            {
                value = Log1p(value, step.Name, -1);
            }

            destination[j] = ((missing ? step.FillValue : value) - step.Center) / step.Scale * step.Weight;
            if (step.MissingIndicator)
            {
                destination[indicator++] = missing ? 1 : 0;
            }
        }
    }

    /// <summary>
    /// The steps of a model without log1p or missing indicators as arrays, applied to whole rows with vectors: the same
    /// arithmetic as <see cref="PreprocessingModel.Transform(ReadOnlySpan{double}, Span{double})"/> on each cell, lane by lane (IEEE
    /// subtraction, division and multiplication give the same bits in a vector lane as in a scalar).
    /// </summary>
    private sealed class RowSteps
    {
        private readonly double[] _fill;
        private readonly double[] _center;
        private readonly double[] _scale;
        private readonly double[] _weight;

        private RowSteps(ColumnPreprocessing[] steps)
        {
            _fill = [.. steps.Select(s => s.FillValue)];
            _center = [.. steps.Select(s => s.Center)];
            _scale = [.. steps.Select(s => s.Scale)];
            _weight = [.. steps.Select(s => s.Weight)];
        }

        /// <summary>The row steps of <paramref name="steps"/>, or <see langword="null"/> when a column takes log1p or adds a missing indicator.</summary>
        public static RowSteps? For(ColumnPreprocessing[] steps) =>
            steps.Any(s => s.Log1p || s.MissingIndicator) ? null : new RowSteps(steps);

        /// <summary>
        /// Transforms rows [<paramref name="start"/>, <paramref name="end"/>) of <paramref name="source"/> into
        /// <paramref name="destination"/> (both <paramref name="width"/> wide); a row with an infinite value goes through
        /// <paramref name="model"/>'s one-row transform, which throws its error.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Transform(PreprocessingModel model, double[] source, double[] destination, int width, int start, int end)
        {
            ReadOnlySpan<double> fill = _fill, center = _center, scale = _scale, weight = _weight;
            int vectorEnd = Vector256.IsHardwareAccelerated ? width - (width % Vector256<double>.Count) : 0;
            var infinity = Vector256.Create(double.PositiveInfinity);
            for (int i = start; i < end; i++)
            {
                ReadOnlySpan<double> row = source.AsSpan(i * width, width);
                Span<double> result = destination.AsSpan(i * width, width);
                int j = 0;
                for (; j < vectorEnd; j += Vector256<double>.Count)
                {
                    Vector256<double> value = Vector256.Create(row.Slice(j, Vector256<double>.Count));
                    if (Vector256.EqualsAny(Vector256.Abs(value), infinity))
                    {
                        model.Transform(row, result);
                    }

                    // NaN is the one value not equal to itself: missing cells take the fill value.
                    Vector256<double> filled = Vector256.ConditionalSelect(Vector256.Equals(value, value), value, Vector256.Create(fill.Slice(j, Vector256<double>.Count)));
                    Vector256<double> scaled = (filled - Vector256.Create(center.Slice(j, Vector256<double>.Count))) / Vector256.Create(scale.Slice(j, Vector256<double>.Count));
                    (scaled * Vector256.Create(weight.Slice(j, Vector256<double>.Count))).CopyTo(result.Slice(j, Vector256<double>.Count));
                }

                for (; j < width; j++)
                {
                    double value = row[j];
                    if (double.IsInfinity(value))
                    {
                        model.Transform(row, result);
                    }

                    result[j] = ((double.IsNaN(value) ? fill[j] : value) - center[j]) / scale[j] * weight[j];
                }
            }
        }
    }

    /// <summary>
    /// Maps a point in model space back to original units, one value per feature (missing values cannot be recovered;
    /// missing-indicator columns, when present, are dropped).
    /// </summary>
    public double[] InverseTransform(ReadOnlySpan<double> modelSpace)
    {
        if (modelSpace.Length != OutputColumnCount && modelSpace.Length != Columns.Count)
        {
            throw new ArgumentException($"Expected {OutputColumnCount} features, got {modelSpace.Length}.", nameof(modelSpace));
        }

        var result = new double[Columns.Count];
        for (int j = 0; j < result.Length; j++)
        {
            ColumnPreprocessing step = Columns[j];
            double value = (modelSpace[j] / step.Weight * step.Scale) + step.Center;
            result[j] = step.Log1p ? Math.Exp(value) - 1 : value;
        }

        return result;
    }

    private static double Log1p(double value, string column, int row)
    {
        if (double.IsNaN(value) || value > -1)
        {
            return double.IsNaN(value) ? value : Math.Log(1 + value);
        }

        string where = row >= 0 ? $"Row {row}, column '{column}'" : $"Feature '{column}'";
        throw new ArgumentException($"{where} is {value}; log1p needs values above -1 (remove the column from Log1pColumns or fix the value).", nameof(value));
    }

    private void CheckColumns(FeatureSchema schema)
    {
        if (schema.Count == Columns.Count && Enumerable.Range(0, schema.Count).All(j => schema[j].Name == Columns[j].Name))
        {
            return;
        }

        var expected = Columns.Select(c => c.Name).ToList();
        var actual = schema.Names;
        string[] missing = [.. expected.Except(actual, StringComparer.Ordinal)];
        string[] extra = [.. actual.Except(expected, StringComparer.Ordinal)];
        string detail = missing.Length == 0 && extra.Length == 0
            ? "the same columns are present but in another order"
            : $"missing: [{string.Join(", ", missing)}]; extra: [{string.Join(", ", extra)}]";
        throw new ArgumentException($"The features differ from those the preprocessing was fitted on ({detail}).", nameof(schema));
    }

    /// <summary>Copies the values that are not NaN, in row order, to the start of <paramref name="present"/>; returns their count.</summary>
    private static int Present(double[] column, double[] present)
    {
        int kept = 0;
        foreach (double v in column)
        {
            if (!double.IsNaN(v))
            {
                present[kept++] = v;
            }
        }

        return kept;
    }

    private static (double Center, double Scale) ScaleOf(double[] column, ScalingMethod method)
    {
        if (method == ScalingMethod.None || column.Length == 0)
        {
            return (0, 1);
        }

        if (method == ScalingMethod.MinMax)
        {
            double min = column.Min();
            double range = column.Max() - min;
            return (min, range > 0 ? range : 1);
        }

        if (method == ScalingMethod.Standard)
        {
            // Summed in row order, as Enumerable.Average and Sum add an array (the same bits), without a delegate per cell.
            double mean = Statistics.Sum(column) / column.Length;
            double squares = 0;
            foreach (double v in column)
            {
                squares += (v - mean) * (v - mean);
            }

            double variance = squares / column.Length;
            double std = Math.Sqrt(variance);
            return (mean, std > 0 ? std : 1); // a constant column stays constant, as in scikit-learn
        }

        double[] sorted = [.. column];
        Array.Sort(sorted);
        double iqr = Statistics.SortedQuantile(sorted, 0.75) - Statistics.SortedQuantile(sorted, 0.25);
        return (Statistics.SortedQuantile(sorted, 0.5), iqr > 0 ? iqr : 1);
    }
}
