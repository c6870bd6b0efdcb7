using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace Segmentation.Playbooks;

/// <summary>
/// Writes the worklist as CSV (RFC 4180 quoting, invariant culture, empty cell for an absent value), so that a host
/// app and the <c>segment</c> command write the same file.
/// </summary>
/// <remarks>
/// Columns: <c>rank, customer_id, owner, action, channel, due, why, playbook, segment, triggers, churn_probability,
/// churn_band, expansion_probability, expansion_band, arr, priority, also</c>. <c>due</c> is <c>yyyy-MM-dd</c>;
/// <c>triggers</c> are joined with <c>"; "</c>; <c>also</c> lists the row's other actions as
/// <c>Action (channel, due yyyy-MM-dd)</c> joined with <c>"; "</c>; <c>priority</c> is the value at stake (empty
/// when ARR is unknown).
/// </remarks>
public static class WorklistCsv
{
    /// <summary>The header row.</summary>
    public static IReadOnlyList<string> Columns { get; } =
        ["rank", "customer_id", "owner", "action", "channel", "due", "why", "playbook", "segment", "triggers", "churn_probability", "churn_band", "expansion_probability", "expansion_band", "arr", "priority", "also"];

    /// <summary>Writes the rows that fit (<see cref="Worklist.Rows"/>).</summary>
    public static void Write(TextWriter writer, Worklist worklist)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(worklist);
        WriteRows(writer, worklist.Rows, null);
    }

    /// <summary>Writes the rows that did not fit (every role's <see cref="RoleOverflow.Rows"/>, in role order), with the same columns.</summary>
    public static void WriteOverflow(TextWriter writer, Worklist worklist)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(worklist);
        WriteRows(writer, [.. worklist.Overflow.SelectMany(o => o.Rows)], null);
    }

    /// <summary>How many rows' reasons are worded together, on both cores, before they are written.</summary>
    private const int WordingBlock = 32_768;

    /// <summary>Writes the header and <paramref name="rows"/>; <paramref name="written"/> is told after each row how many are written, of how many.</summary>
    internal static void WriteRows(TextWriter writer, IReadOnlyList<WorklistRow> rows, Action<int, int>? written)
    {
        using var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\n" }, leaveOpen: true);
        foreach (string column in Columns)
        {
            csv.WriteField(column);
        }

        csv.NextRecord();
        var also = new StringBuilder();
        var reasons = new string[Math.Min(WordingBlock, rows.Count)];
        for (int r = 0; r < rows.Count; r++)
        {
            if (r % WordingBlock == 0)
            {
                // The reasons are worded when first read (PlannedAction.Reason): word the next block on both cores, then
                // write it in order. They are not kept on the rows, so they die young.
                int start = r;
                Scoring.CustomerLoop.For(Math.Min(WordingBlock, rows.Count - start), i => reasons[i] = rows[start + i].Action.PeekReason(), CancellationToken.None);
            }

            WorklistRow row = rows[r];
            csv.WriteField(row.Rank.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(row.CustomerId);
            csv.WriteField(PlaybookTerms.Name(row.Owner));
            csv.WriteField(row.Action.Name);
            csv.WriteField(PlaybookTerms.Name(row.Action.Channel));
            csv.WriteField(Date(row.Due));
            csv.WriteField(reasons[r % WordingBlock]);
            csv.WriteField(row.Action.Playbook);
            csv.WriteField(row.Segment);
            csv.WriteField(row.Triggers.Count == 0 ? string.Empty : string.Join("; ", row.Triggers));
            csv.WriteField(Number(row.ChurnProbability));
            csv.WriteField(Band(row.ChurnBand));
            csv.WriteField(Number(row.ExpansionProbability));
            csv.WriteField(Band(row.ExpansionBand));
            csv.WriteField(Number(row.Value));
            csv.WriteField(row.Priority is double p ? Math.Round(p, 2).ToString(CultureInfo.InvariantCulture) : string.Empty);
            also.Clear();
            foreach (PlannedAction other in row.OtherActions)
            {
                if (also.Length > 0)
                {
                    also.Append("; ");
                }

                also.Append(other.Name).Append(" (").Append(PlaybookTerms.Name(other.Channel)).Append(", due ").Append(Date(other.Due)).Append(')');
            }

            csv.WriteField(also.ToString());
            csv.NextRecord();
            written?.Invoke(r + 1, rows.Count);
        }

        csv.Flush();
    }

    private static string Band(ScoreBand? band) => band switch
    {
        null => string.Empty,
        ScoreBand.Low => "low",
        ScoreBand.Medium => "medium",
        ScoreBand.High => "high",
        _ => band.Value.ToString().ToLowerInvariant(),
    };

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Number(double? value) => value is double v ? v.ToString(CultureInfo.InvariantCulture) : string.Empty;
}
