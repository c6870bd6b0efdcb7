using System.CommandLine;
using System.Globalization;
using Segmentation.Cli.Output;
using Segmentation.Clustering;
using Segmentation.Clustering.Selection;
using Segmentation.Data;
using Segmentation.Features;
using Segmentation.Features.History;
using Segmentation.Migration;
using Segmentation.Pipeline;
using Segmentation.Rules;
using Segmentation.Samples;
using Segmentation.Sqlite;

namespace Segmentation.Cli.Commands;

/// <summary>
/// <c>segment run</c>: the whole job (features, scaling, clustering, profiles and names) on a customer CSV, or on
/// the embedded sample when no input is given.
/// </summary>
internal static class RunCommand
{
    public static Command Create(CliContext context)
    {
        Option<string> input = CommonOptions.Input(required: false);
        Option<string?> idColumn = CommonOptions.IdColumn();
        var outcome = new Option<string?>("--outcome") { Description = "A yes/no outcome column (for example churned): not a feature; its rate is reported per segment." };
        Option<string> k = CommonOptions.K("auto", allowAuto: true);
        Option<int> seed = CommonOptions.Seed();
        var output = new Option<string>("--out") { Description = "The output directory.", DefaultValueFactory = _ => "segmentation-output" };
        var events = new Option<string?>("--events") { Description = "Usage events CSV (customer_id, timestamp, metric, value): adds usage totals, trends, recency, active days and adoption breadth as of the latest event day; joined on --id-column." };
        var config = new Option<string?>("--config") { Description = "A rule set JSON (see 'segment rules'): its dimensions become columns of assignments.csv after 'segment'; a dimension with \"overridesCluster\": true replaces the cluster segment where one of its rules matches." };
        var store = new Option<string>("--store") { Description = "The SQLite file that keeps models and snapshots between runs.", DefaultValueFactory = _ => "segmentation.db" };
        var retrain = new Option<bool>("--retrain") { Description = "Train a new model even when the stored one fits; segment names are kept where the segments match." };
        var asOfOption = new Option<string?>("--as-of") { Description = "The snapshot date (yyyy-MM-dd). On the embedded sample it moves the sample's clock (default 2026-10-31); on --input it defaults to today." };

        var command = new Command("run", "Segment customers end to end: features, scaling, k-means, profiles with descriptive names, and migration since the previous run. Without --input, runs on the embedded sample of synthetic SaaS customers.")
        {
            input, idColumn, outcome, k, seed, output, events, config, store, retrain, asOfOption,
        };
        command.SetAction(parse =>
        {
            IClusterer clusterer = CommonOptions.ParseKOrAuto(parse.GetValue(k)!) is int fixedK
                ? new KMeansClusterer(new KMeansOptions { K = fixedK, Seed = parse.GetValue(seed) })
                : new KSelectingClusterer(new KSelector(new KSelectionOptions { Seed = parse.GetValue(seed) }));
            string? configPath = parse.GetValue(config);
            RunInput data = parse.GetValue(input) is string inputPath
                ? ReadInput(context, inputPath, parse.GetValue(idColumn), parse.GetValue(outcome), parse.GetValue(events), ParseAsOf(parse.GetValue(asOfOption)) ?? DateOnly.FromDateTime(DateTime.UtcNow))
                : SampleInput(context, parse.GetValue(idColumn), parse.GetValue(outcome), parse.GetValue(events), ParseAsOf(parse.GetValue(asOfOption)) ?? SaasSample.DefaultAsOf, withRuleFeatures: configPath is not null);
            RuleSet? rules = configPath is null ? null : RuleSet.Load(configPath, (data.RuleFeatures ?? data.Features).Schema);
            var engine = new SegmentationEngine(clusterer, null, rules);

            var snapshots = new SqliteSnapshotStore(parse.GetValue(store)!);
            var options = new TrackedRunOptions { Retrain = parse.GetValue(retrain), RunAlertRules = run => DefaultAlertRules.HighValueIntoAtRisk(run) };
            TrackedRunResult result = new TrackedSegmentation(engine, snapshots, new MigrationTracker(snapshots))
                .RunAsync(data.Features, data.AsOf, data.Outcome, options, data.RuleFeatures, context.CancellationToken)
                .GetAwaiter().GetResult();

            string outDirectory = parse.GetValue(output)!;
            using var outputs = new OutputSet();
            RunOutputs.Write(outputs, outDirectory, data.IdColumn, result.Run);
            if (result.Run.Model.Clusters is SelectedKModel selected)
            {
                KSelectionTable.Write(context.Out, selected.Selection);
                KSelectionTable.WriteCsv(outputs, Path.Combine(outDirectory, "k-selection.csv"), selected.Selection);
            }

            SegmentTable.Write(context.Out, result.Run.Segments, result.Run.RawFeatures.Schema);
            foreach (CapacityOverflow overflow in result.Run.Rules?.Overflows ?? [])
            {
                context.Out.WriteLine($"Over capacity: {overflow}.");
            }

            context.Out.WriteLine(result.Trained
                ? $"Trained model {result.ModelVersion} and stored it in {parse.GetValue(store)}."
                : $"Assigned with the stored model {result.ModelVersion} (use --retrain to train a new one).");
            var written = new List<string> { "assignments.csv", "segments.json", "report.md" };
            if (result.Migration.Transitions is SegmentTransitions transitions)
            {
                MigrationOutputs.WriteTransitions(outputs, Path.Combine(outDirectory, "migrations.csv"), transitions, includeValue: true);
                context.Out.WriteLine($"Since the snapshot of {result.Migration.Previous!.AsOf:yyyy-MM-dd}:");
                MigrationOutputs.WriteSummary(context.Out, transitions);
                RunAlerts.Write(outputs, context.Out, Path.Combine(outDirectory, "alerts.csv"), result.Migration.Alerts);
                written.AddRange(["migrations.csv", "alerts.csv"]);
            }

            outputs.Commit();
            context.Out.WriteLine($"Wrote {string.Join(", ", written.Select(f => Path.Combine(outDirectory, f)))}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static DateOnly? ParseAsOf(string? text)
    {
        if (text is null)
        {
            return null;
        }

        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date)
            ? date
            : throw new CliUsageException($"--as-of must be a date written yyyy-MM-dd, but was '{text}'.");
    }

    private static RunInput SampleInput(CliContext context, string? idColumn, string? outcome, string? events, DateOnly asOf, bool withRuleFeatures)
    {
        if (idColumn is not null || outcome is not null || events is not null)
        {
            throw new CliUsageException("--id-column, --outcome and --events apply to --input; the embedded sample has its own (customer_id, churned, daily usage).");
        }

        DateOnly earliest = SaasSample.HistoryStart.AddDays(180);
        if (asOf < earliest || asOf > SaasSample.HistoryEnd)
        {
            throw new CliUsageException($"--as-of must be between {earliest:yyyy-MM-dd} and {SaasSample.HistoryEnd:yyyy-MM-dd} for the embedded sample (its history), but was {asOf:yyyy-MM-dd}.");
        }

        SampleCustomer[] customers = [.. SaasSample.ActiveAt(SaasSample.Generate(), asOf)];
        context.Out.WriteLine($"Embedded sample: {customers.Length} synthetic SaaS customers as of {asOf:yyyy-MM-dd} (outcome: churned within 90 days).");
        FeatureMatrix features = SaasSample.Features().Extract(customers, asOf, c => c.Id);

        // Rules on the sample read the clustering features plus days_to_renewal and tickets_change_90d,
        // so the built-in rule sets (docs/rules.md) run on it as they are.
        FeatureMatrix? ruleFeatures = withRuleFeatures ? SaasSample.RuleFeatures().Extract(customers, asOf, c => c.Id) : null;
        return new RunInput(features, [.. customers.Select(c => c.Churned ? 1.0 : 0.0)], asOf, "customer_id", ruleFeatures);
    }

    private static RunInput ReadInput(CliContext context, string path, string? idColumn, string? outcome, string? events, DateOnly asOf)
    {
        CsvTable table = CsvTable.Load(path);
        var tabular = TabularFeatures.FromTable(table, new TabularFeatureOptions { IdColumn = idColumn, OutcomeColumn = outcome });
        foreach (IgnoredColumn ignored in tabular.Ignored)
        {
            context.Error.WriteLine($"note: column '{ignored.Column}' is not used as a feature: {ignored.Reason}.");
        }

        if (tabular.Features.ColumnCount == 0)
        {
            throw new DataFormatException(path, 1, null, "no column can be used as a feature; the file needs numeric, yes/no or categorical columns besides the id.");
        }

        FeatureMatrix features = events is null ? tabular.Features : UsageFeatures.Append(context, tabular.Features, events, idColumn);
        context.Out.WriteLine($"{path}: {table.RowCount} customers, {features.ColumnCount} features.");
        return new RunInput(features, tabular.Outcome, asOf, idColumn ?? "customer_id");
    }
}

/// <summary>What <c>segment run</c> segments: raw features, the optional outcome, the snapshot date and the id column name.</summary>
internal sealed record RunInput(FeatureMatrix Features, IReadOnlyList<double>? Outcome, DateOnly AsOf, string IdColumn, FeatureMatrix? RuleFeatures = null);

/// <summary><c>segment run --events</c>: usage trend features from an events CSV, as of its latest day.</summary>
internal static class UsageFeatures
{
    public static FeatureMatrix Append(CliContext context, FeatureMatrix features, string eventsPath, string? idColumn)
    {
        if (idColumn is null)
        {
            throw new CliUsageException("--events needs --id-column: usage events are matched to customers by id.");
        }

        DateOnly asOf = UsageEventCsv.LatestDate(eventsPath)
            ?? throw new DataFormatException(eventsPath, 1, null, "the usage events file has no events.");
        ActivityHistory history = UsageEventCsv.Load(eventsPath, asOf);
        int matched = features.RowIds!.Count(id => history.Contains(id));
        context.Out.WriteLine($"{eventsPath}: {history.EventsRead} events for {history.CustomerCount} customers ({matched} of them in the input), as of {asOf:yyyy-MM-dd}.");
        return HistoryFeatures.AppendUsageTrends(features, history);
    }
}
