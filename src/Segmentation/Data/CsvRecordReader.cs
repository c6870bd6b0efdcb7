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
        return true;
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
