using System.Globalization;
using System.Numerics;

namespace Segmentation;

/// <summary>
/// An immutable n × d table of <see cref="double"/> features stored row-major in one contiguous array,
/// with a <see cref="FeatureSchema"/>, optional row ids and optional row weights.
/// </summary>
/// <remarks>
/// <para><see cref="double.NaN"/> marks a missing value in raw features; clustering refuses NaN, so impute first
/// (see <c>Segmentation.Features.Preprocessing</c>).</para>
/// <para>Instances are immutable and safe to share between threads. The factories copy their input.</para>
/// </remarks>
public sealed class FeatureMatrix
{
    private readonly double[] _values;
    private readonly string[]? _rowIds;
    private readonly double[]? _weights;
    private volatile bool _knownFinite;

    private FeatureMatrix(double[] values, int rowCount, FeatureSchema schema, string[]? rowIds, double[]? weights)
    {
        _values = values;
        RowCount = rowCount;
        Schema = schema;
        _rowIds = rowIds;
        _weights = weights;
    }

    /// <summary>The number of rows (customers), n.</summary>
    public int RowCount { get; }

    /// <summary>The number of columns (features), d.</summary>
    public int ColumnCount => Schema.Count;

    /// <summary>The column names and kinds.</summary>
    public FeatureSchema Schema { get; }

    /// <summary>The id of each row (for example the customer id), or <see langword="null"/> when none were given.</summary>
    public IReadOnlyList<string>? RowIds => _rowIds;

    /// <summary>The weight of each row (for example ARR for value-weighted segments), or <see langword="null"/> when all rows weigh 1.</summary>
    public ReadOnlyMemory<double>? RowWeights => _weights is null ? (ReadOnlyMemory<double>?)null : new ReadOnlyMemory<double>(_weights);

    /// <summary>All values, row after row.</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>The backing array itself, for parallel kernels that cannot capture a span; never write to it.</summary>
    internal double[] ValuesArray => _values;

    /// <summary>The backing weights array, or <see langword="null"/>; never write to it.</summary>
    internal double[]? WeightsArray => _weights;

    /// <summary>The value at <paramref name="row"/>, <paramref name="column"/>.</summary>
    public double this[int row, int column]
    {
        get
        {
            if ((uint)row >= (uint)RowCount)
            {
                throw new ArgumentOutOfRangeException(nameof(row), row, $"Row must be in [0, {RowCount}).");
            }

            if ((uint)column >= (uint)ColumnCount)
            {
                throw new ArgumentOutOfRangeException(nameof(column), column, $"Column must be in [0, {ColumnCount}).");
            }

            return _values[(row * ColumnCount) + column];
        }
    }

    /// <summary>The values of row <paramref name="row"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is not in [0, <see cref="RowCount"/>).</exception>
    public ReadOnlySpan<double> Row(int row)
    {
        if ((uint)row >= (uint)RowCount)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"Row must be in [0, {RowCount}).");
        }

        return _values.AsSpan(row * ColumnCount, ColumnCount);
    }

    /// <summary>A copy of column <paramref name="column"/>.</summary>
    public double[] Column(int column)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, ColumnCount);
        var result = new double[RowCount];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = _values[(i * ColumnCount) + column];
        }

        return result;
    }

    /// <summary>A copy of the column named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such column.</exception>
    public double[] Column(string name) => Column(Schema.GetIndex(name));

    /// <summary>The weight of row <paramref name="row"/> (1 when the matrix has no weights).</summary>
    public double Weight(int row) => _weights is null ? 1.0 : _weights[row];

    /// <summary>Creates a matrix from rows of equal length.</summary>
    /// <param name="rows">The rows; each is copied.</param>
    /// <param name="columnNames">Column names; <c>x0, x1, ...</c> when omitted.</param>
    /// <exception cref="ArgumentException">Rows differ in length, or the names do not match the row length.</exception>
    public static FeatureMatrix FromRows(IReadOnlyList<double[]> rows, IReadOnlyList<string>? columnNames = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int d = columnNames?.Count ?? (rows.Count > 0 ? rows[0]?.Length ?? 0 : 0);
        FeatureSchema schema = columnNames is null ? FeatureSchema.Default(d) : FeatureSchema.Numeric(columnNames);
        var values = new double[checked(rows.Count * d)];
        for (int i = 0; i < rows.Count; i++)
        {
            double[] row = rows[i] ?? throw new ArgumentException($"Row {i} is null.", nameof(rows));
            if (row.Length != d)
            {
                throw new ArgumentException($"Row {i} has {row.Length} values but the matrix has {d} columns.", nameof(rows));
            }

            row.CopyTo(values, i * d);
        }

        return new FeatureMatrix(values, rows.Count, schema, null, null);
    }

    /// <summary>Creates a matrix by copying <paramref name="values"/>, laid out row after row.</summary>
    /// <param name="values">n × d values, row-major.</param>
    /// <param name="columnCount">d, the number of columns.</param>
    /// <param name="schema">Column names and kinds; numeric <c>x0, x1, ...</c> when omitted.</param>
    /// <exception cref="ArgumentException">The length is not a multiple of <paramref name="columnCount"/>, or the schema has another width.</exception>
    public static FeatureMatrix FromSpan(ReadOnlySpan<double> values, int columnCount, FeatureSchema? schema = null)
        => Create(values.ToArray(), columnCount, schema);

    /// <summary>Takes ownership of <paramref name="values"/> without copying; the caller must not change the array afterwards.</summary>
    internal static FeatureMatrix Create(double[] values, int columnCount, FeatureSchema? schema = null, string[]? rowIds = null, double[]? weights = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegative(columnCount);
        if (columnCount == 0 ? values.Length != 0 : values.Length % columnCount != 0)
        {
            throw new ArgumentException($"{values.Length} values do not divide into rows of {columnCount} columns.", nameof(values));
        }

        schema ??= FeatureSchema.Default(columnCount);
        if (schema.Count != columnCount)
        {
            throw new ArgumentException($"The schema has {schema.Count} columns but the data has {columnCount}.", nameof(schema));
        }

        int rowCount = columnCount == 0 ? 0 : values.Length / columnCount;
        CheckRowData(rowCount, rowIds, weights);
        return new FeatureMatrix(values, rowCount, schema, rowIds, weights);
    }

    /// <summary>Returns a matrix with the same values and these row ids.</summary>
    /// <exception cref="ArgumentException">The number of ids differs from <see cref="RowCount"/>.</exception>
    public FeatureMatrix WithRowIds(IReadOnlyList<string> rowIds)
    {
        ArgumentNullException.ThrowIfNull(rowIds);
        string[] ids = [.. rowIds];
        CheckRowData(RowCount, ids, null);
        return new FeatureMatrix(_values, RowCount, Schema, ids, _weights);
    }

    /// <summary>Returns a matrix with the same values and these row weights.</summary>
    /// <exception cref="ArgumentException">The count differs from <see cref="RowCount"/>, or a weight is negative or not finite.</exception>
    public FeatureMatrix WithRowWeights(ReadOnlySpan<double> weights)
    {
        double[] copy = weights.ToArray();
        CheckRowData(RowCount, null, copy);
        return new FeatureMatrix(_values, RowCount, Schema, _rowIds, copy);
    }

    /// <summary>Returns a matrix with the same values under another schema of the same width (for example with column kinds set).</summary>
    public FeatureMatrix WithSchema(FeatureSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (schema.Count != ColumnCount)
        {
            throw new ArgumentException($"The schema has {schema.Count} columns but the data has {ColumnCount}.", nameof(schema));
        }

        return new FeatureMatrix(_values, RowCount, schema, _rowIds, _weights);
    }

    /// <summary>Returns the first row and column that hold NaN or infinity, or <see langword="null"/> when every value is finite.</summary>
    public (int Row, int Column)? FindNonFinite()
    {
        // The values never change, so one clean scan answers for good (repeated fits on one matrix are common).
        if (_knownFinite)
        {
            return null;
        }

        int d = ColumnCount;
        ReadOnlySpan<double> values = _values;
        const int Block = 1024;
        for (int start = 0; start < values.Length; start += Block)
        {
            ReadOnlySpan<double> block = values.Slice(start, Math.Min(Block, values.Length - start));
            if (AllFinite(block))
            {
                continue;
            }

            for (int i = 0; i < block.Length; i++)
            {
                if (!double.IsFinite(block[i]))
                {
                    return ((start + i) / d, (start + i) % d);
                }
            }
        }

        _knownFinite = true;
        return null;

        static bool AllFinite(ReadOnlySpan<double> block)
        {
            // x·0 is ±0 for every finite x and NaN otherwise: one vector sum per block tells whether to look closer.
            var zeros = Vector<double>.Zero;
            int i = 0;
            for (; i + Vector<double>.Count <= block.Length; i += Vector<double>.Count)
            {
                zeros += new Vector<double>(block[i..]) * Vector<double>.Zero;
            }

            double tail = 0;
            for (; i < block.Length; i++)
            {
                tail += block[i] * 0;
            }

            return Vector.EqualsAll(zeros, Vector<double>.Zero) && tail == 0;
        }
    }

    /// <summary>Throws when any value is NaN or infinite, naming the row (and its id) and the column.</summary>
    /// <param name="purpose">What needs finite values, for the message (for example "k-means").</param>
    /// <exception cref="ArgumentException">A value is not finite.</exception>
    public void EnsureFinite(string purpose)
    {
        if (FindNonFinite() is (int row, int column))
        {
            string id = _rowIds is null ? string.Empty : $" (id '{_rowIds[row]}')";
            double value = _values[(row * ColumnCount) + column];
            string what = double.IsNaN(value) ? "a missing value (NaN)" : value.ToString(CultureInfo.InvariantCulture);
            throw new ArgumentException(
                $"{purpose} needs finite values, but row {row}{id}, column '{Schema[column].Name}' holds {what}. Impute missing values or remove the row first.");
        }
    }

    private static void CheckRowData(int rowCount, string[]? rowIds, double[]? weights)
    {
        if (rowIds is not null && rowIds.Length != rowCount)
        {
            throw new ArgumentException($"{rowIds.Length} row ids were given for {rowCount} rows.", nameof(rowIds));
        }

        if (weights is null)
        {
            return;
        }

        if (weights.Length != rowCount)
        {
            throw new ArgumentException($"{weights.Length} row weights were given for {rowCount} rows.", nameof(weights));
        }

        for (int i = 0; i < weights.Length; i++)
        {
            if (!double.IsFinite(weights[i]) || weights[i] < 0)
            {
                throw new ArgumentException($"Row weight {i} is {weights[i].ToString(CultureInfo.InvariantCulture)}; weights must be finite and non-negative.", nameof(weights));
            }
        }
    }
}
