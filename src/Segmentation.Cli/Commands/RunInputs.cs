using System.Globalization;
using Segmentation.Data;
using Segmentation.Features;
using Segmentation.Features.History;
using Segmentation.Samples;

namespace Segmentation.Cli.Commands;

/// <summary>What <c>segment run</c> reads: the embedded sample, or a customer CSV with optional usage events.</summary>
internal static class RunInputs
{
    public static RunInput SampleInput(CliContext context, string? idColumn, string? outcome, string? events, DateOnly asOf, bool withRuleFeatures)
    {
        if (idColumn is not null || outcome is not null || events is not null)
        {
            throw new CliUsageException("--id-column, --outcome, --events, --events-id-column and --outcomes apply to --input; the embedded sample has its own (customer_id, churned, daily usage, churn and expansion history).");
        }

        DateOnly earliest = SampleCustomer.HistoryStart.AddDays(180);
        if (asOf < earliest || asOf > SampleCustomer.HistoryEnd)
        {
            throw new CliUsageException($"--as-of must be between {earliest:yyyy-MM-dd} and {SampleCustomer.HistoryEnd:yyyy-MM-dd} for the embedded sample (its history), but was {asOf:yyyy-MM-dd}.");
        }

        SampleCustomer[] customers = [.. SampleCustomer.ActiveAt(SampleCustomer.Generate(), asOf)];
        context.Out.WriteLine($"Embedded sample: {customers.Length} synthetic SaaS customers as of {asOf:yyyy-MM-dd} (outcome: churned within 90 days).");
        FeatureMatrix features = SampleCustomer.Features().Extract(customers, asOf, c => c.Id);

        // Rules on the sample read the clustering features plus days_to_renewal and tickets_change_90d,
        // so the built-in rule sets (docs/rules.md) run on it as they are.
        FeatureMatrix? ruleFeatures = withRuleFeatures ? SampleCustomer.RuleFeatures().Extract(customers, asOf, c => c.Id) : null;
        return new RunInput(features, [.. customers.Select(c => (bool?)c.Churned)], asOf, "customer_id", ruleFeatures);
    }

    /// <summary>
    /// Reads the CSV and turns it into features; the table is unreachable once this returns. Returns the time of the
    /// conversion, which <see cref="ReadInput"/> reports with the text columns it adds for the rules.
    /// </summary>
    private static (TabularFeatures Tabular, TimeSpan ToFeatures) ReadFeatures(TextWriter? timings, string path, TabularFeatureOptions reading)
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        CsvTable table = CsvTable.Load(path);
        timings?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"timing: read {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms"));
        started = System.Diagnostics.Stopwatch.GetTimestamp();
        var tabular = TabularFeatures.FromTable(table, reading);
        return (tabular, System.Diagnostics.Stopwatch.GetElapsedTime(started));
    }

    public static RunInput ReadInput(CliContext context, string path, TabularFeatureOptions reading, string? events, string? eventsId, DateOnly? asOf, bool withRuleFeatures)
    {
        string? idColumn = reading.IdColumn;
        // SEGMENT_TIMINGS=1: the fixed cost of reading, as the pipeline steps report theirs.
        TextWriter? timings = Environment.GetEnvironmentVariable("SEGMENT_TIMINGS") == "1" ? context.Error : null;
        (TabularFeatures tabular, TimeSpan toFeatures) = ReadFeatures(timings, path, reading);
        // The table (about as large as the features) is garbage now.
        HeapRelease.After(tabular.Columns.RowCount);
        if (idColumn is null)
        {
            context.Error.WriteLine("note: without --id-column, customers are numbered by row; between runs they are followed by row number, so name the id column to track real customers.");
        }

        CommonOptions.WriteColumnNotes(context, tabular.Columns);

        if (events is null && eventsId is not null)
        {
            throw new CliUsageException("--events-id-column names the id column of the --events file; give --events too.");
        }

        (FeatureMatrix features, DateOnly day, Func<DateOnly, ActivityHistory>? usageAsOf) = events is null
            ? (tabular.Features, asOf ?? DateOnly.FromDateTime(DateTime.UtcNow), null)
            : UsageFeatures.Append(context, tabular.Features, events, idColumn, eventsId, asOf);
        context.Out.WriteLine($"{path}: {tabular.Columns.RowCount} customers, {features.ColumnCount} features.");
        // Rules also read the text columns (industry == "Retail"), whatever their number of distinct values: a copy of
        // every feature cell, so its time counts in table-to-features, not in the step after it.
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        FeatureMatrix? ruleFeatures = withRuleFeatures ? tabular.WithTextColumns(features) : null;
        toFeatures += System.Diagnostics.Stopwatch.GetElapsedTime(started);
        timings?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"timing: table-to-features {toFeatures.TotalMilliseconds:0} ms"));
        return new RunInput(features, tabular.Outcome, day, idColumn ?? "customer_id", ruleFeatures)
        {
            Columns = tabular.Columns,
            TableFeatures = tabular.Features,
            UsageAsOf = usageAsOf,
            HasIdColumn = idColumn is not null,
        };
    }
}

/// <summary>What <c>segment run</c> segments: raw features, the optional outcome, the snapshot date and the id column name.</summary>
internal sealed record RunInput(FeatureMatrix Features, IReadOnlyList<bool?>? Outcome, DateOnly AsOf, string IdColumn, FeatureMatrix? RuleFeatures = null)
{
    /// <summary>What became of each input column (written as columns.json); <see langword="null"/> for the embedded sample.</summary>
    public ColumnReport? Columns { get; init; }

    /// <summary>The customers file's own columns as features (without the usage columns), for training scorers in the run; <see langword="null"/> for the embedded sample.</summary>
    public FeatureMatrix? TableFeatures { get; init; }

    /// <summary>The usage history as of a date (from --events), or <see langword="null"/> without events.</summary>
    public Func<DateOnly, ActivityHistory>? UsageAsOf { get; init; }

    /// <summary>Whether customers have ids from a column (not row numbers).</summary>
    public bool HasIdColumn { get; init; }
}

/// <summary><c>segment run --events</c>: usage trend features from an events CSV, as of --as-of (or its latest day).</summary>
internal static class UsageFeatures
{
    public static (FeatureMatrix Features, DateOnly AsOf, Func<DateOnly, ActivityHistory> UsageAsOf) Append(CliContext context, FeatureMatrix features, string eventsPath, string? idColumn, string? eventsIdColumn, DateOnly? asOf)
    {
        if (idColumn is null)
        {
            throw new CliUsageException("--events needs --id-column: usage events are matched to customers by id.");
        }

        DateOnly day = asOf ?? ActivityHistory.LatestUsageDate(eventsPath)
            ?? throw new DataFormatException(eventsPath, 1, null, "the usage events file has no events; add events or leave out --events.");
        // Join on --events-id-column, else on the --id-column when the events file has it, else on the usual names.
        string? join = eventsIdColumn
            ?? (ActivityHistory.UsageCsvColumns(eventsPath).Contains(idColumn, StringComparer.OrdinalIgnoreCase) ? idColumn : null);
        if (join is null)
        {
            context.Error.WriteLine($"note: {eventsPath} has no column '{idColumn}'; its customer ids are read from the first of {string.Join(", ", ActivityHistory.UsualCustomerColumns)} (name its id column with --events-id-column).");
        }

        ActivityHistory history = ActivityHistory.LoadUsageCsv(eventsPath, day, join);
        int matched = features.RowIds!.Count(id => history.Contains(id));
        string later = history.EventsAfterAsOf > 0 ? $", {history.EventsAfterAsOf} later events ignored" : string.Empty;
        context.Out.WriteLine($"{eventsPath}: {history.EventsRead} events for {history.CustomerCount} customers ({matched} of them in the input), as of {day:yyyy-MM-dd}{later}.");
        return (history.AppendUsageTrends(features), day, d => d == day ? history : ActivityHistory.LoadUsageCsv(eventsPath, d, join));
    }
}
