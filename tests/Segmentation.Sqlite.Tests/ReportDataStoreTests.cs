using Microsoft.Data.Sqlite;
using Segmentation.Migration;

namespace Segmentation.Sqlite.Tests;

/// <summary>The report data kept with each snapshot, in both built-in stores, and in SQLite stores written before it existed.</summary>
public sealed class ReportDataStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("segment-report-data-").FullName;

    public static TheoryData<string> Stores => new() { "memory", "sqlite" };

    private ISnapshotStore Open(string kind) => kind == "memory" ? ISnapshotStore.InMemory() : new SqliteSnapshotStore(Path.Combine(_directory, "store.db"));

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task GetReportDataAsync_AfterSave_ReturnsTheLatestDocumentOfThatSnapshot(string kind)
    {
        ISnapshotStore store = Open(kind);
        await store.SaveReportDataAsync("2026-10-31/m1", "{\"a\":1}");
        await store.SaveReportDataAsync("2026-10-31/m1", "{\"a\":2}");
        await store.SaveReportDataAsync("2026-09-30/m1", "{\"b\":1}");

        Assert.Equal("{\"a\":2}", await store.GetReportDataAsync("2026-10-31/m1"));
        Assert.Equal("{\"b\":1}", await store.GetReportDataAsync("2026-09-30/m1"));
        Assert.Null(await store.GetReportDataAsync("2026-08-31/m1"));
    }

    [Fact]
    public async Task SqliteSnapshotStore_StoreWrittenBeforeReportData_GainsTheTableOnOpen()
    {
        string path = Path.Combine(_directory, "old.db");
        _ = new SqliteSnapshotStore(path);
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "DROP TABLE report_data";
            command.ExecuteNonQuery();
        }

        var reopened = new SqliteSnapshotStore(path);

        Assert.Null(await reopened.GetReportDataAsync("2026-10-31/m1"));
        await reopened.SaveReportDataAsync("2026-10-31/m1", "{}");
        Assert.Equal("{}", await reopened.GetReportDataAsync("2026-10-31/m1"));
    }

    [Fact]
    public async Task ISnapshotStore_DefaultImplementation_KeepsNothing()
    {
        ISnapshotStore store = new MinimalStore(ISnapshotStore.InMemory());

        await store.SaveReportDataAsync("k", "{}");

        Assert.Null(await store.GetReportDataAsync("k"));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }

    /// <summary>A store that implements only the required members, so the interface's defaults apply.</summary>
    private sealed class MinimalStore(ISnapshotStore inner) : ISnapshotStore
    {
        public Task SaveSnapshotAsync(SegmentSnapshot snapshot, CancellationToken cancellationToken = default) => inner.SaveSnapshotAsync(snapshot, cancellationToken);

        public Task<SegmentSnapshot?> GetSnapshotAsync(string key, CancellationToken cancellationToken = default) => inner.GetSnapshotAsync(key, cancellationToken);

        public Task<SegmentSnapshot?> GetLatestBeforeAsync(DateOnly asOf, CancellationToken cancellationToken = default) => inner.GetLatestBeforeAsync(asOf, cancellationToken);

        public Task<IReadOnlyList<SnapshotInfo>> ListSnapshotsAsync(CancellationToken cancellationToken = default) => inner.ListSnapshotsAsync(cancellationToken);

        public Task<IReadOnlyList<(DateOnly AsOf, CustomerSnapshot Customer)>> GetCustomerHistoryAsync(string customerId, CancellationToken cancellationToken = default) => inner.GetCustomerHistoryAsync(customerId, cancellationToken);

        public Task SaveModelAsync(StoredModel model, CancellationToken cancellationToken = default) => inner.SaveModelAsync(model, cancellationToken);

        public Task<StoredModel?> GetLatestModelAsync(CancellationToken cancellationToken = default) => inner.GetLatestModelAsync(cancellationToken);

        public Task<bool> IsAlertRecordedAsync(string alertKey, CancellationToken cancellationToken = default) => inner.IsAlertRecordedAsync(alertKey, cancellationToken);

        public Task<bool> TryRecordAlertAsync(string alertKey, CancellationToken cancellationToken = default) => inner.TryRecordAlertAsync(alertKey, cancellationToken);
    }
}
