using Segmentation.Configuration;
using Segmentation.Rules.Language;

namespace Segmentation.Rules;

/// <summary>
/// One way of segmenting customers (tier, lifecycle, health, ...): an ordered list of rules where the first
/// rule whose condition is true wins; a customer that no rule matches gets the exception segment.
/// </summary>
/// <remarks>
/// <para><b>Capacity.</b> A segment may hold at most <see cref="Capacities"/>[segment] customers (a CSM team handles
/// 30 high-touch accounts each). When more match, the customers with the highest <see cref="OverflowBy"/> value stay
/// and the rest overflow: lowest value first, missing values before any number, ties by input order (later rows
/// first); without <see cref="OverflowBy"/>, input order decides (later rows overflow first). Overflowing customers
/// continue with the rules after the one they matched, as if it had not matched, and end in the exception segment when
/// nothing else matches. Every overflow is reported in <see cref="RuleSegmentation.Overflows"/>.</para>
/// <para>Immutable and thread-safe when its rules are.</para>
/// </remarks>
public sealed class RuleDimension
{
    /// <summary>Built-in: ARR tiers for mid-size contracts, dimension <c>tier</c>: Enterprise &gt;= $100K (dedicated CSM), Mid-market $25K-$100K (pooled), SMB &lt; $25K (tech-touch).</summary>
    public static RuleDimension ArrTiers => KnownRuleSets.ArrTiers;

    /// <summary>Built-in: ARR tiers for small contracts, dimension <c>tier</c>: Enterprise &gt; $10K, Mid-market $1K-$10K, SMB &lt; $1K.</summary>
    public static RuleDimension ArrTiersSmallContracts => KnownRuleSets.ArrTiersSmallContracts;

    /// <summary>Built-in: value percentiles, dimension <c>value</c>: High value = top 20% by ARR, Mid value = the next 30%, Standard = the rest.</summary>
    public static RuleDimension ValuePercentiles => KnownRuleSets.ValuePercentiles;

    /// <summary>Built-in: lifecycle stages by tenure, dimension <c>lifecycle</c>: Onboarding (0-90 days), Adoption (90-365 days), Mature (365+ days).</summary>
    public static RuleDimension LifecycleStages => KnownRuleSets.LifecycleStages;

    /// <summary>Built-in: behavioural triggers, dimension <c>trigger</c>, first match wins: Churn risk, Onboarding struggling, Expansion ready, else No trigger (docs/rules.md).</summary>
    public static RuleDimension BehaviouralTriggers => KnownRuleSets.BehaviouralTriggers;

    /// <summary>Built-in: activity status, dimension <c>activity</c>: Dormant, Declining, Active.</summary>
    public static RuleDimension ActivityStatus => KnownRuleSets.ActivityStatus;

    /// <summary>The features the built-in dimensions read (<c>arr</c>, <c>tenure_days</c>, usage and support features; docs/rules.md).</summary>
    public static IReadOnlyList<string> BuiltInFeatures => KnownRuleSets.ExpectedFeatures;

    /// <summary>Creates a dimension.</summary>
    /// <param name="name">The dimension name, for example <c>tier</c>; a column of the outputs.</param>
    /// <param name="rules">The rules, tried in order.</param>
    /// <param name="otherwise">The segment of customers no rule matches; the rule set's exception segment when null.</param>
    /// <param name="overridesCluster">Whether a segment of this dimension replaces the cluster segment in the pipeline (the exception segment never does).</param>
    /// <param name="capacities">The maximum number of customers per segment name; segments not listed are unlimited.</param>
    /// <param name="overflowBy">An expression in the rule language (for example <c>arr</c>) ranking who stays when a segment is over capacity: the highest values stay.</param>
    /// <exception cref="SegmentationConfigException">The name is empty, there are no rules, a capacity is below 1 or names no rule's segment, or <paramref name="overflowBy"/> is malformed.</exception>
    public RuleDimension(
        string name,
        IEnumerable<Rule> rules,
        string? otherwise = null,
        bool overridesCluster = false,
        IReadOnlyDictionary<string, int>? capacities = null,
        string? overflowBy = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        Name = name;
        Rules = [.. rules];
        Otherwise = otherwise;
        OverridesCluster = overridesCluster;
        Capacities = capacities is null ? new Dictionary<string, int>() : new Dictionary<string, int>(capacities, StringComparer.Ordinal);
        OverflowBy = overflowBy;

        var errors = new List<RuleError>();
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add(new RuleError(null, null, 0, "a dimension needs a name, such as \"tier\""));
        }

        if (Rules.Count == 0)
        {
            errors.Add(new RuleError(name, null, 0, "the dimension has no rules; give at least one"));
        }

        if (Rules.Any(r => r is null))
        {
            errors.Add(new RuleError(name, null, 0, "a rule is null"));
        }

        if (otherwise is not null && string.IsNullOrWhiteSpace(otherwise))
        {
            errors.Add(new RuleError(name, null, 0, "'otherwise' is empty; leave it out to use the rule set's exception segment"));
        }

        foreach ((string segment, int capacity) in Capacities)
        {
            if (capacity < 1)
            {
                errors.Add(new RuleError(name, segment, 0, $"the capacity must be at least 1, but was {capacity}"));
            }

            if (!Rules.Any(r => r?.Segment == segment))
            {
                errors.Add(new RuleError(name, segment, 0, "a capacity is given for a segment that no rule of the dimension assigns"));
            }
        }

        if (overflowBy is not null)
        {
            try
            {
                OverflowExpression = RuleParser.Parse(overflowBy);
            }
            catch (RuleParseException e)
            {
                errors.Add(new RuleError(name, "overflowBy", e.Position, e.Message));
            }
        }

        if (errors.Count > 0)
        {
            throw new SegmentationConfigException(errors);
        }
    }

    /// <summary>The dimension name.</summary>
    public string Name { get; }

    /// <summary>The rules, in the order they are tried.</summary>
    public IReadOnlyList<Rule> Rules { get; }

    /// <summary>The segment of customers no rule matches, or <see langword="null"/> for the rule set's exception segment.</summary>
    public string? Otherwise { get; }

    /// <summary>Whether a (non-exception) segment of this dimension replaces the cluster segment in <c>SegmentationEngine</c>.</summary>
    public bool OverridesCluster { get; }

    /// <summary>The maximum number of customers per segment name.</summary>
    public IReadOnlyDictionary<string, int> Capacities { get; }

    /// <summary>The expression ranking who stays in a segment over capacity (highest stays), or <see langword="null"/> for input order.</summary>
    public string? OverflowBy { get; }

    internal Expr? OverflowExpression { get; }

    /// <summary>The segment names this dimension can assign, in rule order, then <paramref name="exceptionSegment"/>.</summary>
    public IReadOnlyList<string> SegmentNames(string exceptionSegment) =>
        [.. Rules.Select(r => r.Segment).Append(Otherwise ?? exceptionSegment).Distinct(StringComparer.Ordinal)];

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {string.Join(" | ", Rules.Select(r => r.Segment))}";
}
