using System.CommandLine;
using System.Globalization;
using Segmentation.Cli.Output;
using Segmentation.Clustering;
using Segmentation.Data;
using Segmentation.Features;
using Segmentation.Pipeline;
using Segmentation.Rules;
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
        Option<string> k = CommonOptions.K("5");
        Option<int> seed = CommonOptions.Seed();
        var output = new Option<string>("--out") { Description = "The output directory.", DefaultValueFactory = _ => "segmentation-output" };
        var events = new Option<string?>("--events") { Description = "Usage events CSV (not available yet)." };
        var config = new Option<string?>("--config") { Description = "A rule set JSON (see 'segment rules'): its dimensions become columns of assignments.csv after 'segment'; a dimension with \"overridesCluster\": true replaces the cluster segment where one of its rules matches." };
        var store = new Option<string?>("--store") { Description = "Snapshot store for migration tracking (not available yet)." };

        var command = new Command("run", "Segment customers end to end: features, scaling, k-means, profiles with descriptive names. Without --input, runs on the embedded sample of synthetic SaaS customers.")
        {
            input, idColumn, outcome, k, seed, output, events, config, store,
        };
        command.SetAction(parse =>
        {
            CommonOptions.RejectNotYetAvailable(parse, events, "usage-event features arrive with feature extraction");
            CommonOptions.RejectNotYetAvailable(parse, store, "snapshots arrive with migration tracking");
            var clusterer = new KMeansClusterer(new KMeansOptions { K = CommonOptions.ParseK(parse.GetValue(k)!), Seed = parse.GetValue(seed) });
            string? configPath = parse.GetValue(config);
            string? inputPath = parse.GetValue(input);
            string idName = parse.GetValue(idColumn) ?? "customer_id";

            SegmentationRun run;
            if (inputPath is null)
            {
                if (parse.GetValue(idColumn) is not null || parse.GetValue(outcome) is not null)
                {
                    throw new CliUsageException("--id-column and --outcome apply to --input; the embedded sample has its own (customer_id, churned).");
                }

                IReadOnlyList<SampleCustomer> customers = SaasSample.Generate();
                DateOnly asOf = SaasSample.DefaultAsOf;
                // Rules on the sample read the clustering features plus days_to_renewal and tickets_change_90d,
                // so the built-in rule sets (docs/rules.md) run on it as they are.
                var ruleFeatures = SaasSample.RuleFeatures();
                RuleSet? rules = configPath is null ? null : RuleSet.Load(configPath, ruleFeatures.Schema);
                var engine = new SegmentationEngine(clusterer, null, rules);
                context.Out.WriteLine($"Embedded sample: {customers.Count} synthetic SaaS customers as of {asOf:yyyy-MM-dd} (outcome: churned within 90 days).");
                run = new SegmentationEngine<SampleCustomer>(SaasSample.Features(), c => c.Id, engine, rules is null ? null : ruleFeatures)
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

                RuleSet? rules = configPath is null ? null : RuleSet.Load(configPath, tabular.Features.Schema);
                var engine = new SegmentationEngine(clusterer, null, rules);
                context.Out.WriteLine($"{inputPath}: {table.RowCount} customers, {tabular.Features.ColumnCount} features.");
                run = engine.Run(tabular.Features, tabular.Outcome, context.CancellationToken);
            }

            string outDirectory = parse.GetValue(output)!;
            RunOutputs.Write(outDirectory, idName, run);
            SegmentTable.Write(context.Out, run.Segments, run.RawFeatures.Schema);
            foreach (CapacityOverflow overflow in run.Rules?.Overflows ?? [])
            {
                context.Out.WriteLine($"Over capacity: {overflow}.");
            }

            context.Out.WriteLine($"Wrote {Path.Combine(outDirectory, "assignments.csv")}, {Path.Combine(outDirectory, "segments.json")} and {Path.Combine(outDirectory, "report.md")}.");
            return ExitCodes.Success;
        });
        return command;
    }
}
