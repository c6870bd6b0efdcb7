using System.CommandLine;
using System.Globalization;
using Segmentation.Cli.Output;
using Segmentation.Data;
using Segmentation.Migration;

namespace Segmentation.Cli.Commands;

/// <summary><c>segment track</c>: the from-to matrix between two segment assignments.</summary>
internal static class TrackCommand
{
    public static Command Create(CliContext context)
    {
        var previous = new Option<string>("--previous") { Description = "The earlier assignments CSV.", Required = true };
        var current = new Option<string>("--current") { Description = "The later assignments CSV.", Required = true };
        var idColumn = new Option<string>("--id-column") { Description = "The customer id column (in both files).", Required = true };
        var segmentColumn = new Option<string>("--segment-column") { Description = "The segment column (in both files).", Required = true };
        var valueColumn = new Option<string?>("--value-column") { Description = "A value column such as ARR: the arr column of the output sums it (current value, or previous for customers who are gone)." };
        var output = new Option<string>("--output") { Description = "Where to write from,to,customers[,arr].", Required = true };

        var command = new Command("track", "Count how customers moved between segments from one assignments file to another; new customers come from (new), departed ones go to (gone).")
        {
            previous, current, idColumn, segmentColumn, valueColumn, output,
        };
        command.SetAction(parse =>
        {
            string id = parse.GetValue(idColumn)!;
            string segment = parse.GetValue(segmentColumn)!;
            string? value = parse.GetValue(valueColumn);
            SegmentSnapshot before = SegmentSnapshot.FromTable(CsvTable.Load(parse.GetValue(previous)!), id, segment, value);
            SegmentSnapshot after = SegmentSnapshot.FromTable(CsvTable.Load(parse.GetValue(current)!), id, segment, value);
            SegmentTransitions transitions = SegmentTransitions.Compute(before, after);
            using (var outputs = new OutputSet())
            {
                MigrationOutputs.WriteTransitions(outputs, parse.GetValue(output)!, transitions, includeValue: value is not null);
                outputs.Commit();
            }

            MigrationOutputs.WriteSummary(context.Out, transitions);
            return ExitCodes.Success;
        });
        return command;
    }
}
