using System.Collections;

namespace Segmentation.Playbooks;

/// <summary>
/// Which playbooks matched each customer of a <see cref="FactTable"/>: a set number per customer (0 = none) and one
/// <see cref="ActionPlan"/> per set. The actions of a customer are built when read.
/// </summary>
internal sealed class PlaybookMatches(FactTable facts, int[] setOf, ActionPlan[] plans, DateOnly asOf)
{
    public FactTable Facts => facts;

    public DateOnly AsOf => asOf;

    /// <summary>The plan of each set; set 0 has no actions.</summary>
    public IReadOnlyList<ActionPlan> Plans => plans;

    public int SetOf(int row) => setOf[row];

    /// <summary>The plan of one customer's matched playbooks.</summary>
    public ActionPlan PlanOf(int row) => plans[setOf[row]];

    /// <summary>Every action of one customer after deduplication, by owner role, most urgent first; reasons worded when read.</summary>
    public IReadOnlyList<PlannedAction> ActionsOf(int row)
    {
        ActionPlan plan = plans[setOf[row]];
        if (plan.Count == 0)
        {
            return [];
        }

        var actions = new PlannedAction[plan.Count];
        for (int a = 0; a < actions.Length; a++)
        {
            actions[a] = plan.Planned(a, facts, row, withDrivers: true);
        }

        return actions;
    }
}

/// <summary>
/// The combined actions of one set of matched playbooks, the same for every customer who matched that set: identical
/// actions (owner, name in any case, channel) kept once at their earliest due date, ordered by owner role, then due
/// date, then playbook order; one group per owner role (one worklist row each).
/// </summary>
internal sealed class ActionPlan
{
    private readonly (Playbook Playbook, DateOnly Due)[] _actions;
    private readonly int[] _groupStarts;

    private ActionPlan((Playbook Playbook, DateOnly Due)[] actions)
    {
        _actions = actions;
        var starts = new List<int>();
        for (int a = 0; a < actions.Length; a++)
        {
            if (a == 0 || actions[a].Playbook.Action.Owner != actions[a - 1].Playbook.Action.Owner)
            {
                starts.Add(a);
            }
        }

        starts.Add(actions.Length);
        _groupStarts = [.. starts];
    }

    /// <summary>No playbook matched.</summary>
    public static ActionPlan Empty { get; } = new([]);

    /// <summary>How many actions after deduplication.</summary>
    public int Count => _actions.Length;

    /// <summary>How many owner roles (worklist rows).</summary>
    public int GroupCount => _groupStarts.Length - 1;

    /// <summary>The plan of the playbooks whose bits are set in <paramref name="mask"/>.</summary>
    public static ActionPlan Of(IReadOnlyList<Playbook> playbooks, ReadOnlySpan<ulong> mask, DateOnly asOf)
    {
        var matched = new List<(Playbook Playbook, DateOnly Due, int Order)>();
        for (int p = 0; p < playbooks.Count; p++)
        {
            if ((mask[p >> 6] & (1UL << (p & 63))) != 0)
            {
                matched.Add((playbooks[p], asOf.AddDays(playbooks[p].Action.DueInDays), p));
            }
        }

        return new ActionPlan(
        [
            .. matched
                .OrderBy(x => x.Playbook.Action.Owner).ThenBy(x => x.Due).ThenBy(x => x.Order)
                .DistinctBy(x => (x.Playbook.Action.Owner, Name: x.Playbook.Action.Name.ToUpperInvariant(), x.Playbook.Action.Channel))
                .Select(x => (x.Playbook, x.Due)),
        ]);
    }

    /// <summary>The first action and the end (exclusive) of owner group <paramref name="group"/>.</summary>
    public (int Start, int End) Group(int group) => (_groupStarts[group], _groupStarts[group + 1]);

    /// <summary>The primary (most urgent) action of owner group <paramref name="group"/>.</summary>
    public (Playbook Playbook, DateOnly Due) Primary(int group) => _actions[_groupStarts[group]];

    /// <summary>The playbook and due date of action <paramref name="index"/>.</summary>
    public (Playbook Playbook, DateOnly Due) this[int index] => _actions[index];

    /// <summary>Action <paramref name="index"/> for row <paramref name="row"/> of <paramref name="facts"/>, its reason worded when read.</summary>
    public PlannedAction Planned(int index, FactTable facts, int row, bool withDrivers)
    {
        (Playbook playbook, DateOnly due) = _actions[index];
        return new PlannedAction(playbook.Name, playbook.Action.Name, playbook.Action.Owner, playbook.Action.Channel, due, playbook.Action.Reason, facts, row, withDrivers);
    }
}

/// <summary>
/// Worklist rows built when read from the ranked candidates: at 1,000,000 customers a row object per candidate,
/// kept for the whole run, cost more in garbage collection than the ranking itself.
/// </summary>
internal sealed class PlannedRows(PlaybookMatches matches, WorklistPlanner.Candidate[] candidates, bool withDrivers) : IReadOnlyList<WorklistRow>
{
    public int Count => candidates.Length;

    public PlaybookMatches Matches => matches;

    /// <summary>Whether the primary reasons keep the drivers (the rows that fit) or leave them out (the overflow).</summary>
    public bool WithDrivers => withDrivers;

    public WorklistPlanner.Candidate Candidate(int index) => candidates[index];

    /// <summary>The owner role of row <paramref name="index"/>, without building the row.</summary>
    public OwnerRole OwnerOf(int index) => matches.Plans[candidates[index].Set].Primary(candidates[index].Group).Playbook.Action.Owner;

    private int[]? _countByOwner;

    /// <summary>How many rows <paramref name="owner"/> has, without building them: every role counted in one pass, once.</summary>
    public int CountOf(OwnerRole owner)
    {
        // Two readers may count at once; both arrays are equal and either is kept.
        int[] counts = _countByOwner ??= CountByOwner();
        return (uint)owner < (uint)counts.Length ? counts[(int)owner] : 0;
    }

    private int[] CountByOwner()
    {
        var counts = new int[Enum.GetValues<OwnerRole>().Max(r => (int)r) + 1];
        for (int i = 0; i < candidates.Length; i++)
        {
            counts[(int)OwnerOf(i)]++;
        }

        return counts;
    }

    /// <summary>The rows of one owner role, with their ranks in this list; counted without building them.</summary>
    public IReadOnlyList<WorklistRow> For(OwnerRole owner)
    {
        var indices = new List<int>();
        for (int i = 0; i < candidates.Length; i++)
        {
            if (OwnerOf(i) == owner)
            {
                indices.Add(i);
            }
        }

        return new Subset(this, [.. indices]);
    }

    public WorklistRow this[int index]
    {
        get
        {
            WorklistPlanner.Candidate c = candidates[index];
            ActionPlan plan = matches.Plans[c.Set];
            FactTable facts = matches.Facts;
            int row = c.Row;
            (int start, int end) = plan.Group(c.Group);
            PlannedAction[] others = end - start == 1 ? [] : new PlannedAction[end - start - 1];
            for (int j = start + 1; j < end; j++)
            {
                others[j - start - 1] = plan.Planned(j, facts, row, withDrivers: true);
            }

            return new WorklistRow(
                index + 1, facts.CustomerId(row), plan.Planned(start, facts, row, withDrivers), others, facts.Segment(row), facts.Triggers(row),
                facts.ChurnProbability(row), ScoreBandText.Of(facts.ChurnBand(row)), facts.ExpansionProbability(row), ScoreBandText.Of(facts.ExpansionBand(row)),
                facts.Value(row), c.AtStake, c.Weighted);
        }
    }

    public IEnumerator<WorklistRow> GetEnumerator()
    {
        for (int i = 0; i < candidates.Length; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// Some rows of the list, built when read. A collection, so that <c>Count()</c> reads <see cref="Count"/> instead of
    /// building every row (the report counts each role's rows).
    /// </summary>
    private sealed class Subset(PlannedRows rows, int[] indices) : IReadOnlyList<WorklistRow>, ICollection
    {
        public int Count => indices.Length;

        bool ICollection.IsSynchronized => false;

        object ICollection.SyncRoot => this;

        public WorklistRow this[int index] => rows[indices[index]];

        public IEnumerator<WorklistRow> GetEnumerator()
        {
            foreach (int index in indices)
            {
                yield return rows[index];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        void ICollection.CopyTo(Array array, int index)
        {
            foreach (WorklistRow row in this)
            {
                array.SetValue(row, index++);
            }
        }
    }
}
