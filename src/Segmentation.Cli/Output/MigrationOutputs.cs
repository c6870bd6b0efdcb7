using System.Globalization;
using Segmentation.Migration;

namespace Segmentation.Cli.Output;

/// <summary>Writes migration results: the transitions CSV and a short summary.</summary>
internal static class MigrationOutputs
{
    private const int FlowsShown = 8;

    public static void WriteTransitions(OutputSet outputs, string path, SegmentTransitions transitions, bool includeValue) => outputs.WriteText(path, writer =>
    {
        writer.WriteLine(includeValue ? "from,to,customers,arr" : "from,to,customers");
        foreach (Transition t in transitions.Transitions)
        {
            string row = $"{OutputFiles.Field(t.From)},{OutputFiles.Field(t.To)},{t.Customers.ToString(CultureInfo.InvariantCulture)}";
            writer.WriteLine(includeValue ? $"{row},{t.Value.ToString("R", CultureInfo.InvariantCulture)}" : row);
        }
    });

    public static void WriteSummary(TextWriter output, SegmentTransitions transitions)
    {
        int customers = transitions.Transitions.Where(t => t.To != SegmentTransitions.Gone).Sum(t => t.Customers);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{customers} customers now; stability {100 * transitions.Stability:0.0}% (share of returning customers who kept their segment)."));
        foreach (Transition t in transitions.Transitions.Where(t => t.From != t.To).OrderByDescending(t => t.Customers).ThenBy(t => t.From, StringComparer.Ordinal).Take(FlowsShown))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {t.From} -> {t.To}: {t.Customers} customers, value {t.Value:N0}"));
        }
    }
}
