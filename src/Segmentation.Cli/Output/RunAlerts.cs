using System.Globalization;
using Segmentation.Migration;

namespace Segmentation.Cli.Output;

/// <summary>The alerts of <c>segment run</c>: printed (the first few) and written to alerts.csv.</summary>
internal static class RunAlerts
{
    private const int Shown = 10;

    public static void Write(OutputSet outputs, TextWriter output, string path, IReadOnlyList<SegmentAlert> alerts)
    {
        outputs.WriteText(path, writer =>
        {
            writer.WriteLine("rule,customer_id,from,to,value,message");
            foreach (SegmentAlert a in alerts)
            {
                writer.WriteLine(string.Join(',', new[] { a.Rule, a.CustomerId, a.From, a.To, a.Value.ToString("R", CultureInfo.InvariantCulture), a.Message }.Select(OutputFiles.Field)));
            }
        });

        output.WriteLine(alerts.Count == 0 ? "No alerts." : $"{alerts.Count} alert(s), for example:");
        foreach (SegmentAlert alert in alerts.Take(Shown))
        {
            output.WriteLine($"  [{alert.Rule}] {alert.Message}");
        }
    }
}
