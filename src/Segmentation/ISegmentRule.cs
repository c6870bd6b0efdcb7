namespace Segmentation;

/// <summary>
/// What the evaluation needs of a rule; the public face is <see cref="Rules.Rule"/> (issue #22: a host creates rules
/// with <c>Rule.Parse</c> or <c>Rule.When</c> and never implements the evaluation itself).
/// </summary>
/// <remarks>
/// Rules are evaluated over a whole population at once, because some conditions (percentiles, ranks) depend on
/// everyone, and because column-wise evaluation is fast. Missing values follow SQL's three-valued logic: a rule
/// matches a customer only when its condition is <see cref="RuleTruth.True"/>.
/// </remarks>
internal interface ISegmentRule
{
    /// <summary>The segment a matching customer is put in.</summary>
    string Segment { get; }

    /// <summary>The condition as a person reads it, for traces (for example <c>arr &gt;= 100000</c>).</summary>
    string Condition { get; }

    /// <summary>The features the condition reads; traces show their values.</summary>
    IReadOnlyList<string> Features { get; }

    /// <summary>Evaluates the condition for every row of <paramref name="customers"/> (raw features, NaN = missing).</summary>
    /// <param name="customers">The population.</param>
    /// <param name="results">One result per row.</param>
    /// <exception cref="ArgumentException">A feature the rule reads is not in the schema.</exception>
    void Evaluate(FeatureMatrix customers, Span<RuleTruth> results);
}

/// <summary>The three truth values of SQL-style logic.</summary>
internal enum RuleTruth : byte
{
    /// <summary>The condition does not hold.</summary>
    False = 0,

    /// <summary>The condition holds.</summary>
    True = 1,

    /// <summary>The condition depends on a missing value.</summary>
    Unknown = 2,
}
