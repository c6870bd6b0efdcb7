using System.CommandLine;
using System.Globalization;
using Segmentation.Cli.Output;
using Segmentation.Clustering;
using Segmentation.Clustering.Selection;
using Segmentation.Data;
using Segmentation.Features;
using Segmentation.Features.History;
using Segmentation.Pipeline;
using Segmentation.Samples;

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
        var config = new Option<string?>("--config") { Description = "Rules and settings JSON (not available yet)." };
        var store = new Option<string?>("--store") { Description = "Snapshot store for migration tracking (not available yet)." };

        var command = new Command("run", "Segment customers end to end: features, scaling, k-means, profiles with descriptive names. Without --input, runs on the embedded sample of synthetic SaaS customers.")
        {
            input, idColumn, outcome, k, seed, output, events, config, store,
        };
        command.SetAction(parse =>
        {
            CommonOptions.RejectNotYetAvailable(parse, config, "rule configuration arrives with rule-based segmentation");
            CommonOptions.RejectNotYetAvailable(parse, store, "snapshots arrive with migration tracking");
            IClusterer clusterer = CommonOptions.ParseKOrAuto(parse.GetValue(k)!) is int fixedK
                ? new KMeansClusterer(new KMeansOptions { K = fixedK, Seed = parse.GetValue(seed) })
                : new KSelectingClusterer(new KSelector(new KSelectionOptions { Seed = parse.GetValue(seed) }));
            var engine = new SegmentationEngine(clusterer);
            string? inputPath = parse.GetValue(input);
            string idName = parse.GetValue(idColumn) ?? "customer_id";

            SegmentationRun run;
            if (inputPath is null)
            {
                if (parse.GetValue(idColumn) is not null || parse.GetValue(outcome) is not null || parse.GetValue(events) is not null)
                {
                    throw new CliUsageException("--id-column, --outcome and --events apply to --input; the embedded sample has its own (customer_id, churned, daily usage).");
                }

                IReadOnlyList<SampleCustomer> customers = SaasSample.Generate();
                DateOnly asOf = SaasSample.DefaultAsOf;
                context.Out.WriteLine($"Embedded sample: {customers.Count} synthetic SaaS customers as of {asOf:yyyy-MM-dd} (outcome: churned within 90 days).");
                run = new SegmentationEngine<SampleCustomer>(SaasSample.Features(), c => c.Id, engine)
                    .Run(SaasSample.ActiveAt(customers, asOf), asOf, c => c.Churned, context.CancellationToken);
                idName = "customer_id";
            }
            else
            {
                CsvTable table = CsvTable.Load(inputPath);
                var tabular = TabularFeatures.FromTable(table, new TabularFeatureOptions { IdColumn = parse.GetValue(idColumn), OutcomeColumn = parse.GetValue(outcome) });
                foreach (IgnoredColumn ignored in tabular.Ignored)
                {
                    context.Error.WriteLine($"note: column '{ignored.Column}' is not used as a feature: {ignored.Reason}.");
                }

                if (tabular.Features.ColumnCount == 0)
                {
                    throw new DataFormatException(inputPath, 1, null, "no column can be used as a feature; the file needs numeric, yes/no or categorical columns besides the id.");
                }

                FeatureMatrix features = tabular.Features;
                if (parse.GetValue(events) is string eventsPath)
                {
                    features = UsageFeatures.Append(context, features, eventsPath, parse.GetValue(idColumn));
                }

                context.Out.WriteLine($"{inputPath}: {table.RowCount} customers, {features.ColumnCount} features.");
                run = engine.Run(features, tabular.Outcome, context.CancellationToken);
            }

            string outDirectory = parse.GetValue(output)!;
            RunOutputs.Write(outDirectory, idName, run);
            if (run.Model.Clusters is SelectedKModel selected)
            {
                KSelectionTable.Write(context.Out, selected.Selection);
                KSelectionTable.WriteCsv(Path.Combine(outDirectory, "k-selection.csv"), selected.Selection);
            }

            SegmentTable.Write(context.Out, run.Segments, run.RawFeatures.Schema);
            context.Out.WriteLine($"Wrote {Path.Combine(outDirectory, "assignments.csv")}, {Path.Combine(outDirectory, "segments.json")} and {Path.Combine(outDirectory, "report.md")}.");
            return ExitCodes.Success;
        });
        return command;
    }
}

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
