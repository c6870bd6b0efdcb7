using System.CommandLine;
using System.Globalization;
using Segmentation.Cli.Output;
using Segmentation.Data;
using Segmentation.Features;
using Segmentation.Rules;

namespace Segmentation.Cli.Commands;

/// <summary>
/// <c>segment rules</c>: assigns every customer of a CSV one segment per rule dimension of a JSON rule set, and
/// writes them (optionally with the trace of why) in input order.
/// </summary>
internal static class RulesCommand
{
    public static Command Create(CliContext context)
    {
        Option<string> input = CommonOptions.Input(required: true);
        var rules = new Option<string>("--rules") { Description = "The rule set JSON: { \"dimensions\": [ { \"name\": \"tier\", \"rules\": [ { \"segment\": \"Enterprise\", \"when\": \"arr >= 100000\" } ] } ], \"exception\": \"Needs review\" }.", Required = true };
        Option<string?> idColumn = CommonOptions.IdColumn();
        var output = new Option<string>("--output") { Description = "The output CSV: the id column and one column per dimension, rows in input order.", Required = true };
        var explain = new Option<bool>("--explain") { Description = "Add two columns per dimension: the rule that matched (<dimension>_rule) and the values it compared (<dimension>_values)." };
        Option<string?> naValues = CommonOptions.NaValues();
        Option<string> invalidNumbers = CommonOptions.InvalidNumbers();

        var command = new Command("rules", "Segment customers with rules (tiers, lifecycle stages, behavioural triggers) written as text in a JSON file.")
        {
            input, rules, idColumn, output, explain, naValues, invalidNumbers,
        };
        command.SetAction(parse =>
        {
            string inputPath = parse.GetValue(input)!;
            CsvTable table = CsvTable.Load(inputPath);
            string? id = parse.GetValue(idColumn);
            var tabular = TabularFeatures.FromTable(table, CommonOptions.WithCellOptions(new TabularFeatureOptions { IdColumn = id }, parse, naValues, invalidNumbers));
            // Text columns are read by rules whatever their number of distinct values (industry, country), so only
            // columns that are neither features nor text (every cell empty) are out of the rules' reach.
            IEnumerable<ColumnReportEntry> unreadable = tabular.Columns.LeftOut
                .Where(c => c.Role is ColumnRole.AllMissing or ColumnRole.Date or ColumnRole.Text)
                .Where(c => !tabular.TextColumns.ContainsKey(c.Column));
            foreach (ColumnReportEntry ignored in unreadable)
            {
                context.Error.WriteLine($"note: column '{ignored.Column}' cannot be read by rules: {ignored.Reason}.");
            }

            // Rule text and feature names are checked here, before anything is evaluated (exit code 2).
            FeatureMatrix customers = tabular.RuleFeatures;
            RuleSet ruleSet = RuleSet.Load(parse.GetValue(rules)!, customers.Schema);
            RuleSegmentation result = ruleSet.Segment(customers, context.CancellationToken);

            string outputPath = parse.GetValue(output)!;
            using (var outputs = new OutputSet())
            {
                outputs.WriteText(outputPath, writer => Write(writer, id ?? "row", result, parse.GetValue(explain)));
                outputs.Commit();
            }

            Summarize(context.Out, inputPath, result);
            context.Out.WriteLine($"Wrote {outputPath}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Write(TextWriter writer, string idName, RuleSegmentation result, bool explain)
    {
        IEnumerable<string> header = result.Dimensions.Prepend(idName);
        if (explain)
        {
            header = header.Concat(result.Dimensions.SelectMany(d => new[] { d + "_rule", d + "_values" }));
        }

        writer.WriteLine(string.Join(',', header.Select(CsvTable.Quote)));
        for (int i = 0; i < result.RowCount; i++)
        {
            IEnumerable<string> cells = result.SegmentsOf(i).Prepend(result.CustomerId(i));
            if (explain)
            {
                cells = cells.Concat(result.Explain(i).SelectMany(t => new[] { t.Rule, t.Values }));
            }

            writer.WriteLine(string.Join(',', cells.Select(CsvTable.Quote)));
        }
    }

    private static void Summarize(TextWriter output, string inputPath, RuleSegmentation result)
    {
        output.WriteLine($"{inputPath}: {result.RowCount.ToString(CultureInfo.InvariantCulture)} customers, {result.Dimensions.Count} dimensions.");
        for (int d = 0; d < result.Dimensions.Count; d++)
        {
            IEnumerable<string> counts = result.Counts(d).Select(p => $"{p.Key} {p.Value.ToString("N0", CultureInfo.InvariantCulture)}");
            output.WriteLine($"  {result.Dimensions[d]}: {string.Join(", ", counts)}");
        }

        foreach (string overflow in result.Overflows)
        {
            output.WriteLine($"  over capacity: {overflow}");
        }
    }
}
