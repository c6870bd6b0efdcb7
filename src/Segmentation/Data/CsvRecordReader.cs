using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Segmentation.Data;

/// <summary>
/// Reads CSV records (RFC 4180: quoted fields, embedded commas, quotes and line breaks) and knows the line each
/// record starts on, so that errors can name it. Blank lines are skipped.
/// </summary>
internal sealed class CsvRecordReader : IDisposable
{
    private readonly CsvParser _parser;
    private int _lastRawLine;

    public CsvRecordReader(TextReader reader, string source)
    {
        Source = source;
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            BadDataFound = args => throw new DataFormatException(
                source,
                args.Context.Parser is { } parser ? BadDataLine(parser.RawRow, parser.RawRecord, args.Field) : 0,
                null,
                $"a quote appears inside an unquoted field or a quoted field is not closed (the record starts '{CsvValues.Excerpt(FirstLine(args.Context.Parser?.RawRecord))}'); quote the whole field and double any quote inside it (\"\")."),
            IgnoreBlankLines = true,
            DetectDelimiter = false,
        };
        _parser = new CsvParser(reader, configuration);
    }

    public string Source { get; }

    /// <summary>The line the current record starts on (1-based).</summary>
    public int Line { get; private set; }

    /// <summary>The fields of the current record.</summary>
    public string[] Fields { get; private set; } = [];

    public bool Read()
    {
        if (!_parser.Read())
        {
            return false;
        }

        Fields = _parser.Record ?? [];

        int end = _parser.RawRow;
        Line = StartLine(end, _parser.RawRecord);
        _lastRawLine = end;
        RefuseBinary();
        return true;
    }

    /// <summary>
    /// A control character other than tab and line breaks means the file is not text (a spreadsheet, an archive, a
    /// UTF-16 export); without this check its bytes would reach messages and column names.
    /// </summary>
    private void RefuseBinary()
    {
        foreach (string field in Fields)
        {
            int at = field.AsSpan().IndexOfAnyInRange('\0', '\u001f');
            while (at >= 0 && field[at] is '\t' or '\r' or '\n')
            {
                int next = field.AsSpan(at + 1).IndexOfAnyInRange('\0', '\u001f');
                at = next < 0 ? -1 : at + 1 + next;
            }

            if (at >= 0)
            {
                throw new DataFormatException(
                    Source,
                    Line,
                    null,
                    string.Create(CultureInfo.InvariantCulture, $"the file holds binary data, not text (control character U+{(int)field[at]:X4}); give a comma-separated text file saved as UTF-8 (a spreadsheet must be exported as CSV first)."));
            }
        }
    }

    /// <summary>
    /// The line a record starts on: RawRow is its last physical line (for a quote left open, the end of the file);
    /// blank lines skipped before it do not start it.
    /// </summary>
    private int StartLine(int rawRow, string? rawRecord)
    {
        string text = rawRecord ?? string.Empty;
        int physicalLines = 1 + text.Count(c => c == '\n') - (text.EndsWith('\n') ? 1 : 0);
        return Math.Max(_lastRawLine + 1, rawRow - physicalLines + 1);
    }

    /// <summary>
    /// The line of a record with bad data. A quoted field left open runs to the end of the file, where RawRow counts
    /// every line break read (one more than the last line when the file ends with one), so count back from it.
    /// </summary>
    private int BadDataLine(int rawRow, string? rawRecord, string? field)
    {
        string text = rawRecord ?? string.Empty;
        bool openQuote = field is not null && field.TrimStart().StartsWith('"') && field.Contains('\n', StringComparison.Ordinal);
        return openQuote ? Math.Max(_lastRawLine + 1, rawRow - text.Count(c => c == '\n')) : StartLine(rawRow, rawRecord);
    }

    private static string FirstLine(string? rawRecord)
    {
        string text = (rawRecord ?? string.Empty).TrimStart('\r', '\n');
        int end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }

    public void Dispose() => _parser.Dispose();
}
