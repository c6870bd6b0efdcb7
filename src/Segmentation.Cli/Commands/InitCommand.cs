using System.CommandLine;
using System.Globalization;
using Segmentation.Cli.Output;
using Segmentation.Configuration;
using Segmentation.Data;
using Segmentation.Features.History;

namespace Segmentation.Cli.Commands;

/// <summary>
/// <c>segment init</c>: writes a starter <c>segmentation.json</c> from the columns of a customers CSV (id, ARR,
/// tenure, renewal, usage, tickets, NPS and churn guessed by name and type), and lists what it could not place.
/// </summary>
internal static class InitCommand
{
    public static Command Create(CliContext context)
    {
        Option<string> input = CommonOptions.Input(required: true);
        var events = new Option<string?>("--events") { Description = "A usage events CSV (customer id, timestamp, metric, value): its usage trends switch on the built-in trigger and activity rules when the other features they read exist." };
        var eventsId = new Option<string?>("--events-id-column") { Description = "The customer id column of the --events file, when it is not named like the id column." };
        Option<string?> idColumn = CommonOptions.IdColumn();
        var output = new Option<string>("--output") { Description = "The configuration file to write.", DefaultValueFactory = _ => "segmentation.json" };
        var outcomes = new Option<string?>("--outcomes") { Description = "A CSV of dated outcome events (customer id, date, outcome: churned or expanded): adds in-run churn and expansion scorers that read it (see 'segment run --outcomes')." };
        var force = new Option<bool>("--force") { Description = "Overwrite --output when it exists." };

        var command = new Command("init", "Write a starter segmentation.json from the columns of a customers CSV, to edit instead of writing one from scratch.")
        {
            input, events, eventsId, outcomes, idColumn, output, force,
        };
        command.SetAction(parse =>
        {
            string inputPath = parse.GetValue(input)!;
            string outputPath = parse.GetValue(output)!;
            string? eventsPath = parse.GetValue(events);
            RequireFile(inputPath, "--input");
            if (eventsPath is not null)
            {
                RequireFile(eventsPath, "--events");
            }
            else if (parse.GetValue(eventsId) is not null)
            {
                throw new CliUsageException("--events-id-column names the id column of the --events file; give --events too.");
            }

            OutputSet.CheckPath(outputPath, isFolder: false);
            if (File.Exists(outputPath) && !parse.GetValue(force))
            {
                throw new CliUsageException($"--output '{outputPath}' already exists; give another path, or add --force to overwrite it.");
            }

            CsvTable table = CsvTable.Load(inputPath);
            var result = SegmentationConfig.Starter(table, parse.GetValue(idColumn));
            if (eventsPath is not null)
            {
                string id = result.Config.IdColumn
                    ?? throw new CliUsageException("--events needs the customer id column to join usage to customers, and none was found; give --id-column.");
                DateOnly asOf = ActivityHistory.LatestUsageDate(eventsPath)
                    ?? throw new DataFormatException(eventsPath, 1, null, "the usage events file has no events; add events or leave out --events.");
                string? join = parse.GetValue(eventsId)
                    ?? (ActivityHistory.UsageCsvColumns(eventsPath).Contains(id, StringComparer.OrdinalIgnoreCase) ? id : null);
                ActivityHistory history = ActivityHistory.LoadUsageCsv(eventsPath, asOf, join);
                result = SegmentationConfig.Starter(table, id, history, eventsPath, parse.GetValue(eventsId));
            }

            if (parse.GetValue(outcomes) is string outcomesPath)
            {
                RequireFile(outcomesPath, "--outcomes");
                _ = result.Config.IdColumn
                    ?? throw new CliUsageException("--outcomes needs the customer id column to match outcomes to customers, and none was found; give --id-column.");
                // The configuration reads the file from its own folder.
                string folder = Path.GetDirectoryName(Path.GetFullPath(outputPath))!;
                result.Config.AddOutcomeScorers(outcomesPath, Path.GetRelativePath(folder, Path.GetFullPath(outcomesPath)));
            }

            using (var outputs = new OutputSet())
            {
                outputs.WriteText(outputPath, writer => writer.Write(result.Config.ToJson() + "\n"));
                outputs.Commit();
            }

            Print(context.Out, inputPath, table, result);
            context.Out.WriteLine($"Wrote {outputPath}; edit it (the \"_notes\" say what to check).");
            return ExitCodes.Success;
        });
        return command;
    }

    private static void RequireFile(string path, string option)
    {
        if (Directory.Exists(path))
        {
            throw new DataFormatException(path, 0, null, $"it is a directory; give {option} the path of a file.");
        }

        if (!File.Exists(path))
        {
            throw new DataFormatException(path, 0, null, $"the file given to {option} does not exist; check the path.");
        }
    }

    private static void Print(TextWriter output, string inputPath, CsvTable table, (SegmentationConfig Config, IReadOnlyList<(string Column, string Role)> Placed, IReadOnlyList<(string Column, string Reason)> Unplaced) result)
    {
        output.WriteLine($"{inputPath}: {table.RowCount.ToString(CultureInfo.InvariantCulture)} customers, {table.Header.Count.ToString(CultureInfo.InvariantCulture)} columns.");
        int width = result.Placed.Select(p => p.Column.Length).Concat(result.Unplaced.Select(u => u.Column.Length)).DefaultIfEmpty(0).Max();
        output.WriteLine("Placed:");
        foreach ((string Column, string Role) column in result.Placed)
        {
            output.WriteLine($"  {column.Column.PadRight(width)}  {column.Role}");
        }

        if (result.Placed.Count == 0)
        {
            output.WriteLine("  (none)");
        }

        output.WriteLine("Not placed:");
        foreach ((string Column, string Reason) column in result.Unplaced)
        {
            output.WriteLine($"  {column.Column.PadRight(width)}  {column.Reason}");
        }

        if (result.Unplaced.Count == 0)
        {
            output.WriteLine("  (none)");
        }

        output.WriteLine("Notes:");
        foreach (string note in result.Config.Notes)
        {
            output.WriteLine($"  - {note}");
        }
    }
}
