namespace Segmentation.Data;

// Loading a large file as two halves read side by side (issue #20: the read was one core's work while the other idled).
public sealed partial class CsvTable
{
    /// <summary>Files from this size on are read as two halves side by side; below it one reader is quicker than two.</summary>
    internal const long HalvesMinimumBytes = 8 << 20;

    /// <summary>
    /// Reads <paramref name="path"/> as two halves at once: the first from the start (header included), the second from
    /// the line break nearest the middle, each into its own cells, then joined with the second half's lines counted on.
    /// Returns <see langword="null"/> when the file cannot be split that way (a UTF-16 or UTF-32 byte order mark, no line
    /// break in the second half) or when either half fails: a split inside a quoted field leaves the first half's last
    /// quote open, and any error is then reported by reading the whole file in order, exactly as one reader reports it.
    /// </summary>
    internal static CsvTable? LoadHalves(string path, long length)
    {
        long split = SplitPoint(path, length);
        if (split < 0)
        {
            return null;
        }

        try
        {
            using var first = new CsvRecordReader(new StreamReader(new FileRange(path, 0, split)), path);
            string[] header = ReadHeader(first);
            Task<(Cells Cells, int Lines)> second = Task.Run(() =>
            {
                // Mid-file there is no byte order mark: the bytes are UTF-8, as the first half's reader found.
                using var rest = new CsvRecordReader(new StreamReader(new FileRange(path, split, length - split), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: false), path);
                return ReadRows(rest, header.Length);
            });
            (Cells cells, int lines) = ReadRows(first, header.Length);
            (Cells secondCells, _) = second.GetAwaiter().GetResult();
            return new CsvTable(path, header, cells.Then(secondCells, lines));
        }
        catch (Exception e) when (e is DataFormatException or IOException or System.Text.DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>Reads every record of <paramref name="records"/> into cells; returns them and the number of lines read.</summary>
    private static (Cells Cells, int Lines) ReadRows(CsvRecordReader records, int width)
    {
        var cells = new Cells(width);
        while (records.Read())
        {
            CheckWidth(records, width);
            cells.Add(records);
        }

        return (cells, records.LinesRead);
    }

    /// <summary>The byte just after the first '\n' from the middle of the file on (never inside a UTF-8 character), or -1.</summary>
    private static long SplitPoint(string path, long length)
    {
        using FileStream file = File.OpenRead(path);
        Span<byte> start = stackalloc byte[4];
        int read = file.Read(start);

        // UTF-16 and UTF-32 files (FF FE, FE FF, 00 00 FE FF): a '\n' byte there is half a character.
        if (read >= 2 && ((start[0] == 0xFF && start[1] == 0xFE) || (start[0] == 0xFE && start[1] == 0xFF) || (read == 4 && start[0] == 0 && start[1] == 0 && start[2] == 0xFE && start[3] == 0xFF)))
        {
            return -1;
        }

        var buffer = new byte[1 << 16];
        for (long at = length / 2; at < length; at += buffer.Length)
        {
            file.Position = at;
            int count = file.Read(buffer);
            int newline = buffer.AsSpan(0, count).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                return at + newline + 1 < length ? at + newline + 1 : -1;
            }

            if (count == 0)
            {
                break;
            }
        }

        return -1;
    }

    /// <summary>A read-only stream over bytes [offset, offset + count) of a file.</summary>
    private sealed class FileRange(string path, long offset, long count) : Stream
    {
        private readonly FileStream _file = OpenAt(path, offset);
        private long _left = count;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int read = _file.Read(buffer[..(int)Math.Min(buffer.Length, _left)]);
            _left -= read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _file.Dispose();
            }

            base.Dispose(disposing);
        }

        private static FileStream OpenAt(string path, long offset)
        {
            var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
            file.Position = offset;
            return file;
        }
    }
}
