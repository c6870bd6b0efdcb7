namespace Segmentation.Scoring.InRun;

/// <summary>
/// The dated outcome events of customers (churned on a date, expanded on dates), keyed by customer id: what a
/// scorer trained inside the run learns from.
/// </summary>
/// <remarks>Immutable. <see cref="Through"/> drops every event after a date, so training cannot see the future.</remarks>
internal sealed class OutcomeEvents
{
    private static readonly DateOnly[] None = [];
    private readonly Dictionary<string, DateOnly[]> _events;

    /// <summary>Creates the events of one outcome.</summary>
    /// <param name="outcome">The outcome's name, for example <c>churn</c> or <c>expansion</c> (used in messages).</param>
    /// <param name="events">The event dates of each customer id; customers without events may be left out.</param>
    /// <exception cref="ArgumentException">The name is empty, or an id appears twice.</exception>
    public OutcomeEvents(string outcome, IEnumerable<KeyValuePair<string, IEnumerable<DateOnly>>> events)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outcome);
        ArgumentNullException.ThrowIfNull(events);
        Outcome = outcome;
        _events = new Dictionary<string, DateOnly[]>(StringComparer.Ordinal);
        foreach ((string id, IEnumerable<DateOnly> dates) in events)
        {
            if (!_events.TryAdd(id, [.. dates.Order()]))
            {
                throw new ArgumentException($"The customer '{id}' has two lists of {outcome} events; give one list per customer.", nameof(events));
            }
        }
    }

    /// <summary>The outcome's name, for example <c>churn</c>.</summary>
    public string Outcome { get; }

    /// <summary>The number of events.</summary>
    public int Count => _events.Values.Sum(d => d.Length);

    /// <summary>The latest event date, or <see langword="null"/> when there are none.</summary>
    public DateOnly? Latest => _events.Values.Where(d => d.Length > 0).Select(d => (DateOnly?)d[^1]).Max();

    /// <summary>Builds the events from customers of any type.</summary>
    /// <param name="outcome">The outcome's name.</param>
    /// <param name="customers">The customers.</param>
    /// <param name="id">The customer id.</param>
    /// <param name="dates">The dates on which the outcome happened to a customer (none, one or several).</param>
    public static OutcomeEvents From<TCustomer>(string outcome, IEnumerable<TCustomer> customers, Func<TCustomer, string> id, Func<TCustomer, IEnumerable<DateOnly>> dates)
    {
        ArgumentNullException.ThrowIfNull(customers);
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(dates);
        return new OutcomeEvents(outcome, customers.Select(c => new KeyValuePair<string, IEnumerable<DateOnly>>(id(c), dates(c))));
    }

    /// <summary>The same events without those after <paramref name="lastDay"/>.</summary>
    public OutcomeEvents Through(DateOnly lastDay)
        => new(Outcome, _events.Select(e => new KeyValuePair<string, IEnumerable<DateOnly>>(e.Key, e.Value.Where(d => d <= lastDay))));

    /// <summary>The event dates of <paramref name="id"/>, ascending (empty when none).</summary>
    public IReadOnlyList<DateOnly> Of(string id) => _events.TryGetValue(id, out DateOnly[]? dates) ? dates : None;

    /// <summary>Whether <paramref name="id"/> had an event after <paramref name="after"/> and on or before <paramref name="through"/>.</summary>
    public bool HappenedIn(string id, DateOnly after, DateOnly through) => Of(id).Any(d => d > after && d <= through);
}
