using System.Globalization;
using Segmentation.Pipeline;
using Segmentation.Playbooks;

namespace Segmentation.Cli.Output;

/// <summary>What <c>segment run</c> prints after the segment table when the run has a daily step (after the scorers' holdout AUC, <c>SegmentationEngine.WriteTrainedScorers</c>): today's top actions and the overflow per owner role.</summary>
internal static class DailyOutputs
{
    /// <summary>How many actions are printed.</summary>
    public const int TopActions = 10;

    public static void WriteWorklist(TextWriter output, Worklist worklist, DailyRunOptions capacity)
    {
        string limits = string.Join(", ", capacity.LimitedRoles.Select(role => string.Create(CultureInfo.InvariantCulture,
            $"{PlaybookSet.NameOf(role)} {capacity.CapacityOf(role)} = {capacity.AccountsPerOwnerOf(role)} accounts x {capacity.OwnersOf(role)}")));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Today's top actions ({worklist.Rows.Count} on the worklist; capacity: {(limits.Length == 0 ? "none" : limits)}, other roles unlimited):"));
        if (worklist.Rows.Count == 0)
        {
            output.WriteLine("  (no playbook matched a customer today)");
        }
        else
        {
            string[] header = ["#", "Customer", "Owner", "Action", "Due", "ARR", "Why"];
            string[][] rows = [.. worklist.Rows.Take(TopActions).Select(r => new[]
            {
                r.Rank.ToString(CultureInfo.InvariantCulture), r.CustomerId, PlaybookSet.NameOf(r.Owner), r.Action.Name,
                r.Due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Money(r.Value), r.Why,
            })];
            int[] widths = [.. header.Select((h, j) => Math.Max(h.Length, rows.Max(r => r[j].Length)))];
            output.WriteLine(Line(header, widths));
            foreach (string[] row in rows)
            {
                output.WriteLine(Line(row, widths));
            }
        }

        foreach (RoleOverflow overflow in worklist.Overflow)
        {
            string role = PlaybookSet.NameOf(overflow.Owner);
            string without = overflow.WithoutValue > 0 ? string.Create(CultureInfo.InvariantCulture, $", {overflow.WithoutValue} without ARR") : string.Empty;
            output.WriteLine(overflow.Count == 0
                ? string.Create(CultureInfo.InvariantCulture, $"{role}: every row fits the capacity of {overflow.Capacity}.")
                : string.Create(CultureInfo.InvariantCulture, $"{role} over capacity ({overflow.Capacity}): {overflow.Count} more rows, {Money(overflow.Value)} ARR{without}; listed in {RunOutputs.OverflowFile}."));
        }
    }

    private static string Line(string[] cells, int[] widths)
        => ("  " + string.Join("  ", cells.Select((c, j) => j == cells.Length - 1 ? c : j == 0 || j == 5 ? c.PadLeft(widths[j]) : c.PadRight(widths[j])))).TrimEnd();

    private static string Money(double? value) => value is double v ? "$" + v.ToString("N0", CultureInfo.InvariantCulture) : "unknown";
}
