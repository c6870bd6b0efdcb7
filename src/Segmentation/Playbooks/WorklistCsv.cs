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
/// when ARR is unknown); <c>churn_probability</c> and <c>expansion_probability</c> are rounded to four decimals.
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

    /// <summary>Writes the header and the rows of <paramref name="lists"/> one list after the other; <paramref name="written"/> is told after each row how many are written, of how many.</summary>
    internal static void WriteRows(TextWriter writer, IReadOnlyList<IReadOnlyList<WorklistRow>> lists, Action<int, int>? written)
    {
        // Straight into pooled buffers, quoted as CsvHelper quoted these files (a space at either end also quotes):
        // at 1,000,000 customers a string per field and per row is work the garbage collector then has to do.
        using (var header = new CsvRowBuffer(writer, CsvQuoting.SeparatorsAndEdgeSpaces))
        {
            foreach (string column in Columns)
            {
                header.Field(column);
            }

            header.EndRow();
        }

        int total = lists.Sum(l => l.Count);
        int done = 0;
        foreach (IReadOnlyList<WorklistRow> rows in lists)
        {
            // Rows (and their reasons) are formatted a block at a time on every core, then written in rank order.
            Action<CsvRowBuffer, int, int> format = rows is PlannedRows planned
                ? FormatPlanned(planned, PlanFields.Of(planned.Matches))
                : (csv, from, to) =>
                {
                    for (int r = from; r < to; r++)
                    {
                        WorklistRow row = rows[r];
                        WriteRow(csv, row, row.Action.PeekReason());
                    }
                };
            int before = done;
            CsvRowBuffer.WriteBlocks(writer, CsvQuoting.SeparatorsAndEdgeSpaces, "\n", rows.Count, format, written is null ? null : r => written(before + r, total));
            done += rows.Count;
        }

        writer.Flush();
    }

    private static Action<CsvRowBuffer, int, int> FormatPlanned(PlannedRows rows, PlanFields shared)
        => (csv, from, to) => WritePlanned(csv, rows, shared, from, to);

    /// <summary>
    /// Writes rows [<paramref name="from"/>, <paramref name="to"/>) of the planner's rows from its columns: every field
    /// from the facts and the matched plan, the reason worded into one builder. No row, action or reason object is
    /// made, so nothing per row outlives its block (kept rows were promoted by every collection while writing).
    /// </summary>
    private static void WritePlanned(CsvRowBuffer csv, PlannedRows rows, PlanFields shared, int from, int to)
    {
        PlaybookMatches matches = rows.Matches;
        FactTable facts = matches.Facts;
        var reason = new System.Text.StringBuilder(256);
        for (int index = from; index < to; index++)
        {
            // The rows are in rank order, far apart in memory: the cells of the rows a few places on are asked for now
            // (the first few rows of a part go unasked: a part is thousands of rows).
            if (index + PrefetchRows < to)
            {
                Prefetch(rows, facts, index + PrefetchRows);
            }

            if (index + (PrefetchRows / 2) < to)
            {
                facts.PrefetchReferenced(rows.Candidate(index + (PrefetchRows / 2)).Row);
            }

            WorklistPlanner.Candidate c = rows.Candidate(index);
            int row = c.Row;
            ActionPlan plan = matches.Plans[c.Set];
            Playbook playbook = plan[plan.Group(c.Group).Start].Playbook;
            GroupFields group = shared.Of(c.Set, c.Group);
            csv.Field(index + 1);
            csv.Field(facts.CustomerId(row));
            csv.Fields(group.Action);
            reason.Clear();
            playbook.Action.Reason.AppendTo(reason, facts, row, rows.WithDrivers);
            csv.BeginField();
            foreach (ReadOnlyMemory<char> chunk in reason.GetChunks())
            {
                csv.Append(chunk.Span);
            }

            csv.EndField();
            csv.Fields(group.Playbook);
            csv.Field(facts.Segment(row));
            csv.JoinedField(facts.Triggers(row));
            csv.Field(Rounded(facts.ChurnProbability(row)));
            csv.Field(Band(facts.ChurnBand(row)));
            csv.Field(Rounded(facts.ExpansionProbability(row)));
            csv.Field(Band(facts.ExpansionBand(row)));
            csv.Field(facts.Value(row));
            csv.Field(c.AtStake is double p ? Math.Round(p, 2) : null);
            csv.Fields(group.Also);
            csv.EndRow();
        }
    }

    /// <summary>The fields of a row that depend only on its matched set and owner group, formatted once per group.</summary>
    /// <param name="Action">owner, action, channel and due of the primary action.</param>
    /// <param name="Playbook">The primary action's playbook.</param>
    /// <param name="Also">The group's other actions.</param>
    private sealed record GroupFields(string Action, string Playbook, string Also);

    /// <summary>
    /// Every group's <see cref="GroupFields"/> of one run's matches: a million rows share a few dozen groups, so
    /// these six fields are formatted and checked for quoting once per group instead of once per row.
    /// </summary>
    private sealed class PlanFields(GroupFields[][] fields)
    {
        public GroupFields Of(int set, int group) => fields[set][group];

        public static PlanFields Of(PlaybookMatches matches)
            => new([.. matches.Plans.Select(plan => Enumerable.Range(0, plan.GroupCount).Select(group => FieldsOf(plan, group)).ToArray())]);

        private static GroupFields FieldsOf(ActionPlan plan, int group)
        {
            (int first, int end) = plan.Group(group);
            (Playbook playbook, DateOnly due) = plan[first];
            return new GroupFields(
                Format(csv =>
                {
                    csv.Field(PlaybookTerms.Name(playbook.Action.Owner));
                    csv.Field(playbook.Action.Name);
                    csv.Field(PlaybookTerms.Name(playbook.Action.Channel));
                    csv.Field(due);
                }),
                Format(csv => csv.Field(playbook.Name)),
                Format(csv =>
                {
                    csv.BeginField();
                    for (int o = first + 1; o < end; o++)
                    {
                        (Playbook other, DateOnly otherDue) = plan[o];
                        AppendOther(csv, o > first + 1, other.Action.Name, other.Action.Channel, otherDue);
                    }

                    csv.EndField();
                }));
        }

        private static string Format(Action<CsvRowBuffer> fields) => CsvRowBuffer.Format(CsvQuoting.SeparatorsAndEdgeSpaces, fields);
    }

    /// <summary>
    /// How many rows ahead of the one formatted the facts are asked for (<see cref="FactTable.Prefetch"/>); what their
    /// slots point to is asked for half as far ahead (<see cref="FactTable.PrefetchReferenced"/>).
    /// </summary>
    private const int PrefetchRows = 16;

    /// <summary>
    /// Asks for the facts of row <paramref name="index"/>; what drivers are worded from only when its reason words them
    /// (not, say, a win-back sequence's).
    /// </summary>
    private static void Prefetch(PlannedRows rows, FactTable facts, int index)
    {
        WorklistPlanner.Candidate c = rows.Candidate(index);
        bool drivers = rows.WithDrivers && rows.Matches.Plans[c.Set].Primary(c.Group).Playbook.Action.Reason.UsesDrivers;
        facts.Prefetch(c.Row, drivers);
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
        csv.Field(row.Due);
        csv.Field(reason);
        csv.Field(row.Action.Playbook);
        csv.Field(row.Segment);
        csv.JoinedField(row.Triggers);
        csv.Field(Rounded(row.ChurnProbability));
        csv.Field(row.ChurnBand ?? string.Empty);
        csv.Field(Rounded(row.ExpansionProbability));
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

    /// <summary>
    /// A probability to four decimals, as assignments.csv writes scores: enough to rank by and read, and (with at most
    /// four decimals) formatted from an integer instead of by the shortest round-trip search, once per row and scorer.
    /// </summary>
    private static double? Rounded(double? probability) => probability is double p ? Math.Round(p, ProbabilityDecimals) : null;

    /// <summary>The decimals of <c>churn_probability</c> and <c>expansion_probability</c>.</summary>
    public const int ProbabilityDecimals = 4;
}
