using System.Globalization;

namespace Segmentation.Data;

/// <summary>
/// Reads CSV records (RFC 4180: quoted fields, embedded commas, quotes and line breaks) and knows the line each
/// record starts on, so that errors can name it. Blank lines are skipped. The fields of the current record are
/// available as spans over one reused buffer (<see cref="Field"/>, no string per cell) or as strings (<see cref="Fields"/>).
/// </summary>
internal sealed class CsvRecordReader : IDisposable
{
    private const int ChunkSize = 1 << 16;

    private static readonly System.Buffers.SearchValues<char> FieldStops = System.Buffers.SearchValues.Create(",\n\r\"");

    private readonly TextReader _reader;

    // The raw text read and not yet consumed: _raw[_position.._length); the current record's raw text starts at _recordStart.
    private char[] _raw = new char[ChunkSize * 2];
    private int _length;
    private int _position;
    private int _recordStart;
    private bool _endOfInput;

    // The current record's fields, unescaped, one after the other in _text; field f ends at _ends[f].
    private char[] _text = new char[256];
    private int _textLength;
    private int[] _ends = new int[32];
    private string[]? _fields;

    // The line the next unread character is on (1-based), and whether quoted text read so far ended with '\r'.
    private int _nextLine = 1;
    private bool _afterCr;

    public CsvRecordReader(TextReader reader, string source)
    {
        _reader = reader;
        Source = source;
    }

    public string Source { get; }

    /// <summary>The line the current record starts on (1-based).</summary>
    public int Line { get; private set; }

    /// <summary>The lines read so far: those before the next unread character.</summary>
    public int LinesRead => _nextLine - 1;

    /// <summary>The number of fields of the current record.</summary>
    public int FieldCount { get; private set; }

    /// <summary>The fields of the current record, as strings (made on first use for each record).</summary>
    public string[] Fields
    {
        get
        {
            if (_fields is null)
            {
                var fields = new string[FieldCount];
                for (int f = 0; f < fields.Length; f++)
                {
                    fields[f] = Field(f).ToString();
                }

                _fields = fields;
            }

            return _fields;
        }
    }

    /// <summary>The text of field <paramref name="index"/> of the current record, quotes removed.</summary>
    public ReadOnlySpan<char> Field(int index) => _text.AsSpan(index == 0 ? 0 : _ends[index - 1], _ends[index] - (index == 0 ? 0 : _ends[index - 1]));

    /// <summary>The unescaped text of every field of the current record, one after the other (field f ends at <see cref="FieldEnd"/>(f)).</summary>
    public ReadOnlySpan<char> RecordText => _text.AsSpan(0, _textLength);

    /// <summary>Where field <paramref name="index"/> ends in <see cref="RecordText"/>.</summary>
    public int FieldEnd(int index) => _ends[index];

    public bool Read()
    {
        _fields = null;
        FieldCount = 0;
        _textLength = 0;

        // Blank lines do not start a record.
        while (true)
        {
            if (!Available(0))
            {
                return false;
            }

            char c = _raw[_position];
            if (c == '\n')
            {
                _position++;
                _nextLine++;
            }
            else if (c == '\r')
            {
                _position++;
                if (Available(0) && _raw[_position] == '\n')
                {
                    _position++;
                }

                _nextLine++;
            }
            else
            {
                break;
            }
        }

        _recordStart = _position;
        Line = _nextLine;
        while (true)
        {
            char ended = Available(0) && _raw[_position] == '"' ? ReadQuoted() : ReadUnquoted();
            EndField();
            if (ended != ',')
            {
                break;
            }
        }

        RefuseBinary();
        return true;
    }

    /// <summary>Reads an unquoted field up to its comma or line break; returns ',' after a comma, '\n' at the end of the record.</summary>
    private char ReadUnquoted()
    {
        while (true)
        {
            int start = _position;
            ReadOnlySpan<char> rest = _raw.AsSpan(_position, _length - _position);
            int stop = rest.IndexOfAny(FieldStops);
            int take = stop < 0 ? rest.Length : stop;
            Append(rest[..take]);
            _position = start + take;
            if (stop < 0)
            {
                if (!Available(0))
                {
                    return '\n';
                }

                continue;
            }

            char c = _raw[_position];
            if (c == '"')
            {
                throw BadQuote();
            }

            _position++;
            if (c == ',')
            {
                return ',';
            }

            ConsumeLineBreak(c);
            return '\n';
        }
    }

    /// <summary>Reads a quoted field ("" is a quote inside it) and what follows its closing quote.</summary>
    private char ReadQuoted()
    {
        _position++; // the opening quote
        _afterCr = false;
        while (true)
        {
            if (!Available(0))
            {
                throw BadQuote();
            }

            ReadOnlySpan<char> rest = _raw.AsSpan(_position, _length - _position);
            int quote = rest.IndexOf('"');
            ReadOnlySpan<char> inside = quote < 0 ? rest : rest[..quote];
            Append(inside);
            CountLines(inside);
            _position += inside.Length;
            if (quote < 0)
            {
                continue;
            }

            _position++; // the quote
            _afterCr = false;
            if (Available(0) && _raw[_position] == '"')
            {
                Append("\"");
                _position++;
                continue;
            }

            if (!Available(0))
            {
                return '\n';
            }

            char c = _raw[_position++];
            if (c == ',')
            {
                return ',';
            }

            if (c is '\n' or '\r')
            {
                ConsumeLineBreak(c);
                return '\n';
            }

            throw BadQuote();
        }
    }

    /// <summary>After '\r' or '\n' was consumed: a following '\n' of "\r\n" too, and the line count.</summary>
    private void ConsumeLineBreak(char c)
    {
        if (c == '\r' && Available(0) && _raw[_position] == '\n')
        {
            _position++;
        }

        _nextLine++;
    }

    /// <summary>Counts the line breaks inside quoted text: "\r\n" once (also when split between two reads), a lone '\r' or '\n' once each.</summary>
    private void CountLines(ReadOnlySpan<char> text)
    {
        int at = text.IndexOfAny('\n', '\r');
        while (at >= 0)
        {
            bool afterCr = at > 0 ? text[at - 1] == '\r' : _afterCr;
            if (text[at] == '\r' || !afterCr)
            {
                _nextLine++;
            }

            int next = text[(at + 1)..].IndexOfAny('\n', '\r');
            at = next < 0 ? -1 : at + 1 + next;
        }

        if (text.Length > 0)
        {
            _afterCr = text[^1] == '\r';
        }
    }

    private DataFormatException BadQuote()
    {
        // The record's first physical line, as the user sees it in the file.
        while (Available(0))
        {
            _position = _length; // read on until the end of that line is in the buffer (or the input ends)
            if (_raw.AsSpan(_recordStart, _length - _recordStart).IndexOfAny('\n', '\r') >= 0)
            {
                break;
            }
        }

        ReadOnlySpan<char> raw = _raw.AsSpan(_recordStart, _length - _recordStart);
        int end = raw.IndexOfAny('\n', '\r');
        string firstLine = (end < 0 ? raw : raw[..end]).ToString();
        return new DataFormatException(
            Source,
            Line,
            null,
            $"a quote appears inside an unquoted field or a quoted field is not closed (the record starts '{CsvValues.Excerpt(firstLine)}'); quote the whole field and double any quote inside it (\"\").");
    }

    private void Append(ReadOnlySpan<char> text)
    {
        if (_textLength + text.Length > _text.Length)
        {
            Array.Resize(ref _text, Math.Max(_text.Length * 2, _textLength + text.Length));
        }

        text.CopyTo(_text.AsSpan(_textLength));
        _textLength += text.Length;
    }

    private void EndField()
    {
        if (FieldCount == _ends.Length)
        {
            Array.Resize(ref _ends, _ends.Length * 2);
        }

        _ends[FieldCount++] = _textLength;
    }

    /// <summary>Whether at least <paramref name="ahead"/> + 1 characters are unread, reading more when needed; keeps the current record's raw text.</summary>
    private bool Available(int ahead)
    {
        while (_position + ahead >= _length)
        {
            if (_endOfInput)
            {
                return false;
            }

            // Keep the raw text from the start of the current record (for messages); drop what came before it.
            int keep = Math.Min(_recordStart, _position);
            if (keep > 0)
            {
                Array.Copy(_raw, keep, _raw, 0, _length - keep);
                _length -= keep;
                _position -= keep;
                _recordStart -= keep;
            }

            if (_raw.Length - _length < ChunkSize)
            {
                Array.Resize(ref _raw, _raw.Length * 2);
            }

            int read = _reader.Read(_raw, _length, _raw.Length - _length);
            if (read == 0)
            {
                _endOfInput = true;
                return false;
            }

            _length += read;
        }

        return true;
    }

    /// <summary>
    /// A control character other than tab and line breaks means the file is not text (a spreadsheet, an archive, a
    /// UTF-16 export); without this check its bytes would reach messages and column names.
    /// </summary>
    private void RefuseBinary()
    {
        ReadOnlySpan<char> text = RecordText;
        int at = text.IndexOfAnyInRange('\0', '\u001f');
        while (at >= 0 && text[at] is '\t' or '\r' or '\n')
        {
            int next = text[(at + 1)..].IndexOfAnyInRange('\0', '\u001f');
            at = next < 0 ? -1 : at + 1 + next;
        }

        if (at >= 0)
        {
            throw new DataFormatException(
                Source,
                Line,
                null,
                string.Create(CultureInfo.InvariantCulture, $"the file holds binary data, not text (control character U+{(int)text[at]:X4}); give a comma-separated text file saved as UTF-8 (a spreadsheet must be exported as CSV first)."));
        }
    }

    public void Dispose() => _reader.Dispose();
}
