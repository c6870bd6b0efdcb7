using Segmentation.Configuration;
using Segmentation.Data;
using Segmentation.Features.History;
using Segmentation.Scoring.InRun;

namespace Segmentation.Pipeline;

/// <summary>One scorer to train in the run: its name (<c>churn</c> or <c>expansion</c>, the outcome it learns) and its window.</summary>
/// <param name="Name">The scorer's name, which is also the outcome's: <c>churn</c> or <c>expansion</c>.</param>
/// <param name="Training">The outcome window and the fewest outcomes to train on.</param>
internal sealed record InRunScorer(string Name, TimeBasedTrainingOptions Training)
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
internal static class InRunScorers
{
    /// <summary>
    /// The in-run scorers of a run on a customer table (what <c>segment run --input</c> trains): those of
    /// <paramref name="settings"/> (each on its outcomes file, or on <paramref name="outcomesFile"/>), or with
    /// <paramref name="outcomesFile"/> and no <c>scorers</c> section, churn (and expansion when the file has expansion
    /// events). What a person should know (what was read, which scorer is missing and why) goes to <paramref name="messages"/>.
    /// </summary>
    /// <returns>The trained models, and today's inputs without the customers who churned on or before the as-of date (trained on, not segmented).</returns>
    /// <exception cref="ArgumentException">A scorer is to be trained but the customers have no id column (<paramref name="idColumn"/> is null).</exception>
    /// <exception cref="DataFormatException">An outcomes file is missing, or has too few outcomes in a scorer's window.</exception>
    internal static (IReadOnlyList<TimeBasedModel> Models, SegmentationInputs Today) TrainForRun(
        SegmentationSettings? settings, SegmentationInputs today, FeatureMatrix customers, Func<DateOnly, ActivityHistory>? usageAsOf,
        string? idColumn, string? outcomesFile, TextWriter messages, CancellationToken cancellationToken)
    {
        IReadOnlyList<InRunScorer> wanted = settings?.InRunScorers ?? [];
        bool defaults = wanted.Count == 0 && outcomesFile is not null && settings?.Scorers.Count is null or 0;
        if (defaults)
        {
            wanted = [new InRunScorer("churn", new TimeBasedTrainingOptions()), new InRunScorer("expansion", new TimeBasedTrainingOptions())];
        }

        if (wanted.Count == 0)
        {
            if (outcomesFile is not null)
            {
                messages.WriteLine($"{outcomesFile}: not read, since the configuration's scorers are all model or health scorers; make one \"kind\": \"in-run\" to train it on these outcomes.");
            }

            return ([], today);
        }

        if (idColumn is null)
        {
            throw new ArgumentException("Training scorers on outcomes needs the customers' id column: outcome events are matched to customers by id.", nameof(idColumn));
        }

        var models = new List<TimeBasedModel>();
        var described = new HashSet<string>(StringComparer.Ordinal);
        OutcomeEvents? churned = null;
        foreach (InRunScorer scorer in wanted)
        {
            string? path = outcomesFile ?? scorer.OutcomeEvents;
            if (path is null)
            {
                messages.WriteLine($"scorers.{scorer.Name}: an in-run scorer trains on dated outcomes, so this run has no {scorer.Name} score; give --outcomes FILE (customer id, date, outcome: churned or expanded) or scorers.{scorer.Name}.outcomeEvents.");
                continue;
            }

            if (outcomesFile is null && !File.Exists(path))
            {
                throw new DataFormatException(path, 0, null, $"the file of scorers.{scorer.Name}.outcomeEvents does not exist; check the path (relative to the configuration file's folder), or give the file with --outcomes.");
            }

            OutcomeHistory history = OutcomeHistory.Load(path, today.AsOf, customers.RowIds!.ToHashSet(StringComparer.Ordinal), idColumn, scorer.Name);
            if (described.Add(path))
            {
                messages.WriteLine(history.Describe());
            }

            churned ??= history.Churn.Count > 0 ? history.Churn : null;

            if (defaults && scorer.Name == "expansion" && history.Expansion.Count == 0)
            {
                messages.WriteLine($"{path}: no expanded events, so this run has no expansion score.");
                continue;
            }

            try
            {
                models.AddRange(Train(customers, usageAsOf, history, today.AsOf, [scorer], cancellationToken));
            }
            catch (InsufficientOutcomesException scarce)
            {
                throw new DataFormatException(path, 0, null, char.ToLowerInvariant(scarce.Message[0]) + scarce.Message[1..]);
            }
        }

        // Former customers teach the scorers; today's run segments, scores and plans only those still customers.
        IReadOnlyList<int> current = churned is null ? [] : CustomersOn(today.Features.RowIds!, churned, today.AsOf);
        if (churned is null || current.Count == today.Features.RowCount)
        {
            return (models, today);
        }

        messages.WriteLine($"{today.Features.RowCount - current.Count} customers of the input churned on or before {today.AsOf:yyyy-MM-dd}: trained on, but not segmented, scored or planned.");
        return (models, today with
        {
            Features = SelectRows(today.Features, current),
            RuleFeatures = today.RuleFeatures is null ? null : SelectRows(today.RuleFeatures, current),
            Outcome = today.Outcome is null ? null : [.. current.Select(i => today.Outcome[i])],
        });
    }

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
