namespace Segmentation.Features.History;

/// <summary>
/// Per-customer daily totals of an event stream (usage, tickets or transactions) for the <see cref="Days"/> days up to
/// and including <see cref="AsOf"/>, plus the last active day and the metrics used: everything the trend, support and
/// RFM features need, in memory proportional to customers × days, not to events.
/// </summary>
/// <remarks>
/// Built once from a stream (an <see cref="IEnumerable{T}"/> or a CSV read record by record); events dated after
/// <see cref="AsOf"/> are skipped without being stored, so features cannot see the future. Immutable after building;
/// thread-safe to read.
/// </remarks>
public sealed partial class ActivityHistory
{
    /// <summary>The default number of days kept: 180, twice the longest (90-day) window, for its previous-window comparison.</summary>
    public const int DefaultDays = 180;

    private readonly Dictionary<string, Activity> _customers;
    private readonly string[] _metrics;

    private ActivityHistory(DateOnly asOf, int days, Dictionary<string, Activity> customers, string[] metrics, long eventsRead, long eventsAfterAsOf)
    {
        AsOf = asOf;
        Days = days;
        _customers = customers;
        _metrics = metrics;
        EventsRead = eventsRead;
        EventsAfterAsOf = eventsAfterAsOf;
    }

    /// <summary>The last day included.</summary>
    public DateOnly AsOf { get; }

    /// <summary>The number of daily buckets kept per customer (day 0 = <see cref="AsOf"/>).</summary>
    public int Days { get; }

    /// <summary>The number of customers with at least one event on or before <see cref="AsOf"/>.</summary>
    public int CustomerCount => _customers.Count;

    /// <summary>The number of events read, including skipped ones.</summary>
    public long EventsRead { get; }

    /// <summary>The number of events dated after <see cref="AsOf"/>, skipped.</summary>
    public long EventsAfterAsOf { get; }

    /// <summary>The distinct metrics seen, in first-seen order.</summary>
    public IReadOnlyList<string> Metrics => _metrics;

    /// <summary>Aggregates usage events, the host's own records (value per day; distinct metrics per customer).</summary>
    /// <param name="events">The host's usage records, read once.</param>
    /// <param name="select">Per record: the customer, when it happened (its calendar day counts), what was measured (distinct metrics are the adoption breadth) and how much (1 for a single event).</param>
    /// <param name="asOf">The last day included; later events are skipped.</param>
    /// <param name="days">The number of days kept.</param>
    /// <exception cref="ArgumentException">An event has an empty customer id or metric, or a non-finite value.</exception>
    public static ActivityHistory FromUsage<T>(IEnumerable<T> events, Func<T, (string CustomerId, DateTime Timestamp, string Metric, double Value)> select, DateOnly asOf, int days = DefaultDays)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(select);
        using var builder = new Builder(asOf, days, countEvents: false);
        foreach (T record in events)
        {
            (string customerId, DateTime timestamp, string metric, double value) = select(record);
            builder.Add(customerId, timestamp, metric, value);
        }

        return builder.Build();
    }

    /// <summary>Aggregates support tickets, the host's own records (tickets opened per day).</summary>
    /// <param name="tickets">The host's ticket records, read once.</param>
    /// <param name="select">Per record: the customer and when the ticket was opened.</param>
    /// <param name="asOf">The last day included; later tickets are skipped.</param>
    /// <param name="days">The number of days kept.</param>
    public static ActivityHistory FromTickets<T>(IEnumerable<T> tickets, Func<T, (string CustomerId, DateTime OpenedAt)> select, DateOnly asOf, int days = DefaultDays)
    {
        ArgumentNullException.ThrowIfNull(tickets);
        ArgumentNullException.ThrowIfNull(select);
        using var builder = new Builder(asOf, days, countEvents: false);
        foreach (T record in tickets)
        {
            (string customerId, DateTime openedAt) = select(record);
            builder.Add(customerId, openedAt, null, 1);
        }

        return builder.Build();
    }

    /// <summary>Aggregates purchases or payments, the host's own records (amount and number per day); RFM usually wants a year: <paramref name="days"/> = 365.</summary>
    /// <param name="transactions">The host's transaction records, read once.</param>
    /// <param name="select">Per record: the customer, when it happened and how much was spent.</param>
    /// <param name="asOf">The last day included; later transactions are skipped.</param>
    /// <param name="days">The number of days kept.</param>
    public static ActivityHistory FromTransactions<T>(IEnumerable<T> transactions, Func<T, (string CustomerId, DateTime Timestamp, double Amount)> select, DateOnly asOf, int days = 365)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        ArgumentNullException.ThrowIfNull(select);
        using var builder = new Builder(asOf, days, countEvents: true);
        foreach (T record in transactions)
        {
            (string customerId, DateTime timestamp, double amount) = select(record);
            builder.Add(customerId, timestamp, null, amount);
        }

        return builder.Build();
    }

    /// <summary>Whether the customer has at least one event on or before <see cref="AsOf"/>.</summary>
    public bool Contains(string customerId) => _customers.ContainsKey(customerId);

    /// <summary>The customer's activity, or null when the customer has no event on or before <see cref="AsOf"/>.</summary>
    internal Activity? Find(string customerId) => _customers.GetValueOrDefault(customerId);

    /// <summary>Checks that features are extracted as of the day the history was aggregated for.</summary>
    internal void CheckAsOf(FeatureContext context)
    {
        if (context.AsOf != AsOf)
        {
            throw new InvalidOperationException(
                $"The history was aggregated as of {AsOf:yyyy-MM-dd} but features are extracted as of {context.AsOf:yyyy-MM-dd}; aggregate the events again for that date.");
        }
    }

    /// <summary>One customer's buckets: index 0 is the as-of day, index i is i days earlier.</summary>
    internal sealed class Activity(int days, bool countEvents)
    {
        public double[] Sums { get; } = new double[days];

        public int[]? Counts { get; } = countEvents ? new int[days] : null;

        /// <summary>Days between the last event and the as-of day (the last event may be older than the buckets).</summary>
        public int DaysSinceLast { get; set; } = int.MaxValue;

        /// <summary>
        /// Per metric id, 1 + the fewest days before the as-of day it was used (0 = never): an array indexed by metric,
        /// because products have tens of metrics, not thousands, and this is touched once per event.
        /// </summary>
        public int[]? MetricLastUse { get; set; }

        /// <summary>The number of distinct metrics used within <paramref name="days"/> days of the as-of day.</summary>
        public int MetricsUsedWithin(int days) => MetricLastUse?.Count(age => age > 0 && age - 1 < days) ?? 0;
    }
}
