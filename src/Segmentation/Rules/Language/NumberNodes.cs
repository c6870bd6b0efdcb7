namespace Segmentation.Rules.Language;

/// <summary>A compiled number-valued expression, evaluated a block of rows at a time (NaN = missing).</summary>
internal abstract class NumberNode
{
    /// <summary>Writes the values of rows <paramref name="start"/> .. start + destination.Length - 1.</summary>
    public abstract void Evaluate(EvaluationContext context, int start, Span<double> destination);

    /// <summary>The whole column when the node is one (a feature or a population column), so comparisons can read it in place.</summary>
    public virtual double[]? FullColumn(EvaluationContext context) => null;

    /// <summary>The value when the node is a constant.</summary>
    public virtual double? Constant => null;
}

internal sealed class ConstantNumber(double value) : NumberNode
{
    public override double? Constant => value;

    public override void Evaluate(EvaluationContext context, int start, Span<double> destination) => destination.Fill(value);
}

internal sealed class ColumnNumber(int column) : NumberNode
{
    public override double[] FullColumn(EvaluationContext context) => context.Column(column);

    public override void Evaluate(EvaluationContext context, int start, Span<double> destination) =>
        context.Column(column).AsSpan(start, destination.Length).CopyTo(destination);
}

internal sealed class NegateNumber(NumberNode operand) : NumberNode
{
    public override void Evaluate(EvaluationContext context, int start, Span<double> destination)
    {
        operand.Evaluate(context, start, destination);
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = -destination[i];
        }
    }
}

internal sealed class AbsNumber(NumberNode operand) : NumberNode
{
    public override void Evaluate(EvaluationContext context, int start, Span<double> destination)
    {
        operand.Evaluate(context, start, destination);
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = Math.Abs(destination[i]);
        }
    }
}

/// <summary>
/// A chain of <c>+ -</c> or <c>* /</c> applied left to right (<c>a - b + c</c> is one node, evaluated in a loop, so a
/// long chain costs no recursion); NaN propagates, and division by zero gives a missing value (as SQL's NULLIF idiom does).
/// </summary>
internal sealed class ArithmeticNumber(NumberNode first, (ArithmeticOperator Operator, NumberNode Operand)[] rest) : NumberNode
{
    public ArithmeticNumber(ArithmeticOperator op, NumberNode left, NumberNode right)
        : this(left, [(op, right)])
    {
    }

    public override void Evaluate(EvaluationContext context, int start, Span<double> destination)
    {
        first.Evaluate(context, start, destination);
        double[] buffer = EvaluationContext.RentNumbers();
        try
        {
            Span<double> r = buffer.AsSpan(0, destination.Length);
            foreach ((ArithmeticOperator op, NumberNode operand) in rest)
            {
                operand.Evaluate(context, start, r);
                Apply(op, destination, r);
            }
        }
        finally
        {
            EvaluationContext.Return(buffer);
        }
    }

    private static void Apply(ArithmeticOperator op, Span<double> destination, ReadOnlySpan<double> r)
    {
        switch (op)
        {
            case ArithmeticOperator.Add:
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] += r[i];
                }

                break;
            case ArithmeticOperator.Subtract:
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] -= r[i];
                }

                break;
            case ArithmeticOperator.Multiply:
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] *= r[i];
                }

                break;
            default:
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = r[i] == 0 ? double.NaN : destination[i] / r[i];
                }

                break;
        }
    }
}

/// <summary>
/// <c>percentile(x)</c>: the share of customers with a value whose x is at most this customer's (ties count as at
/// most); missing where x is missing. Computed once per evaluation and shared by every rule with the same argument.
/// </summary>
internal sealed class PercentileNumber(NumberNode argument, string key) : NumberNode
{
    public override double[] FullColumn(EvaluationContext context) => context.PopulationColumn(key, () => Compute(context.EvaluateAll(argument).AsSpan(0, context.RowCount), context.RentPopulation()));

    public override void Evaluate(EvaluationContext context, int start, Span<double> destination) =>
        FullColumn(context).AsSpan(start, destination.Length).CopyTo(destination);

    internal static double[] Compute(ReadOnlySpan<double> values, double[] result)
    {
        // Sort the present values with their rows, then walk each run of ties once: O(n log n) with sequential
        // access, instead of a cache-missing binary search per row.
        double[] keys = System.Buffers.ArrayPool<double>.Shared.Rent(Math.Max(values.Length, 1));
        int[] rows = System.Buffers.ArrayPool<int>.Shared.Rent(Math.Max(values.Length, 1));
        int present = 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (double.IsNaN(values[i]))
            {
                result[i] = double.NaN;
                continue;
            }

            keys[present] = values[i];
            rows[present] = i;
            present++;
        }

        Array.Sort(keys, rows, 0, present);
        for (int start = 0; start < present;)
        {
            int end = start + 1;
            while (end < present && keys[end] == keys[start])
            {
                end++;
            }

            double share = (double)end / present;
            for (int k = start; k < end; k++)
            {
                result[rows[k]] = share;
            }

            start = end;
        }

        System.Buffers.ArrayPool<double>.Shared.Return(keys);
        System.Buffers.ArrayPool<int>.Shared.Return(rows);
        return result;
    }
}

/// <summary><c>mean(x)</c> and <c>median(x)</c> over the customers with a value (missing when none has one), the same for every row.</summary>
internal sealed class AggregateNumber(string function, NumberNode argument, string key) : NumberNode
{
    public override void Evaluate(EvaluationContext context, int start, Span<double> destination) =>
        destination.Fill(context.PopulationScalar(key, () => Compute(function, context.EvaluateAll(argument).AsSpan(0, context.RowCount))));

    internal static double Compute(string function, ReadOnlySpan<double> values)
    {
        if (function == RuleFunctions.Median)
        {
            return Statistics.Median(values.ToArray());
        }

        double sum = 0;
        int count = 0;
        foreach (double v in values)
        {
            if (!double.IsNaN(v))
            {
                sum += v;
                count++;
            }
        }

        return count == 0 ? double.NaN : sum / count;
    }
}
