using System.Text.Json.Serialization;

namespace Segmentation.Features.Preprocessing;

/// <summary>How one column is transformed: missing values take <see cref="FillValue"/>, then <c>(x - Center) / Scale</c>.</summary>
/// <param name="Name">The column name.</param>
/// <param name="FillValue">The value that replaces a missing value, in original units.</param>
/// <param name="Center">Subtracted after imputation.</param>
/// <param name="Scale">Divides after centring; never 0.</param>
public sealed record ColumnPreprocessing(string Name, double FillValue, double Center, double Scale);

/// <summary>
/// A fitted imputation and scaling transform: learned once from training data, then applied identically to new
/// customers (a daily run uses the statistics of the training run, not its own).
/// </summary>
/// <remarks>Immutable, thread-safe, and serializable with System.Text.Json.</remarks>
public sealed class PreprocessingModel
{
    /// <summary>Creates a model from per-column steps (used by deserialization).</summary>
    [JsonConstructor]
    public PreprocessingModel(IReadOnlyList<ColumnPreprocessing> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        foreach (ColumnPreprocessing column in columns)
        {
            if (!double.IsFinite(column.FillValue) || !double.IsFinite(column.Center) || !double.IsFinite(column.Scale) || column.Scale == 0)
            {
                throw new ArgumentException($"Column '{column.Name}' has an invalid step: fill, centre and scale must be finite and the scale non-zero.", nameof(columns));
            }
        }

        Columns = [.. columns];
    }

    /// <summary>The step of each column, in schema order.</summary>
    public IReadOnlyList<ColumnPreprocessing> Columns { get; }

    /// <summary>Learns fill values and scales from <paramref name="raw"/> (NaN = missing).</summary>
    /// <exception cref="ArgumentException">A value is infinite (the message names the row and column).</exception>
    public static PreprocessingModel Fit(FeatureMatrix raw, PreprocessingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(raw);
        options ??= new PreprocessingOptions();
        var steps = new ColumnPreprocessing[raw.ColumnCount];
        for (int j = 0; j < raw.ColumnCount; j++)
        {
            double[] column = raw.Column(j);
            int infinite = Array.FindIndex(column, double.IsInfinity);
            if (infinite >= 0)
            {
                throw new ArgumentException($"Row {infinite}, column '{raw.Schema[j].Name}' is infinite; only finite values or missing values (NaN) can be preprocessed.", nameof(raw));
            }

            double[] present = [.. column.Where(v => !double.IsNaN(v))];
            Array.Sort(present);

            // An all-missing column carries no information: fill with 0 and leave it unscaled.
            double fill = present.Length == 0 ? 0
                : options.Imputation == ImputationStrategy.Median ? Statistics.SortedQuantile(present, 0.5)
                : present.Average();
            for (int i = 0; i < column.Length; i++)
            {
                if (double.IsNaN(column[i]))
                {
                    column[i] = fill;
                }
            }

            (double center, double scale) = raw.Schema[j].Kind == FeatureKind.Numeric ? ScaleOf(column, options.Scaling) : (0, 1);
            steps[j] = new ColumnPreprocessing(raw.Schema[j].Name, fill, center, scale);
        }

        return new PreprocessingModel(steps);
    }

    /// <summary>Applies the fitted steps to <paramref name="raw"/>, whose columns must match the training columns by name and order.</summary>
    /// <exception cref="ArgumentException">The columns differ from training (the message lists missing and extra names), or a value is infinite.</exception>
    public FeatureMatrix Transform(FeatureMatrix raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        CheckColumns(raw.Schema);
        int d = raw.ColumnCount;
        var values = new double[raw.RowCount * d];
        for (int i = 0; i < raw.RowCount; i++)
        {
            Transform(raw.Row(i), values.AsSpan(i * d, d));
        }

        double[]? weights = raw.RowWeights?.ToArray();
        return FeatureMatrix.Create(values, d, raw.Schema, raw.RowIds?.ToArray(), weights);
    }

    /// <summary>Transforms one customer's raw features into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">Wrong length, or an infinite value.</exception>
    public void Transform(ReadOnlySpan<double> raw, Span<double> destination)
    {
        if (raw.Length != Columns.Count || destination.Length != Columns.Count)
        {
            throw new ArgumentException($"Expected {Columns.Count} features, got {raw.Length} (destination {destination.Length}).", nameof(raw));
        }

        for (int j = 0; j < raw.Length; j++)
        {
            double value = raw[j];
            if (double.IsInfinity(value))
            {
                throw new ArgumentException($"Feature '{Columns[j].Name}' is infinite; only finite values or missing values (NaN) can be preprocessed.", nameof(raw));
            }

            ColumnPreprocessing step = Columns[j];
            destination[j] = ((double.IsNaN(value) ? step.FillValue : value) - step.Center) / step.Scale;
        }
    }

    /// <summary>Maps a point in model space back to original units (missing values cannot be recovered).</summary>
    public double[] InverseTransform(ReadOnlySpan<double> modelSpace)
    {
        if (modelSpace.Length != Columns.Count)
        {
            throw new ArgumentException($"Expected {Columns.Count} features, got {modelSpace.Length}.", nameof(modelSpace));
        }

        var result = new double[modelSpace.Length];
        for (int j = 0; j < result.Length; j++)
        {
            result[j] = (modelSpace[j] * Columns[j].Scale) + Columns[j].Center;
        }

        return result;
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

    private static (double Center, double Scale) ScaleOf(double[] column, ScalingMethod method)
    {
        if (method == ScalingMethod.None || column.Length == 0)
        {
            return (0, 1);
        }

        if (method == ScalingMethod.Standard)
        {
            double mean = column.Average();
            double variance = column.Sum(v => (v - mean) * (v - mean)) / column.Length;
            double std = Math.Sqrt(variance);
            return (mean, std > 0 ? std : 1); // a constant column stays constant, as in scikit-learn
        }

        double[] sorted = [.. column];
        Array.Sort(sorted);
        double iqr = Statistics.SortedQuantile(sorted, 0.75) - Statistics.SortedQuantile(sorted, 0.25);
        return (Statistics.SortedQuantile(sorted, 0.5), iqr > 0 ? iqr : 1);
    }
}
