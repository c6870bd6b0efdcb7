using System.Buffers;

namespace Segmentation.Rules.Language;

/// <summary>
/// The population one evaluation reads: columns extracted once from the row-major matrix, and population results
/// (percentiles, means) computed once and shared by every rule that uses them.
/// </summary>
/// <remarks>
/// Not thread-safe: one context per evaluation. Whole-population arrays are rented from the shared pool and returned
/// on <see cref="Dispose"/>, because allocating them afresh (8 MB per column at a million customers) would land on the
/// large object heap and trigger a full collection on every evaluation.
/// </remarks>
internal sealed class EvaluationContext : IDisposable
{
    /// <summary>Rows per block: temporaries of a few kilobytes stay in the L1/L2 cache.</summary>
    public const int BlockSize = 2048;

    private readonly double[]?[] _columns;
    private readonly Dictionary<string, double[]> _populationColumns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _populationScalars = new(StringComparer.Ordinal);

    private readonly List<double[]> _rented = [];

    public EvaluationContext(FeatureMatrix matrix)
    {
        Matrix = matrix;
        _columns = new double[]?[matrix.ColumnCount];
    }

    /// <summary>Extracts <paramref name="columns"/> in one pass over the rows (one read of the row-major data instead of one per column).</summary>
    public void Preload(IEnumerable<int> columns)
    {
        int[] wanted = [.. columns.Distinct().Where(j => _columns[j] is null)];
        if (wanted.Length == 0)
        {
            return;
        }

        double[][] targets = [.. wanted.Select(_ => RentPopulation())];
        ReadOnlySpan<double> values = Matrix.Values;
        int d = Matrix.ColumnCount;
        for (int i = 0; i < RowCount; i++)
        {
            ReadOnlySpan<double> row = values.Slice(i * d, d);
            for (int k = 0; k < wanted.Length; k++)
            {
                targets[k][i] = row[wanted[k]];
            }
        }

        for (int k = 0; k < wanted.Length; k++)
        {
            _columns[wanted[k]] = targets[k];
        }
    }

    /// <summary>A pooled array of at least <see cref="RowCount"/> values, returned when the context is disposed.</summary>
    public double[] RentPopulation()
    {
        double[] array = ArrayPool<double>.Shared.Rent(Math.Max(RowCount, 1));
        _rented.Add(array);
        return array;
    }

    public void Dispose()
    {
        foreach (double[] array in _rented)
        {
            ArrayPool<double>.Shared.Return(array);
        }

        _rented.Clear();
    }

    public FeatureMatrix Matrix { get; }

    public int RowCount => Matrix.RowCount;

    /// <summary>Column <paramref name="column"/> (the first <see cref="RowCount"/> values; pooled arrays can be longer).</summary>
    public double[] Column(int column)
    {
        if (_columns[column] is null)
        {
            Preload([column]);
        }

        return _columns[column]!;
    }

    public double[] PopulationColumn(string key, Func<double[]> compute)
    {
        if (!_populationColumns.TryGetValue(key, out double[]? values))
        {
            values = compute();
            _populationColumns[key] = values;
        }

        return values;
    }

    public double PopulationScalar(string key, Func<double> compute)
    {
        if (!_populationScalars.TryGetValue(key, out double value))
        {
            value = compute();
            _populationScalars[key] = value;
        }

        return value;
    }

    /// <summary>Evaluates <paramref name="node"/> for every row into a pooled array (the first <see cref="RowCount"/> values).</summary>
    public double[] EvaluateAll(NumberNode node)
    {
        double[] values = RentPopulation();
        int n = RowCount;
        for (int start = 0; start < n; start += BlockSize)
        {
            node.Evaluate(this, start, values.AsSpan(start, Math.Min(BlockSize, n - start)));
        }

        return values;
    }

    /// <summary>Evaluates <paramref name="node"/> for every row into <paramref name="results"/>.</summary>
    public void EvaluateAll(ConditionNode node, Span<RuleTruth> results)
    {
        for (int start = 0; start < results.Length; start += BlockSize)
        {
            node.Evaluate(this, start, results.Slice(start, Math.Min(BlockSize, results.Length - start)));
        }
    }

    public static double[] RentNumbers() => ArrayPool<double>.Shared.Rent(BlockSize);

    public static void Return(double[] buffer) => ArrayPool<double>.Shared.Return(buffer);

    public static RuleTruth[] RentTruths() => ArrayPool<RuleTruth>.Shared.Rent(BlockSize);

    public static void Return(RuleTruth[] buffer) => ArrayPool<RuleTruth>.Shared.Return(buffer);
}
