using System.CommandLine;
using System.Diagnostics;
using Segmentation.Migration;
using Segmentation.Pipeline;
using Segmentation.Reporting;

namespace Segmentation.Cli.Output;

/// <summary>report.html for <c>segment run</c> and <c>segment report</c>, written through the command's <see cref="OutputSet"/>, and the report data kept with each snapshot.</summary>
internal static class HtmlReportOutput
{
    /// <summary>The report's file name in the run's --out folder.</summary>
    public const string FileName = "report.html";

    /// <summary>
    /// Builds the report of a computed (not yet stored) run and stages report.html on a thread of its own, so that it
    /// runs beside the run's other files; the data is kept with the snapshot by <see cref="Store"/> once the run is committed.
    /// </summary>
    /// <returns>The report data and how long building and staging it took; faults with the exception <see cref="Write"/> throws.</returns>
    public static Task<(ReportData Data, TimeSpan Elapsed)> StartWrite(OutputSet outputs, string directory, TrackedRunResult pending, DateOnly asOf, string? valueFeature, ParseResult parse)
        // A thread of its own, not the pool's: the writers' parallel loops take the pool's threads meanwhile.
        => Task.Factory.StartNew(() =>
        {
            var watch = Stopwatch.StartNew();
            ReportData data = Write(outputs, directory, pending, asOf, valueFeature, parse);
            return (data, watch.Elapsed);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>Waits for a report started by <see cref="StartWrite"/> when something else failed: its own failure is not the one to report.</summary>
    public static void WaitQuietly(Task report)
    {
        try
        {
            report.Wait();
        }
        catch (AggregateException)
        {
            // Observed; the caller rethrows the failure that stopped the run.
        }
    }

    /// <summary>Builds the report of a computed (not yet stored) run and stages report.html.</summary>
    public static ReportData Write(OutputSet outputs, string directory, TrackedRunResult pending, DateOnly asOf, string? valueFeature, ParseResult parse)
    {
        ReportData data = SegmentationReport.Build(pending.Run, new ReportOptions
        {
            AsOf = asOf,
            ModelVersion = pending.ModelVersion,
            Command = CommandLine(parse),
            ValueFeature = valueFeature is not null && pending.Run.RawFeatures.Schema.IndexOf(valueFeature) >= 0 ? valueFeature : null,
            Transitions = pending.Transitions,
            PreviousAsOf = pending.Previous?.AsOf,
            Alerts = pending.Alerts,
        });
        WriteHtml(outputs, Path.Combine(directory, FileName), data);
        return data;
    }

    /// <summary>Stages the report at <paramref name="path"/>.</summary>
    public static void WriteHtml(OutputSet outputs, string path, ReportData data) => outputs.WriteFile(path, staged =>
    {
        using FileStream file = File.Create(staged);
        SegmentationReport.WriteHtml(data, file);
    });

    /// <summary>Keeps the report data with the stored snapshot, so that <c>segment report</c> can draw it again.</summary>
    public static void Store(ISnapshotStore store, string storePath, TrackedRunResult result, ReportData data, CancellationToken cancellationToken)
    {
        data.WithModelVersion(result.ModelVersion);
        try
        {
            store.SaveReportDataAsync(result.Current.Key, data.ToJson(), cancellationToken).GetAwaiter().GetResult();
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            throw new SnapshotStoreException(storePath, $"The outputs and the snapshot were written, but the report data could not be stored in '{storePath}' ({e.Message.TrimEnd('.')}); run again to store it.", e);
        }
    }

    /// <summary>The command as typed: <c>segment run --k 5</c>.</summary>
    public static string CommandLine(ParseResult parse) =>
        "segment " + string.Join(' ', parse.Tokens.Select(t => t.Value.Contains(' ', StringComparison.Ordinal) ? $"\"{t.Value}\"" : t.Value));
}
