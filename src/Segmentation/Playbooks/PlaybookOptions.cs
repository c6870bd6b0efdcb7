namespace Segmentation.Playbooks;

/// <summary>
/// A playbook as configuration: one element of the <c>"playbooks"</c> array of <c>segmentation.json</c>.
/// <see cref="PlaybookSet.FromOptions"/> turns a list of them into a <see cref="PlaybookSet"/>, checking every value.
/// </summary>
/// <example>
/// <code>
/// { "name": "Churn risk review",
///   "when": { "trigger": "Churn risk" },
///   "action": { "name": "Executive business review", "owner": "CSM", "dueInDays": 14, "channel": "task",
///               "reason": "Churn risk {churn}[ ({drivers})][; ARR {arr}]" } }
/// </code>
/// </example>
internal sealed class PlaybookOptions
{
    /// <summary>The playbook name; unique within a set.</summary>
    /// <value>The default value is empty (invalid).</value>
    public string Name { get; set; } = string.Empty;

    /// <summary>The condition.</summary>
    /// <value>The default value is <see langword="null"/> (invalid).</value>
    public PlaybookConditionOptions? When { get; set; }

    /// <summary>The action.</summary>
    /// <value>The default value is <see langword="null"/> (invalid).</value>
    public PlaybookActionOptions? Action { get; set; }
}

/// <summary>
/// The <c>"when"</c> of a playbook. Every property that is set must hold (all-of); <see cref="AllOf"/> nests further
/// conditions. At least one property must be set.
/// </summary>
internal sealed class PlaybookConditionOptions
{
    /// <summary>The customer is in this segment now.</summary>
    /// <value>The default value is <see langword="null"/> (not tested).</value>
    public string? Segment { get; set; }

    /// <summary>The customer entered this segment on this run (it was elsewhere before, or is new).</summary>
    /// <value>The default value is <see langword="null"/> (not tested).</value>
    public string? Enters { get; set; }

    /// <summary>The customer sits in a segment of a rule dimension, for example <c>{ "dimension": "activity", "segment": "Dormant" }</c>.</summary>
    /// <value>The default value is <see langword="null"/> (not tested).</value>
    public RuleSegmentReference? RuleSegment { get; set; }

    /// <summary>This trigger fired, for example <c>Churn risk</c>.</summary>
    /// <value>The default value is <see langword="null"/> (not tested).</value>
    public string? Trigger { get; set; }

    /// <summary>The churn band is at least this one: <c>low</c>, <c>medium</c> or <c>high</c>.</summary>
    /// <value>The default value is <see langword="null"/> (not tested).</value>
    public string? ChurnBandAtLeast { get; set; }

    /// <summary>The churn probability is at least this, in [0, 1].</summary>
    /// <value>The default value is <see langword="null"/> (not tested).</value>
    public double? ChurnProbabilityAtLeast { get; set; }

    /// <summary>The expansion band is at least this one: <c>low</c>, <c>medium</c> or <c>high</c>.</summary>
    /// <value>The default value is <see langword="null"/> (not tested).</value>
    public string? ExpansionBandAtLeast { get; set; }

    /// <summary>The expansion probability is at least this, in [0, 1].</summary>
    /// <value>The default value is <see langword="null"/> (not tested).</value>
    public double? ExpansionProbabilityAtLeast { get; set; }

    /// <summary>The customer moved between segments on this run.</summary>
    /// <value>The default value is <see langword="null"/> (not tested).</value>
    public MigrationOptions? Migrates { get; set; }

    /// <summary>The customer is new (<see langword="true"/>) or not (<see langword="false"/>).</summary>
    /// <value>The default value is <see langword="null"/> (not tested).</value>
    public bool? IsNew { get; set; }

    /// <summary>The customer's value (ARR) is known and at least this.</summary>
    /// <value>The default value is <see langword="null"/> (not tested). Allowed: at least 0.</value>
    public double? MinValue { get; set; }

    /// <summary>Further conditions that must all hold.</summary>
    /// <value>The default value is empty.</value>
    public IList<PlaybookConditionOptions> AllOf { get; } = [];
}

/// <summary>A segment of a rule dimension.</summary>
internal sealed class RuleSegmentReference
{
    /// <summary>The rule dimension, for example <c>activity</c>.</summary>
    /// <value>The default value is empty (invalid).</value>
    public string Dimension { get; set; } = string.Empty;

    /// <summary>The segment of that dimension, for example <c>Dormant</c>.</summary>
    /// <value>The default value is empty (invalid).</value>
    public string Segment { get; set; } = string.Empty;
}

/// <summary>A move between segments on this run.</summary>
internal sealed class MigrationOptions
{
    /// <summary>The segments the customer came from; empty = any segment (new customers never migrate).</summary>
    /// <value>The default value is empty.</value>
    public IList<string> From { get; } = [];

    /// <summary>The segments the customer moved into; at least one.</summary>
    /// <value>The default value is empty (invalid).</value>
    public IList<string> To { get; } = [];

    /// <summary>Only customers whose value (ARR) is known and at least this.</summary>
    /// <value>The default value is <see langword="null"/> (any value, or none).</value>
    public double? MinValue { get; set; }
}

/// <summary>The <c>"action"</c> of a playbook.</summary>
internal sealed class PlaybookActionOptions
{
    /// <summary>What to do, for example <c>Executive business review</c>.</summary>
    /// <value>The default value is empty (invalid).</value>
    public string Name { get; set; } = string.Empty;

    /// <summary>Who does it: <c>CSM</c>, <c>Sales</c>, <c>Marketing automation</c> or <c>Leadership</c>.</summary>
    /// <value>The default value is empty (invalid).</value>
    public string Owner { get; set; } = string.Empty;

    /// <summary>Days from the as-of date to the due date.</summary>
    /// <value>The default value is 7. Allowed: 0 to 3650.</value>
    public int DueInDays { get; set; } = 7;

    /// <summary>How it reaches the owner: <c>task</c>, <c>email sequence</c>, <c>Slack alert</c> or <c>email</c>.</summary>
    /// <value>The default value is <c>task</c>.</value>
    public string Channel { get; set; } = "task";

    /// <summary>The reason in words, a <see cref="ReasonTemplate"/>.</summary>
    /// <value>The default value is empty (invalid).</value>
    public string Reason { get; set; } = string.Empty;
}
