using System.CommandLine;
using System.Globalization;
using Segmentation.Cli.Output;
using Segmentation.Migration;
using Segmentation.Reporting;
using Segmentation.Sqlite;

namespace Segmentation.Cli.Commands;

/// <summary><c>segment report</c>: draws report.html again from a run kept in a store.</summary>
internal static class ReportCommand
{
    public static Command Create(CliContext context)
    {
        var store = new Option<string>("--store") { Description = "The SQLite store 'segment run' wrote (segmentation.db, or sample-segmentation.db for the embedded sample, in its --out folder).", Required = true };
        var asOfOption = new Option<string?>("--as-of") { Description = "Draw the latest snapshot on or before this date (yyyy-MM-dd). Default: the latest snapshot." };
        var output = new Option<string>("--out") { Description = "Where to write the HTML report.", DefaultValueFactory = _ => HtmlReportOutput.FileName };
        var command = new Command("report", "Draw report.html again from a run kept in a store: the overview, segment map, sizes and outcomes, what defines each segment, how k was chosen, risk and actions, and movement, as 'segment run' wrote them.")
        {
            store, asOfOption, output,
        };
        command.SetAction(parse =>
        {
            string storePath = parse.GetValue(store)!;
            string outPath = parse.GetValue(output)!;
            OutputSet.CheckPath(outPath, isFolder: false);
            DateOnly? asOf = parse.GetValue(asOfOption) is string text
                ? DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date)
                    ? date
                    : throw new CliUsageException($"--as-of must be a date written yyyy-MM-dd, but was '{text}'.")
                : null;
            if (Directory.Exists(storePath))
            {
                throw new SnapshotStoreException(storePath, $"--store '{storePath}' is a folder; give the store file 'segment run' wrote (for example {Path.Combine(storePath, RunCommand.DefaultStoreName)}).");
            }

            if (!File.Exists(storePath))
            {
                throw new SnapshotStoreException(storePath, $"The store '{storePath}' does not exist; give --store the file 'segment run' wrote (segmentation.db in its --out folder), or run 'segment run' first.");
            }

            var snapshots = new SqliteSnapshotStore(storePath);
            IReadOnlyList<SnapshotInfo> all = snapshots.ListSnapshotsAsync(context.CancellationToken).GetAwaiter().GetResult();
            SnapshotInfo? chosen = all.LastOrDefault(s => asOf is null || s.AsOf <= asOf);
            if (chosen is null)
            {
                throw new SnapshotStoreException(storePath, all.Count == 0
                    ? $"The store '{storePath}' holds no snapshot yet; run 'segment run' with --store {storePath} first."
                    : $"The store '{storePath}' has no snapshot on or before {asOf:yyyy-MM-dd} (its first is of {all[0].AsOf:yyyy-MM-dd}); give a later --as-of.");
            }

            string json = snapshots.GetReportDataAsync(chosen.Key, context.CancellationToken).GetAwaiter().GetResult()
                ?? throw new SnapshotStoreException(storePath, $"The snapshot of {chosen.AsOf:yyyy-MM-dd} in '{storePath}' was stored by an older version of segment, without report data; rerun 'segment run' for that date (--as-of {chosen.AsOf:yyyy-MM-dd}) to draw its report.");
            ReportData data;
            try
            {
                data = ReportData.FromJson(json);
            }
            catch (FormatException e)
            {
                throw new SnapshotStoreException(storePath, $"The report data of the snapshot of {chosen.AsOf:yyyy-MM-dd} in '{storePath}' cannot be read: {e.Message}");
            }

            using (var outputs = new OutputSet())
            {
                HtmlReportOutput.WriteHtml(outputs, outPath, data);
                outputs.Commit();
            }

            context.Out.WriteLine($"Wrote {outPath}: the run of {chosen.AsOf:yyyy-MM-dd} (model {chosen.ModelVersion}, {data.Customers:N0} customers in {data.Segments.Count} segments).");
            return ExitCodes.Success;
        });
        return command;
    }
}
