using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Segmentation.Migration;

namespace Segmentation.Sqlite;

/// <summary>
/// How schema version 4 stores a snapshot's customers: a few thousand customers per row of <c>snapshot_blocks</c>,
/// in a compact binary encoding, instead of a row per customer.
/// </summary>
/// <remarks>
/// <para>
/// Why: a row per customer with a text primary key and a customer-id index meant three B-tree inserts and ~150 bytes
/// per customer; a million customers cost ~4 s to write and ~6 s to read back. Blocks of ~20 bytes per customer cost
/// a few hundred inserts and a tenth of the pages.
/// </para>
/// <para>
/// Layout: a customer belongs to bucket <see cref="BucketOf"/> (a fixed hash of its id modulo the snapshot's bucket
/// count, which keeps ~<see cref="DefaultCustomersPerBlock"/> customers per bucket), and each bucket is one block
/// row keyed (snapshot id, bucket). The history of one customer therefore reads one block per snapshot through the
/// primary key, without a customer index; a whole snapshot reads every block and puts each customer back at its
/// ordinal, so it comes back in the order saved. Texts that repeat (segment names, dimension maps, score names) are
/// stored once per snapshot, in the <c>snapshots</c> row, as JSON lists the entries point into.
/// </para>
/// <para>
/// A block is a sequence of entries in saved order, each: the distance from the previous entry's ordinal
/// (the first's from -1), the id's UTF-8 length and bytes, the segment index, the value (8 bytes, little-endian; NaN
/// when unknown), the dimension map index, and the number of scores followed by (score name index, value) pairs.
/// Counts and indexes are unsigned LEB128 varints.
/// </para>
/// </remarks>
internal static class CustomerBlocks
{
    /// <summary>The customers per block a snapshot aims at: ~80 KB blocks, and a customer's lookup decodes one.</summary>
    public const int DefaultCustomersPerBlock = 4096;

    /// <summary>
    /// The hash that places a customer in a bucket: FNV-1a over the id's UTF-16 code units. Part of the file format (a
    /// lookup recomputes it, in SQL as <c>hash % buckets</c>), so it must never change.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Hash(string customerId)
    {
        uint hash = 2166136261;
        foreach (char c in customerId)
        {
            hash = (hash ^ c) * 16777619;
        }

        return hash;
    }

    /// <summary>The bucket of a customer in a snapshot of <paramref name="buckets"/> buckets.</summary>
    public static int BucketOf(string customerId, int buckets) => (int)(Hash(customerId) % (uint)buckets);

    /// <summary>Encodes <paramref name="customers"/> into blocks and the lists of texts they point into.</summary>
    /// <remarks>
    /// Compiled optimised from the first call, with the block writer inlined: called once per run, the loop otherwise ran
    /// a million customers through unoptimised code (the writer's methods stayed at tier 0 for the whole loop).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static EncodedCustomers Encode(IReadOnlyList<CustomerSnapshot> customers, int customersPerBlock, CancellationToken cancellationToken)
    {
        int count = customers.Count;
        int buckets = Math.Max(1, (count + customersPerBlock - 1) / customersPerBlock);

        // One pass in saved order, appending each customer to its bucket's block: the customers are read in the order
        // they lie in memory (visiting them bucket by bucket cost a cache miss or more per customer, ~4× the time).
        var writers = new BlockWriter?[buckets];
        int[] previous = new int[buckets];
        previous.AsSpan().Fill(-1);
        var texts = new TextLists();
        for (int ordinal = 0; ordinal < count; ordinal++)
        {
            if ((ordinal & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            CustomerSnapshot customer = customers[ordinal];
            int bucket = BucketOf(customer.CustomerId, buckets);
            BlockWriter writer = writers[bucket] ??= new BlockWriter();
            writer.WriteVarint(ordinal - previous[bucket]);
            previous[bucket] = ordinal;
            writer.WriteText(customer.CustomerId);
            writer.WriteVarint(texts.Segment(customer.Segment));
            writer.WriteDouble(customer.Value);
            writer.WriteVarint(texts.Dimensions(customer.Dimensions));
            IReadOnlyDictionary<string, double> scores = customer.Scores;
            writer.WriteVarint(scores.Count);
            if (scores.Count > 0)
            {
                foreach ((string name, double score) in scores)
                {
                    writer.WriteVarint(texts.ScoreName(name));
                    writer.WriteDouble(score);
                }
            }

            writer.Entries++;
        }

        var blocks = new List<CustomerBlock>();
        for (int bucket = 0; bucket < buckets; bucket++)
        {
            if (writers[bucket] is BlockWriter writer)
            {
                blocks.Add(new CustomerBlock(bucket, writer.Entries, writer.ToArray()));
            }
        }

        return new EncodedCustomers(count, buckets, blocks, texts.ToJson());
    }

    /// <summary>Decodes every entry of <paramref name="block"/> into <paramref name="customers"/> at its ordinal; the number decoded.</summary>
    public static int DecodeInto(byte[] block, BlockTexts texts, CustomerSnapshot?[] customers)
    {
        var reader = new BlockReader(block);
        int ordinal = -1, count = 0;
        for (; !reader.AtEnd; count++)
        {
            ordinal += reader.ReadVarint();
            if ((uint)ordinal >= (uint)customers.Length || customers[ordinal] is not null)
            {
                throw new InvalidDataException($"A block places a customer at ordinal {ordinal}, outside the snapshot's {customers.Length} customers or on another.");
            }

            customers[ordinal] = reader.ReadCustomer(Encoding.UTF8.GetString(reader.ReadText()), texts);
        }

        return count;
    }

    /// <summary>The customer with the UTF-8 id <paramref name="id"/> in <paramref name="block"/>, or <see langword="null"/>.</summary>
    public static CustomerSnapshot? Find(byte[] block, string customerId, ReadOnlySpan<byte> id, Func<BlockTexts> texts)
    {
        var reader = new BlockReader(block);
        while (!reader.AtEnd)
        {
            reader.ReadVarint();
            if (reader.ReadText().SequenceEqual(id))
            {
                return reader.ReadCustomer(customerId, texts());
            }

            reader.SkipCustomer();
        }

        return null;
    }

    /// <summary>Assigns each distinct text (segment, dimension map, score name) an index, in order of first use.</summary>
    private sealed class TextLists
    {
        private readonly Dictionary<string, int> _segments = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _scoreNames = new(StringComparer.Ordinal);
        private readonly List<IReadOnlyDictionary<string, string>> _maps = [];
        private readonly Dictionary<object, int> _mapsByObject = new(ReferenceEqualityComparer.Instance);
        private readonly Dictionary<string, int> _mapsByContent = new(StringComparer.Ordinal);
        private readonly StringBuilder _key = new();

        public int Segment(string segment) => Index(_segments, segment);

        public int ScoreName(string name) => Index(_scoreNames, name);

        public int Dimensions(IReadOnlyDictionary<string, string> map)
        {
            // Customers of one segment usually share their map object: a map seen before needs no key.
            if (_mapsByObject.TryGetValue(map, out int known))
            {
                return known;
            }

            // The key lists the entries in the map's own order (the order they are stored in), each text preceded by
            // its length, so that two different maps never share a key.
            _key.Clear();
            foreach ((string name, string value) in map)
            {
                _key.Append(name.Length).Append(':').Append(name).Append(value.Length).Append(':').Append(value);
            }

            string key = _key.ToString();
            if (!_mapsByContent.TryGetValue(key, out int index))
            {
                index = _maps.Count;
                _maps.Add(map);
                _mapsByContent[key] = index;
            }

            _mapsByObject[map] = index;
            return index;
        }

        public BlockTextsJson ToJson() => new(
            JsonSerializer.Serialize(Ordered(_segments)),
            JsonSerializer.Serialize(_maps),
            JsonSerializer.Serialize(Ordered(_scoreNames)));

        private static int Index(Dictionary<string, int> known, string text)
        {
            if (!known.TryGetValue(text, out int index))
            {
                index = known.Count;
                known[text] = index;
            }

            return index;
        }

        private static string[] Ordered(Dictionary<string, int> known)
        {
            string[] texts = new string[known.Count];
            foreach ((string text, int index) in known)
            {
                texts[index] = text;
            }

            return texts;
        }
    }

    /// <summary>Appends entries to a block's growing buffer.</summary>
    private sealed class BlockWriter
    {
        private byte[] _buffer = new byte[1024];
        private int _length;

        /// <summary>The number of entries written.</summary>
        public int Entries { get; set; }

        public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void WriteVarint(int value)
        {
            Span<byte> span = Reserve(5);
            uint rest = (uint)value;
            int written = 0;
            while (rest >= 0x80)
            {
                span[written++] = (byte)(rest | 0x80);
                rest >>= 7;
            }

            span[written++] = (byte)rest;
            _length += written;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void WriteDouble(double value)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(Reserve(8), value);
            _length += 8;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void WriteText(string text)
        {
            int length = Encoding.UTF8.GetByteCount(text);
            WriteVarint(length);
            _length += Encoding.UTF8.GetBytes(text, Reserve(length));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Span<byte> Reserve(int bytes)
        {
            if (_length + bytes > _buffer.Length)
            {
                Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + bytes));
            }

            return _buffer.AsSpan(_length);
        }
    }

    /// <summary>Reads a block's entries in order.</summary>
    private ref struct BlockReader(ReadOnlySpan<byte> block)
    {
        private readonly ReadOnlySpan<byte> _block = block;
        private int _position;

        public readonly bool AtEnd => _position >= _block.Length;

        public int ReadVarint()
        {
            uint value = 0;
            for (int shift = 0; ; shift += 7)
            {
                byte next = _block[_position++];
                value |= (uint)(next & 0x7F) << shift;
                if (next < 0x80)
                {
                    return (int)value;
                }
            }
        }

        public ReadOnlySpan<byte> ReadText()
        {
            int length = ReadVarint();
            ReadOnlySpan<byte> text = _block.Slice(_position, length);
            _position += length;
            return text;
        }

        /// <summary>The rest of an entry after its id.</summary>
        public CustomerSnapshot ReadCustomer(string customerId, BlockTexts texts)
        {
            string segment = texts.Segments[ReadVarint()];
            double value = ReadDouble();
            IReadOnlyDictionary<string, string> dimensions = texts.DimensionMaps[ReadVarint()];
            int scoreCount = ReadVarint();
            IReadOnlyDictionary<string, double> scores = NoScores;
            if (scoreCount > 0)
            {
                var read = new Dictionary<string, double>(scoreCount, StringComparer.Ordinal);
                for (int s = 0; s < scoreCount; s++)
                {
                    read[texts.ScoreNames[ReadVarint()]] = ReadDouble();
                }

                scores = read;
            }

            return new CustomerSnapshot(customerId, segment, double.IsNaN(value) ? double.NaN : value) { Dimensions = dimensions, Scores = scores };
        }

        public void SkipCustomer()
        {
            ReadVarint();
            _position += 8;
            ReadVarint();
            int scoreCount = ReadVarint();
            for (int s = 0; s < scoreCount; s++)
            {
                ReadVarint();
                _position += 8;
            }
        }

        private double ReadDouble()
        {
            double value = BinaryPrimitives.ReadDoubleLittleEndian(_block.Slice(_position, 8));
            _position += 8;
            return value;
        }
    }

    private static readonly IReadOnlyDictionary<string, double> NoScores = System.Collections.ObjectModel.ReadOnlyDictionary<string, double>.Empty;
}

/// <summary>One encoded block: its bucket, how many customers it holds, and its bytes.</summary>
internal sealed record CustomerBlock(int Bucket, int Customers, byte[] Data);

/// <summary>The lists of texts a snapshot's blocks point into, as stored (JSON arrays).</summary>
internal sealed record BlockTextsJson(string Segments, string DimensionMaps, string ScoreNames);

/// <summary>A snapshot's customers as stored: the count, the bucket count, the non-empty blocks and the texts.</summary>
internal sealed record EncodedCustomers(int Customers, int Buckets, IReadOnlyList<CustomerBlock> Blocks, BlockTextsJson Texts);

/// <summary>The lists of texts a snapshot's blocks point into, read back.</summary>
internal sealed class BlockTexts(BlockTextsJson json)
{
    /// <summary>Segment names by index.</summary>
    public string[] Segments { get; } = JsonSerializer.Deserialize<string[]>(json.Segments) ?? [];

    /// <summary>Dimension maps by index; customers with the same map share one read-only instance.</summary>
    public IReadOnlyDictionary<string, string>[] DimensionMaps { get; } = [.. (JsonSerializer.Deserialize<Dictionary<string, string>[]>(json.DimensionMaps) ?? [])];

    /// <summary>Score names by index.</summary>
    public string[] ScoreNames { get; } = JsonSerializer.Deserialize<string[]>(json.ScoreNames) ?? [];
}
