using FsCheck;
using FsCheck.Xunit;
using Segmentation.Migration;

namespace Segmentation.Sqlite.Tests;

public sealed class CustomerBlocksTests
{
    private static readonly string[] Ids = ["a", "Zoë-Ünternehmen-東京", new string('x', 300) + "é", "C 01", "😀", "-"];
    private static readonly string[] Segments = ["Steady", "At risk", "Réseau « fidèle »", ""];
    private static readonly double[] Values = [0, -0.0, 1.5, double.NaN, -12345.678, double.MaxValue, double.Epsilon, double.PositiveInfinity];

    private static readonly IReadOnlyDictionary<string, string>[] Maps =
    [
        new Dictionary<string, string>(),
        new Dictionary<string, string> { ["cluster"] = "Steady", ["tier"] = "SMB" },
        new Dictionary<string, string> { ["tier"] = "SMB", ["cluster"] = "Steady" },
        new Dictionary<string, string> { ["ab"] = "c" },
        new Dictionary<string, string> { ["a"] = "bc" },
    ];

    [Property(MaxTest = 200)]
    public bool Encode_ThenDecode_PutsEveryCustomerBackAtItsOrdinalUnchanged(int seed, PositiveInt perBlock, NonNegativeInt size)
    {
        CustomerSnapshot[] customers = RandomCustomers(seed, size.Get % 400);
        EncodedCustomers encoded = CustomerBlocks.Encode(customers, (perBlock.Get % 64) + 1, CancellationToken.None);
        var texts = new BlockTexts(encoded.Texts);
        var read = new CustomerSnapshot?[encoded.Customers];

        int decoded = encoded.Blocks.Sum(b => CustomerBlocks.DecodeInto(b.Data, texts, read));

        return decoded == customers.Length
            && encoded.Blocks.Sum(b => b.Customers) == customers.Length
            && customers.Select((c, i) => Same(c, read[i]!)).All(same => same);
    }

    [Property(MaxTest = 100)]
    public bool Find_InTheCustomersBucket_ReturnsThatCustomerOnly(int seed, PositiveInt perBlock, NonNegativeInt size)
    {
        CustomerSnapshot[] customers = RandomCustomers(seed, (size.Get % 200) + 1);
        EncodedCustomers encoded = CustomerBlocks.Encode(customers, (perBlock.Get % 16) + 1, CancellationToken.None);
        Dictionary<int, byte[]> blocks = encoded.Blocks.ToDictionary(b => b.Bucket, b => b.Data);

        return customers.All(c =>
        {
            byte[] block = blocks[CustomerBlocks.BucketOf(c.CustomerId, encoded.Buckets)];
            CustomerSnapshot? found = CustomerBlocks.Find(block, c.CustomerId, System.Text.Encoding.UTF8.GetBytes(c.CustomerId), () => new BlockTexts(encoded.Texts));
            CustomerSnapshot? absent = CustomerBlocks.Find(block, c.CustomerId + "?", System.Text.Encoding.UTF8.GetBytes(c.CustomerId + "?"), () => new BlockTexts(encoded.Texts));
            return found is not null && Same(c, found) && absent is null;
        });
    }

    [Fact]
    public void Hash_IsFnv1aOverTheIdsCodeUnits()
    {
        // Part of the file format: stored snapshots are looked up with it, so these values must never change.
        Assert.Equal(0x811c9dc5u, CustomerBlocks.Hash(""));
        Assert.Equal(0xe40c292cu, CustomerBlocks.Hash("a"));
        Assert.Equal(0xbf9cf968u, CustomerBlocks.Hash("foobar"));
        Assert.Equal((int)(0xbf9cf968u % 7), CustomerBlocks.BucketOf("foobar", 7));
    }

    [Fact]
    public void Encode_ManyCustomers_KeepsBlocksNearTheTargetSize()
    {
        CustomerSnapshot[] customers = [.. Enumerable.Range(0, 50_000).Select(i => new CustomerSnapshot($"a{i}", "S", i))];

        EncodedCustomers encoded = CustomerBlocks.Encode(customers, 1000, CancellationToken.None);

        Assert.Equal(50, encoded.Buckets);
        Assert.All(encoded.Blocks, b => Assert.InRange(b.Customers, 800, 1200));
    }

    private static CustomerSnapshot[] RandomCustomers(int seed, int count)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i => new CustomerSnapshot($"{Ids[random.Next(Ids.Length)]}{i}", Segments[random.Next(Segments.Length)], Values[random.Next(Values.Length)])
        {
            // Maps shared by object, equal by content but distinct, or the default empty one.
            Dimensions = random.Next(4) switch
            {
                0 => Maps[random.Next(Maps.Length)],
                1 => new Dictionary<string, string>(Maps[random.Next(Maps.Length)]),
                _ => System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty,
            },
            Scores = random.Next(3) == 0
                ? new Dictionary<string, double> { ["churn"] = random.NextDouble(), [$"s{random.Next(3)}"] = Values[random.Next(Values.Length)] }
                : System.Collections.ObjectModel.ReadOnlyDictionary<string, double>.Empty,
        })];
    }

    /// <summary>Equal fields, values to the bit (NaN as NaN), maps with the same entries in the same order.</summary>
    private static bool Same(CustomerSnapshot expected, CustomerSnapshot actual) =>
        expected.CustomerId == actual.CustomerId
        && expected.Segment == actual.Segment
        && SameValue(expected.Value, actual.Value)
        && expected.Dimensions.SequenceEqual(actual.Dimensions)
        && expected.Scores.Count == actual.Scores.Count
        && expected.Scores.Zip(actual.Scores).All(p => p.First.Key == p.Second.Key && SameValue(p.First.Value, p.Second.Value));

    private static bool SameValue(double expected, double actual) =>
        double.IsNaN(expected) ? double.IsNaN(actual) : BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual);
}
