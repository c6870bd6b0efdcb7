namespace Segmentation.Migration;

/// <summary>What <see cref="MigrationTracker.TrackAsync(SegmentSnapshot, CancellationToken)"/> found for one snapshot.</summary>
/// <param name="Previous">The snapshot compared against, or <see langword="null"/> on the first run.</param>
/// <param name="Current">The snapshot just stored.</param>
/// <param name="Transitions">The from-to matrix, or <see langword="null"/> on the first run.</param>
/// <param name="Alerts">Every alert the rules raise for this pair (delivered or not before).</param>
/// <param name="NewAlerts">The alerts delivered to handlers by this call (not delivered by an earlier run).</param>
internal sealed record MigrationReport(
    SegmentSnapshot? Previous,
    SegmentSnapshot Current,
    SegmentTransitions? Transitions,
    IReadOnlyList<SegmentAlert> Alerts,
    IReadOnlyList<SegmentAlert> NewAlerts);

/// <summary>
/// Stores each snapshot, compares it with the previous one, raises alerts and hands each alert to the handlers
/// once per snapshot pair, even when a run is repeated.
/// </summary>
/// <remarks>
/// Thread-safe when the store is. Handlers run in registration order. Alerts are recorded as delivered only after
/// every handler has succeeded: a handler that throws sees the same alerts again on the next run (at-least-once),
/// while a repeated successful run delivers nothing twice.
/// </remarks>
internal sealed class MigrationTracker
{
    private readonly ISnapshotStore _store;
    private readonly IAlertRule[] _rules;
    private readonly ISegmentMigrationHandler[] _handlers;

    /// <summary>Creates a tracker.</summary>
    /// <exception cref="ArgumentException">Two rules share a name.</exception>
    public MigrationTracker(ISnapshotStore store, IEnumerable<IAlertRule>? rules = null, IEnumerable<ISegmentMigrationHandler>? handlers = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _rules = [.. rules ?? []];
        _handlers = [.. handlers ?? []];
        string? repeated = _rules.GroupBy(r => r.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1)?.Key;
        if (repeated is not null)
        {
            throw new ArgumentException($"Two alert rules are named '{repeated}'; rule names must be unique because they key alert de-duplication.", nameof(rules));
        }
    }

    /// <summary>Stores <paramref name="current"/>, compares it with the latest earlier snapshot and delivers new alerts.</summary>
    public Task<MigrationReport> TrackAsync(SegmentSnapshot current, CancellationToken cancellationToken = default) =>
        TrackAsync(current, [], cancellationToken);

    /// <summary>As <see cref="TrackAsync(SegmentSnapshot, CancellationToken)"/>, with rules that hold for this snapshot only (for example ones built from today's segments).</summary>
    public Task<MigrationReport> TrackAsync(SegmentSnapshot current, IEnumerable<IAlertRule> additionalRules, CancellationToken cancellationToken = default) =>
        TrackAsync(current, additionalRules, null, cancellationToken);

    /// <summary>
    /// Stores <paramref name="current"/> but measures movement and alerts on <paramref name="comparedAs"/> (the same
    /// customers and date under the model of the previous snapshot, after a retrain), so that a redrawn boundary is not
    /// reported as customers moving.
    /// </summary>
    internal async Task<MigrationReport> TrackAsync(SegmentSnapshot current, IEnumerable<IAlertRule> additionalRules, SegmentSnapshot? comparedAs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(additionalRules);
        IAlertRule[] rules = [.. additionalRules];
        MigrationReport report = await CompareAsync(comparedAs ?? current, rules, cancellationToken).ConfigureAwait(false);
        report = report with { Current = current };
        await _store.SaveSnapshotAsync(current, cancellationToken).ConfigureAwait(false);
        if (report.NewAlerts.Count > 0)
        {
            foreach (ISegmentMigrationHandler handler in _handlers)
            {
                await handler.HandleAsync(report, report.NewAlerts, cancellationToken).ConfigureAwait(false);
            }

            string pair = Pair(report.Previous, comparedAs ?? current);
            foreach (SegmentAlert alert in report.NewAlerts)
            {
                await _store.TryRecordAlertAsync(AlertKey(alert, pair), cancellationToken).ConfigureAwait(false);
            }
        }

        return report;
    }

    /// <summary>
    /// What <see cref="TrackAsync(SegmentSnapshot, IEnumerable{IAlertRule}, CancellationToken)"/> would report for
    /// <paramref name="current"/>, without storing it or delivering anything: for callers that write their own outputs
    /// before they commit the snapshot.
    /// </summary>
    /// <remarks>
    /// Without an earlier snapshot there are no transitions and no alerts: a first run has no movement to report.
    /// Customers absent from the previous snapshot are new (from <see cref="SegmentTransitions.New"/>), not movers.
    /// </remarks>
    public async Task<MigrationReport> CompareAsync(SegmentSnapshot current, IEnumerable<IAlertRule> additionalRules, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(additionalRules);
        return await CompareAsync(await PreviousAsync(current.AsOf, cancellationToken).ConfigureAwait(false), current, additionalRules, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The snapshot a comparison as of <paramref name="asOf"/> measures movement against: the latest stored before that date, or <see langword="null"/>.</summary>
    internal Task<SegmentSnapshot?> PreviousAsync(DateOnly asOf, CancellationToken cancellationToken) => _store.GetLatestBeforeAsync(asOf, cancellationToken);

    /// <summary>As <see cref="CompareAsync(SegmentSnapshot, IEnumerable{IAlertRule}, CancellationToken)"/>, with the previous snapshot already read (<see cref="PreviousAsync"/>).</summary>
    internal async Task<MigrationReport> CompareAsync(SegmentSnapshot? previous, SegmentSnapshot current, IEnumerable<IAlertRule> additionalRules, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(additionalRules);
        if (previous is null)
        {
            return new MigrationReport(null, current, null, [], []);
        }

        SegmentTransitions transitions = SegmentTransitions.Compute(previous, current);
        SegmentAlert[] alerts = [.. _rules.Concat(additionalRules).SelectMany(r => r.Evaluate(previous, current))];
        var fresh = new List<SegmentAlert>();
        string pair = Pair(previous, current);
        foreach (SegmentAlert alert in alerts)
        {
            if (!await _store.IsAlertRecordedAsync(AlertKey(alert, pair), cancellationToken).ConfigureAwait(false))
            {
                fresh.Add(alert);
            }
        }

        return new MigrationReport(previous, current, transitions, alerts, fresh);
    }

    private static string Pair(SegmentSnapshot? previous, SegmentSnapshot current) => $"{previous?.Key ?? "(none)"}->{current.Key}";

    private static string AlertKey(SegmentAlert alert, string pair) => $"{alert.Rule}|{alert.CustomerId}|{pair}";

    /// <summary>How long (in days, up to the latest snapshot) a customer has been in their current segment.</summary>
    public async Task<int?> DaysInSegmentAsync(string customerId, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<(DateOnly AsOf, CustomerSnapshot Customer)> history = await _store.GetCustomerHistoryAsync(customerId, cancellationToken).ConfigureAwait(false);
        if (history.Count == 0)
        {
            return null;
        }

        (DateOnly AsOf, CustomerSnapshot Customer) latest = history[^1];
        DateOnly since = latest.AsOf;
        for (int i = history.Count - 1; i >= 0 && history[i].Customer.Segment == latest.Customer.Segment; i--)
        {
            since = history[i].AsOf;
        }

        return latest.AsOf.DayNumber - since.DayNumber;
    }
}
