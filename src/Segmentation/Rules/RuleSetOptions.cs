using Segmentation.Configuration;
using Segmentation.Options;

namespace Segmentation.Rules;

/// <summary>
/// A rule set as configuration: the JSON shape of <c>segment rules --rules</c> and of an <c>IConfiguration</c> section
/// bound through Options. <see cref="RuleSet.FromOptions"/> turns it into a <see cref="RuleSet"/>.
/// </summary>
/// <example>
/// <code>
/// { "dimensions": [ { "name": "tier", "rules": [
///       { "segment": "Enterprise", "when": "arr &gt;= 100000", "capacity": 30 },
///       { "segment": "SMB", "when": "arr &lt; 100000" } ] } ],
///   "exception": "Needs review" }
/// </code>
/// </example>
internal sealed class RuleSetOptions : IValidatableOptions
{
    /// <summary>The dimensions, in output order.</summary>
    /// <value>The default value is empty.</value>
    public IList<RuleDimensionOptions> Dimensions { get; } = [];

    /// <summary>The segment of customers no rule of a dimension matches (unless the dimension sets <see cref="RuleDimensionOptions.Otherwise"/>).</summary>
    /// <value>The default value is <c>Needs review</c>.</value>
    public string Exception { get; set; } = RuleSet.DefaultExceptionSegment;

    IEnumerable<string> IValidatableOptions.GetValidationErrors()
    {
        IReadOnlyList<RuleError>? problems = null;
        try
        {
            RuleSet.FromOptions(this);
        }
        catch (SegmentationConfigException e) when (e.RuleProblems is not null)
        {
            problems = e.RuleProblems;
        }

        return problems is null ? [] : problems.Select(e => "Rules: " + e + (e.Problem.EndsWith('.') ? string.Empty : "."));
    }
}

/// <summary>One dimension of <see cref="RuleSetOptions"/>.</summary>
internal sealed class RuleDimensionOptions
{
    /// <summary>The dimension name, for example <c>tier</c>.</summary>
    /// <value>The default value is empty (invalid).</value>
    public string Name { get; set; } = string.Empty;

    /// <summary>The rules, tried in order; the first match wins.</summary>
    /// <value>The default value is empty (invalid).</value>
    public IList<RuleOptions> Rules { get; } = [];

    /// <summary>The segment of customers no rule matches; the rule set's exception segment when null.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? Otherwise { get; set; }

    /// <summary>Whether a segment of this dimension replaces the cluster segment in the pipeline.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool OverridesCluster { get; set; }

    /// <summary>An expression ranking who stays in a segment over capacity (highest stays), for example <c>arr</c>.</summary>
    /// <value>The default value is <see langword="null"/> (input order: later rows overflow first).</value>
    public string? OverflowBy { get; set; }
}

/// <summary>One rule of <see cref="RuleDimensionOptions"/>.</summary>
internal sealed class RuleOptions
{
    /// <summary>The segment a matching customer is put in.</summary>
    /// <value>The default value is empty (invalid).</value>
    public string Segment { get; set; } = string.Empty;

    /// <summary>The condition in the rule language, for example <c>arr &gt;= 100000</c>.</summary>
    /// <value>The default value is empty (invalid).</value>
    public string When { get; set; } = string.Empty;

    /// <summary>The maximum number of customers in <see cref="Segment"/>, or <see langword="null"/> for no limit.</summary>
    /// <value>The default value is <see langword="null"/>. Allowed: at least 1.</value>
    public int? Capacity { get; set; }
}
