using Segmentation.Migration;

namespace Segmentation.Sqlite.Tests;

/// <summary>What every <see cref="ISnapshotStore"/> must do; run against each implementation.</summary>
public abstract class SnapshotStoreContractTests
{
    protected abstract ISnapshotStore CreateStore();

    internal static SegmentSnapshot Snapshot(int day, string version, params (string Id, string Segment, double Value)[] customers) =>
        new(new DateOnly(2026, 3, 1).AddDays(day), version, customers.Select(c => new CustomerSnapshot(c.Id, c.Segment, c.Value)
        {
            Dimensions = new Dictionary<string, string> { ["tier"] = c.Value >= 100 ? "Enterprise" : "SMB" },
            Scores = new Dictionary<string, double> { ["churn"] = c.Value / 1000 },
        }));

    [Fact]
    public async Task SaveThenGet_RoundTripsEveryField()
    {
        ISnapshotStore store = CreateStore();
        SegmentSnapshot snapshot = Snapshot(0, "v1", ("a", "Champions", 150), ("b", "At risk", 20.5));
        await store.SaveSnapshotAsync(snapshot);

        SegmentSnapshot? read = await store.GetSnapshotAsync(snapshot.Key);

        Assert.NotNull(read);
        Assert.Equal(snapshot.AsOf, read.AsOf);
        Assert.Equal("v1", read.ModelVersion);
        Assert.Equal(["a", "b"], read.Customers.Select(c => c.CustomerId));
        CustomerSnapshot b = read.Find("b")!;
        Assert.Equal(("At risk", 20.5), (b.Segment, b.Value));
        Assert.Equal("SMB", b.Dimensions["tier"]);
        Assert.Equal(0.0205, b.Scores["churn"], 12);
    }

    [Fact]
    public async Task SaveSameKeyTwice_ReplacesInsteadOfAdding()
    {
        ISnapshotStore store = CreateStore();
        await store.SaveSnapshotAsync(Snapshot(0, "v1", ("a", "X", 1), ("b", "X", 1)));
        await store.SaveSnapshotAsync(Snapshot(0, "v1", ("a", "Y", 1)));
        IReadOnlyList<SnapshotInfo> list = await store.ListSnapshotsAsync();
        Assert.Equal(1, Assert.Single(list).Customers);
        Assert.Equal("Y", (await store.GetSnapshotAsync(list[0].Key))!.Find("a")!.Segment);
    }

    [Fact]
    public async Task GetLatestBefore_ReturnsTheMostRecentEarlierSnapshot()
    {
        ISnapshotStore store = CreateStore();
        await store.SaveSnapshotAsync(Snapshot(0, "v1", ("a", "X", 1)));
        await store.SaveSnapshotAsync(Snapshot(30, "v1", ("a", "Y", 1)));
        await store.SaveSnapshotAsync(Snapshot(60, "v2", ("a", "Z", 1)));
        Assert.Equal("Y", (await store.GetLatestBeforeAsync(new DateOnly(2026, 3, 1).AddDays(60)))!.Find("a")!.Segment);
        Assert.Null(await store.GetLatestBeforeAsync(new DateOnly(2026, 3, 1)));
    }

    [Fact]
    public async Task CustomerHistory_ListsSegmentsOldestFirst()
    {
        ISnapshotStore store = CreateStore();
        await store.SaveSnapshotAsync(Snapshot(30, "v1", ("a", "Y", 2)));
        await store.SaveSnapshotAsync(Snapshot(0, "v1", ("a", "X", 1), ("b", "X", 1)));
        IReadOnlyList<(DateOnly AsOf, CustomerSnapshot Customer)> history = await store.GetCustomerHistoryAsync("a");
        Assert.Equal([new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31)], history.Select(h => h.AsOf));
        Assert.Equal(["X", "Y"], history.Select(h => h.Customer.Segment));
        Assert.Equal([1.0, 2], history.Select(h => h.Customer.Value));
        Assert.Equal(0.002, history[1].Customer.Scores["churn"], 12); // the whole entry, not only the segment
        Assert.All(history, h => Assert.Equal("a", h.Customer.CustomerId));
    }

    [Fact]
    public async Task Models_LatestSavedWins_SameVersionReplaced()
    {
        ISnapshotStore store = CreateStore();
        Assert.Null(await store.GetLatestModelAsync());
        await store.SaveModelAsync(new StoredModel("v1", "{\"k\":3}"));
        await store.SaveModelAsync(new StoredModel("v2", "{\"k\":4}"));
        Assert.Equal(new StoredModel("v2", "{\"k\":4}"), await store.GetLatestModelAsync());
        await store.SaveModelAsync(new StoredModel("v1", "{\"k\":5}"));
        Assert.Equal(new StoredModel("v1", "{\"k\":5}"), await store.GetLatestModelAsync());
    }

    [Fact]
    public async Task Alerts_RecordedOnce()
    {
        ISnapshotStore store = CreateStore();
        Assert.False(await store.IsAlertRecordedAsync("k"));
        Assert.True(await store.TryRecordAlertAsync("k"));
        Assert.False(await store.TryRecordAlertAsync("k"));
        Assert.True(await store.IsAlertRecordedAsync("k"));
    }
}

public sealed class InMemorySnapshotStoreTests : SnapshotStoreContractTests
{
    protected override ISnapshotStore CreateStore() => ISnapshotStore.InMemory();
}

public sealed class SqliteSnapshotStoreContractTests : SnapshotStoreContractTests, IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("segment-sqlite-");

    protected override ISnapshotStore CreateStore() => new SqliteSnapshotStore(Path.Combine(_directory.FullName, "store.db"));

    public void Dispose() => _directory.Delete(recursive: true);
}
