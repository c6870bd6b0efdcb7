namespace Segmentation.Playbooks;

/// <summary>
/// The facts of many customers, read by row: what playbook conditions, reasons and the planner read. The pipeline's
/// table holds them as columns (a score array per scorer, the run's rule segments), so a run at 1,000,000 customers
/// keeps no object per customer; <see cref="CustomerFactsTable"/> reads a list of <see cref="CustomerFacts"/> records
/// (a host's own facts, tests).
/// </summary>
internal abstract class FactTable
{
    /// <summary>How many customers.</summary>
    public abstract int Count { get; }

    /// <summary>Whether the ids are known to be unique already (the tracked run's snapshot checked them), so planning need not check again.</summary>
    public virtual bool IdsKnownUnique => false;

    public abstract string CustomerId(int row);

    public abstract string Segment(int row);

    /// <summary>The segment on the previous run, or <see langword="null"/> when the customer was not there.</summary>
    public abstract string? PreviousSegment(int row);

    public abstract bool IsNew(int row);

    /// <summary>The customer's segment in the rule dimension named <paramref name="dimension"/> (any case), or <see langword="null"/>.</summary>
    public abstract string? RuleSegment(int row, string dimension);

    /// <summary>Whether the customer sits in <paramref name="segment"/> of the rule dimension <paramref name="dimension"/> (names in any case).</summary>
    public virtual bool InRuleSegment(int row, string dimension, string segment) => Names.Equal(RuleSegment(row, dimension), segment);

    /// <summary>The fired triggers.</summary>
    public abstract IReadOnlyList<string> Triggers(int row);

    /// <summary>Whether the trigger named <paramref name="trigger"/> (any case) fired.</summary>
    public virtual bool HasTrigger(int row, string trigger)
    {
        IReadOnlyList<string> triggers = Triggers(row);
        for (int i = 0; i < triggers.Count; i++)
        {
            if (Names.Equal(triggers[i], trigger))
            {
                return true;
            }
        }

        return false;
    }

    public abstract double? ChurnProbability(int row);

    public abstract ScoreBand? ChurnBand(int row);

    public abstract double? ExpansionProbability(int row);

    public abstract ScoreBand? ExpansionBand(int row);

    /// <summary>The ARR, or <see langword="null"/> when unknown.</summary>
    public abstract double? Value(int row);

    /// <summary>The drivers in words, built now and not kept (a reason reads them once).</summary>
    public abstract IReadOnlyList<string> Drivers(int row);

    /// <summary>
    /// Asks for the cache lines the facts of row <paramref name="row"/> are read from (and, when <paramref name="drivers"/>,
    /// what its drivers are worded from) without waiting for them: a writer going through rows far apart in memory asks
    /// for the rows it reaches next while it formats this one, so that their cache misses overlap instead of each
    /// stalling the formatting in turn. Nothing by default (a table of records).
    /// </summary>
    public virtual void Prefetch(int row, bool drivers)
    {
    }

    /// <summary>
    /// Asks for what the slots of <see cref="Prefetch"/> point to (the customer id's characters), reading those slots:
    /// call it for a row some rows after <see cref="Prefetch"/>. Nothing by default.
    /// </summary>
    public virtual void PrefetchReferenced(int row)
    {
    }

    /// <summary>Whether the customer entered its segment on this run: it was elsewhere before, or is new here.</summary>
    public bool EnteredSegment(int row) => PreviousSegment(row) is not string previous || !Names.Equal(previous, Segment(row));

    /// <summary>Whether the row's values are usable, checked without building sentences (once per customer per run).</summary>
    public abstract bool IsValid(int row);

    /// <summary>The facts of one customer as a record: for the sentences of an invalid row and for hosts reading one customer.</summary>
    public abstract CustomerFacts FactsOf(int row);
}

/// <summary>A list of <see cref="CustomerFacts"/> records read as a <see cref="FactTable"/>.</summary>
internal sealed class CustomerFactsTable(IReadOnlyList<CustomerFacts> facts) : FactTable
{
    public static CustomerFactsTable Of(CustomerFacts facts) => new([facts]);

    public override int Count => facts.Count;

    public override string CustomerId(int row) => facts[row].CustomerId;

    public override string Segment(int row) => facts[row].Segment;

    public override string? PreviousSegment(int row) => facts[row].PreviousSegment;

    public override bool IsNew(int row) => facts[row].IsNew;

    public override string? RuleSegment(int row, string dimension)
    {
        foreach (KeyValuePair<string, string> kv in facts[row].RuleSegments)
        {
            if (Names.Equal(kv.Key, dimension))
            {
                return kv.Value;
            }
        }

        return null;
    }

    public override bool InRuleSegment(int row, string dimension, string segment)
    {
        // Every entry, as a host's dictionary may hold a dimension twice in different case.
        foreach (KeyValuePair<string, string> kv in facts[row].RuleSegments)
        {
            if (Names.Equal(kv.Key, dimension) && Names.Equal(kv.Value, segment))
            {
                return true;
            }
        }

        return false;
    }

    public override IReadOnlyList<string> Triggers(int row) => facts[row].Triggers;

    public override double? ChurnProbability(int row) => facts[row].ChurnProbability;

    public override ScoreBand? ChurnBand(int row) => facts[row].ChurnBand;

    public override double? ExpansionProbability(int row) => facts[row].ExpansionProbability;

    public override ScoreBand? ExpansionBand(int row) => facts[row].ExpansionBand;

    public override double? Value(int row) => facts[row].Value;

    public override IReadOnlyList<string> Drivers(int row) => Scoring.LazyList.Peek(facts[row].Drivers);

    public override bool IsValid(int row) => facts[row].IsValid();

    public override CustomerFacts FactsOf(int row) => facts[row];
}
