namespace Segmentation.Migration;

/// <summary>How many customers (and how much value) moved from one segment to another between two snapshots.</summary>
/// <param name="From">The previous segment, or <see cref="SegmentTransitions.New"/> for customers who were not there.</param>
/// <param name="To">The current segment, or <see cref="SegmentTransitions.Gone"/> for customers who left.</param>
/// <param name="Customers">The number of customers.</param>
/// <param name="Value">Their value: in the current snapshot, or in the previous one for customers who are gone; the sum of the known values, NaN when no customer of the cell has a value.</param>
public sealed record Transition(string From, string To, int Customers, double Value);

/// <summary>What happened to one previous segment's customers by the next snapshot.</summary>
/// <param name="Segment">The previous segment.</param>
/// <param name="Customers">Its customers in the previous snapshot.</param>
/// <param name="Stayed">Those still in it.</param>
/// <param name="ChurnRate">The share of its customers absent from the current snapshot.</param>
/// <param name="NetRevenueRetention">Current value of its customers (wherever they are now) / their previous value.</param>
/// <param name="ExpansionRate">The share of its customers whose value grew.</param>
internal sealed record SegmentOutcome(string Segment, int Customers, int Stayed, double ChurnRate, double NetRevenueRetention, double ExpansionRate);

/// <summary>
/// The from-to matrix between two snapshots, by customers and by value, with stability and per-segment outcomes.
/// Every customer of either snapshot is counted exactly once.
/// </summary>
public sealed class SegmentTransitions
{
    /// <summary>The <c>from</c> of customers absent from the previous snapshot.</summary>
    public const string New = "(new)";

    /// <summary>The <c>to</c> of customers absent from the current snapshot.</summary>
    public const string Gone = "(gone)";

    private SegmentTransitions(IReadOnlyList<Transition> transitions, double stability, IReadOnlyList<SegmentOutcome> outcomes)
    {
        Transitions = transitions;
        Stability = stability;
        Outcomes = outcomes;
    }

    /// <summary>Every non-empty (from, to) pair, ordered by from then to (ordinal), "(new)" and "(gone)" included.</summary>
    public IReadOnlyList<Transition> Transitions { get; }

    /// <summary>The share of customers present in both snapshots that kept their segment (NaN when none is in both).</summary>
    public double Stability { get; }

    /// <summary>Per previous segment: churn, net revenue retention and expansion.</summary>
    internal IReadOnlyList<SegmentOutcome> Outcomes { get; }

    /// <summary>Compares two snapshots.</summary>
    public static SegmentTransitions Compute(SegmentSnapshot previous, SegmentSnapshot current)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);
        var cells = new Dictionary<(string From, string To), (int Customers, double Value)>();
        void Add(string from, string to, double value)
        {
            // Unknown values (NaN) are left out of the sum; a cell whose values are all unknown stays NaN.
            (int customers, double total) = cells.TryGetValue((from, to), out var cell) ? cell : (0, double.NaN);
            cells[(from, to)] = (customers + 1, double.IsNaN(value) ? total : (double.IsNaN(total) ? 0 : total) + value);
        }

        int both = 0, stayed = 0;
        foreach (CustomerSnapshot before in previous.Customers)
        {
            CustomerSnapshot? after = current.Find(before.CustomerId);
            if (after is null)
            {
                Add(before.Segment, Gone, before.Value);
                continue;
            }

            both++;
            stayed += before.Segment == after.Segment ? 1 : 0;
            Add(before.Segment, after.Segment, after.Value);
        }

        foreach (CustomerSnapshot after in current.Customers.Where(c => previous.Find(c.CustomerId) is null))
        {
            Add(New, after.Segment, after.Value);
        }

        Transition[] transitions = [.. cells
            .Select(c => new Transition(c.Key.From, c.Key.To, c.Value.Customers, c.Value.Value))
            .OrderBy(t => t.From, StringComparer.Ordinal)
            .ThenBy(t => t.To, StringComparer.Ordinal)];
        SegmentOutcome[] outcomes = [.. previous.Customers
            .GroupBy(c => c.Segment, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Outcome(g.Key, [.. g], current))];
        return new SegmentTransitions(transitions, both == 0 ? double.NaN : (double)stayed / both, outcomes);
    }

    private static SegmentOutcome Outcome(string segment, CustomerSnapshot[] members, SegmentSnapshot current)
    {
        int gone = 0, stayed = 0, expanded = 0;
        double before = 0, after = 0;
        foreach (CustomerSnapshot member in members)
        {
            before += double.IsNaN(member.Value) ? 0 : member.Value;
            CustomerSnapshot? now = current.Find(member.CustomerId);
            if (now is null)
            {
                gone++;
                continue;
            }

            after += double.IsNaN(now.Value) ? 0 : now.Value;
            stayed += now.Segment == segment ? 1 : 0;
            expanded += now.Value > member.Value ? 1 : 0;
        }

        return new SegmentOutcome(segment, members.Length, stayed, (double)gone / members.Length, before > 0 ? after / before : double.NaN, (double)expanded / members.Length);
    }
}
