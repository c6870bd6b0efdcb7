namespace Segmentation.Data;

/// <summary>
/// A CSV file held as text cells with a header, remembering the line each row came from so that any later
/// error can name it. Use for customer exports with text, yes/no and numeric columns.
/// </summary>
/// <remarks>
/// Immutable after loading and safe to share between threads. The cells are kept as text in large shared blocks (no
/// string per cell): a million rows of 18 columns take about 2 bytes per character of the file plus 4 bytes per cell.
/// </remarks>
public sealed class CsvTable
{
    private readonly Cells _cells;
    private readonly int[] _lines;
    private readonly Dictionary<string, int> _columnIndex;

    private CsvTable(string source, string[] header, Cells cells, int[] lines)
    {
        SourceName = source;
        Header = header;
        _cells = cells;
        _lines = lines;
        _columnIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int j = 0; j < header.Length; j++)
        {
            _columnIndex[header[j]] = j;
        }
    }

    /// <summary>A cell as written to a CSV file: quoted (RFC 4180) when it holds a comma, quote or line break.</summary>
    /// <param name="value">The cell's text.</param>
    /// <returns>The text, quoted when needed.</returns>
    public static string Quote(string value) => CsvValues.Quote(value);

    /// <summary>A number as written to a CSV file (the CLI's outputs): invariant culture, round-trippable.</summary>
    public static string FormatNumber(double value) => CsvValues.Format(value);

    /// <summary>A cell as quoted in a message: at most 40 characters, then "…".</summary>
    public static string Excerpt(string? cell) => CsvValues.Excerpt(cell);

    /// <summary>The file name or description used in messages.</summary>
    public string SourceName { get; }

    /// <summary>The column names, in file order.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>The number of data rows (not counting the header).</summary>
    public int RowCount => _lines.Length;

    /// <summary>The text of a cell (trimmed of nothing: exactly as in the file, quotes removed).</summary>
    public string Cell(int row, int column) => CellText(row, column).ToString();

    /// <summary>The text of a cell as <see cref="Cell"/> gives it, without making a string.</summary>
    internal ReadOnlySpan<char> CellText(int row, int column) => _cells.Get(row, column);

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
    public IEnumerable<string> ColumnCells(int column)
    {
        for (int i = 0; i < RowCount; i++)
        {
            yield return Cell(i, column);
        }
    }

    /// <summary>Parses a numeric cell.</summary>
    /// <exception cref="DataFormatException">The cell is neither a number nor missing (names the line and column).</exception>
    public double Number(int row, int column)
    {
        ReadOnlySpan<char> cell = CellText(row, column);
        if (!PlainDecimal.TryParse(cell, out double value) && !CsvValues.TryParseNumber(cell, out value))
        {
            throw NotANumber(SourceName, _lines[row], Header[column], cell.ToString());
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
        var cells = new Cells(header.Length);
        var lines = new List<int>();
        while (records.Read())
        {
            CheckWidth(records, header.Length);
            cells.Add(records);
            lines.Add(records.Line);
        }

        return new CsvTable(source, header, cells.Done(), [.. lines]);
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
        if (records.FieldCount != width)
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

    /// <summary>
    /// The cells of every row, unescaped, one after the other in blocks of characters: row r lies in block
    /// <c>_rowBlock[r]</c> from <c>_rowStart[r]</c>, and its cell c ends at <c>_cellEnd[r * width + c]</c> in that block.
    /// </summary>
    private sealed class Cells(int width)
    {
        private const int BlockSize = 1 << 20;

        private readonly List<char[]> _blocks = [];
        private int[] _rowBlock = new int[1024];
        private int[] _rowStart = new int[1024];
        private int[] _cellEnd = new int[1024 * Math.Max(1, width)];
        private int _rows;
        private int _used = BlockSize;

        public void Add(CsvRecordReader records)
        {
            ReadOnlySpan<char> text = records.RecordText;
            if (_blocks.Count == 0 || _used + text.Length > _blocks[^1].Length)
            {
                _blocks.Add(new char[Math.Max(BlockSize, text.Length)]);
                _used = 0;
            }

            if (_rows == _rowBlock.Length)
            {
                Array.Resize(ref _rowBlock, _rows * 2);
                Array.Resize(ref _rowStart, _rows * 2);
                Array.Resize(ref _cellEnd, _rows * 2 * Math.Max(1, width));
            }

            text.CopyTo(_blocks[^1].AsSpan(_used));
            _rowBlock[_rows] = _blocks.Count - 1;
            _rowStart[_rows] = _used;
            for (int c = 0; c < width; c++)
            {
                _cellEnd[(_rows * width) + c] = _used + records.FieldEnd(c);
            }

            _used += text.Length;
            _rows++;
        }

        public Cells Done()
        {
            Array.Resize(ref _rowBlock, _rows);
            Array.Resize(ref _rowStart, _rows);
            Array.Resize(ref _cellEnd, _rows * width);
            return this;
        }

        public ReadOnlySpan<char> Get(int row, int column)
        {
            int at = (row * width) + column;
            int start = column == 0 ? _rowStart[row] : _cellEnd[at - 1];
            return _blocks[_rowBlock[row]].AsSpan(start, _cellEnd[at] - start);
        }
    }
}
