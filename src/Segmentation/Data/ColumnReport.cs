using System.Text;
using System.Text.Json;

namespace Segmentation.Data;

/// <summary>What became of one input column.</summary>
public enum ColumnRole
{
    /// <summary>A number, used as it is.</summary>
    Numeric,

    /// <summary>A yes/no (or 0/1) column, used as 1/0.</summary>
    YesNo,

    /// <summary>A text column one-hot encoded, one feature per level.</summary>
    OneHot,

    /// <summary>The id column: not a feature.</summary>
    Id,

    /// <summary>The outcome column: not a feature.</summary>
    Outcome,

    /// <summary>Left out by the caller.</summary>
    Excluded,

    /// <summary>Left out: every cell is missing.</summary>
    AllMissing,

    /// <summary>Left out: dates (derive a number such as tenure from them).</summary>
    Date,

    /// <summary>Left out: text that cannot be encoded (names, free text, too many distinct values).</summary>
    Text,
}

/// <summary>One input column in a <see cref="ColumnReport"/>.</summary>
/// <param name="Column">The column name, as in the header.</param>
/// <param name="Role">How the column was read.</param>
/// <param name="Features">The features made from it (empty when it was left out).</param>
/// <param name="Levels">For a one-hot column, its levels (including <c>other</c> when rare levels were pooled); otherwise empty.</param>
/// <param name="MissingCells">Cells read as missing (empty cells and missing tokens; not counting <paramref name="InvalidCells"/>).</param>
/// <param name="InvalidCells">Cells of a numeric column that were not numbers and were read as missing.</param>
/// <param name="Reason">Why the column was left out; <see langword="null"/> when it is used.</param>
public sealed record ColumnReportEntry(
    string Column,
    ColumnRole Role,
    IReadOnlyList<string> Features,
    IReadOnlyList<string> Levels,
    int MissingCells,
    int InvalidCells,
    string? Reason)
{
    /// <summary>Whether the column became one or more features.</summary>
    public bool Used => Features.Count > 0;
}

/// <summary>
/// Every column of an input file: the ones used as features (with their kind and the count of missing and invalid
/// cells) and the ones left out (with the reason), so that nothing is dropped silently. Written as <c>columns.json</c>.
/// </summary>
/// <remarks>Immutable and safe to share between threads.</remarks>
public sealed class ColumnReport
{
    /// <summary>Creates a report.</summary>
    /// <param name="source">The file name or description of the input.</param>
    /// <param name="rowCount">The number of data rows read.</param>
    /// <param name="columns">One entry per input column, in file order.</param>
    public ColumnReport(string source, int rowCount, IEnumerable<ColumnReportEntry> columns)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(columns);
        Source = source;
        RowCount = rowCount;
        Columns = [.. columns];
    }

    /// <summary>The file name or description of the input.</summary>
    public string Source { get; }

    /// <summary>The number of data rows read.</summary>
    public int RowCount { get; }

    /// <summary>Every column, in file order.</summary>
    public IReadOnlyList<ColumnReportEntry> Columns { get; }

    /// <summary>The columns that became features.</summary>
    public IEnumerable<ColumnReportEntry> Used => Columns.Where(c => c.Used);

    /// <summary>The columns that did not become features.</summary>
    public IEnumerable<ColumnReportEntry> LeftOut => Columns.Where(c => !c.Used);

    /// <summary>The name of a role in JSON and messages: <c>numeric</c>, <c>yes/no</c>, <c>one-hot</c>, <c>id</c>, <c>outcome</c>, <c>excluded</c>, <c>all-missing</c>, <c>date</c>, <c>text</c>.</summary>
    public static string RoleName(ColumnRole role) => role switch
    {
        ColumnRole.Numeric => "numeric",
        ColumnRole.YesNo => "yes/no",
        ColumnRole.OneHot => "one-hot",
        ColumnRole.Id => "id",
        ColumnRole.Outcome => "outcome",
        ColumnRole.Excluded => "excluded",
        ColumnRole.AllMissing => "all-missing",
        ColumnRole.Date => "date",
        _ => "text",
    };

    /// <summary>Writes the report as a JSON object: <c>source</c>, <c>rows</c>, and <c>columns</c> with one object per column.</summary>
    /// <remarks>
    /// Each column object has <c>column</c>, <c>used</c>, <c>kind</c> (see <see cref="RoleName"/>), <c>features</c>,
    /// <c>levels</c> (one-hot only), <c>missing</c>, <c>invalid</c> and, when left out, <c>reason</c>.
    /// </remarks>
    public void WriteJson(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("source", Source);
        writer.WriteNumber("rows", RowCount);
        writer.WriteStartArray("columns");
        foreach (ColumnReportEntry column in Columns)
        {
            writer.WriteStartObject();
            writer.WriteString("column", column.Column);
            writer.WriteBoolean("used", column.Used);
            writer.WriteString("kind", RoleName(column.Role));
            writer.WriteStartArray("features");
            foreach (string feature in column.Features)
            {
                writer.WriteStringValue(feature);
            }

            writer.WriteEndArray();
            if (column.Role == ColumnRole.OneHot)
            {
                writer.WriteStartArray("levels");
                foreach (string level in column.Levels)
                {
                    writer.WriteStringValue(level);
                }

                writer.WriteEndArray();
            }

            writer.WriteNumber("missing", column.MissingCells);
            writer.WriteNumber("invalid", column.InvalidCells);
            if (column.Reason is not null)
            {
                writer.WriteString("reason", column.Reason);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>The report as indented JSON text.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            WriteJson(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes the report to <paramref name="path"/> as indented JSON (UTF-8), replacing the file.</summary>
    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        File.WriteAllText(path, ToJson() + Environment.NewLine);
    }
}
