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
                args.Context.Parser?.RawRow ?? 0,
                null,
                "a quote appears inside an unquoted field or a quoted field is not closed; quote the whole field and double any quote inside it (\"\")."),
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

        // RawRow is the last physical line of the record; blank lines skipped before it do not start it.
        int end = _parser.RawRow;
        int physicalLines = 1 + _parser.RawRecord.Count(c => c == '\n') - (_parser.RawRecord.EndsWith('\n') ? 1 : 0);
        Line = Math.Max(_lastRawLine + 1, end - physicalLines + 1);
        _lastRawLine = end;
        return true;
    }

    public void Dispose() => _parser.Dispose();
}
