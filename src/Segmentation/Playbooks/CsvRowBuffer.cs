using System.Buffers;
using System.Globalization;

namespace Segmentation.Playbooks;

/// <summary>When <see cref="CsvRowBuffer"/> quotes a field.</summary>
internal enum CsvQuoting
{
    /// <summary>When it holds a comma, quote, carriage return or line feed (as <see cref="Data.CsvValues.Quote"/>): assignments.csv.</summary>
    Separators,

    /// <summary>When it holds a comma, quote or line feed, or starts or ends with a space: worklist.csv, as it has always been written.</summary>
    SeparatorsAndEdgeSpaces,
}

/// <summary>
/// Rows of a CSV file built straight into one pooled character buffer and handed to the writer in large blocks: no
/// string per field or per row. Fields are composed with the Append methods between <see cref="BeginField"/> and
/// <see cref="EndField"/>, which quotes the field (RFC 4180, quotes doubled) when <see cref="CsvQuoting"/> asks.
/// Without a writer the buffer keeps every row until <see cref="MoveTo"/> (one worker's part of a block, see
/// <see cref="WriteBlocks"/>).
/// </summary>
internal sealed class CsvRowBuffer(TextWriter? writer, CsvQuoting quoting, string newLine = "\n") : IDisposable
{
    /// <summary>How many rows each worker formats between two writes of <see cref="WriteBlocks"/>.</summary>
    private const int RowsPerPart = 8192;

    /// <summary>How many characters are gathered before they are handed to the writer.</summary>
    private const int FlushAt = 1 << 16;

    private char[] _buffer = ArrayPool<char>.Shared.Rent(FlushAt * 2);
    private int _length;
    private int _fieldStart = -1;
    private bool _rowStarted;

    /// <summary>Starts a field: a comma first unless it is the row's first.</summary>
    public CsvRowBuffer BeginField()
    {
        if (_rowStarted)
        {
            Append(',');
        }

        _rowStarted = true;
        _fieldStart = _length;
        return this;
    }

    /// <summary>Ends the field begun by <see cref="BeginField"/>, quoting it when needed.</summary>
    public void EndField()
    {
        int start = _fieldStart;
        _fieldStart = -1;
        ReadOnlySpan<char> text = _buffer.AsSpan(start, _length - start);
        if (!NeedsQuotes(text))
        {
            return;
        }

        int quotes = text.Count('"');
        int quotedLength = text.Length + quotes + 2;
        if (quotes == 0)
        {
            // The usual case (a comma in an amount or a list): moved one place in the buffer, no copy of it (the
            // field still open while room is made, so that the buffer grows instead of handing over half a field).
            int length = text.Length;
            _fieldStart = start;
            Reserve(2);
            _fieldStart = -1;
            Span<char> field = _buffer.AsSpan(start, quotedLength);
            field[..length].CopyTo(field[1..]);
            field[0] = '"';
            field[^1] = '"';
            _length = start + quotedLength;
            return;
        }

        char[] copy = ArrayPool<char>.Shared.Rent(text.Length);
        text.CopyTo(copy);
        _length = start;
        Reserve(quotedLength);
        Span<char> target = _buffer.AsSpan(start, quotedLength);
        int at = 0;
        target[at++] = '"';
        foreach (char c in copy.AsSpan(0, text.Length))
        {
            target[at++] = c;
            if (c == '"')
            {
                target[at++] = '"';
            }
        }

        target[at] = '"';
        _length = start + quotedLength;
        ArrayPool<char>.Shared.Return(copy);
    }

    /// <summary>A whole field holding <paramref name="text"/>.</summary>
    public void Field(ReadOnlySpan<char> text) => BeginField().Append(text).EndField();

    /// <summary>
    /// Appends fields formatted beforehand (by <see cref="Format"/> with the same quoting), a comma first unless they
    /// start the row: for fields that many rows share, such as an action plan's, quoted once instead of once per row.
    /// </summary>
    public void Fields(string formatted) => BeginField().Append(formatted).EndNumberField();

    /// <summary>The text <paramref name="fields"/> writes into a buffer of its own, for <see cref="Fields"/>.</summary>
    public static string Format(CsvQuoting quoting, Action<CsvRowBuffer> fields)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvRowBuffer(text, quoting))
        {
            fields(csv);
        }

        return text.ToString();
    }

    /// <summary>A whole field holding an integer.</summary>
    public void Field(int value) => BeginField().Append(value).EndNumberField();

    /// <summary>A whole field holding a date as <c>yyyy-MM-dd</c>.</summary>
    public void Field(DateOnly date) => BeginField().Append(date).EndNumberField();

    /// <summary>One field holding <paramref name="items"/> joined by "; " (triggers, actions of a row).</summary>
    public void JoinedField(IReadOnlyList<string> items)
    {
        BeginField();
        for (int i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                Append("; ");
            }

            Append(items[i]);
        }

        EndField();
    }

    /// <summary>A whole field holding a number (shortest round-trip form, invariant culture), or empty.</summary>
    public void Field(double? value)
    {
        BeginField();
        if (value is double v)
        {
            Append(v);
        }

        EndNumberField();
    }

    /// <summary>Ends a field of digits, signs, points and letters (numbers, dates), which never needs quotes: no check.</summary>
    private void EndNumberField() => _fieldStart = -1;

    /// <summary>Appends text to the current field.</summary>
    public CsvRowBuffer Append(ReadOnlySpan<char> text)
    {
        Reserve(text.Length);
        text.CopyTo(_buffer.AsSpan(_length));
        _length += text.Length;
        return this;
    }

    /// <summary>Appends one character.</summary>
    public CsvRowBuffer Append(char c)
    {
        Reserve(1);
        _buffer[_length++] = c;
        return this;
    }

    /// <summary>Appends an integer in the invariant culture.</summary>
    public CsvRowBuffer Append(int value)
    {
        Reserve(11);
        value.TryFormat(_buffer.AsSpan(_length), out int written, default, CultureInfo.InvariantCulture);
        _length += written;
        return this;
    }

    /// <summary>Appends a number as <c>double.ToString(CultureInfo.InvariantCulture)</c> writes it.</summary>
    public CsvRowBuffer Append(double value)
    {
        Reserve(32);
        if (FewDecimals.TryFormat(value, _buffer.AsSpan(_length), out int written)
            || value.TryFormat(_buffer.AsSpan(_length), out written, default, CultureInfo.InvariantCulture))
        {
            _length += written;
            return this;
        }

        return Append(value.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Appends a date as <c>yyyy-MM-dd</c>.</summary>
    public CsvRowBuffer Append(DateOnly date)
    {
        // By hand: the custom format is parsed on every call, and every worklist row and assignment with an action has dates.
        Reserve(10);
        Span<char> text = _buffer.AsSpan(_length, 10);
        (int year, int month, int day) = (date.Year, date.Month, date.Day);
        text[0] = (char)('0' + (year / 1000));
        text[1] = (char)('0' + (year / 100 % 10));
        text[2] = (char)('0' + (year / 10 % 10));
        text[3] = (char)('0' + (year % 10));
        text[4] = '-';
        text[5] = (char)('0' + (month / 10));
        text[6] = (char)('0' + (month % 10));
        text[7] = '-';
        text[8] = (char)('0' + (day / 10));
        text[9] = (char)('0' + (day % 10));
        _length += 10;
        return this;
    }

    /// <summary>Ends the row with the buffer's line end (a line feed unless told); hands the gathered rows to the writer when there are enough.</summary>
    public void EndRow()
    {
        Append(newLine);
        _rowStarted = false;
        if (_length >= FlushAt)
        {
            Flush();
        }
    }

    /// <summary>Hands everything gathered to the writer (nothing without one).</summary>
    public void Flush()
    {
        if (writer is not null)
        {
            MoveTo(writer);
        }
    }

    /// <summary>Writes every row gathered to <paramref name="target"/> and starts again from an empty buffer.</summary>
    public void MoveTo(TextWriter target)
    {
        if (_length > 0)
        {
            target.Write(_buffer.AsSpan(0, _length));
            _length = 0;
        }
    }

    /// <summary>
    /// Writes <paramref name="count"/> rows, formatted by <paramref name="format"/>(buffer, from, to) a block at a time
    /// on every core (each worker a contiguous part into a buffer of its own) and written in row order: the file is the
    /// same whatever the number of cores. <paramref name="written"/> is told each row's 1-based number once it is written.
    /// </summary>
    /// <remarks>
    /// At 1,000,000 customers formatting the rows is most of writing a file; the writer only encodes and copies. It does
    /// so for one block while the next is formatted (two sets of buffers), so that no core waits for it.
    /// </remarks>
    public static void WriteBlocks(TextWriter writer, CsvQuoting quoting, string newLine, int count, Action<CsvRowBuffer, int, int> format, Action<int>? written)
    {
        int parts = Math.Max(1, Environment.ProcessorCount);
        CsvRowBuffer[][] sets = [new CsvRowBuffer[parts], new CsvRowBuffer[parts]];
        Task writing = Task.CompletedTask;
        int reported = 0;
        try
        {
            foreach (CsvRowBuffer[] set in sets)
            {
                for (int p = 0; p < parts; p++)
                {
                    set[p] = new CsvRowBuffer(null, quoting, newLine);
                }
            }

            int block = RowsPerPart * parts;
            for (int start = 0, next = 0; start < count; start += block, next ^= 1)
            {
                int rows = Math.Min(block, count - start);
                int used = Math.Clamp(rows / (RowsPerPart / 4), 1, parts);
                int first = start;
                CsvRowBuffer[] buffers = sets[next];
                Scoring.CustomerLoop.ForParts(rows, used, (part, from, to) => format(buffers[part], first + from, first + to), CancellationToken.None);

                // The block before is written by now (its buffers are formatted into next), then this one is handed over.
                writing.GetAwaiter().GetResult();
                Report(start);
                writing = Task.Run(() =>
                {
                    for (int p = 0; p < used; p++)
                    {
                        buffers[p].MoveTo(writer);
                    }
                });
            }

            writing.GetAwaiter().GetResult();
            Report(count);
        }
        finally
        {
            // A block still being written reads its buffers until it is done (its failure, if any, is thrown above).
            ((IAsyncResult)writing).AsyncWaitHandle.WaitOne();
            foreach (CsvRowBuffer[] set in sets)
            {
                foreach (CsvRowBuffer? buffer in set)
                {
                    buffer?.Dispose();
                }
            }
        }

        void Report(int upTo)
        {
            for (; reported < upTo && written is not null; reported++)
            {
                written(reported + 1);
            }
        }
    }

    /// <summary>Flushes and returns the buffer to the pool.</summary>
    public void Dispose()
    {
        if (_buffer.Length == 0)
        {
            return;
        }

        Flush();
        ArrayPool<char>.Shared.Return(_buffer);
        _buffer = [];
    }

    private bool NeedsQuotes(ReadOnlySpan<char> text) => quoting switch
    {
        CsvQuoting.Separators => text.IndexOfAny(",\"\r\n") >= 0,
        _ => !text.IsEmpty && (text.IndexOfAny(",\"\n") >= 0 || text[0] == ' ' || text[^1] == ' '),
    };

    /// <summary>Makes room for <paramref name="count"/> more characters (a row longer than the buffer grows it).</summary>
    private void Reserve(int count)
    {
        if (_length + count <= _buffer.Length)
        {
            return;
        }

        if (_fieldStart < 0 && writer is not null)
        {
            Flush();
            if (count <= _buffer.Length)
            {
                return;
            }
        }

        char[] larger = ArrayPool<char>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + count));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<char>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
