using Segmentation.Features.History;
using Segmentation.Scoring.InRun;

namespace Segmentation.Pipeline;

/// <summary>One scorer to train in the run: its name (<c>churn</c> or <c>expansion</c>, the outcome it learns) and its window.</summary>
/// <param name="Name">The scorer's name, which is also the outcome's: <c>churn</c> or <c>expansion</c>.</param>
/// <param name="Training">The outcome window and the fewest outcomes to train on.</param>
public sealed record InRunScorer(string Name, TimeBasedTrainingOptions Training)
{
    /// <summary>The outcomes file named by the configuration (<c>scorers.NAME.outcomeEvents</c>), relative paths resolved against the configuration's folder.</summary>
    /// <value>The default value is <see langword="null"/>: the file given to the run (<c>segment run --outcomes</c>).</value>
    public string? OutcomeEvents { get; init; }
}

/// <summary>
/// Trains scorers inside the run for customers read from a table (a customers CSV) with optional usage events, from a
/// dated outcomes file (<see cref="OutcomeEventsCsv"/>): time-based, so the model meant for T learns from features as of
/// T − W and outcomes in (T − W, T], reading nothing after T.
/// </summary>
/// <remarks>
/// <para>The usage features (usage totals, trends, recency, adoption) are computed again as of each training date from
/// the events; the customer table's own columns (ARR, plan, ...) are read as they are today, since a table holds one
/// date only. Keep columns that are written after the outcome (for example a cancellation date) out of the features.</para>
/// <para>The customers on a date are the table's rows without a churn event on or before it and, when there are usage
/// events, with at least one event on or before it (so customers who signed up later are not trained on).</para>
/// </remarks>
public static class InRunScorers
{
    /// <summary>Trains each scorer of <paramref name="scorers"/> on the events of its outcome.</summary>
    /// <param name="customers">Today's customer table as features, with customer ids as row ids, without the usage columns.</param>
    /// <param name="usageAsOf">The usage history as of a date (events after it not read), or <see langword="null"/> without usage events.</param>
    /// <param name="outcomes">The outcome events known on <paramref name="asOf"/>.</param>
    /// <param name="asOf">T, the as-of date.</param>
    /// <param name="scorers">The scorers to train (<c>churn</c>, <c>expansion</c>).</param>
    /// <param name="cancellationToken">Stops training.</param>
    /// <returns>One model per scorer, in order.</returns>
    /// <exception cref="InsufficientOutcomesException">Too few customers had an outcome (or had none) in a scorer's latest window.</exception>
    /// <exception cref="ArgumentException">The table has no row ids, or a scorer is named neither churn nor expansion.</exception>
    public static IReadOnlyList<TimeBasedModel> Train(
        FeatureMatrix customers, Func<DateOnly, ActivityHistory>? usageAsOf, OutcomeHistory outcomes, DateOnly asOf,
        IEnumerable<InRunScorer> scorers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customers);
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentNullException.ThrowIfNull(scorers);
        Func<DateOnly, FeatureMatrix> featuresAsOf = FeaturesAsOf(customers, usageAsOf, outcomes.Churn);
        var models = new List<TimeBasedModel>();
        foreach (InRunScorer scorer in scorers)
        {
            OutcomeEvents events = outcomes.Of(scorer.Name)
                ?? throw new ArgumentException($"An in-run scorer learns churn or expansion, so it must be named churn or expansion, not '{scorer.Name}'.", nameof(scorers));
            models.Add(new TimeBasedTrainer(options: scorer.Training).Train(featuresAsOf, events, asOf, cancellationToken));
        }

        return models;
    }

    /// <summary>
    /// The features of the customers on a date: the rows of <paramref name="customers"/> that had not churned by then
    /// (and, with usage, had been active by then), with the usage columns computed as of that date. Each date's
    /// usage is read once.
    /// </summary>
    /// <param name="customers">Today's customer table as features, with customer ids as row ids.</param>
    /// <param name="usageAsOf">The usage history as of a date, or <see langword="null"/>.</param>
    /// <param name="churn">The churn events (a customer is gone after its first one).</param>
    /// <exception cref="ArgumentException">The table has no row ids.</exception>
    public static Func<DateOnly, FeatureMatrix> FeaturesAsOf(FeatureMatrix customers, Func<DateOnly, ActivityHistory>? usageAsOf, OutcomeEvents churn)
    {
        ArgumentNullException.ThrowIfNull(customers);
        ArgumentNullException.ThrowIfNull(churn);
        IReadOnlyList<string> ids = customers.RowIds
            ?? throw new ArgumentException("Training scorers in the run needs customer ids (name the id column) to match outcomes to customers.", nameof(customers));
        var cache = new Dictionary<DateOnly, FeatureMatrix>();
        return day =>
        {
            if (cache.TryGetValue(day, out FeatureMatrix? cached))
            {
                return cached;
            }

            ActivityHistory? usage = usageAsOf?.Invoke(day);
            FeatureMatrix subset = SelectRows(customers, CustomersOn(ids, churn, day, usage is null ? null : usage.Contains));
            FeatureMatrix result = usage is null ? subset : HistoryFeatures.AppendUsageTrends(subset, usage);
            cache[day] = result;
            return result;
        };
    }

    /// <summary>The rows of <paramref name="ids"/> that were customers on <paramref name="day"/>: no churn event on or before it (and, when given, <paramref name="active"/> by then).</summary>
    /// <param name="ids">The customer ids, one per row.</param>
    /// <param name="churn">The churn events.</param>
    /// <param name="day">The date.</param>
    /// <param name="active">Whether a customer had been active by <paramref name="day"/>, or <see langword="null"/> to count every row.</param>
    /// <returns>The row positions, ascending.</returns>
    public static IReadOnlyList<int> CustomersOn(IReadOnlyList<string> ids, OutcomeEvents churn, DateOnly day, Func<string, bool>? active = null)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(churn);
        var rows = new List<int>(ids.Count);
        for (int i = 0; i < ids.Count; i++)
        {
            bool gone = churn.Of(ids[i]) is { Count: > 0 } dates && dates[0] <= day;
            if (!gone && (active is null || active(ids[i])))
            {
                rows.Add(i);
            }
        }

        return rows;
    }

    /// <summary>The rows at <paramref name="rows"/> of <paramref name="features"/>, in that order, with their ids and schema.</summary>
    /// <param name="features">The features.</param>
    /// <param name="rows">The row positions to keep.</param>
    public static FeatureMatrix SelectRows(FeatureMatrix features, IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(rows);
        int d = features.ColumnCount;
        var values = new double[rows.Count * d];
        string[]? ids = features.RowIds is null ? null : new string[rows.Count];
        for (int r = 0; r < rows.Count; r++)
        {
            features.Row(rows[r]).CopyTo(values.AsSpan(r * d, d));
            if (ids is not null)
            {
                ids[r] = features.RowIds![rows[r]];
            }
        }

        return FeatureMatrix.Create(values, d, features.Schema, ids);
    }
}
