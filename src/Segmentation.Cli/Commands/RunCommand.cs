using System.CommandLine;
using System.Globalization;
using Segmentation.Cli.Output;
using Segmentation.Clustering;
using Segmentation.Configuration;
using Segmentation.Clustering.Selection;
using Segmentation.Data;
using Segmentation.Features;
using Microsoft.Extensions.DependencyInjection;
using Segmentation.Features.History;
using Segmentation.Migration;
using Segmentation.Pipeline;
using Segmentation.Playbooks;
using Segmentation.Rules;
using Segmentation.Samples;
using Segmentation.Scoring.InRun;
using Segmentation.Sqlite;

namespace Segmentation.Cli.Commands;

/// <summary>
/// <c>segment run</c>: the whole job (features, scaling, clustering, profiles and names) on a customer CSV, or on
/// the embedded sample when no input is given; on the sample also the daily step (scores, triggers, playbooks, the
/// worklist), which the library computes (<see cref="SegmentationEngine.Daily"/>) and writes (<see cref="RunFiles"/>).
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
        var events = new Option<string?>("--events") { Description = "Usage events CSV (customer id, timestamp, metric, value): adds usage totals, trends (usage_change_60d in percent, ...), days_since_last_active, active days and adoption breadth as of --as-of (later events are ignored; without --as-of, as of the latest event day); joined on --id-column (or, when the events file has no such column, on its customer_id, customer, id or account_id column)." };
        var eventsId = new Option<string?>("--events-id-column") { Description = "The customer id column of the --events file, when it is not named like --id-column." };
        var config = new Option<string?>("--config") { Description = "A rule set JSON (see 'segment rules'): its dimensions become columns of assignments.csv after 'segment'; a dimension with \"overridesCluster\": true replaces the cluster segment where one of its rules matches." };
        var store = new Option<string?>("--store") { Description = $"The SQLite file that keeps this data set's models and snapshots between runs. Default: {DefaultStoreName} in the --out directory ({SampleStoreName} for the embedded sample), so each data set has its own history. A store refuses input with another id column or other features unless --retrain." };
        var noStore = new Option<bool>("--no-store") { Description = "Run without a store: no model reuse, no migration, nothing written to a database." };
        var retrain = new Option<bool>("--retrain") { Description = "Train a new model even when the stored one fits; segment names are kept where the segments match. Also accepts input whose features differ from the store's history (the history then continues with them)." };
        var valueColumn = new Option<string?>("--value-column") { Description = "The feature holding each customer's value (ARR) for migrations.csv, alerts and the value of flows. Default: arr when present; otherwise values are left empty." };
        Option<string?> naValues = CommonOptions.NaValues();
        Option<string> invalidNumbers = CommonOptions.InvalidNumbers();
        var asOfOption = new Option<string?>("--as-of") { Description = "The snapshot date (yyyy-MM-dd). On the embedded sample it moves the sample's clock (default 2026-10-31); on --input it defaults to the latest --events day, or today. A date before the stored model's training date trains a new model instead of reusing one trained on later data." };

        var command = new Command("run", "Segment customers end to end: features, scaling, k-means, profiles with descriptive names, and migration since the previous run. Without --input, runs on the embedded sample of synthetic SaaS customers and also trains churn and expansion scorers on its past, evaluates the built-in rule sets and playbooks (30 accounts per CSM x 2 CSMs) and writes worklist.csv and worklist-overflow.csv (not with --config).")
        {
            input, idColumn, outcome, k, seed, output, events, eventsId, config, store, noStore, retrain, valueColumn, asOfOption, naValues, invalidNumbers,
        };
        command.SetAction(parse =>
        {
            string? configPath = parse.GetValue(config);
            string outDirectory = parse.GetValue(output)!;
            string? storeOption = parse.GetValue(store);
            bool withoutStore = parse.GetValue(noStore);
            if (withoutStore && storeOption is not null)
            {
                throw new CliUsageException("--no-store and --store contradict each other; give one of them.");
            }

            DateOnly? asOf = ParseAsOf(parse.GetValue(asOfOption));
            bool sample = parse.GetValue(input) is null;

            // segmentation.json (or a rule-set file, which loads as a configuration with rules only); flags given on the
            // command line win over the file.
            SegmentationConfig? configuration = configPath is null ? null : SegmentationConfig.Load(configPath);
            SegmentationSettings? settings = configuration?.ToSettings();
            TabularFeatureOptions reading = settings?.Reading ?? new TabularFeatureOptions();
            reading.IdColumn = parse.GetValue(idColumn) ?? reading.IdColumn;
            reading.OutcomeColumn = parse.GetValue(outcome) ?? reading.OutcomeColumn;
            if (parse.GetValue(naValues) is not null || parse.GetResult(invalidNumbers) is { Implicit: false })
            {
                CommonOptions.WithCellOptions(reading, parse, naValues, invalidNumbers);
            }

            // -k (or no configuration) chooses the clusterer; otherwise the configuration's clustering does.
            IClusterer? flagClusterer = parse.GetResult(k) is { Implicit: false } || settings is null
                ? CommonOptions.ParseKOrAuto(parse.GetValue(k)!) is int fixedK
                    ? new KMeansClusterer(new KMeansOptions { K = fixedK, Seed = parse.GetValue(seed) })
                    : new KSelectingClusterer(new KSelector(new KSelectionOptions { Seed = parse.GetValue(seed) }))
                : null;

            RunInput data = parse.GetValue(input) is string inputPath
                ? ReadInput(context, inputPath, reading, parse.GetValue(events), parse.GetValue(eventsId), asOf, withRuleFeatures: configPath is not null)
                : SampleInput(context, parse.GetValue(idColumn), parse.GetValue(outcome), parse.GetValue(events) ?? parse.GetValue(eventsId), asOf ?? SaasSample.DefaultAsOf, withRuleFeatures: true);
            configuration?.Validate((data.RuleFeatures ?? data.Features).Schema);

            // The engine and the tracked job come from AddSegmentation: the configuration's settings, then the flags.
            var services = new ServiceCollection();
            ISegmentationBuilder builder = services.AddSegmentation();
            if (settings is not null)
            {
                builder.UseSettings(settings);
            }

            if (flagClusterer is not null)
            {
                builder.UseClusterer(flagClusterer);
            }

            // The daily step (scores, triggers, playbooks, capacity, the worklist) runs on the embedded sample without
            // --config (built-in rule sets and playbooks, both scorers trained in the run on the sample's past), and
            // whenever the configuration has playbooks. On --input there is no dated outcome history to train scorers
            // on, so the worklist comes from segments, triggers and rule segments alone.
            bool builtInDaily = sample && configPath is null;
            IReadOnlyList<TimeBasedModel> models = [];
            if (sample && (builtInDaily || settings is { Playbooks.Playbooks.Count: > 0 }))
            {
                try
                {
                    models = SaasSample.TrainScorers(SaasSample.GenerateWithHistory(), data.AsOf);
                }
                catch (InsufficientOutcomesException scarce)
                {
                    context.Out.WriteLine($"No scores in this run: {scarce.Message}");
                }
            }

            if (builtInDaily)
            {
                builder.UseSampleDailyRun(models);
            }
            else
            {
                foreach (TimeBasedModel model in models)
                {
                    builder.AddScorer(model.Scorer);
                }
            }

            string? value = parse.GetValue(valueColumn) ?? settings?.ValueFeature;
            // One value column for profiles, snapshots, alerts and the worklist.
            services.Configure<SegmentationOptions>(o => o.Profiling.ValueFeature = value);
            if (value is not null && data.Features.Schema.IndexOf(value) < 0)
            {
                throw new CliUsageException($"--value-column '{value}' is not a feature of the input; use one of: {string.Join(", ", data.Features.Schema.Names)}.");
            }

            if (File.Exists(outDirectory))
            {
                throw new CliUsageException($"--out '{outDirectory}' is a file; give a directory for the outputs.");
            }

            string storePath = storeOption ?? Path.Combine(outDirectory, sample ? SampleStoreName : DefaultStoreName);
            if (!withoutStore && storeOption is null)
            {
                // The default store lives with the outputs; a store given with --store must already have its folder.
                try
                {
                    Directory.CreateDirectory(outDirectory);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new OutputWriteException(outDirectory, $"the folder cannot be created ({e.Message.TrimEnd('.')}); choose a folder you can write to with --out");
                }
            }

            ISnapshotStore snapshots = withoutStore ? new InMemorySnapshotStore() : new SqliteSnapshotStore(storePath);
            builder.UseSnapshotStore(snapshots);
            using ServiceProvider provider = services.BuildServiceProvider();
            TrackedSegmentation tracked = provider.GetRequiredService<TrackedSegmentation>();
            DailyRunOptions? daily = provider.GetRequiredService<SegmentationEngine>().Daily;
            IReadOnlyList<double>? runOutcome = data.Outcome;
            var options = new TrackedRunOptions
            {
                Retrain = parse.GetValue(retrain),
                ValueFeature = value,
                // Without an id column customers are row numbers: the history records that, not a column name.
                IdColumn = sample || reading.IdColumn is not null ? data.IdColumn : null,
                RunAlertRules = run => DefaultAlertRules.HighValueIntoAtRisk(run, runOutcome, value),
            };
            PendingTrackedRun pending;
            try
            {
                pending = tracked.PrepareAsync(data.Features, data.AsOf, data.Outcome, options, data.RuleFeatures, context.CancellationToken)
                    .GetAwaiter().GetResult();
            }
            catch (DataSetMismatchException mismatch)
            {
                throw new CliUsageException($"The store '{storePath}' belongs to another data set: {mismatch.Difference}; run with --retrain to continue its history with this input, or give another --store (or --no-store).");
            }
            catch (Microsoft.Data.Sqlite.SqliteException e)
            {
                throw new SnapshotStoreException(storePath, $"The snapshot store '{storePath}' could not be read ({e.Message.TrimEnd('.')}); retry, or use another --store.", e);
            }

            // Outputs first, the store last: a run whose outputs cannot be written leaves the store as it was.
            using var outputs = new OutputSet();
            RunOutputs.Write(outputs, outDirectory, data.IdColumn, pending.Run);
            if (data.Columns is ColumnReport columns)
            {
                outputs.WriteJson(Path.Combine(outDirectory, "columns.json"), columns.WriteJson);
            }

            if (pending.Run.Model.Clusters is SelectedKModel selected)
            {
                KSelectionTable.Write(context.Out, selected.Selection);
                KSelectionTable.WriteCsv(outputs, Path.Combine(outDirectory, "k-selection.csv"), selected.Selection);
            }

            SegmentTable.Write(context.Out, pending.Run.Segments, pending.Run.RawFeatures.Schema);
            foreach (CapacityOverflow overflow in pending.Run.Rules?.Overflows ?? [])
            {
                context.Out.WriteLine($"Over capacity: {overflow}.");
            }

            var written = new List<string> { "assignments.csv", "segments.json", "report.md" };
            if (pending.Run.Worklist is Worklist worklist)
            {
                DailyOutputs.WriteScorers(context.Out, models, data.AsOf);
                DailyOutputs.WriteWorklist(context.Out, worklist, daily!.Capacity);
                written.AddRange([RunOutputs.WorklistFile, RunOutputs.OverflowFile]);
            }

            if (data.Columns is not null)
            {
                written.Add("columns.json");
            }

            if (pending.Run.Model.Clusters is SelectedKModel)
            {
                written.Add("k-selection.csv");
            }

            bool hasValue = value is not null || data.Features.Schema.IndexOf(TrackedSegmentation.DefaultValueFeature) >= 0;
            if (pending.Migration.Transitions is SegmentTransitions transitions)
            {
                MigrationOutputs.WriteTransitions(outputs, Path.Combine(outDirectory, "migrations.csv"), transitions, includeValue: true);
                RunAlerts.WriteFile(outputs, Path.Combine(outDirectory, "alerts.csv"), pending.Migration.Alerts);
                written.AddRange(["migrations.csv", "alerts.csv"]);
            }

            outputs.Commit();

            TrackedRunResult result;
            try
            {
                result = pending.CommitAsync(context.CancellationToken).GetAwaiter().GetResult();
            }
            catch (Microsoft.Data.Sqlite.SqliteException e)
            {
                // The outputs are in place; only the history is missing this run.
                throw new SnapshotStoreException(storePath, $"The outputs were written, but this run could not be stored in '{storePath}' ({e.Message.TrimEnd('.')}); run again to record it, or use another --store.", e);
            }

            if (withoutStore)
            {
                context.Out.WriteLine("Trained a model for this run only (--no-store: nothing stored, no migration).");
            }
            else
            {
                context.Out.WriteLine(result.Trained
                    ? $"Trained model {result.ModelVersion} ({pending.TrainedBecause}) and stored it in {storePath}."
                    : $"Assigned with the stored model {result.ModelVersion} from {storePath} (use --retrain to train a new one).");
            }

            if (result.Identity is IdentityMatch identity)
            {
                WriteLineage(context.Out, identity, result.Run);
            }

            if (result.Resegmentation is SegmentTransitions redrawn)
            {
                WriteResegmentation(context.Out, redrawn);
            }

            if (result.Migration.Transitions is SegmentTransitions stored)
            {
                context.Out.WriteLine($"Since the snapshot of {result.Migration.Previous!.AsOf:yyyy-MM-dd}{(hasValue ? string.Empty : " (no value column: values left empty)")}:");
                MigrationOutputs.WriteSummary(context.Out, stored);
                RunAlerts.WriteSummary(context.Out, result.Migration.Alerts);
            }

            context.Out.WriteLine($"Wrote {string.Join(", ", written.Select(f => Path.Combine(outDirectory, f)))}.");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The default store's file name in the --out directory, for --input.</summary>
    internal const string DefaultStoreName = "segmentation.db";

    /// <summary>The default store's file name in the --out directory, for the embedded sample.</summary>
    internal const string SampleStoreName = "sample-segmentation.db";

    /// <summary>What the retrain changed for today's customers (the model's doing, not theirs).</summary>
    private static void WriteResegmentation(TextWriter output, SegmentTransitions redrawn)
    {
        Transition[] changed = [.. redrawn.Transitions.Where(t => t.From != t.To && t.From != SegmentTransitions.New && t.To != SegmentTransitions.Gone)];
        int customers = redrawn.Transitions.Where(t => t.To != SegmentTransitions.Gone).Sum(t => t.Customers);
        int moved = changed.Sum(t => t.Customers);
        output.WriteLine(moved == 0
            ? "The new model places every customer in the same segment as the model of the previous snapshot."
            : string.Create(CultureInfo.InvariantCulture, $"The new model places {moved} of {customers} customers in another segment than the model of the previous snapshot (their data is the same; the boundaries moved). Movement below is measured with the model of the previous snapshot on both dates."));
        foreach (Transition t in changed.OrderByDescending(t => t.Customers).ThenBy(t => t.From, StringComparer.Ordinal).Take(5))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {t.From} -> {t.To}: {t.Customers} customers"));
        }
    }

    /// <summary>Born, died, split and merged segments of a retrain.</summary>
    private static void WriteLineage(TextWriter output, IdentityMatch identity, SegmentationRun run)
    {
        string NameOf(int label) => run.Segments.FirstOrDefault(s => s.Id == label)?.Name ?? $"cluster {label}";
        // A matched segment keeps its earlier name only while the name still holds of it (SegmentNamer.Holds).
        KeyValuePair<int, string>[] renamed = [.. identity.NameByLabel.Where(m => NameOf(m.Key) != m.Value)];
        int kept = identity.NameByLabel.Count - renamed.Length;
        string[] born = [.. identity.Born.Select(NameOf)];
        output.WriteLine($"Segment identities: {kept} kept their names, {renamed.Length} renamed, {born.Length} born, {identity.Died.Count} died.");
        foreach ((int label, string earlier) in renamed)
        {
            output.WriteLine($"  renamed: {earlier} is now {NameOf(label)} (the earlier name no longer holds)");
        }

        foreach (string name in born)
        {
            output.WriteLine($"  born: {name}");
        }

        foreach (string name in identity.Died)
        {
            output.WriteLine($"  died: {name}");
        }

        foreach (LineageEdge edge in identity.Lineage)
        {
            string verb = edge.Kind == LineageKind.SplitFrom ? "split from" : "merged into";
            string subject = edge.Kind == LineageKind.SplitFrom ? $"{edge.To} {verb} {edge.From}" : $"{edge.From} {verb} {edge.To}";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {subject} ({100 * edge.Share:0}% of {edge.From})"));
        }
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
            throw new CliUsageException("--id-column, --outcome, --events and --events-id-column apply to --input; the embedded sample has its own (customer_id, churned, daily usage).");
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

    private static RunInput ReadInput(CliContext context, string path, TabularFeatureOptions reading, string? events, string? eventsId, DateOnly? asOf, bool withRuleFeatures)
    {
        string? idColumn = reading.IdColumn;
        CsvTable table = CsvTable.Load(path);
        var tabular = TabularFeatures.FromTable(table, reading);
        if (idColumn is null)
        {
            context.Error.WriteLine("note: without --id-column, customers are numbered by row; between runs they are followed by row number, so name the id column to track real customers.");
        }

        CommonOptions.WriteColumnNotes(context, tabular.Columns);

        if (tabular.Features.ColumnCount == 0)
        {
            throw new DataFormatException(path, 1, null, "no column can be used as a feature; the file needs numeric, yes/no or categorical columns besides the id.");
        }

        if (events is null && eventsId is not null)
        {
            throw new CliUsageException("--events-id-column names the id column of the --events file; give --events too.");
        }

        (FeatureMatrix features, DateOnly day) = events is null
            ? (tabular.Features, asOf ?? DateOnly.FromDateTime(DateTime.UtcNow))
            : UsageFeatures.Append(context, tabular.Features, events, idColumn, eventsId, asOf);
        context.Out.WriteLine($"{path}: {table.RowCount} customers, {features.ColumnCount} features.");
        // Rules also read the text columns (industry == "Retail"), whatever their number of distinct values.
        return new RunInput(features, tabular.Outcome, day, idColumn ?? "customer_id", withRuleFeatures ? tabular.WithTextColumns(features) : null) { Columns = tabular.Columns };
    }
}

/// <summary>What <c>segment run</c> segments: raw features, the optional outcome, the snapshot date and the id column name.</summary>
internal sealed record RunInput(FeatureMatrix Features, IReadOnlyList<double>? Outcome, DateOnly AsOf, string IdColumn, FeatureMatrix? RuleFeatures = null)
{
    /// <summary>What became of each input column (written as columns.json); <see langword="null"/> for the embedded sample.</summary>
    public ColumnReport? Columns { get; init; }
}

/// <summary><c>segment run --events</c>: usage trend features from an events CSV, as of --as-of (or its latest day).</summary>
internal static class UsageFeatures
{
    public static (FeatureMatrix Features, DateOnly AsOf) Append(CliContext context, FeatureMatrix features, string eventsPath, string? idColumn, string? eventsIdColumn, DateOnly? asOf)
    {
        if (idColumn is null)
        {
            throw new CliUsageException("--events needs --id-column: usage events are matched to customers by id.");
        }

        DateOnly day = asOf ?? UsageEventCsv.LatestDate(eventsPath)
            ?? throw new DataFormatException(eventsPath, 1, null, "the usage events file has no events; add events or leave out --events.");
        // Join on --events-id-column, else on the --id-column when the events file has it, else on the usual names.
        string? join = eventsIdColumn
            ?? (UsageEventCsv.Columns(eventsPath).Contains(idColumn, StringComparer.OrdinalIgnoreCase) ? idColumn : null);
        if (join is null)
        {
            context.Error.WriteLine($"note: {eventsPath} has no column '{idColumn}'; its customer ids are read from the first of {string.Join(", ", UsageEventCsv.UsualCustomerColumns)} (name its id column with --events-id-column).");
        }

        ActivityHistory history = UsageEventCsv.Load(eventsPath, day, join);
        int matched = features.RowIds!.Count(id => history.Contains(id));
        string later = history.EventsAfterAsOf > 0 ? $", {history.EventsAfterAsOf} later events ignored" : string.Empty;
        context.Out.WriteLine($"{eventsPath}: {history.EventsRead} events for {history.CustomerCount} customers ({matched} of them in the input), as of {day:yyyy-MM-dd}{later}.");
        return (HistoryFeatures.AppendUsageTrends(features, history), day);
    }
}
