using System.Globalization;

namespace Segmentation.Migration;

/// <summary>Something a CSM or leader must hear about, raised by comparing two snapshots.</summary>
/// <param name="Rule">The name of the rule that raised it.</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="From">The previous segment (or <see cref="SegmentTransitions.New"/>).</param>
/// <param name="To">The current segment.</param>
/// <param name="Value">The customer's current value (ARR), NaN when unknown.</param>
/// <param name="Message">One sentence for a person.</param>
public sealed record SegmentAlert(string Rule, string CustomerId, string From, string To, double Value, string Message);

/// <summary>A rule that raises alerts from a pair of snapshots.</summary>
/// <remarks>Implementations are stateless and thread-safe; de-duplication is the tracker's job.</remarks>
internal interface IAlertRule
{
    /// <summary>The name of the rules built by <see cref="HighValueIntoAtRisk"/>.</summary>
    const string HighValueIntoAtRiskName = DefaultAlertRules.HighValueIntoAtRiskName;

    /// <summary>
    /// The built-in rule, as a configuration's <c>alerts</c> section sets it (<see cref="AlertOptions"/>): a customer
    /// worth at least <see cref="AlertOptions.HighValueThreshold"/> (else the <see cref="AlertOptions.HighValueQuantile"/>
    /// quantile of the value) entered one of <see cref="AlertOptions.AtRiskSegments"/> (else a segment whose outcome rate
    /// is at least <see cref="AlertOptions.RiskRatio"/> times the overall rate). Set it as <c>TrackedRunOptions.RunAlertRules</c>.
    /// </summary>
    /// <param name="run">The run.</param>
    /// <param name="outcome">The outcome per customer (<see langword="null"/> where not known), used only when no at-risk segments are named; <see langword="null"/> then gives no rule.</param>
    /// <param name="valueFeature">The value feature; <see langword="null"/> for <c>arr</c> when present.</param>
    /// <param name="options">The alert settings; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentException"><paramref name="outcome"/> does not have one value per customer.</exception>
    static IEnumerable<IAlertRule> HighValueIntoAtRisk(Pipeline.SegmentationRun run, IReadOnlyList<bool?>? outcome, string? valueFeature = null, AlertOptions? options = null) =>
        DefaultAlertRules.HighValueIntoAtRisk(run, outcome, valueFeature, options ?? new AlertOptions());

    /// <summary>The rule's name, unique among the registered rules (part of the de-duplication key).</summary>
    string Name { get; }

    /// <summary>The alerts for customers present in <paramref name="current"/>.</summary>
    IEnumerable<SegmentAlert> Evaluate(SegmentSnapshot? previous, SegmentSnapshot current);
}

/// <summary>Receives the alerts of a snapshot pair; registered by the host (several allowed).</summary>
internal interface ISegmentMigrationHandler
{
    /// <summary>Handles the new alerts of one run (each alert reaches a handler once per snapshot pair).</summary>
    Task HandleAsync(MigrationReport report, IReadOnlyList<SegmentAlert> alerts, CancellationToken cancellationToken);
}

/// <summary>"From any of {Champions, High value} to any of {At risk}": a customer entering a watched segment.</summary>
/// <remarks>
/// Customers already in a target segment raise nothing. There is no alert without a previous snapshot (a first run
/// has no movement). Customers absent from the previous snapshot are new, not movers: they raise an alert only when
/// <c>from</c> lists <see cref="SegmentTransitions.New"/> explicitly. With a <c>minValue</c> above 0, customers whose
/// value is unknown raise nothing.
/// </remarks>
internal sealed class SegmentEntryAlertRule : IAlertRule
{
    private readonly HashSet<string> _from;
    private readonly HashSet<string> _to;

    /// <summary>Creates the rule.</summary>
    /// <param name="name">The rule's name.</param>
    /// <param name="to">The segments whose entry raises an alert (at least one).</param>
    /// <param name="from">The segments the customer must come from; empty for any earlier segment. List <see cref="SegmentTransitions.New"/> to include new customers.</param>
    /// <param name="minValue">Only customers worth at least this much (for example ARR at risk above $X).</param>
    /// <exception cref="ArgumentException">No target segment, or an empty name.</exception>
    public SegmentEntryAlertRule(string name, IEnumerable<string> to, IEnumerable<string>? from = null, double minValue = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(to);
        Name = name;
        _to = new HashSet<string>(to, StringComparer.Ordinal);
        _from = new HashSet<string>(from ?? [], StringComparer.Ordinal);
        MinValue = minValue;
        if (_to.Count == 0)
        {
            throw new ArgumentException($"Alert rule '{name}' needs at least one target segment.", nameof(to));
        }
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The smallest value that raises an alert.</summary>
    public double MinValue { get; }

    /// <inheritdoc />
    public IEnumerable<SegmentAlert> Evaluate(SegmentSnapshot? previous, SegmentSnapshot current)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (previous is null)
        {
            yield break;
        }

        bool newCustomers = _from.Contains(SegmentTransitions.New);
        foreach (CustomerSnapshot customer in current.Customers)
        {
            string? from = previous.Find(customer.CustomerId)?.Segment;
            if (!_to.Contains(customer.Segment) || from == customer.Segment || (from is null && !newCustomers)
                || (MinValue > 0 && !(customer.Value >= MinValue)) || (_from.Count > 0 && !_from.Contains(from ?? SegmentTransitions.New)))
            {
                continue;
            }

            string value = double.IsNaN(customer.Value) ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" (value {customer.Value:N0})");
            string message = from is null
                ? $"{customer.CustomerId}{value} is new, in {customer.Segment}."
                : $"{customer.CustomerId}{value} moved from {from} to {customer.Segment}.";
            yield return new SegmentAlert(Name, customer.CustomerId, from ?? SegmentTransitions.New, customer.Segment, customer.Value, message);
        }
    }
}

/// <summary>"Churn score rose by more than 0.2" between two snapshots.</summary>
internal sealed class ScoreRiseAlertRule : IAlertRule
{
    /// <summary>Creates the rule.</summary>
    /// <param name="name">The rule's name.</param>
    /// <param name="score">The score to watch (for example <c>churn</c>).</param>
    /// <param name="minRise">The rise that raises an alert (strictly more than this).</param>
    public ScoreRiseAlertRule(string name, string score, double minRise)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(score);
        ArgumentOutOfRangeException.ThrowIfNegative(minRise);
        Name = name;
        Score = score;
        MinRise = minRise;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The watched score.</summary>
    public string Score { get; }

    /// <summary>The rise threshold.</summary>
    public double MinRise { get; }

    /// <inheritdoc />
    public IEnumerable<SegmentAlert> Evaluate(SegmentSnapshot? previous, SegmentSnapshot current)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (previous is null)
        {
            yield break;
        }

        foreach (CustomerSnapshot customer in current.Customers)
        {
            CustomerSnapshot? before = previous.Find(customer.CustomerId);
            if (before is null || !before.Scores.TryGetValue(Score, out double old) || !customer.Scores.TryGetValue(Score, out double now) || now - old <= MinRise)
            {
                continue;
            }

            yield return new SegmentAlert(Name, customer.CustomerId, before.Segment, customer.Segment, customer.Value,
                string.Create(CultureInfo.InvariantCulture, $"{customer.CustomerId}: {Score} score rose from {old:0.00} to {now:0.00}."));
        }
    }
}
