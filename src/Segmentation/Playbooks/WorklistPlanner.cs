using Segmentation.Options;

namespace Segmentation.Playbooks;

/// <summary>
/// Turns customer facts into the day's worklist: matches playbooks, combines each customer's actions, ranks by value
/// at stake and cuts each owner role to its capacity.
/// </summary>
/// <remarks>
/// <para><b>Combination.</b> A customer can match several playbooks. Identical actions (same owner, action name and
/// channel, whatever the playbook) are kept once, at their earliest due date. The worklist has <b>one row per customer
/// per owner role</b>: capacity is counted per role, so a customer at churn risk who is also new and high-value takes
/// one place in the CSM queue and one in Leadership's, and neither team's queue hides the other's work. Within a row
/// the primary action is the most urgent (earliest due date, then the earlier playbook in the set; the customer's
/// priority is the same for all its actions, so it cannot separate them); the others are listed in
/// <see cref="WorklistRow.OtherActions"/>.</para>
/// <para><b>Ranking.</b> Rows with a known ARR first, by value at stake (see <see cref="PriorityOptions"/>), highest
/// first; then rows without ARR by weighted probability; ties by earlier due date, then customer id (ordinal), so the
/// result does not depend on input order.</para>
/// <para><b>Capacity.</b> Each role keeps its top rows up to <see cref="CapacityOptions.CapacityOf"/>; the rest go to
/// <see cref="Worklist.Overflow"/> with their count and total ARR. Nothing is dropped: every customer a playbook
/// matched appears exactly once per owner role of its actions, in <see cref="Worklist.Rows"/> or in the overflow.</para>
/// <para><b>Wording.</b> The rows that fit have the full reason (with the drivers, when the template asks for them). An
/// overflow row's reason leaves the drivers out (the template's optional part around <c>{drivers}</c> is dropped, as
/// when a customer has none): wording the drivers of every customer over capacity cost more than the rest of the daily
/// step at 1,000,000 customers, and nobody works those rows today. The row keeps its scores, bands and ARR.</para>
/// <para>Immutable and thread-safe.</para>
/// </remarks>
internal sealed class WorklistPlanner
{
    private readonly PriorityOptions _priority;
    private readonly CapacityOptions _capacity;

    /// <summary>Creates a planner.</summary>
    /// <param name="playbooks">The playbooks, for example <see cref="KnownPlaybooks.Default"/>.</param>
    /// <param name="priority">The ranking weights; the defaults when null.</param>
    /// <param name="capacity">The capacity per owner role; every role unlimited when null.</param>
    /// <exception cref="ArgumentException">An option is out of range (the message names it, its range and its value).</exception>
    public WorklistPlanner(PlaybookSet playbooks, PriorityOptions? priority = null, CapacityOptions? capacity = null)
    {
        ArgumentNullException.ThrowIfNull(playbooks);
        Playbooks = playbooks;
        _priority = priority ?? new PriorityOptions();
        _capacity = capacity ?? new CapacityOptions();
        OptionsValidation.ThrowIfInvalid(_priority, nameof(priority));
        OptionsValidation.ThrowIfInvalid(_capacity, nameof(capacity));

        // Options are mutable classes: keep a copy so later changes by the caller do not change this planner.
        _priority = new PriorityOptions { ChurnWeight = _priority.ChurnWeight, ExpansionWeight = _priority.ExpansionWeight, ExpansionUplift = _priority.ExpansionUplift };
        var copy = new CapacityOptions();
        foreach ((OwnerRole role, OwnerCapacity c) in _capacity.Roles)
        {
            copy.Set(role, c.AccountsPerOwner, c.Owners);
        }

        _capacity = copy;
    }

    /// <summary>The playbooks.</summary>
    public PlaybookSet Playbooks { get; }

    /// <summary>
    /// The actions the playbooks create for one customer, identical ones kept once, ordered by owner role, then most
    /// urgent first (earliest due date, then playbook order).
    /// </summary>
    /// <exception cref="ArgumentException">A value of <paramref name="facts"/> is invalid (the message names the customer).</exception>
    public IReadOnlyList<PlannedAction> Match(CustomerFacts facts, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ThrowIfInvalid(facts);
        IReadOnlyList<Playbook> playbooks = Playbooks.Playbooks;
        int first = -1;
        List<(Playbook Playbook, DateOnly Due, int Order)>? matched = null;
        for (int p = 0; p < playbooks.Count; p++)
        {
            if (!playbooks[p].When.Matches(facts))
            {
                continue;
            }

            if (first < 0)
            {
                first = p;
            }
            else
            {
                (matched ??= [(playbooks[first], asOf.AddDays(playbooks[first].Action.DueInDays), first)]).Add((playbooks[p], asOf.AddDays(playbooks[p].Action.DueInDays), p));
            }
        }

        if (first < 0)
        {
            return [];
        }

        // The reasons are worded when read (PlannedAction.Reason): most actions at 1,000,000 customers never are.
        if (matched is null)
        {
            return [Planned(playbooks[first], asOf.AddDays(playbooks[first].Action.DueInDays), facts)];
        }

        return
        [
            .. matched
                .OrderBy(x => x.Playbook.Action.Owner).ThenBy(x => x.Due).ThenBy(x => x.Order)
                .DistinctBy(x => (x.Playbook.Action.Owner, Name: x.Playbook.Action.Name.ToUpperInvariant(), x.Playbook.Action.Channel))
                .Select(x => Planned(x.Playbook, x.Due, facts)),
        ];
    }

    private static PlannedAction Planned(Playbook playbook, DateOnly due, CustomerFacts facts)
        => new(playbook.Name, playbook.Action.Name, playbook.Action.Owner, playbook.Action.Channel, due, playbook.Action.Reason, facts);

    /// <summary>Builds the worklist of <paramref name="customers"/> as of <paramref name="asOf"/>.</summary>
    /// <param name="customers">The facts of every customer; ids must be unique.</param>
    /// <param name="asOf">The date due dates count from.</param>
    /// <param name="cancellationToken">Cancels between customers.</param>
    /// <exception cref="ArgumentException">A customer id appears twice, or a value is invalid (the message names the customer).</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public Worklist Plan(IEnumerable<CustomerFacts> customers, DateOnly asOf, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customers);
        return Plan(customers.Select(facts => (facts, (IReadOnlyList<PlannedAction>?)null)), asOf, cancellationToken);
    }

    /// <summary>As <see cref="Plan(IEnumerable{CustomerFacts}, DateOnly, CancellationToken)"/>, with each customer's <see cref="Match"/> already made (the pipeline keeps them for assignments.csv).</summary>
    internal Worklist Plan(IReadOnlyList<CustomerFacts> customers, IReadOnlyList<IReadOnlyList<PlannedAction>> matched, DateOnly asOf, CancellationToken cancellationToken) =>
        Plan(customers.Select((facts, i) => (facts, (IReadOnlyList<PlannedAction>?)matched[i])), asOf, cancellationToken);

    private Worklist Plan(IEnumerable<(CustomerFacts Facts, IReadOnlyList<PlannedAction>? Matched)> customers, DateOnly asOf, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        // Candidates are small structs, sorted, and each becomes one WorklistRow with its final rank: at 1,000,000
        // customers a row object per candidate plus a copy per rank cost more than the sort.
        var candidates = new List<Candidate>();
        foreach ((CustomerFacts facts, IReadOnlyList<PlannedAction>? matched) in customers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ArgumentNullException.ThrowIfNull(facts, nameof(customers));
            if (!seen.Add(facts.CustomerId ?? string.Empty))
            {
                throw new ArgumentException($"Customer '{facts.CustomerId}' appears twice; give each customer one set of facts.", nameof(customers));
            }

            double weighted = _priority.WeightedProbability(facts);
            double? atStake = _priority.ValueAtStake(facts);
            IReadOnlyList<PlannedAction> actions = matched ?? Match(facts, asOf);
            // The actions are ordered by owner role: one row per run of the same role.
            for (int start = 0; start < actions.Count;)
            {
                int end = start + 1;
                while (end < actions.Count && actions[end].Owner == actions[start].Owner)
                {
                    end++;
                }

                PlannedAction[] others = end - start == 1 ? [] : new PlannedAction[end - start - 1];
                for (int j = start + 1; j < end; j++)
                {
                    others[j - start - 1] = actions[j];
                }

                candidates.Add(new Candidate(facts, actions[start], others, atStake, weighted));
                start = end;
            }
        }

        // The keys are sorted beside the candidates: comparing them then reads one array, not every customer's facts.
        // The order is total (customer and owner make a row unique), so it does not depend on the sort algorithm.
        Candidate[] sorted = [.. candidates];
        candidates.Clear();
        var keys = new RankKey[sorted.Length];
        for (int c = 0; c < sorted.Length; c++)
        {
            keys[c] = sorted[c].Key;
        }

        Array.Sort(keys, sorted, RankComparer.Instance);
        var kept = new List<WorklistRow>();
        var overflow = new Dictionary<OwnerRole, List<WorklistRow>>();
        var taken = new Dictionary<OwnerRole, int>();
        foreach (Candidate candidate in sorted)
        {
            OwnerRole owner = candidate.Action.Owner;
            int used = taken.GetValueOrDefault(owner);
            if (_capacity.CapacityOf(owner) is int capacity && used >= capacity)
            {
                List<WorklistRow> list = overflow.TryGetValue(owner, out List<WorklistRow>? l) ? l : overflow[owner] = [];
                // Overflow rows are worded without drivers: see the remarks.
                list.Add(candidate.Row(list.Count + 1, candidate.Action.WithoutDrivers()));
                continue;
            }

            taken[owner] = used + 1;
            kept.Add(candidate.Row(kept.Count + 1, candidate.Action));
        }

        RoleOverflow[] overflows =
        [
            .. _capacity.Roles.Keys.Order().Select(role =>
            {
                IReadOnlyList<WorklistRow> rows = overflow.TryGetValue(role, out List<WorklistRow>? l) ? l : [];
                return new RoleOverflow(role, _capacity.CapacityOf(role)!.Value, rows.Count, rows.Sum(r => r.Value ?? 0), rows.Count(r => r.Value is null), rows);
            }),
        ];
        return new Worklist(asOf, kept, overflows);
    }

    /// <summary>The ranking order: known value at stake first (highest first), then weighted probability, due date, ARR (highest first), customer id, owner.</summary>
    internal static int CompareRank(WorklistRow a, WorklistRow b) => CompareRank(RankKey.Of(a), RankKey.Of(b));

    private static int CompareRank(in RankKey a, in RankKey b)
    {
        int c = (b.Priority is not null).CompareTo(a.Priority is not null);
        if (c == 0 && a.Priority is double pa && b.Priority is double pb)
        {
            c = pb.CompareTo(pa);
        }

        if (c == 0)
        {
            c = b.WeightedProbability.CompareTo(a.WeightedProbability);
        }

        if (c == 0)
        {
            c = a.Due.CompareTo(b.Due);
        }

        if (c == 0)
        {
            // Unscored rows (no probabilities, priority 0) still put the larger account first.
            c = (b.Value ?? double.NegativeInfinity).CompareTo(a.Value ?? double.NegativeInfinity);
        }

        if (c == 0)
        {
            c = string.CompareOrdinal(a.CustomerId, b.CustomerId);
        }

        return c != 0 ? c : a.Owner.CompareTo(b.Owner);
    }

    /// <summary>The ranking order as a comparer, for sorting keys beside their candidates.</summary>
    private sealed class RankComparer : IComparer<RankKey>
    {
        public static readonly RankComparer Instance = new();

        public int Compare(RankKey x, RankKey y) => CompareRank(x, y);
    }

    /// <summary>What the ranking reads of a row.</summary>
    private readonly record struct RankKey(double? Priority, double WeightedProbability, DateOnly Due, double? Value, string CustomerId, OwnerRole Owner)
    {
        public static RankKey Of(WorklistRow row) => new(row.Priority, row.WeightedProbability, row.Due, row.Value, row.CustomerId, row.Owner);
    }

    /// <summary>One customer's actions for one owner role, before it has a rank.</summary>
    private readonly record struct Candidate(CustomerFacts Facts, PlannedAction Action, PlannedAction[] Others, double? AtStake, double Weighted)
    {
        public RankKey Key => new(AtStake, Weighted, Action.Due, Facts.Value, Facts.CustomerId, Action.Owner);

        public WorklistRow Row(int rank, PlannedAction action) => new(
            rank, Facts.CustomerId, action, Others, Facts.Segment, Facts.Triggers,
            Facts.ChurnProbability, Facts.ChurnBand, Facts.ExpansionProbability, Facts.ExpansionBand,
            Facts.Value, AtStake, Weighted);
    }

    private static void ThrowIfInvalid(CustomerFacts facts)
    {
        if (facts.IsValid())
        {
            return;
        }

        string[] problems = [.. facts.Problems()];
        if (problems.Length > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(facts));
        }
    }
}
