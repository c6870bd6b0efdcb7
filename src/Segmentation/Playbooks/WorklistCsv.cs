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
        WriteRows(writer, [worklist.Rows], null);
    }

    /// <summary>Writes the rows that did not fit (every role's <see cref="RoleOverflow.Rows"/>, in role order), with the same columns.</summary>
    public static void WriteOverflow(TextWriter writer, Worklist worklist)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(worklist);
        WriteRows(writer, [.. worklist.Overflow.Select(o => o.Rows)], null);
    }

    /// <summary>How many rows' reasons are worded together, on both cores, before they are written.</summary>
    private const int WordingBlock = 32_768;

    /// <summary>Writes the header and the rows of <paramref name="lists"/> one list after the other; <paramref name="written"/> is told after each row how many are written, of how many.</summary>
    internal static void WriteRows(TextWriter writer, IReadOnlyList<IReadOnlyList<WorklistRow>> lists, Action<int, int>? written)
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
            int total = lists.Sum(l => l.Count);
            int done = 0;
            foreach (IReadOnlyList<WorklistRow> rows in lists)
            {
                if (rows is PlannedRows planned)
                {
                    WritePlanned(csv, planned, total, ref done, written);
                    continue;
                }

                var reasons = new string[Math.Min(WordingBlock, rows.Count)];
                for (int r = 0; r < rows.Count; r++)
                {
                    if (r % WordingBlock == 0)
                    {
                        // Reasons worded when first read (PlannedAction.Reason) are worded a block at a time on both cores.
                        int start = r;
                        Scoring.CustomerLoop.For(Math.Min(WordingBlock, rows.Count - start), i => reasons[i] = rows[start + i].Action.PeekReason(), CancellationToken.None);
                    }

                    WriteRow(csv, rows[r], reasons[r % WordingBlock]);
                    written?.Invoke(++done, total);
                }
            }
        }

        writer.Flush();
    }

    /// <summary>
    /// Writes the planner's rows from its columns: the reasons of a block are worded on both cores into one text buffer
    /// per core, then every field is written from the facts and the matched plan. No row, action or reason object
    /// is made, so nothing per row outlives its block (kept rows were promoted by every collection while writing).
    /// </summary>
    private static void WritePlanned(CsvRowBuffer csv, PlannedRows rows, int total, ref int done, Action<int, int>? written)
    {
        PlaybookMatches matches = rows.Matches;
        FactTable facts = matches.Facts;
        int block = Math.Min(WordingBlock, rows.Count);
        var offsets = new int[block];
        var lengths = new int[block];
        var partOf = new int[block];
        int maxParts = Math.Max(1, Environment.ProcessorCount);
        var texts = new System.Text.StringBuilder[maxParts];
        var chars = new char[maxParts][];
        for (int start = 0; start < rows.Count; start += block)
        {
            int count = Math.Min(block, rows.Count - start);
            int parts = Math.Clamp(count / 4096, 1, maxParts);
            int first = start;
            Scoring.CustomerLoop.ForParts(count, parts, (part, from, to) =>
            {
                System.Text.StringBuilder text = texts[part] ??= new System.Text.StringBuilder(1 << 16);
                text.Clear();
                for (int i = from; i < to; i++)
                {
                    WorklistPlanner.Candidate c = rows.Candidate(first + i);
                    ActionPlan plan = matches.Plans[c.Set];
                    offsets[i] = text.Length;
                    partOf[i] = part;
                    plan.Primary(c.Group).Playbook.Action.Reason.AppendTo(text, facts, c.Row, rows.WithDrivers);
                    lengths[i] = text.Length - offsets[i];
                }

                char[] copy = chars[part] is { } kept && kept.Length >= text.Length ? kept : chars[part] = new char[Math.Max(text.Length, 1 << 16)];
                text.CopyTo(0, copy, text.Length);
            }, CancellationToken.None);

            for (int i = 0; i < count; i++)
            {
                WorklistPlanner.Candidate c = rows.Candidate(start + i);
                int row = c.Row;
                ActionPlan plan = matches.Plans[c.Set];
                (int from, int to) = plan.Group(c.Group);
                (Playbook playbook, DateOnly due) = plan[from];
                csv.Field(start + i + 1);
                csv.Field(facts.CustomerId(row));
                csv.Field(PlaybookTerms.Name(playbook.Action.Owner));
                csv.Field(playbook.Action.Name);
                csv.Field(PlaybookTerms.Name(playbook.Action.Channel));
                csv.BeginField().Append(due).EndField();
                csv.Field(chars[partOf[i]].AsSpan(offsets[i], lengths[i]));
                csv.Field(playbook.Name);
                csv.Field(facts.Segment(row));
                csv.JoinedField(facts.Triggers(row));
                csv.Field(facts.ChurnProbability(row));
                csv.Field(Band(facts.ChurnBand(row)));
                csv.Field(facts.ExpansionProbability(row));
                csv.Field(Band(facts.ExpansionBand(row)));
                csv.Field(facts.Value(row));
                csv.Field(c.AtStake is double p ? Math.Round(p, 2) : null);
                csv.BeginField();
                for (int o = from + 1; o < to; o++)
                {
                    (Playbook other, DateOnly otherDue) = plan[o];
                    AppendOther(csv, o > from + 1, other.Action.Name, other.Action.Channel, otherDue);
                }

                csv.EndField();
                csv.EndRow();
                written?.Invoke(++done, total);
            }
        }
    }

    /// <summary>One entry of the <c>also</c> column: <c>Action (channel, due yyyy-MM-dd)</c>, after "; " when not the first.</summary>
    private static void AppendOther(CsvRowBuffer csv, bool separator, string name, ActionChannel channel, DateOnly due)
    {
        if (separator)
        {
            csv.Append("; ");
        }

        csv.Append(name).Append(" (").Append(PlaybookTerms.Name(channel)).Append(", due ").Append(due).Append(')');
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
        csv.Field(row.ChurnBand ?? string.Empty);
        csv.Field(row.ExpansionProbability);
        csv.Field(row.ExpansionBand ?? string.Empty);
        csv.Field(row.Value);
        csv.Field(row.Priority is double p ? Math.Round(p, 2) : null);
        csv.BeginField();
        for (int o = 0; o < row.OtherActions.Count; o++)
        {
            PlannedAction other = row.OtherActions[o];
            AppendOther(csv, o > 0, other.Name, other.Channel, other.Due);
        }

        csv.EndField();
        csv.EndRow();
    }

    private static string Band(ScoreBand? band) => ScoreBandText.Of(band) ?? string.Empty;
}
