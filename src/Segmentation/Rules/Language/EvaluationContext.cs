using System.Buffers;

namespace Segmentation.Rules.Language;

/// <summary>
/// The population one evaluation reads: columns extracted once from the row-major matrix, and population results
/// (percentiles, means) computed once and shared by every rule that uses them.
/// </summary>
/// <remarks>Not thread-safe: one context per evaluation.</remarks>
internal sealed class EvaluationContext
{
    /// <summary>Rows per block: temporaries of a few kilobytes stay in the L1/L2 cache.</summary>
    public const int BlockSize = 2048;

    private readonly double[]?[] _columns;
    private readonly Dictionary<string, double[]> _populationColumns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _populationScalars = new(StringComparer.Ordinal);

    public EvaluationContext(FeatureMatrix matrix)
    {
        Matrix = matrix;
        _columns = new double[]?[matrix.ColumnCount];
    }

    public FeatureMatrix Matrix { get; }

    public int RowCount => Matrix.RowCount;

    public double[] Column(int column) => _columns[column] ??= Matrix.Column(column);

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

    /// <summary>Evaluates <paramref name="node"/> for every row into a new array.</summary>
    public double[] EvaluateAll(NumberNode node)
    {
        var values = new double[RowCount];
        for (int start = 0; start < values.Length; start += BlockSize)
        {
            node.Evaluate(this, start, values.AsSpan(start, Math.Min(BlockSize, values.Length - start)));
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
