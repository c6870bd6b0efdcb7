namespace Segmentation.Data;

/// <summary>
/// A CSV file held as text cells with a header, remembering the line each row came from so that any later
/// error can name it. Use for customer exports with text, yes/no and numeric columns; <see cref="LoadFeatures"/> and
/// <see cref="LoadFeaturesWithReport"/> stream a file's numeric columns straight into features instead.
/// </summary>
/// <remarks>
/// Immutable after loading and safe to share between threads. The cells are kept as text in large shared blocks (no
/// string per cell): a million rows of 18 columns take about 2 bytes per character of the file plus 4 bytes per cell.
/// </remarks>
public sealed partial class CsvTable
{
    private readonly Cells _cells;
    private readonly Dictionary<string, int> _columnIndex;

    private CsvTable(string source, string[] header, Cells cells)
    {
        SourceName = source;
        Header = header;
        _cells = cells;
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
    public int RowCount => _cells.RowCount;

    /// <summary>The text of a cell (trimmed of nothing: exactly as in the file, quotes removed).</summary>
    public string Cell(int row, int column) => CellText(row, column).ToString();

    /// <summary>The text of a cell as <see cref="Cell"/> gives it, without making a string.</summary>
    internal ReadOnlySpan<char> CellText(int row, int column) => _cells.Get(row, column);

    /// <summary>The line of the file on which data row <paramref name="row"/> starts (the header is line 1).</summary>
    public int LineOf(int row) => _cells.Line(row);

    /// <summary>The position of a column, or -1.</summary>
    public int IndexOf(string column) => _columnIndex.TryGetValue(column, out int index) ? index : -1;

    /// <summary>The position of a column that an option (such as <c>--id-column</c>) names.</summary>
    /// <exception cref="DataFormatException">The column is not in the header (the message lists the columns).</exception>
    public int RequireColumn(string column, string option)
    {
        int index = IndexOf(column);
        return index >= 0 ? index : throw DataFormatException.ColumnNotFound(SourceName, column, option, Header);
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
            throw NotANumber(SourceName, LineOf(row), Header[column], cell.ToString());
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

        long length = new FileInfo(path).Length;
        if (length >= HalvesMinimumBytes && LoadHalves(path, length) is CsvTable halves)
        {
            return halves;
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
        return new CsvTable(source, header, ReadRows(records, header.Length).Cells);
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
    /// <c>rowBlock[r]</c> from <c>rowStart[r]</c>, and its cell c ends at <c>cellEnd[r * width + c]</c> in that block.
    /// </summary>
    /// <remarks>
    /// The per-row arrays come in chunks of a fixed number of rows, so that growing never copies: arrays doubled as the
    /// rows came, then trimmed to size, were about 150 MB of garbage for a million rows of 18 columns.
    /// </remarks>
    private sealed class Cells
    {
        private const int BlockSize = 1 << 20;
        private const int ChunkShift = 14;
        private const int ChunkRows = 1 << ChunkShift;
        private const int ChunkMask = ChunkRows - 1;

        private readonly List<char[]> _blocks = [];
        private readonly List<Chunk> _chunks = [];
        private readonly int _width;
        private readonly int _stride;
        private int _rows;
        private int _used = BlockSize;

        // The rows that follow these (the second half of a file read in two), and the lines before that half's first line.
        private Cells? _rest;
        private int _restLines;

        public Cells(int width)
        {
            _width = width;
            _stride = Math.Max(1, width);
        }

        public int RowCount => _rows + (_rest?.RowCount ?? 0);

        /// <summary>These rows followed by <paramref name="rest"/>'s, whose lines come after the <paramref name="linesBefore"/> lines of these.</summary>
        public Cells Then(Cells rest, int linesBefore)
        {
            _rest = rest;
            _restLines = linesBefore;
            return this;
        }

        public void Add(CsvRecordReader records)
        {
            ReadOnlySpan<char> text = records.RecordText;
            if (_blocks.Count == 0 || _used + text.Length > _blocks[^1].Length)
            {
                // Only what Add writes is ever read: no zeroing of a million rows' text and offsets first.
                _blocks.Add(GC.AllocateUninitializedArray<char>(Math.Max(BlockSize, text.Length)));
                _used = 0;
            }

            int row = _rows & ChunkMask;
            if (row == 0)
            {
                _chunks.Add(new Chunk(Uninitialized(ChunkRows), Uninitialized(ChunkRows), Uninitialized(ChunkRows), Uninitialized(ChunkRows * _stride)));
            }

            Chunk chunk = _chunks[^1];
            text.CopyTo(_blocks[^1].AsSpan(_used));
            chunk.Block[row] = _blocks.Count - 1;
            chunk.Start[row] = _used;
            chunk.Line[row] = records.Line;
            for (int c = 0; c < _width; c++)
            {
                chunk.CellEnd[(row * _stride) + c] = _used + records.FieldEnd(c);
            }

            _used += text.Length;
            _rows++;
        }

        public int Line(int row)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(row);
            if (row >= _rows && _rest is not null)
            {
                return _restLines + _rest.Line(row - _rows);
            }

            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, _rows);
            return _chunks[row >> ChunkShift].Line[row & ChunkMask];
        }

        public ReadOnlySpan<char> Get(int row, int column)
        {
            if (row >= _rows && _rest is not null)
            {
                return _rest.Get(row - _rows, column);
            }

            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, _rows);
            Chunk chunk = _chunks[row >> ChunkShift];
            int r = row & ChunkMask;
            int at = (r * _stride) + column;
            int start = column == 0 ? chunk.Start[r] : chunk.CellEnd[at - 1];
            return _blocks[chunk.Block[r]].AsSpan(start, chunk.CellEnd[at] - start);
        }

        private static int[] Uninitialized(int length) => GC.AllocateUninitializedArray<int>(length);

        /// <summary>The block, start, line and cell ends of <see cref="ChunkRows"/> consecutive rows.</summary>
        private sealed record Chunk(int[] Block, int[] Start, int[] Line, int[] CellEnd);
    }
}
