using System.Collections.Immutable;

namespace Segmentation.Rules.Language;

internal enum ArithmeticOperator
{
    Add,
    Subtract,
    Multiply,
    Divide,
}

internal enum ComparisonOperator
{
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Equal,
    NotEqual,
}

internal enum LogicalOperator
{
    And,
    Or,
}

/// <summary>
/// A node of a parsed condition. Equality is structural and ignores <see cref="Position"/>, so that a tree printed
/// and parsed again compares equal to the original.
/// </summary>
internal abstract record Expr
{
    /// <summary>The 1-based character position where the node starts in the text it was parsed from (0 when built in code).</summary>
    public int Position { get; init; }

    public virtual bool Equals(Expr? other) => other is not null && EqualityContract == other.EqualityContract;

    public override int GetHashCode() => EqualityContract.GetHashCode();

    public override string ToString() => RulePrinter.Print(this);
}

/// <summary>A non-negative number (the parser reads <c>-5</c> as <see cref="Negate"/> of 5).</summary>
internal sealed record NumberLiteral(double Value) : Expr;

internal sealed record TextLiteral(string Value) : Expr;

internal sealed record BooleanLiteral(bool Value) : Expr;

internal sealed record FeatureRef(string Name) : Expr;

internal sealed record Negate(Expr Operand) : Expr;

internal sealed record Arithmetic(ArithmeticOperator Operator, Expr Left, Expr Right) : Expr;

internal sealed record Comparison(ComparisonOperator Operator, Expr Left, Expr Right) : Expr;

internal sealed record Between(Expr Value, Expr Low, Expr High, bool Negated) : Expr;

internal sealed record InList(Expr Value, ImmutableArray<Expr> Items, bool Negated) : Expr
{
    public bool Equals(InList? other) =>
        other is not null && base.Equals(other) && Negated == other.Negated && Value.Equals(other.Value) && Items.SequenceEqual(other.Items);

    public override int GetHashCode() => HashCode.Combine(Value, Items.Length, Negated);
}

internal sealed record IsMissing(Expr Value, bool Negated) : Expr;

internal sealed record Logical(LogicalOperator Operator, Expr Left, Expr Right) : Expr;

internal sealed record Not(Expr Operand) : Expr;

/// <summary>A function of one argument: population functions (percentile, mean, median) or row functions (abs).</summary>
internal sealed record FunctionCall(string Name, Expr Argument) : Expr;

/// <summary>The functions of the language, in lower case.</summary>
internal static class RuleFunctions
{
    public const string Percentile = "percentile";
    public const string Mean = "mean";
    public const string Median = "median";
    public const string Abs = "abs";

    public static readonly ImmutableArray<string> All = [Percentile, Mean, Median, Abs];
}
