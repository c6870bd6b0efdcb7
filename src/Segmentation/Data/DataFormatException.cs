namespace Segmentation.Data;

/// <summary>
/// Input data that cannot be read: names the source, the line (the header is line 1), the column, and how to fix it.
/// A column named by the caller (an option such as <c>--id-column</c>) that is not in the header is one too: then
/// <see cref="Option"/> names the option and the message lists the columns that do exist.
/// </summary>
public sealed class DataFormatException : FormatException
{
    /// <summary>Creates an exception for a problem at a line (and optionally a column) of a source.</summary>
    /// <param name="source">The file name or other description of the input.</param>
    /// <param name="line">The 1-based line number (the header is line 1), or 0 when not tied to a line.</param>
    /// <param name="column">The column name, when the problem is in one cell.</param>
    /// <param name="problem">What is wrong and how to fix it, as one sentence.</param>
    public DataFormatException(string source, int line, string? column, string problem)
        : base(Format(source, line, column, problem))
    {
        SourceName = source;
        Line = line;
        Column = column;
        Problem = problem;
    }

    /// <summary>The file name or description of the input.</summary>
    public string SourceName { get; }

    /// <summary>The 1-based line number, counting the header as line 1 (0 when not tied to a line).</summary>
    public int Line { get; }

    /// <summary>The column name, when the problem is in one cell.</summary>
    public string? Column { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }

    /// <summary>
    /// The option or parameter that named <see cref="Column"/> when the problem is that the input has no such column
    /// (the caller asked for a column that is not there); otherwise <see langword="null"/>.
    /// </summary>
    public string? Option { get; private init; }

    /// <summary>A column named by <paramref name="option"/> is not in the header of <paramref name="source"/>; the message lists <paramref name="available"/>.</summary>
    internal static DataFormatException ColumnNotFound(string source, string column, string option, IEnumerable<string> available)
    {
        string columns = string.Join(", ", available);
        return new DataFormatException(
            $"{option} names the column '{column}', which is not in {source}; the columns are: {columns}.",
            source,
            column,
            $"{option} names the column '{column}', which is not in the header; the columns are: {columns}.")
        {
            Option = option,
        };
    }

    // A missing named column keeps the message it had as its own exception type: it starts with the option, as usage errors do.
    private DataFormatException(string message, string source, string column, string problem)
        : base(message)
    {
        SourceName = source;
        Line = 1;
        Column = column;
        Problem = problem;
    }

    private static string Format(string source, int line, string? column, string problem)
    {
        string where = line > 0 ? $"{source}, line {line}" : source;
        if (column is not null)
        {
            where += $", column '{column}'";
        }

        return $"{where}: {problem}";
    }
}
