using System.Globalization;
using Segmentation.Data;
using Segmentation.Migration;

namespace Segmentation.Cli.Output;

/// <summary>Writes migration results: the transitions CSV and a short summary.</summary>
internal static class MigrationOutputs
{
    private const int FlowsShown = 8;

    /// <summary>Writes <c>from,to,customers[,arr]</c>; an unknown value (no value column) is an empty cell, not 0.</summary>
    public static void WriteTransitions(OutputSet outputs, string path, SegmentTransitions transitions, bool includeValue) => outputs.WriteText(path, writer =>
    {
        writer.WriteLine(includeValue ? "from,to,customers,arr" : "from,to,customers");
        foreach (Transition t in transitions.Transitions)
        {
            string row = $"{CsvTable.Quote(t.From)},{CsvTable.Quote(t.To)},{t.Customers.ToString(CultureInfo.InvariantCulture)}";
            writer.WriteLine(includeValue ? $"{row},{Value(t.Value)}" : row);
        }
    });

    /// <summary>A value cell: empty when unknown.</summary>
    public static string Value(double value) => double.IsNaN(value) ? string.Empty : value.ToString("R", CultureInfo.InvariantCulture);

    public static void WriteSummary(TextWriter output, SegmentTransitions transitions)
    {
        int customers = transitions.Transitions.Where(t => t.To != SegmentTransitions.Gone).Sum(t => t.Customers);
        string stability = double.IsNaN(transitions.Stability)
            ? "stability not measurable (no customer is in both snapshots)"
            : string.Create(CultureInfo.InvariantCulture, $"stability {100 * transitions.Stability:0.0}% (share of returning customers who kept their segment)");
        int fresh = transitions.Transitions.Where(t => t.From == SegmentTransitions.New).Sum(t => t.Customers);
        int gone = transitions.Transitions.Where(t => t.To == SegmentTransitions.Gone).Sum(t => t.Customers);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{customers} customers now ({fresh} new, {gone} gone since); {stability}."));
        foreach (Transition t in transitions.Transitions
            .Where(t => t.From != t.To && t.From != SegmentTransitions.New && t.To != SegmentTransitions.Gone)
            .OrderByDescending(t => t.Customers).ThenBy(t => t.From, StringComparer.Ordinal).Take(FlowsShown))
        {
            string value = double.IsNaN(t.Value) ? string.Empty : string.Create(CultureInfo.InvariantCulture, $", value {t.Value:N0}");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {t.From} -> {t.To}: {CustomerCount(t.Customers)}{value}"));
        }
    }

    /// <summary>What the retrain changed for today's customers (the model's doing, not theirs).</summary>
    public static void WriteResegmentation(TextWriter output, SegmentTransitions redrawn)
    {
        Transition[] changed = [.. redrawn.Transitions.Where(t => t.From != t.To && t.From != SegmentTransitions.New && t.To != SegmentTransitions.Gone)];
        int customers = redrawn.Transitions.Where(t => t.To != SegmentTransitions.Gone).Sum(t => t.Customers);
        int moved = changed.Sum(t => t.Customers);
        output.WriteLine(moved == 0
            ? "The new model places every customer in the same segment as the model of the previous snapshot."
            : string.Create(CultureInfo.InvariantCulture, $"The new model places {moved} of {customers} customers in another segment than the model of the previous snapshot (their data is the same; the boundaries moved). Movement below is measured with the model of the previous snapshot on both dates."));
        foreach (Transition t in changed.OrderByDescending(t => t.Customers).ThenBy(t => t.From, StringComparer.Ordinal).Take(5))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {t.From} -> {t.To}: {CustomerCount(t.Customers)}"));
        }
    }

    private static string CustomerCount(int customers) =>
        customers == 1 ? "1 customer" : string.Create(CultureInfo.InvariantCulture, $"{customers} customers");
}
