using System.Globalization;
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
        WriteRows(writer, worklist.Rows);
    }

    /// <summary>Writes the rows that did not fit (every role's <see cref="RoleOverflow.Rows"/>, in role order), with the same columns.</summary>
    public static void WriteOverflow(TextWriter writer, Worklist worklist)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(worklist);
        WriteRows(writer, worklist.Overflow.SelectMany(o => o.Rows));
    }

    private static void WriteRows(TextWriter writer, IEnumerable<WorklistRow> rows)
    {
        using var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\n" }, leaveOpen: true);
        foreach (string column in Columns)
        {
            csv.WriteField(column);
        }

        csv.NextRecord();
        foreach (WorklistRow row in rows)
        {
            csv.WriteField(row.Rank.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(row.CustomerId);
            csv.WriteField(PlaybookTerms.Name(row.Owner));
            csv.WriteField(row.Action.Name);
            csv.WriteField(PlaybookTerms.Name(row.Action.Channel));
            csv.WriteField(Date(row.Due));
            csv.WriteField(row.Why);
            csv.WriteField(row.Action.Playbook);
            csv.WriteField(row.Segment);
            csv.WriteField(string.Join("; ", row.Triggers));
            csv.WriteField(Number(row.ChurnProbability));
            csv.WriteField(row.ChurnBand?.ToString().ToLowerInvariant() ?? string.Empty);
            csv.WriteField(Number(row.ExpansionProbability));
            csv.WriteField(row.ExpansionBand?.ToString().ToLowerInvariant() ?? string.Empty);
            csv.WriteField(Number(row.Value));
            csv.WriteField(row.Priority is double p ? Math.Round(p, 2).ToString(CultureInfo.InvariantCulture) : string.Empty);
            csv.WriteField(string.Join("; ", row.OtherActions.Select(a => $"{a.Name} ({PlaybookTerms.Name(a.Channel)}, due {Date(a.Due)})")));
            csv.NextRecord();
        }

        csv.Flush();
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Number(double? value) => value is double v ? v.ToString(CultureInfo.InvariantCulture) : string.Empty;
}
