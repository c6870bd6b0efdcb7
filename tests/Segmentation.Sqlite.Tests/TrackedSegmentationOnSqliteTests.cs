using Segmentation.Clustering;
using Segmentation.Clustering.KMeans;
using Segmentation.Migration;
using Segmentation.Pipeline;

namespace Segmentation.Sqlite.Tests;

public sealed class TrackedSegmentationOnSqliteTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("segment-sqlite-tracked-");

    private string DatabasePath => Path.Combine(_directory.FullName, "store.db");

    public void Dispose() => _directory.Delete(recursive: true);

    private static FeatureMatrix Customers()
    {
        double[][] rows = [.. Enumerable.Range(0, 40).Select(i => new[] { i < 20 ? 1000.0 + i : 90_000 + (i * 10), i < 20 ? 2.0 : 40 })];
        return FeatureMatrix.FromRows(rows, ["arr", "logins"]).WithRowIds([.. Enumerable.Range(0, 40).Select(i => $"c{i}")]);
    }

    private static TrackedSegmentation Job(ISnapshotStore store) =>
        new(new SegmentationEngine(Clusterers.KMeans(new KMeansOptions { K = 2, Seed = 0 })), store, new MigrationTracker(store));

    [Fact]
    public async Task CommitAsync_TwoFirstRunsOnOneFileWithTheSameDate_EachGetsItsOwnVersion()
    {
        var first = new SqliteSnapshotStore(DatabasePath);
        var second = new SqliteSnapshotStore(DatabasePath);
        var asOf = new DateOnly(2026, 6, 1);

        // Both prepare before either commits: both see an empty store, as two processes started together would.
        PendingTrackedRun a = await Job(first).PrepareAsync(Customers(), asOf);
        PendingTrackedRun b = await Job(second).PrepareAsync(Customers(), asOf);
        TrackedRunResult ra = await a.CommitAsync();
        TrackedRunResult rb = await b.CommitAsync();

        Assert.Equal("m1-2026-06-01", a.ProposedVersion);
        Assert.Equal("m1-2026-06-01", b.ProposedVersion);
        Assert.NotEqual(ra.ModelVersion, rb.ModelVersion);
        Assert.Equal(2, (await first.ListSnapshotsAsync()).Count);
        Assert.Equal(rb.ModelVersion, (await first.GetLatestModelAsync())!.Version);
    }

    [Fact]
    public async Task PrepareAsync_WithoutCommit_WritesNothing()
    {
        var store = new SqliteSnapshotStore(DatabasePath);

        PendingTrackedRun pending = await Job(store).PrepareAsync(Customers(), new DateOnly(2026, 6, 1));

        Assert.True(pending.Trained);
        Assert.Null(await store.GetLatestModelAsync());
        Assert.Empty(await store.ListSnapshotsAsync());
        Assert.Null(await store.GetDataSetAsync());
    }

    [Fact]
    public async Task RunAsync_OtherFeaturesOnTheSameFile_ThrowsNamingTheStoreUnlessRetraining()
    {
        await Job(new SqliteSnapshotStore(DatabasePath)).RunAsync(Customers(), new DateOnly(2026, 6, 1), options: new TrackedRunOptions { IdColumn = "id" });
        FeatureMatrix other = FeatureMatrix.FromRows([.. Enumerable.Range(0, 40).Select(i => new[] { (double)i, i % 3 })], ["tenure", "seats"])
            .WithRowIds([.. Enumerable.Range(0, 40).Select(i => $"c{i}")]);

        var error = await Assert.ThrowsAsync<SnapshotStoreException>(() => Job(new SqliteSnapshotStore(DatabasePath)).RunAsync(other, new DateOnly(2026, 6, 2), options: new TrackedRunOptions { IdColumn = "id" }));
        TrackedRunResult retrained = await Job(new SqliteSnapshotStore(DatabasePath)).RunAsync(other, new DateOnly(2026, 6, 2), options: new TrackedRunOptions { IdColumn = "id", Retrain = true });

        Assert.Contains(DatabasePath, error.Message);
        Assert.Contains("missing arr, logins", error.Message);
        Assert.Contains("new tenure, seats", error.Message);
        Assert.True(retrained.Trained);
        Assert.Equal(["tenure", "seats"], (await new SqliteSnapshotStore(DatabasePath).GetDataSetAsync())!.Features);
    }
}
