using System.Globalization;

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
internal static class WorklistCsv
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
        // Straight into one pooled buffer, quoted as CsvHelper quoted these files (a space at either end also quotes):
        // at 1,000,000 customers a string per field and per row is work the garbage collector then has to do.
        using (var csv = new CsvRowBuffer(writer, CsvQuoting.SeparatorsAndEdgeSpaces))
        {
            foreach (string column in Columns)
            {
                csv.Field(column);
            }

            csv.EndRow();
            var block = new WorklistRow[Math.Min(WordingBlock, rows.Count)];
            var reasons = new string[block.Length];
            for (int r = 0; r < rows.Count; r++)
            {
                if (r % WordingBlock == 0)
                {
                    // The rows of the pipeline's worklist are built when read, and their reasons worded when read
                    // (PlannedAction.Reason): build and word the next block on both cores, then write it in order. Neither
                    // is kept, so they die young.
                    int start = r;
                    Scoring.CustomerLoop.For(Math.Min(WordingBlock, rows.Count - start), i =>
                    {
                        WorklistRow row = rows[start + i];
                        block[i] = row;
                        reasons[i] = row.Action.PeekReason();
                    }, CancellationToken.None);
                }

                WriteRow(csv, block[r % WordingBlock], reasons[r % WordingBlock]);
                written?.Invoke(r + 1, rows.Count);
            }
        }

        writer.Flush();
    }

    private static void WriteRow(CsvRowBuffer csv, WorklistRow row, string reason)
    {
        csv.Field(row.Rank);
        csv.Field(row.CustomerId);
        csv.Field(PlaybookTerms.Name(row.Owner));
        csv.Field(row.Action.Name);
        csv.Field(PlaybookTerms.Name(row.Action.Channel));
        csv.BeginField().Append(row.Due).EndField();
        csv.Field(reason);
        csv.Field(row.Action.Playbook);
        csv.Field(row.Segment);
        csv.JoinedField(row.Triggers);
        csv.Field(row.ChurnProbability);
        csv.Field(Band(row.ChurnBand));
        csv.Field(row.ExpansionProbability);
        csv.Field(Band(row.ExpansionBand));
        csv.Field(row.Value);
        csv.Field(row.Priority is double p ? Math.Round(p, 2) : null);
        csv.BeginField();
        for (int o = 0; o < row.OtherActions.Count; o++)
        {
            PlannedAction other = row.OtherActions[o];
            if (o > 0)
            {
                csv.Append("; ");
            }

            csv.Append(other.Name).Append(" (").Append(PlaybookTerms.Name(other.Channel)).Append(", due ").Append(other.Due).Append(')');
        }

        csv.EndField();
        csv.EndRow();
    }

    private static string Band(ScoreBand? band) => band switch
    {
        null => string.Empty,
        ScoreBand.Low => "low",
        ScoreBand.Medium => "medium",
        ScoreBand.High => "high",
        _ => band.Value.ToString().ToLowerInvariant(),
    };
}
