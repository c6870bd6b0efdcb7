namespace Segmentation.Data;

/// <summary>
/// A CSV file held as text cells with a header, remembering the line each row came from so that any later
/// error can name it. Use for customer exports with text, yes/no and numeric columns.
/// </summary>
/// <remarks>Immutable after loading and safe to share between threads.</remarks>
public sealed class CsvTable
{
    private readonly string[][] _rows;
    private readonly int[] _lines;
    private readonly Dictionary<string, int> _columnIndex;

    private CsvTable(string source, string[] header, string[][] rows, int[] lines)
    {
        SourceName = source;
        Header = header;
        _rows = rows;
        _lines = lines;
        _columnIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int j = 0; j < header.Length; j++)
        {
            _columnIndex[header[j]] = j;
        }
    }

    /// <summary>The file name or description used in messages.</summary>
    public string SourceName { get; }

    /// <summary>The column names, in file order.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>The number of data rows (not counting the header).</summary>
    public int RowCount => _rows.Length;

    /// <summary>The text of a cell (trimmed of nothing: exactly as in the file, quotes removed).</summary>
    public string Cell(int row, int column) => _rows[row][column];

    /// <summary>The line of the file on which data row <paramref name="row"/> starts (the header is line 1).</summary>
    public int LineOf(int row) => _lines[row];

    /// <summary>The position of a column, or -1.</summary>
    public int IndexOf(string column) => _columnIndex.TryGetValue(column, out int index) ? index : -1;

    /// <summary>The position of a column that an option (such as <c>--id-column</c>) names.</summary>
    /// <exception cref="ColumnNotFoundException">The column is not in the header (the message lists the columns).</exception>
    public int RequireColumn(string column, string option)
    {
        int index = IndexOf(column);
        return index >= 0 ? index : throw new ColumnNotFoundException(SourceName, column, option, Header);
    }

    /// <summary>The cells of one column.</summary>
    public IEnumerable<string> ColumnCells(int column) => _rows.Select(r => r[column]);

    /// <summary>Parses a numeric cell.</summary>
    /// <exception cref="DataFormatException">The cell is neither a number nor missing (names the line and column).</exception>
    public double Number(int row, int column)
    {
        string cell = _rows[row][column];
        if (!CsvValues.TryParseNumber(cell, out double value))
        {
            throw NotANumber(SourceName, _lines[row], Header[column], cell);
        }

        return value;
    }

    /// <summary>The error for a file with a header and no data rows (every reader of customer files says it the same way).</summary>
    internal static DataFormatException NoRows(string source) =>
        new(source, 0, null, "the file has a header but no data rows; add one row per customer below the header.");

    /// <summary>The error for a cell that must be a number and is not.</summary>
    internal static DataFormatException NotANumber(string source, int line, string column, string cell) =>
        new(source, line, column, $"'{CsvValues.Excerpt(cell.Trim())}' is not a number; use digits with '.' as the decimal separator, or leave the cell empty for a missing value.");

    /// <summary>Throws unless the table has at least one data row.</summary>
    /// <exception cref="DataFormatException">The file has a header but no data rows (names the file).</exception>
    public void RequireRows()
    {
        if (RowCount == 0)
        {
            throw NoRows(SourceName);
        }
    }

    /// <summary>Reads a whole CSV file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is empty, the header repeats or lacks a name, or a row has the wrong number of fields.</exception>
    public static CsvTable Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The file '{path}' does not exist.", path);
        }

        using var reader = new StreamReader(path);
        return Read(reader, path);
    }

    /// <summary>Reads CSV text with a header row.</summary>
    /// <exception cref="DataFormatException">As <see cref="Load"/>.</exception>
    public static CsvTable Read(TextReader reader, string source = "input")
    {
        ArgumentNullException.ThrowIfNull(reader);
        using var records = new CsvRecordReader(reader, source);
        string[] header = ReadHeader(records);
        var rows = new List<string[]>();
        var lines = new List<int>();
        while (records.Read())
        {
            CheckWidth(records, header.Length);
            rows.Add(records.Fields);
            lines.Add(records.Line);
        }

        return new CsvTable(source, header, [.. rows], [.. lines]);
    }

    /// <summary>Reads and checks the header row: present, names non-empty and unique.</summary>
    internal static string[] ReadHeader(CsvRecordReader records)
    {
        if (!records.Read())
        {
            throw new DataFormatException(records.Source, 0, null, "the file is empty; it needs a header row naming the columns.");
        }

        string[] header = [.. records.Fields.Select(h => h.Trim())];
        if (header.Length == 1 && OtherSeparator(header[0]) is char separator)
        {
            throw new DataFormatException(records.Source, records.Line, null, SeparatorProblem(separator));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int j = 0; j < header.Length; j++)
        {
            if (header[j].Length == 0)
            {
                throw new DataFormatException(records.Source, records.Line, null, $"header field {j + 1} is empty; give every column a name.");
            }

            if (!seen.Add(header[j]))
            {
                throw new DataFormatException(records.Source, records.Line, CsvValues.Excerpt(header[j]), "the column name appears twice in the header; column names must be unique.");
            }
        }

        return header;
    }

    internal static void CheckWidth(CsvRecordReader records, int width)
    {
        if (records.Fields.Length != width)
        {
            if (records.Fields.Any(f => OtherSeparator(f) is not null))
            {
                char separator = records.Fields.Select(OtherSeparator).First(c => c is not null)!.Value;
                throw new DataFormatException(records.Source, records.Line, null, $"the row has {records.Fields.Length} fields but the header has {width}, and {SeparatorProblem(separator)}");
            }

            throw new DataFormatException(records.Source, records.Line, null, $"the row has {records.Fields.Length} fields but the header has {width}; check for an unquoted comma or a missing field.");
        }
    }

    /// <summary>';' or a tab in a field, the usual separators of files that are not comma-separated.</summary>
    private static char? OtherSeparator(string field) => field.Contains(';', StringComparison.Ordinal) ? ';' : field.Contains('\t', StringComparison.Ordinal) ? '\t' : null;

    private static string SeparatorProblem(char separator) =>
        $"the file seems to be separated by {(separator == '\t' ? "tabs" : $"'{separator}'")}; segment reads comma-separated files, so save it as CSV with ',' between fields (and '.' as the decimal separator).";
}
