namespace Segmentation.Rules.Language;

/// <summary>A compiled condition, evaluated a block of rows at a time to SQL three-valued results.</summary>
internal abstract class ConditionNode
{
    public abstract void Evaluate(EvaluationContext context, int start, Span<RuleTruth> destination);
}

internal sealed class ConstantCondition(RuleTruth value) : ConditionNode
{
    public override void Evaluate(EvaluationContext context, int start, Span<RuleTruth> destination) => destination.Fill(value);
}

/// <summary>A comparison of numbers: unknown when either side is missing.</summary>
internal sealed class CompareCondition(ComparisonOperator op, NumberNode left, NumberNode right) : ConditionNode
{
    public override void Evaluate(EvaluationContext context, int start, Span<RuleTruth> destination)
    {
        int n = destination.Length;
        // The common shape (feature op constant) reads the column in place, with no temporary.
        if (right.Constant is double constant && left.FullColumn(context) is double[] column)
        {
            Compare(op, column.AsSpan(start, n), constant, destination);
            return;
        }

        double[] a = EvaluationContext.RentNumbers();
        double[] b = EvaluationContext.RentNumbers();
        try
        {
            left.Evaluate(context, start, a.AsSpan(0, n));
            right.Evaluate(context, start, b.AsSpan(0, n));
            Compare(op, a.AsSpan(0, n), b.AsSpan(0, n), destination);
        }
        finally
        {
            EvaluationContext.Return(a);
            EvaluationContext.Return(b);
        }
    }

    private static void Compare(ComparisonOperator op, ReadOnlySpan<double> a, double b, Span<RuleTruth> d)
    {
        switch (op)
        {
            case ComparisonOperator.Less: Loop<Less>(a, b, d); break;
            case ComparisonOperator.LessOrEqual: Loop<LessOrEqual>(a, b, d); break;
            case ComparisonOperator.Greater: Loop<Greater>(a, b, d); break;
            case ComparisonOperator.GreaterOrEqual: Loop<GreaterOrEqual>(a, b, d); break;
            case ComparisonOperator.Equal: Loop<Equal>(a, b, d); break;
            default: Loop<NotEqual>(a, b, d); break;
        }
    }

    private static void Compare(ComparisonOperator op, ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<RuleTruth> d)
    {
        switch (op)
        {
            case ComparisonOperator.Less: Loop<Less>(a, b, d); break;
            case ComparisonOperator.LessOrEqual: Loop<LessOrEqual>(a, b, d); break;
            case ComparisonOperator.Greater: Loop<Greater>(a, b, d); break;
            case ComparisonOperator.GreaterOrEqual: Loop<GreaterOrEqual>(a, b, d); break;
            case ComparisonOperator.Equal: Loop<Equal>(a, b, d); break;
            default: Loop<NotEqual>(a, b, d); break;
        }
    }

    private static void Loop<TOp>(ReadOnlySpan<double> a, double b, Span<RuleTruth> d)
        where TOp : struct, IComparisonOperator
    {
        if (double.IsNaN(b))
        {
            d.Fill(RuleTruth.Unknown);
            return;
        }

        for (int i = 0; i < d.Length; i++)
        {
            double x = a[i];
            d[i] = Combine(TOp.Test(x, b), double.IsNaN(x));
        }
    }

    private static void Loop<TOp>(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<RuleTruth> d)
        where TOp : struct, IComparisonOperator
    {
        for (int i = 0; i < d.Length; i++)
        {
            double x = a[i];
            double y = b[i];
            d[i] = Combine(TOp.Test(x, y), double.IsNaN(x) | double.IsNaN(y));
        }
    }

    /// <summary>
    /// Branch-free: random data makes "is it true?" unpredictable, and a mispredicted branch per row costs more than
    /// the comparison. True = 1, Unknown = 2 (missing wins over the comparison's own result).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static RuleTruth Combine(bool test, bool missing)
    {
        int t = test ? 1 : 0;
        int u = missing ? 1 : 0;
        return (RuleTruth)((t & (u ^ 1)) | (u << 1));
    }

    private interface IComparisonOperator
    {
        static abstract bool Test(double x, double y);
    }

    private readonly struct Less : IComparisonOperator
    {
        public static bool Test(double x, double y) => x < y;
    }

    private readonly struct LessOrEqual : IComparisonOperator
    {
        public static bool Test(double x, double y) => x <= y;
    }

    private readonly struct Greater : IComparisonOperator
    {
        public static bool Test(double x, double y) => x > y;
    }

    private readonly struct GreaterOrEqual : IComparisonOperator
    {
        public static bool Test(double x, double y) => x >= y;
    }

    private readonly struct Equal : IComparisonOperator
    {
        public static bool Test(double x, double y) => x == y;
    }

    private readonly struct NotEqual : IComparisonOperator
    {
        public static bool Test(double x, double y) => x != y;
    }
}

/// <summary>A number used as a condition: true when not zero, false when zero, unknown when missing (so a yes/no feature reads naturally).</summary>
internal sealed class TruthyCondition(NumberNode value) : ConditionNode
{
    public override void Evaluate(EvaluationContext context, int start, Span<RuleTruth> destination)
    {
        double[] buffer = EvaluationContext.RentNumbers();
        try
        {
            Span<double> v = buffer.AsSpan(0, destination.Length);
            value.Evaluate(context, start, v);
            for (int i = 0; i < v.Length; i++)
            {
                int t = v[i] != 0 ? 1 : 0;
                int u = double.IsNaN(v[i]) ? 1 : 0;
                destination[i] = (RuleTruth)((t & (u ^ 1)) | (u << 1));
            }
        }
        finally
        {
            EvaluationContext.Return(buffer);
        }
    }
}

/// <summary>
/// <c>and</c> / <c>or</c> over any number of operands (a chain <c>a or b or c</c> is one node, evaluated left to right
/// in a loop, so a long chain costs no recursion) with SQL's truth tables: false and unknown = false, true or unknown
/// = true, otherwise unknown wins.
/// </summary>
internal sealed class LogicalCondition : ConditionNode
{
    private readonly LogicalOperator _op;
    private readonly ConditionNode[] _operands;

    public LogicalCondition(LogicalOperator op, params ConditionNode[] operands)
    {
        if (operands.Length == 0)
        {
            throw new ArgumentException("A logical condition needs at least one operand.", nameof(operands));
        }

        _op = op;
        _operands = operands;
    }

    public override void Evaluate(EvaluationContext context, int start, Span<RuleTruth> destination)
    {
        _operands[0].Evaluate(context, start, destination);
        if (_operands.Length == 1)
        {
            return;
        }

        RuleTruth[] buffer = EvaluationContext.RentTruths();
        try
        {
            Span<RuleTruth> r = buffer.AsSpan(0, destination.Length);
            for (int k = 1; k < _operands.Length; k++)
            {
                _operands[k].Evaluate(context, start, r);
                if (_op == LogicalOperator.And)
                {
                    for (int i = 0; i < r.Length; i++)
                    {
                        destination[i] = And(destination[i], r[i]);
                    }
                }
                else
                {
                    for (int i = 0; i < r.Length; i++)
                    {
                        destination[i] = Or(destination[i], r[i]);
                    }
                }
            }
        }
        finally
        {
            EvaluationContext.Return(buffer);
        }
    }

    // SQL's truth tables indexed by 3 * left + right (False = 0, True = 1, Unknown = 2): a table lookup has no
    // data-dependent branch.
    private static ReadOnlySpan<byte> AndTable => [0, 0, 0, 0, 1, 2, 0, 2, 2];

    private static ReadOnlySpan<byte> OrTable => [0, 1, 2, 1, 1, 1, 2, 1, 2];

    public static RuleTruth And(RuleTruth a, RuleTruth b) => (RuleTruth)AndTable[(3 * (int)a) + (int)b];

    public static RuleTruth Or(RuleTruth a, RuleTruth b) => (RuleTruth)OrTable[(3 * (int)a) + (int)b];
}

/// <summary><c>not</c>: swaps true and false, keeps unknown.</summary>
internal sealed class NotCondition(ConditionNode operand) : ConditionNode
{
    public override void Evaluate(EvaluationContext context, int start, Span<RuleTruth> destination)
    {
        operand.Evaluate(context, start, destination);
        for (int i = 0; i < destination.Length; i++)
        {
            // False (0) <-> True (1), Unknown (2) stays: flip the low bit unless the value is 2.
            byte v = (byte)destination[i];
            destination[i] = (RuleTruth)(v ^ (1 & ~(v >> 1)));
        }
    }

    public static RuleTruth Negate(RuleTruth value) => value switch
    {
        RuleTruth.True => RuleTruth.False,
        RuleTruth.False => RuleTruth.True,
        _ => RuleTruth.Unknown,
    };
}

/// <summary><c>x is missing</c> / <c>x is not missing</c>: never unknown.</summary>
internal sealed class MissingCondition(NumberNode value, bool negated) : ConditionNode
{
    public override void Evaluate(EvaluationContext context, int start, Span<RuleTruth> destination)
    {
        double[] buffer = EvaluationContext.RentNumbers();
        try
        {
            Span<double> v = buffer.AsSpan(0, destination.Length);
            value.Evaluate(context, start, v);
            for (int i = 0; i < v.Length; i++)
            {
                destination[i] = double.IsNaN(v[i]) != negated ? RuleTruth.True : RuleTruth.False;
            }
        }
        finally
        {
            EvaluationContext.Return(buffer);
        }
    }
}

/// <summary>
/// A text feature (one-hot columns <c>plan=level</c>) tested against a set of levels: true when one of
/// <paramref name="matching"/> is 1, false when another level's column is 1, unknown when no level is set (the text was missing).
/// With <paramref name="testMissing"/>: true when no level is set, false otherwise (<c>plan is missing</c>).
/// </summary>
internal sealed class LevelCondition(int[] matching, int[] allLevels, bool testMissing) : ConditionNode
{
    public override void Evaluate(EvaluationContext context, int start, Span<RuleTruth> destination)
    {
        int n = destination.Length;
        destination.Fill(testMissing ? RuleTruth.True : RuleTruth.Unknown);
        foreach (int level in allLevels)
        {
            ReadOnlySpan<double> column = context.Column(level).AsSpan(start, n);
            bool isMatch = matching.Contains(level);
            for (int i = 0; i < n; i++)
            {
                if (column[i] != 1)
                {
                    continue;
                }

                // A row with two levels set (not produced by TabularFeatures) matches when any matching level is set.
                destination[i] = testMissing ? RuleTruth.False : isMatch ? RuleTruth.True : destination[i] == RuleTruth.True ? RuleTruth.True : RuleTruth.False;
            }
        }
    }
}

/// <summary>
/// A <see cref="FeatureKind.Text"/> column (value = position of the cell's text in the column's levels, NaN = missing)
/// tested against a set of levels: true when the cell's level is one of <paramref name="matching"/>, false when it is
/// another, unknown when the cell was missing. With <paramref name="testMissing"/>: true when missing, false otherwise.
/// </summary>
internal sealed class TextLevelCondition(int column, bool[] matching, bool testMissing) : ConditionNode
{
    public override void Evaluate(EvaluationContext context, int start, Span<RuleTruth> destination)
    {
        ReadOnlySpan<double> codes = context.Column(column).AsSpan(start, destination.Length);
        for (int i = 0; i < destination.Length; i++)
        {
            double code = codes[i];
            if (double.IsNaN(code))
            {
                destination[i] = testMissing ? RuleTruth.True : RuleTruth.Unknown;
                continue;
            }

            int level = (int)code;
            destination[i] = testMissing ? RuleTruth.False
                : (uint)level < (uint)matching.Length && matching[level] ? RuleTruth.True : RuleTruth.False;
        }
    }
}
