using Segmentation.Features.History;

namespace Segmentation.Features;

/// <summary>
/// Support intensity and its trend from an <see cref="ActivityHistory"/> of tickets (<see cref="ActivityHistory.FromTickets{T}"/>):
/// <c>tickets_30d</c>, <c>tickets_90d</c>, <c>tickets_change_90d</c> (last 90 days against the 90 before, over at least
/// one ticket, so 0 → 2 tickets is +200%, not infinite) and <c>days_since_last_ticket</c> (missing when none).
/// </summary>
/// <typeparam name="TCustomer">The customer type.</typeparam>
/// <param name="history">Tickets aggregated as of the extraction day (at least 180 days for the change).</param>
/// <param name="id">The customer's id in the history.</param>
/// <remarks>Thread-safe; extracting as of another day than the history's throws.</remarks>
internal sealed class SupportExtractor<TCustomer>(ActivityHistory history, Func<TCustomer, string> id) : IFeatureExtractor<TCustomer>
{
    private readonly ActivityHistory _history = history ?? throw new ArgumentNullException(nameof(history));
    private readonly Func<TCustomer, string> _id = id ?? throw new ArgumentNullException(nameof(id));

    /// <inheritdoc />
    public IReadOnlyList<FeatureColumn> Columns { get; } =
    [
        new("tickets_30d", FeatureKind.Numeric),
        new("tickets_90d", FeatureKind.Numeric),
        new("tickets_change_90d", FeatureKind.Numeric),
        new("days_since_last_ticket", FeatureKind.Numeric),
    ];

    /// <inheritdoc />
    public void Extract(TCustomer customer, FeatureContext context, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(context);
        _history.CheckAsOf(context);
        ActivityHistory.Activity? activity = _history.Find(_id(customer));
        ReadOnlySpan<double> sums = activity is null ? new double[_history.Days] : activity.Sums;
        destination[0] = Window.Total(sums, 0, 30);
        destination[1] = Window.Total(sums, 0, 90);
        destination[2] = Window.Change(sums, 90, 1);
        destination[3] = activity is null || activity.DaysSinceLast == int.MaxValue ? double.NaN : activity.DaysSinceLast;
    }
}

/// <summary>
/// Recency, frequency and monetary value from an <see cref="ActivityHistory"/> of transactions
/// (<see cref="ActivityHistory.FromTransactions{T}"/>): <c>recency_days</c> (days since the last purchase; missing when
/// none), <c>frequency_{N}d</c> (purchases) and <c>monetary_{N}d</c> (spend) over the history's <c>N</c> days.
/// </summary>
/// <typeparam name="TCustomer">The customer type.</typeparam>
/// <remarks>Thread-safe; extracting as of another day than the history's throws.</remarks>
internal sealed class RfmExtractor<TCustomer> : IFeatureExtractor<TCustomer>
{
    private readonly ActivityHistory _history;
    private readonly Func<TCustomer, string> _id;

    /// <summary>Creates the extractor.</summary>
    /// <param name="history">Transactions aggregated as of the extraction day.</param>
    /// <param name="id">The customer's id in the history.</param>
    public RfmExtractor(ActivityHistory history, Func<TCustomer, string> id)
    {
        _history = history ?? throw new ArgumentNullException(nameof(history));
        _id = id ?? throw new ArgumentNullException(nameof(id));
        string days = history.Days.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Columns = [new("recency_days", FeatureKind.Numeric), new($"frequency_{days}d", FeatureKind.Numeric), new($"monetary_{days}d", FeatureKind.Numeric)];
    }

    /// <inheritdoc />
    public IReadOnlyList<FeatureColumn> Columns { get; }

    /// <inheritdoc />
    public void Extract(TCustomer customer, FeatureContext context, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(context);
        _history.CheckAsOf(context);
        ActivityHistory.Activity? activity = _history.Find(_id(customer));
        destination[0] = activity is null || activity.DaysSinceLast == int.MaxValue ? double.NaN : activity.DaysSinceLast;
        destination[1] = activity?.Counts?.Sum() ?? 0;
        destination[2] = activity is null ? 0 : Window.Total(activity.Sums, 0, activity.Sums.Length);
    }
}
