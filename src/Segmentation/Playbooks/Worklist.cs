namespace Segmentation.Playbooks;

/// <summary>One action a playbook created for one customer.</summary>
/// <param name="Playbook">The playbook that created it.</param>
/// <param name="Name">What to do.</param>
/// <param name="Owner">Who does it.</param>
/// <param name="Channel">How it reaches the owner.</param>
/// <param name="Due">The due date: the as-of date plus the playbook's days.</param>
/// <param name="Reason">Why, in words, filled from the customer's facts.</param>
public sealed record PlannedAction(string Playbook, string Name, OwnerRole Owner, ActionChannel Channel, DateOnly Due, string Reason);

/// <summary>
/// One row of the worklist: one customer for one owner role, with the most urgent action first and the role's other
/// actions for the same customer in <see cref="OtherActions"/>.
/// </summary>
/// <param name="Rank">The 1-based position in its list (<see cref="Worklist.Rows"/>, or its role's <see cref="RoleOverflow.Rows"/>).</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="Action">The primary action: the most urgent one.</param>
/// <param name="OtherActions">The role's other actions for this customer, most urgent first ("also: ...").</param>
/// <param name="Segment">The customer's segment.</param>
/// <param name="Triggers">The triggers that fired.</param>
/// <param name="ChurnProbability">The churn probability, or <see langword="null"/> when not scored.</param>
/// <param name="ChurnBand">The churn band, or <see langword="null"/>.</param>
/// <param name="ExpansionProbability">The expansion probability, or <see langword="null"/> when not scored.</param>
/// <param name="ExpansionBand">The expansion band, or <see langword="null"/>.</param>
/// <param name="Value">The ARR, or <see langword="null"/> when unknown.</param>
/// <param name="Priority">The value at stake (see <see cref="PriorityOptions"/>), or <see langword="null"/> when ARR is unknown.</param>
/// <param name="WeightedProbability">The value at stake per dollar of ARR; ranks the rows without ARR.</param>
public sealed record WorklistRow(
    int Rank,
    string CustomerId,
    PlannedAction Action,
    IReadOnlyList<PlannedAction> OtherActions,
    string Segment,
    IReadOnlyList<string> Triggers,
    double? ChurnProbability,
    ScoreBand? ChurnBand,
    double? ExpansionProbability,
    ScoreBand? ExpansionBand,
    double? Value,
    double? Priority,
    double WeightedProbability)
{
    /// <summary>Who does the row's actions.</summary>
    public OwnerRole Owner => Action.Owner;

    /// <summary>The due date of the primary action.</summary>
    public DateOnly Due => Action.Due;

    /// <summary>Why, in words: the reason of the primary action.</summary>
    public string Why => Action.Reason;
}

/// <summary>What did not fit into one owner role's capacity.</summary>
/// <param name="Owner">The role.</param>
/// <param name="Capacity">The role's capacity in rows.</param>
/// <param name="Count">How many rows overflowed.</param>
/// <param name="Value">The total ARR of the overflowed rows whose ARR is known.</param>
/// <param name="WithoutValue">How many overflowed rows have no known ARR (not counted in <paramref name="Value"/>).</param>
/// <param name="Rows">The overflowed rows, ranked as they would have been.</param>
public sealed record RoleOverflow(OwnerRole Owner, int Capacity, int Count, double Value, int WithoutValue, IReadOnlyList<WorklistRow> Rows);

/// <summary>The day's work: ranked rows within each role's capacity, and what did not fit.</summary>
/// <param name="AsOf">The as-of date the due dates count from.</param>
/// <param name="Rows">The rows that fit, highest priority first (all roles together; filter by <see cref="WorklistRow.Owner"/> for one queue).</param>
/// <param name="Overflow">One entry per role with a capacity, in role order (with a count of 0 when everything fit).</param>
public sealed record Worklist(DateOnly AsOf, IReadOnlyList<WorklistRow> Rows, IReadOnlyList<RoleOverflow> Overflow)
{
    /// <summary>The rows of one role, highest priority first.</summary>
    public IEnumerable<WorklistRow> RowsFor(OwnerRole owner) => Rows.Where(r => r.Owner == owner);

    /// <summary>The overflow of one role, or <see langword="null"/> when the role is unlimited.</summary>
    public RoleOverflow? OverflowFor(OwnerRole owner) => Overflow.FirstOrDefault(o => o.Owner == owner);
}
