using Segmentation.Configuration;
using Segmentation.Rules.Language;

namespace Segmentation.Rules;

/// <summary>
/// A business rule that puts the customers it matches into a named segment (for example <c>arr &gt;= 100000</c> → Enterprise),
/// created from text (<see cref="Parse"/>) or from C# (<see cref="When"/>).
/// </summary>
/// <remarks>
/// Rules are evaluated over a whole population at once (by <see cref="RuleSet.Segment"/>), because some conditions
/// (percentiles, ranks) depend on everyone, and because column-wise evaluation is fast. Missing values follow SQL's
/// three-valued logic: a rule matches a customer only when its condition is true, not false or unknown. The two kinds
/// of rule are the library's own (the constructor is not accessible): a custom condition is a C# predicate.
/// </remarks>
/// <example>
/// <code>
/// var tier = new RuleDimension("tier",
/// [
///     Rule.Parse("Enterprise", "arr >= 100000"),
///     Rule.When("Mid-market", f =&gt; f["arr"] &gt;= 25_000),
///     Rule.Parse("SMB", "arr &lt; 25000"),
/// ]);
/// </code>
/// </example>
public abstract class Rule : ISegmentRule
{
    private protected Rule()
    {
    }

    /// <summary>The segment a matching customer is put in.</summary>
    public abstract string Segment { get; }

    /// <summary>The condition as a person reads it, for traces (for example <c>arr &gt;= 100000</c>).</summary>
    public abstract string Condition { get; }

    /// <summary>The features the condition reads; traces show their values.</summary>
    public abstract IReadOnlyList<string> Features { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Segment}: {Condition}";

    /// <summary>Evaluates the condition for every row of <paramref name="customers"/> (raw features, NaN = missing).</summary>
    internal abstract void Evaluate(FeatureMatrix customers, Span<RuleTruth> results);

    void ISegmentRule.Evaluate(FeatureMatrix customers, Span<RuleTruth> results) => Evaluate(customers, results);

    /// <summary>Parses a condition in the rule language into a rule for <paramref name="segment"/>.</summary>
    /// <param name="segment">The segment a matching customer is put in.</param>
    /// <param name="condition">The condition, for example <c>arr &gt;= 25000 and arr &lt; 100000</c>.</param>
    /// <exception cref="SegmentationConfigException">The condition is malformed, longer than 64 KB or nested more than 100 levels deep; the message names the position.</exception>
    public static Rule Parse(string segment, string condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        RequireSegment(segment);
        try
        {
            return new TextRule(segment, condition.Trim(), RuleParser.Parse(condition));
        }
        catch (RuleParseException e)
        {
            throw new SegmentationConfigException([new RuleError(null, segment, e.Position, e.Message)]);
        }
    }

    /// <summary>Creates a rule for <paramref name="segment"/> from a C# predicate over one customer's features.</summary>
    /// <param name="segment">The segment a matching customer is put in.</param>
    /// <param name="predicate">The condition; <c>f["name"]</c> is NaN when missing (see <see cref="CodeRule"/> for the missing-value semantics).</param>
    /// <param name="description">How traces show the condition; "code rule" when omitted.</param>
    /// <param name="features">The features the predicate reads, for traces before the first evaluation.</param>
    /// <exception cref="SegmentationConfigException">The segment name is empty.</exception>
    public static Rule When(string segment, Func<RuleRow, bool> predicate, string? description = null, params string[] features)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        RequireSegment(segment);
        return new CodeRule(segment, predicate, description ?? "code rule", features);
    }

    internal static void RequireSegment(string segment)
    {
        if (string.IsNullOrWhiteSpace(segment))
        {
            throw new SegmentationConfigException([new RuleError(null, null, 0, "a rule needs a segment name")]);
        }
    }
}
