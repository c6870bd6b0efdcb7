using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Segmentation.Cli.Output;
using Segmentation.Clustering;
using Segmentation.Clustering.KMeans;
using Segmentation.Clustering.Selection;
using Segmentation.Configuration;
using Segmentation.Data;
using Segmentation.Features;
using Segmentation.Migration;
using Segmentation.Pipeline;
using Segmentation.Playbooks;
using Segmentation.Rules;
using Segmentation.Samples;
using Segmentation.Sqlite;

namespace Segmentation.Cli.Commands;

/// <summary>
/// <c>segment run</c>: the whole job (features, scaling, clustering, profiles and names) on a customer CSV, or on
/// the embedded sample when no input is given; on the sample also the daily step (scores, triggers, playbooks, the
/// worklist), which the library computes (<see cref="SegmentationEngine.Daily"/>) and writes (<see cref="SegmentationRun.WriteAssignments"/> and its siblings).
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
        var events = new Option<string?>("--events") { Description = "Usage events CSV (customer id, timestamp, metric, value): adds usage totals, trends (usage_change_60d in percent, ...), days_since_last_active, active days and adoption breadth as of --as-of (later events are ignored; without --as-of, as of the latest event day); joined on --id-column (or, when the events file has no such column, on its customer_id, customer, id or account_id column). Overrides columns.events.path of --config." };
        var outcomesOption = new Option<string?>("--outcomes") { Description = "A CSV of dated outcome events (customer id, date, outcome: churned or expanded; one event per row) with --input: trains the churn and expansion scorers in the run, time-based (features as of 90 days before --as-of, from --events, and the outcomes of those 90 days; nothing after --as-of is read), so the worklist ranks by churn probability x ARR. Used by the configuration's in-run scorers; without a scorers section, trains churn (and expansion when the file has expansion events)." };
        var eventsId = new Option<string?>("--events-id-column") { Description = "The customer id column of the --events file, when it is not named like --id-column." };
        var config = new Option<string?>("--config") { Description = "A segmentation.json (write a starter one with 'segment init'; see docs/configuration.md): columns, clustering, rules, playbooks, priority and capacity; with playbooks the run writes worklist.csv. A rule-set JSON (see 'segment rules') is read as a configuration with rules only. Flags given here win over the file." };
        var store = new Option<string?>("--store") { Description = $"The SQLite file that keeps this data set's models and snapshots between runs. Default: {DefaultStoreName} in the --out directory ({SampleStoreName} for the embedded sample), so each data set has its own history. A store refuses input with another id column or other features unless --retrain." };
        var noStore = new Option<bool>("--no-store") { Description = "Run without a store: no model reuse, no migration, nothing written to a database." };
        var retrain = new Option<bool>("--retrain") { Description = "Train a new model even when the stored one fits; segment names are kept where the segments match. Also accepts input whose features differ from the store's history (the history then continues with them)." };
        var valueColumn = new Option<string?>("--value-column") { Description = "The feature holding each customer's value (ARR) for migrations.csv, alerts and the value of flows. Default: arr when present; otherwise values are left empty." };
        Option<string?> naValues = CommonOptions.NaValues();
        Option<string> invalidNumbers = CommonOptions.InvalidNumbers();
        var asOfOption = new Option<string?>("--as-of") { Description = "The snapshot date (yyyy-MM-dd). On the embedded sample it moves the sample's clock (default 2026-10-31); on --input it defaults to the latest --events day, or today. A date before the stored model's training date trains a new model instead of reusing one trained on later data." };
        var verbose = new Option<bool>("--verbose") { Description = "Show how far the long steps (scoring, planning, writing the files) are on stderr, also when stderr is not a terminal (on a terminal it is shown anyway). stdout is the same either way." };

        var command = new Command("run", "Segment customers end to end: features, scaling, k-means, profiles with descriptive names, and migration since the previous run. Without --input, runs on the embedded sample of synthetic SaaS customers and also trains churn and expansion scorers on its past, evaluates the built-in rule sets and playbooks (30 accounts per CSM x 2 CSMs) and writes worklist.csv and worklist-overflow.csv; with --config, the configuration's rules and playbooks instead.")
        {
            input, idColumn, outcome, k, seed, output, events, eventsId, outcomesOption, config, store, noStore, retrain, valueColumn, asOfOption, naValues, invalidNumbers, verbose,
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
            // The engine and the tracked job come from AddSegmentation: the configuration (checked here, before any data
            // is read), then the flags.
            var services = new ServiceCollection();
            ISegmentationBuilder builder = services.AddSegmentation();
            if (configuration is not null)
            {
                builder.UseConfiguration(configuration);
            }

            TabularFeatureOptions reading = configuration?.CreateReadingOptions() ?? new TabularFeatureOptions();
            reading.IdColumn = parse.GetValue(idColumn) ?? reading.IdColumn;
            reading.OutcomeColumn = parse.GetValue(outcome) ?? reading.OutcomeColumn;
            if (parse.GetValue(naValues) is not null || parse.GetResult(invalidNumbers) is { Implicit: false })
            {
                CommonOptions.WithCellOptions(reading, parse, naValues, invalidNumbers);
            }

            // -k (or no configuration) chooses the clusterer; otherwise the configuration's clustering does.
            IClusterer? flagClusterer = parse.GetResult(k) is { Implicit: false } || configuration is null
                ? CommonOptions.ParseKOrAuto(parse.GetValue(k)!) is int fixedK
                    ? Clusterers.KMeans(new KMeansOptions { K = fixedK, Seed = parse.GetValue(seed) })
                    : Clusterers.KMeansAuto(new KSelectionOptions { Seed = parse.GetValue(seed) })
                : null;

            RunInput data = parse.GetValue(input) is string inputPath
                ? RunInputs.ReadInput(context, inputPath, reading, EventsPath(parse.GetValue(events), configuration, configPath), parse.GetValue(eventsId) ?? configuration?.EventsIdColumn, asOf, withRuleFeatures: configPath is not null)
                : RunInputs.SampleInput(context, parse.GetValue(idColumn), parse.GetValue(outcome), parse.GetValue(events) ?? parse.GetValue(eventsId) ?? parse.GetValue(outcomesOption), asOf ?? SampleCustomer.DefaultAsOf, withRuleFeatures: true);
            configuration?.Validate((data.RuleFeatures ?? data.Features).Schema);

            // For whoever profiles a run: each step's duration on stderr, as it finishes.
            StepTimings? timings = Environment.GetEnvironmentVariable("SEGMENT_TIMINGS") == "1" ? new StepTimings(context.Error) : null;
            StepProgressDisplay? progress = StepProgressDisplay.For(context, parse.GetValue(verbose));
            builder.ReportProgress(new StepReports(timings, progress, data.Features.RowCount));

            if (flagClusterer is not null)
            {
                builder.UseClusterer(flagClusterer);
            }

            // The daily step (scores, triggers, playbooks, capacity, the worklist) runs on the embedded sample without
            // --config (built-in rule sets and playbooks, both scorers trained in the run on the sample's past), and
            // whenever the configuration has playbooks. On --input, scorers are trained in the run when there is a dated
            // outcomes file (--outcomes or the configuration's in-run scorers).
            if (sample)
            {
                // With a configuration: its rules and playbooks, and the sample's scorers only when it has playbooks.
                builder.UseSampleDailyRun(data.AsOf, context.Out);
            }
            else
            {
                data = TrainOnInput(context, builder, data, parse.GetValue(outcomesOption), context.CancellationToken);
            }

            string? value = parse.GetValue(valueColumn) ?? configuration?.ValueColumn;
            // One value column for profiles, snapshots, alerts and the worklist.
            services.Configure<SegmentationOptions>(o => o.ValueFeature = value);
            if (value is not null && data.Features.Schema.IndexOf(value) < 0)
            {
                throw new CliUsageException($"--value-column '{value}' is not a feature of the input; use one of: {string.Join(", ", data.Features.Schema.Names)}.");
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

            ISnapshotStore snapshots = withoutStore ? ISnapshotStore.InMemory() : new SqliteSnapshotStore(storePath);
            builder.UseSnapshotStore(snapshots);
            // Without an id column customers are row numbers: the history records that, not a column name.
            string? runIdColumn = sample || reading.IdColumn is not null ? data.IdColumn : null;
            bool retrainModel = parse.GetValue(retrain);
            // The tracked run's options are the container's (the job uses them when a call gives none): set from the
            // flags, else from the configuration.
            builder.ConfigureTrackedRun(o =>
            {
                o.Retrain = retrainModel;
                o.ValueFeature = value;
                o.IdColumn = runIdColumn;
                // The configuration's alerts section, or its defaults (top 20% by value entering a segment with 1.5x the churn rate).
                o.HighValueAlerts = true;
            });

            using ServiceProvider provider = services.BuildServiceProvider();
            TrackedSegmentation tracked = provider.GetRequiredService<TrackedSegmentation>();
            SegmentationEngine engine = provider.GetRequiredService<SegmentationEngine>();
            bool hasValue = value is not null || data.Features.Schema.IndexOf(TrackedSegmentation.DefaultValueFeature) >= 0;
            (Reporting.ReportData Report, List<string> Files)? written = null;
            bool outputsWritten = false;

            // Outputs first, the store last: a run whose outputs cannot be written leaves the store as it was.
            using var outputs = new OutputSet();
            TrackedRunResult result;
            long storeStart = 0;
            try
            {
                result = tracked.RunAsync(data.Features, data.AsOf, data.Outcome, ruleFeatures: data.RuleFeatures, beforeStoring: (pending, _) =>
                {
                    written = WriteOutputs(context, parse, outputs, outDirectory, data, pending, progress, engine, value);
                    outputsWritten = true;
                    storeStart = System.Diagnostics.Stopwatch.GetTimestamp();
                    return Task.CompletedTask;
                }, cancellationToken: context.CancellationToken).GetAwaiter().GetResult();
            }
            catch (SnapshotStoreException mismatch) when (mismatch.DataSetDifference is string difference && !outputsWritten)
            {
                throw new CliUsageException($"The store '{storePath}' belongs to another data set: {difference}; run with --retrain to continue its history with this input, or give another --store (or --no-store).");
            }
            catch (Microsoft.Data.Sqlite.SqliteException e) when (!outputsWritten)
            {
                throw new SnapshotStoreException(storePath, $"The snapshot store '{storePath}' could not be read ({e.Message.TrimEnd('.')}); retry, or use another --store.", e);
            }
            catch (Microsoft.Data.Sqlite.SqliteException e)
            {
                // The outputs are in place; only the history is missing this run.
                throw new SnapshotStoreException(storePath, $"The outputs were written, but this run could not be stored in '{storePath}' ({e.Message.TrimEnd('.')}); run again to record it, or use another --store.", e);
            }

            HtmlReportOutput.Store(snapshots, storePath, result, written!.Value.Report, context.CancellationToken);
            // The snapshot, the model and the report data, after the outputs: not a pipeline step, so timed here.
            timings?.Report(new PipelineStepProgress("store", 1, 1, "snapshot", System.Diagnostics.Stopwatch.GetElapsedTime(storeStart)));

            if (withoutStore)
            {
                context.Out.WriteLine("Trained a model for this run only (--no-store: nothing stored, no migration).");
            }
            else
            {
                context.Out.WriteLine(result.Trained
                    ? $"Trained model {result.ModelVersion} ({result.TrainedBecause}) and stored it in {storePath}."
                    : $"Assigned with the stored model {result.ModelVersion} from {storePath} (use --retrain to train a new one).");
            }

            result.WriteLineage(context.Out);
            if (result.Resegmentation is SegmentTransitions redrawn)
            {
                MigrationOutputs.WriteResegmentation(context.Out, redrawn);
            }

            if (result.Transitions is SegmentTransitions stored)
            {
                context.Out.WriteLine($"Since the snapshot of {result.Previous!.AsOf:yyyy-MM-dd}{(hasValue ? string.Empty : " (no value column: values left empty)")}:");
                MigrationOutputs.WriteSummary(context.Out, stored);
                RunAlerts.WriteSummary(context.Out, result.Alerts);
            }

            context.Out.WriteLine($"Wrote {string.Join(", ", written.Value.Files.Select(f => Path.Combine(outDirectory, f)))}.");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// Writes the run's files to the output set and commits it, printing the segment table (and the worklist) on the
    /// way: the step between computing the run and storing it.
    /// </summary>
    /// <returns>The report data (kept with the snapshot once stored) and the files written, in the order <c>segment run</c> lists them.</returns>
    private static (Reporting.ReportData Report, List<string> Files) WriteOutputs(CliContext context, ParseResult parse, OutputSet outputs, string outDirectory, RunInput data, TrackedRunResult pending,
        StepProgressDisplay? progress, SegmentationEngine engine, string? value)
    {
        TextWriter? timings = Environment.GetEnvironmentVariable("SEGMENT_TIMINGS") == "1" ? context.Error : null;
        long writeStart = System.Diagnostics.Stopwatch.GetTimestamp();
        // The report is built on a thread of its own beside the CSV files: it is single-threaded, and the writers leave
        // part of the cores idle (each file is formatted in parallel blocks, then written in order). Both only read the run.
        Task<(Reporting.ReportData Data, TimeSpan Elapsed)> report = HtmlReportOutput.StartWrite(outputs, outDirectory, pending, data.AsOf, value ?? TrackedSegmentation.DefaultValueFeature, parse);
        try
        {
            RunOutputs.Write(outputs, outDirectory, data.IdColumn, pending.Run, progress);
        }
        catch
        {
            // Nothing may still be staging when the output set is disposed; the writers' failure is the one reported.
            HtmlReportOutput.WaitQuietly(report);
            throw;
        }

        progress?.Finish();
        timings?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"timing: write {System.Diagnostics.Stopwatch.GetElapsedTime(writeStart).TotalMilliseconds:0} ms"));
        (Reporting.ReportData reportData, TimeSpan reportTime) = report.GetAwaiter().GetResult();
        // The report's own duration (it ran beside the writes); the time waited for it after them is in the total.
        timings?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"timing: report {reportTime.TotalMilliseconds:0} ms"));
        if (data.Columns is ColumnReport columns)
        {
            outputs.WriteJson(Path.Combine(outDirectory, "columns.json"), columns.WriteJson);
        }

        if (pending.Run.Model.Clusters is SelectedKModel selected)
        {
            KSelectionTable.Write(context.Out, selected);
            KSelectionTable.WriteCsv(outputs, Path.Combine(outDirectory, "k-selection.csv"), selected);
        }

        SegmentTable.Write(context.Out, pending.Run.Segments, pending.Run.RawFeatures.Schema);
        foreach (string overflow in pending.Run.Rules?.Overflows ?? [])
        {
            context.Out.WriteLine($"Over capacity: {overflow}.");
        }

        if (pending.Run.Worklist is Worklist worklist)
        {
            engine.WriteTrainedScorers(context.Out, data.AsOf);
            DailyOutputs.WriteWorklist(context.Out, worklist, engine.Daily!);
        }

        if (pending.Transitions is SegmentTransitions transitions)
        {
            MigrationOutputs.WriteTransitions(outputs, Path.Combine(outDirectory, "migrations.csv"), transitions, includeValue: true);
            RunAlerts.WriteFile(outputs, Path.Combine(outDirectory, "alerts.csv"), pending.Alerts);
        }

        outputs.Commit();

        var written = new List<string> { "assignments.csv", "segments.json", "report.md", HtmlReportOutput.FileName };
        if (pending.Run.Worklist is not null)
        {
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

        if (pending.Transitions is not null)
        {
            written.AddRange(["migrations.csv", "alerts.csv"]);
        }

        return (reportData, written);
    }

    /// <summary>The default store's file name in the --out directory, for --input.</summary>
    internal const string DefaultStoreName = "segmentation.db";

    /// <summary>The default store's file name in the --out directory, for the embedded sample.</summary>
    internal const string SampleStoreName = "sample-segmentation.db";

    /// <summary>
    /// The usage events file: <c>--events</c>, else the configuration's <c>columns.events.path</c> resolved against the
    /// configuration file's folder (as <c>scorers.NAME.outcomeEvents</c> is); null when neither names one.
    /// </summary>
    /// <exception cref="DataFormatException">The configuration names a file that does not exist (exit 3).</exception>
    internal static string? EventsPath(string? flag, SegmentationConfig? configuration, string? configPath)
    {
        if (flag is not null || configuration?.EventsPath is not string path || configPath is null)
        {
            return flag;
        }

        return File.Exists(path)
            ? path
            : throw new DataFormatException(path, 0, null, $"the file of columns.events.path in {configPath} does not exist; check the path (relative to the configuration file's folder), or give the file with --events.");
    }

    /// <summary>
    /// The in-run scorers of a run on --input (the library trains them: <see cref="SegmentationBuilderExtensions.TrainScorersOnOutcomes"/>):
    /// those of the configuration (each with its outcomes file, or --outcomes), or with --outcomes and no scorers section,
    /// churn (and expansion when the file has expansion events).
    /// </summary>
    /// <remarks>Customers of the input who churned on or before the as-of date are trained on but then left out of the run (returned input).</remarks>
    private static RunInput TrainOnInput(CliContext context, ISegmentationBuilder builder, RunInput data, string? outcomesPath, CancellationToken cancellationToken)
    {
        SegmentationInputs today;
        try
        {
            today = builder.TrainScorersOnOutcomes(new SegmentationInputs(data.Features, data.RuleFeatures, data.Outcome, data.AsOf), data.TableFeatures!, data.UsageAsOf,
                data.HasIdColumn ? data.IdColumn : null, outcomesPath, context.Out, cancellationToken);
        }
        catch (ArgumentException e) when (e.ParamName == "idColumn")
        {
            throw new CliUsageException("Training scorers on outcomes needs --id-column (or columns.idColumn in the configuration): outcome events are matched to customers by id.");
        }

        return today.Features == data.Features ? data : data with { Features = today.Features, RuleFeatures = today.RuleFeatures, Outcome = today.Outcome };
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
}

/// <summary>Writes each finished pipeline step and its duration to stderr (<c>SEGMENT_TIMINGS=1</c>).</summary>
internal sealed class StepTimings(TextWriter error) : IProgress<PipelineStepProgress>
{
    public void Report(PipelineStepProgress value)
    {
        if (value.Elapsed is TimeSpan elapsed)
        {
            error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"timing: {value.Step} {elapsed.TotalMilliseconds:0} ms"));
        }
    }
}

/// <summary>
/// Sends the end of each step to the timings and the progress within steps to the display (either may be off), and
/// releases the model space's memory once it is dead (<see cref="HeapRelease"/>, on runs of <paramref name="rows"/> customers).
/// </summary>
internal sealed class StepReports(StepTimings? timings, StepProgressDisplay? display, int rows) : IProgress<PipelineStepProgress>
{
    public void Report(PipelineStepProgress value)
    {
        if (value.Elapsed is null)
        {
            display?.Report(value);
        }
        else
        {
            timings?.Report(value);

            // The collections of the step may have given pages back, and with them the request for huge pages.
            HugePages.Renew();
        }

        if (HeapRelease.IsModelSpaceDead(value))
        {
            HeapRelease.After(rows);
        }
    }
}

/// <summary>
/// Shows how far a long step is on stderr (<c>--verbose</c>, or whenever stderr is a terminal): on a terminal one line
/// rewritten in place, otherwise one line per report. stdout is never touched.
/// </summary>
internal sealed class StepProgressDisplay(TextWriter error, bool terminal) : IProgress<PipelineStepProgress>
{
    private int _width;

    /// <summary>The display for this run: on a terminal, or with <c>--verbose</c>; otherwise <see langword="null"/>.</summary>
    public static StepProgressDisplay? For(CliContext context, bool verbose)
    {
        bool terminal = ReferenceEquals(context.Error, Console.Error) && !Console.IsErrorRedirected;
        return terminal || verbose ? new StepProgressDisplay(context.Error, terminal) : null;
    }

    public void Report(PipelineStepProgress value)
    {
        string line = string.Create(CultureInfo.InvariantCulture,
            $"{value.Step}: {value.Done:N0} of {value.Total:N0} {value.Items} ({(value.Total == 0 ? 100 : 100.0 * value.Done / value.Total):0}%)");
        if (!terminal)
        {
            error.WriteLine(line);
            return;
        }

        // Rewrite the line in place; pad over a longer previous one.
        error.Write("\r" + line.PadRight(_width));
        _width = line.Length;
        error.Flush();
        if (value.Done >= value.Total)
        {
            // The step (or file) is done: clear the line, so that whatever is printed next starts clean.
            Finish();
        }
    }

    /// <summary>Ends the line rewritten in place, so what is printed next starts on its own line.</summary>
    public void Finish()
    {
        if (terminal && _width > 0)
        {
            error.Write("\r" + new string(' ', _width) + "\r");
            error.Flush();
            _width = 0;
        }
    }
}
