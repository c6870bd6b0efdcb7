using Segmentation.Data;
using Segmentation.Migration;

namespace Segmentation.Cli.Output;

/// <summary>The alerts of <c>segment run</c>: printed (the first few) and written to alerts.csv.</summary>
internal static class RunAlerts
{
    private const int Shown = 10;

    public static void Write(OutputSet outputs, TextWriter output, string path, IReadOnlyList<SegmentAlert> alerts)
    {
        WriteFile(outputs, path, alerts);
        WriteSummary(output, alerts);
    }

    /// <summary>alerts.csv: <c>rule,customer_id,from,to,value,message</c>, an unknown value left empty.</summary>
    public static void WriteFile(OutputSet outputs, string path, IReadOnlyList<SegmentAlert> alerts) => outputs.WriteText(path, writer =>
    {
        writer.WriteLine("rule,customer_id,from,to,value,message");
        foreach (SegmentAlert a in alerts)
        {
            writer.WriteLine(string.Join(',', new[] { a.Rule, a.CustomerId, a.From, a.To, MigrationOutputs.Value(a.Value), a.Message }.Select(CsvTable.Quote)));
        }
    });

    /// <summary>Prints the number of alerts and the first few.</summary>
    public static void WriteSummary(TextWriter output, IReadOnlyList<SegmentAlert> alerts)
    {
        output.WriteLine(alerts.Count == 0 ? "No alerts." : $"{alerts.Count} alert(s), for example:");
        foreach (SegmentAlert alert in alerts.Take(Shown))
        {
            output.WriteLine($"  [{alert.Rule}] {alert.Message}");
        }
    }
}
