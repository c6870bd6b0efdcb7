using Segmentation.Configuration;
using Segmentation.Rules.Language;

namespace Segmentation.Rules;

/// <summary>
/// Rule dimensions evaluated together (tier, lifecycle, triggers, ...) with the exception segment for customers a
/// dimension's rules do not place. Build it in code, load it from JSON (<see cref="FromJson"/>, <see cref="Load"/>),
/// bind it from configuration (<see cref="FromOptions"/>), or start from <see cref="KnownRuleSets"/>.
/// </summary>
/// <remarks>Immutable and thread-safe when its rules are.</remarks>
public sealed partial class RuleSet
{
    /// <summary>The exception segment when none is given.</summary>
    public const string DefaultExceptionSegment = "Needs review";

    /// <summary>Creates a rule set.</summary>
    /// <param name="dimensions">The dimensions, in output order; names must be unique.</param>
    /// <param name="exceptionSegment">The segment of customers no rule of a dimension matches.</param>
    /// <exception cref="SegmentationConfigException">No dimensions, a repeated dimension name, or an empty exception segment.</exception>
    public RuleSet(IEnumerable<RuleDimension> dimensions, string exceptionSegment = DefaultExceptionSegment)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        Dimensions = [.. dimensions];
        ExceptionSegment = exceptionSegment;
        var errors = new List<RuleError>();
        if (Dimensions.Count == 0)
        {
            errors.Add(new RuleError(null, null, 0, "the rule set has no dimensions; add one such as { \"name\": \"tier\", \"rules\": [...] }"));
        }

        foreach (IGrouping<string, RuleDimension> repeated in Dimensions.Where(d => d is not null).GroupBy(d => d.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add(new RuleError(repeated.Key, null, 0, "the dimension name appears more than once; dimension names must be unique"));
        }

        if (string.IsNullOrWhiteSpace(exceptionSegment))
        {
            errors.Add(new RuleError(null, null, 0, "the exception segment is empty; name it, for example \"Needs review\""));
        }

        if (errors.Count > 0)
        {
            throw new SegmentationConfigException(errors);
        }
    }

    /// <summary>The dimensions, in output order.</summary>
    public IReadOnlyList<RuleDimension> Dimensions { get; }

    /// <summary>The segment of customers no rule of a dimension matches (unless the dimension has its own <see cref="RuleDimension.Otherwise"/>).</summary>
    public string ExceptionSegment { get; }

    /// <summary>A rule set with these dimensions and the default exception segment.</summary>
    public static RuleSet Of(params RuleDimension[] dimensions) => new(dimensions);

    /// <summary>
    /// The built-in dimensions together: <see cref="RuleDimension.ArrTiers"/>, <see cref="RuleDimension.ValuePercentiles"/>,
    /// <see cref="RuleDimension.LifecycleStages"/>, <see cref="RuleDimension.BehaviouralTriggers"/> and
    /// <see cref="RuleDimension.ActivityStatus"/> (common Customer Success conventions, docs/rules.md).
    /// </summary>
    public static RuleSet BuiltIn => KnownRuleSets.All;

    /// <summary>The exception segment of <paramref name="dimension"/>.</summary>
    public string ExceptionSegmentOf(RuleDimension dimension)
    {
        ArgumentNullException.ThrowIfNull(dimension);
        return dimension.Otherwise ?? ExceptionSegment;
    }

    /// <summary>Segments <paramref name="customers"/> (raw features in original units, NaN = missing) along every dimension, with the trace of why.</summary>
    /// <param name="customers">The customers; row ids become customer ids.</param>
    /// <param name="cancellationToken">Stops between rules.</param>
    /// <exception cref="SegmentationConfigException">A rule reads a feature or level the data does not have (all problems listed).</exception>
    public RuleSegmentation Segment(FeatureMatrix customers, CancellationToken cancellationToken = default) =>
        new RuleBasedSegmenter(this).Segment(customers, cancellationToken);

    /// <summary>
    /// Checks every rule against <paramref name="schema"/>: unknown features (with the closest known names), unknown
    /// levels of text features, numbers and text used in the wrong place. Code rules are checked when they run.
    /// </summary>
    /// <exception cref="SegmentationConfigException">Lists every problem, each with its dimension, segment and position.</exception>
    public void Validate(FeatureSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var errors = new List<RuleError>();
        foreach (RuleDimension dimension in Dimensions)
        {
            foreach (TextRule rule in dimension.Rules.OfType<TextRule>())
            {
                errors.AddRange(rule.Check(schema).Select(e => e with { Dimension = dimension.Name }));
            }

            if (dimension.OverflowExpression is Expr overflow)
            {
                RuleCompiler.CompileNumber(overflow, schema, out IReadOnlyList<RuleParseException> problems);
                errors.AddRange(problems.Select(p => new RuleError(dimension.Name, "overflowBy", p.Position, p.Message)));
            }
        }

        if (errors.Count > 0)
        {
            throw new SegmentationConfigException(errors);
        }
    }

    /// <summary>Builds a rule set from configuration, parsing every condition.</summary>
    /// <param name="options">The configuration.</param>
    /// <param name="schema">When given, the rules are also checked against it (see <see cref="Validate"/>).</param>
    /// <exception cref="SegmentationConfigException">Lists every problem found, each with its dimension, segment and position.</exception>
    internal static RuleSet FromOptions(RuleSetOptions options, FeatureSchema? schema = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<RuleError>();
        var dimensions = new List<RuleDimension>();
        for (int d = 0; d < options.Dimensions.Count; d++)
        {
            RuleDimensionOptions? dimension = options.Dimensions[d];
            if (dimension is null)
            {
                errors.Add(new RuleError($"dimension {d + 1}", null, 0, "the dimension is empty"));
                continue;
            }

            string name = string.IsNullOrWhiteSpace(dimension.Name) ? $"dimension {d + 1}" : dimension.Name;
            var rules = new List<Rule>();
            var capacities = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int r = 0; r < dimension.Rules.Count; r++)
            {
                RuleOptions? rule = dimension.Rules[r];
                string segment = string.IsNullOrWhiteSpace(rule?.Segment) ? $"rule {r + 1}" : rule.Segment;
                if (rule is null || string.IsNullOrWhiteSpace(rule.Segment))
                {
                    errors.Add(new RuleError(name, segment, 0, "the rule has no \"segment\""));
                    continue;
                }

                if (string.IsNullOrWhiteSpace(rule.When))
                {
                    errors.Add(new RuleError(name, segment, 0, "the rule has no \"when\" condition; write one such as \"arr >= 100000\", or \"true\" to match everyone"));
                    continue;
                }

                try
                {
                    rules.Add(new TextRule(segment, rule.When.Trim(), RuleParser.Parse(rule.When)));
                }
                catch (RuleParseException e)
                {
                    errors.Add(new RuleError(name, segment, e.Position, e.Message));
                }

                if (rule.Capacity is int capacity)
                {
                    if (capacities.TryGetValue(segment, out int earlier) && earlier != capacity)
                    {
                        errors.Add(new RuleError(name, segment, 0, $"two rules give the segment different capacities ({earlier} and {capacity})"));
                    }

                    capacities[segment] = capacity;
                }
            }

            try
            {
                dimensions.Add(new RuleDimension(name, rules, dimension.Otherwise, dimension.OverridesCluster, capacities, dimension.OverflowBy));
            }
            catch (SegmentationConfigException e) when (e.RuleProblems is { } problems)
            {
                // A dimension whose rules all failed to parse is already reported rule by rule.
                errors.AddRange(problems.Where(x => !(rules.Count == 0 && dimension.Rules.Count > 0 && x.Segment is null && x.Problem.Contains("no rules", StringComparison.Ordinal))));
            }
        }

        if (errors.Count > 0)
        {
            throw new SegmentationConfigException(errors);
        }

        var set = new RuleSet(dimensions, options.Exception);
        if (schema is not null)
        {
            set.Validate(schema);
        }

        return set;
    }

    /// <summary>The configuration of this rule set (text rules only), for example to save it as JSON.</summary>
    /// <exception cref="InvalidOperationException">A rule is written in code and has no text form.</exception>
    internal RuleSetOptions ToOptions()
    {
        var options = new RuleSetOptions { Exception = ExceptionSegment };
        foreach (RuleDimension dimension in Dimensions)
        {
            var d = new RuleDimensionOptions { Name = dimension.Name, Otherwise = dimension.Otherwise, OverridesCluster = dimension.OverridesCluster, OverflowBy = dimension.OverflowBy };
            foreach (ISegmentRule rule in dimension.Rules)
            {
                if (rule is not TextRule text)
                {
                    throw new InvalidOperationException($"{dimension.Name}/{rule.Segment}: the rule is written in code and has no text form.");
                }

                d.Rules.Add(new RuleOptions { Segment = text.Segment, When = text.Condition, Capacity = dimension.Capacities.TryGetValue(text.Segment, out int c) ? c : null });
            }

            options.Dimensions.Add(d);
        }

        return options;
    }
}
