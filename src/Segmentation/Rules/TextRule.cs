using Segmentation.Configuration;
using Segmentation.Rules.Language;

namespace Segmentation.Rules;

/// <summary>
/// A rule written in the rule language (for example <c>arr &gt;= 100000 and plan == "Enterprise"</c>): parsed once
/// when created, bound to a schema and compiled to column-wise evaluators once per schema.
/// </summary>
/// <remarks>
/// Thread-safe. The language is described in docs/rules.md: numbers, features, text features (one-hot columns
/// <c>plan=level</c> or <see cref="FeatureKind.Text"/> columns), yes/no words against yes/no features, <c>+ - * /</c>,
/// comparisons, <c>between</c>, <c>in</c>, <c>is [not] missing</c>, <c>and or not</c>, and functions such as
/// <c>percentile(arr)</c>, with SQL's three-valued logic for missing values. A condition is at most 64 KB long and
/// nests at most 100 levels (<see cref="Rule.Parse"/> reports more as a <see cref="SegmentationConfigException"/>).
/// </remarks>
internal sealed class TextRule : Rule
{
    private Bound? _bound;

    internal TextRule(string segment, string condition, Expr expression)
    {
        Segment = segment;
        Condition = condition;
        Expression = expression;
        Features = RuleCompiler.FeaturesOf(expression);
    }

    /// <inheritdoc />
    public override string Segment { get; }

    /// <summary>The condition as written.</summary>
    public override string Condition { get; }

    /// <inheritdoc />
    public override IReadOnlyList<string> Features { get; }

    /// <summary>The condition printed from its parsed form (normalised spacing and parentheses); parses to the same tree.</summary>
    public string NormalizedCondition => RulePrinter.Print(Expression);

    internal Expr Expression { get; }

    /// <inheritdoc />
    /// <exception cref="SegmentationConfigException">A feature or level the rule reads is not in the schema (names it and suggests close names).</exception>
    internal override void Evaluate(FeatureMatrix customers, Span<RuleTruth> results)
    {
        ArgumentNullException.ThrowIfNull(customers);
        CheckLength(customers, results);
        using var context = new EvaluationContext(customers);
        Evaluate(context, results);
    }

    /// <summary>The problems that binding to <paramref name="schema"/> finds (unknown features or levels, type errors); empty when none.</summary>
    public IReadOnlyList<RuleError> Check(FeatureSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        RuleCompiler.Compile(Expression, schema, out IReadOnlyList<RuleParseException> errors);
        return [.. errors.Select(e => new RuleError(null, Segment, e.Position, e.Message))];
    }

    internal void Evaluate(EvaluationContext context, Span<RuleTruth> results) => context.EvaluateAll(Bind(context.Matrix.Schema), results);

    internal static void CheckLength(FeatureMatrix customers, Span<RuleTruth> results)
    {
        if (results.Length != customers.RowCount)
        {
            throw new ArgumentException($"The results span holds {results.Length} values but there are {customers.RowCount} customers.", nameof(results));
        }
    }

    private ConditionNode Bind(FeatureSchema schema)
    {
        Bound? bound = _bound;
        if (bound is not null && (ReferenceEquals(bound.Schema, schema) || bound.Schema.Equals(schema)))
        {
            return bound.Node;
        }

        ConditionNode node = RuleCompiler.Compile(Expression, schema, out IReadOnlyList<RuleParseException> errors);
        if (errors.Count > 0)
        {
            throw new SegmentationConfigException([.. errors.Select(e => new RuleError(null, Segment, e.Position, e.Message))]);
        }

        _bound = new Bound(schema, node);
        return node;
    }

    private sealed record Bound(FeatureSchema Schema, ConditionNode Node);
}
