namespace Segmentation.Playbooks;

/// <summary>One action a playbook created for one customer.</summary>
/// <remarks>
/// The planner words <see cref="Reason"/> the first time it is read: at 1,000,000 customers most actions are never
/// shown in words (only the worklist rows are). Equality compares the reason's text, as for any other property.
/// </remarks>
public sealed record PlannedAction
{
    private readonly ReasonTemplate? _template;
    private readonly FactTable? _facts;
    private readonly int _row;
    private readonly bool _withDrivers;
    private string? _reason;

    /// <summary>Creates an action with its reason already in words.</summary>
    /// <param name="Playbook">The playbook that created it.</param>
    /// <param name="Name">What to do.</param>
    /// <param name="Owner">Who does it.</param>
    /// <param name="Channel">How it reaches the owner.</param>
    /// <param name="Due">The due date: the as-of date plus the playbook's days.</param>
    /// <param name="Reason">Why, in words, filled from the customer's facts.</param>
    public PlannedAction(string Playbook, string Name, OwnerRole Owner, ActionChannel Channel, DateOnly Due, string Reason)
    {
        this.Playbook = Playbook;
        this.Name = Name;
        this.Owner = Owner;
        this.Channel = Channel;
        this.Due = Due;
        _reason = Reason;
    }

    /// <summary>An action whose reason is worded from row <paramref name="row"/> of <paramref name="facts"/> when first read; without the drivers when <paramref name="withDrivers"/> is false.</summary>
    internal PlannedAction(string playbook, string name, OwnerRole owner, ActionChannel channel, DateOnly due, ReasonTemplate template, FactTable facts, int row, bool withDrivers = true)
    {
        _row = row;
        Playbook = playbook;
        Name = name;
        Owner = owner;
        Channel = channel;
        Due = due;
        _template = template;
        _facts = facts;
        _withDrivers = withDrivers;
    }

    /// <summary>The playbook that created it.</summary>
    public string Playbook { get; init; }

    /// <summary>What to do.</summary>
    public string Name { get; init; }

    /// <summary>Who does it.</summary>
    public OwnerRole Owner { get; init; }

    /// <summary>How it reaches the owner.</summary>
    public ActionChannel Channel { get; init; }

    /// <summary>The due date: the as-of date plus the playbook's days.</summary>
    public DateOnly Due { get; init; }

    /// <summary>Why, in words, filled from the customer's facts.</summary>
    public string Reason
    {
        // Two threads may word it at once; both results are equal and either is kept.
        get => _reason ??= _template!.Render(_facts!, _row, _withDrivers);
        init => _reason = value;
    }

    /// <summary>The reason, worded now and not kept when it was not read before: for a writer that reads it once, so the garbage collector does not carry it.</summary>
    internal string PeekReason() => _reason ?? _template!.Render(_facts!, _row, _withDrivers);

    /// <summary>The same action worded without the customer's drivers (the overflow rows: see <see cref="WorklistPlanner"/>).</summary>
    internal PlannedAction WithoutDrivers() => _template is null || !_withDrivers
        ? this
        : new PlannedAction(Playbook, Name, Owner, Channel, Due, _template, _facts!, _row, withDrivers: false);

    /// <summary>Deconstructs the action into its properties.</summary>
    public void Deconstruct(out string Playbook, out string Name, out OwnerRole Owner, out ActionChannel Channel, out DateOnly Due, out string Reason)
    {
        Playbook = this.Playbook;
        Name = this.Name;
        Owner = this.Owner;
        Channel = this.Channel;
        Due = this.Due;
        Reason = this.Reason;
    }

    /// <inheritdoc/>
    public bool Equals(PlannedAction? other) => other is not null
        && (ReferenceEquals(this, other)
            || (Playbook == other.Playbook && Name == other.Name && Owner == other.Owner && Channel == other.Channel && Due == other.Due && Reason == other.Reason));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Playbook, Name, Owner, Channel, Due, Reason);

    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"Playbook = {Playbook}, Name = {Name}, Owner = {Owner}, Channel = {Channel}, Due = {Due:yyyy-MM-dd}, Reason = {Reason}");
        return true;
    }
}

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
/// <param name="ChurnBand">The churn band (<c>low</c>, <c>medium</c>, <c>high</c>), or <see langword="null"/> when not scored.</param>
/// <param name="ExpansionProbability">The expansion probability, or <see langword="null"/> when not scored.</param>
/// <param name="ExpansionBand">The expansion band (<c>low</c>, <c>medium</c>, <c>high</c>), or <see langword="null"/> when not scored.</param>
/// <param name="Value">The ARR, or <see langword="null"/> when unknown.</param>
/// <param name="Priority">The value at stake (see <see cref="Pipeline.DailyRunOptions.ChurnWeight"/>), or <see langword="null"/> when ARR is unknown.</param>
/// <param name="WeightedProbability">The value at stake per dollar of ARR; ranks the rows without ARR.</param>
public sealed record WorklistRow(
    int Rank,
    string CustomerId,
    PlannedAction Action,
    IReadOnlyList<PlannedAction> OtherActions,
    string Segment,
    IReadOnlyList<string> Triggers,
    double? ChurnProbability,
    string? ChurnBand,
    double? ExpansionProbability,
    string? ExpansionBand,
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
    public IEnumerable<WorklistRow> RowsFor(OwnerRole owner) => Rows is PlannedRows planned ? planned.For(owner) : Rows.Where(r => r.Owner == owner);

    /// <summary>How many rows one role has, counted without building them (as <c>RowsFor(owner).Count()</c>).</summary>
    public int CountFor(OwnerRole owner) => Rows is PlannedRows planned ? planned.CountOf(owner) : Rows.Count(r => r.Owner == owner);

    /// <summary>The overflow of one role, or <see langword="null"/> when the role is unlimited.</summary>
    public RoleOverflow? OverflowFor(OwnerRole owner) => Overflow.FirstOrDefault(o => o.Owner == owner);
}
