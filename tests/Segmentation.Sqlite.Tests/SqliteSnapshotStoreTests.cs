using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Segmentation.Migration;

namespace Segmentation.Sqlite.Tests;

public sealed class SqliteSnapshotStoreTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("segment-sqlite-");

    private string DatabasePath => Path.Combine(_directory.FullName, "store.db");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task Open_Version1File_UpgradesInPlaceKeepingItsData()
    {
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            SqliteSnapshotStore.Execute(connection, null, SqliteSchema.Version1);
            SqliteSnapshotStore.Execute(connection, null, "INSERT INTO snapshots VALUES ('2026-01-01/old', '2026-01-01', 'old')");
            SqliteSnapshotStore.Execute(connection, null, "INSERT INTO snapshot_customers VALUES ('2026-01-01/old', 'a', 'Steady', 12.5)");
        }

        var store = new SqliteSnapshotStore(DatabasePath);

        SegmentSnapshot? old = await store.GetSnapshotAsync("2026-01-01/old");
        Assert.Equal(("Steady", 12.5), (old!.Find("a")!.Segment, old.Find("a")!.Value));
        Assert.Empty(old.Find("a")!.Dimensions);
        Assert.True(await store.TryRecordAlertAsync("new-in-v2"));
        Assert.Equal(SqliteSnapshotStore.SchemaVersion, ReadUserVersion());
    }

    [Fact]
    public void Open_FileFromANewerVersion_ThrowsSayingSo()
    {
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            SqliteSnapshotStore.Execute(connection, null, "PRAGMA user_version = 99");
        }

        var error = Assert.Throws<SnapshotStoreException>(() => new SqliteSnapshotStore(DatabasePath));
        Assert.Contains("store version 99", error.Message);
        Assert.Contains(DatabasePath, error.Message);
        Assert.Contains("upgrade", error.Message);
    }

    [Fact]
    public async Task Save_ManyBlocks_RoundTripsEveryCustomerInOrder()
    {
        // 250 customers in ~16 blocks of ~16; every third value missing, every fifth with a dimension.
        var store = new SqliteSnapshotStore(DatabasePath) { CustomersPerBlock = 16 };
        CustomerSnapshot[] customers = [.. Enumerable.Range(0, 250).Select(i => new CustomerSnapshot($"c{i:000}", i % 2 == 0 ? "Even" : "Odd", i % 3 == 0 ? double.NaN : i)
        {
            Dimensions = i % 5 == 0 ? new Dictionary<string, string> { ["tier"] = $"T{i}" } : new Dictionary<string, string>(),
        })];
        var snapshot = new SegmentSnapshot(new DateOnly(2026, 3, 1), "v1", customers);
        await store.SaveSnapshotAsync(snapshot);

        SegmentSnapshot read = (await store.GetSnapshotAsync(snapshot.Key))!;
        Assert.Equal(customers.Select(c => c.CustomerId), read.Customers.Select(c => c.CustomerId));
        Assert.Equal(customers.Select(c => c.Segment), read.Customers.Select(c => c.Segment));
        Assert.Equal(customers.Select(c => c.Value), read.Customers.Select(c => c.Value));
        Assert.Equal("T245", read.Find("c245")!.Dimensions["tier"]);
        Assert.Empty(read.Find("c246")!.Dimensions);
        Assert.Equal(250, Assert.Single(await store.ListSnapshotsAsync()).Customers);
        Assert.Equal("Odd", Assert.Single(await store.GetCustomerHistoryAsync("c123")).Customer.Segment);
    }

    [Fact]
    public async Task PrepareToSave_ThenSave_StoresTheSameBytesAsWithout()
    {
        CustomerSnapshot[] customers = [.. Enumerable.Range(0, 300).Select(i => new CustomerSnapshot($"c{i:000}", i % 3 == 0 ? "Steady" : "Growing", i % 7 == 0 ? double.NaN : i * 1.5)
        {
            Dimensions = i % 4 == 0 ? new Dictionary<string, string> { ["tier"] = $"T{i % 3}" } : new Dictionary<string, string>(),
        })];
        var snapshot = new SegmentSnapshot(new DateOnly(2026, 3, 1), "v1", customers);
        string plainPath = Path.Combine(_directory.FullName, "plain.db");
        var plain = new SqliteSnapshotStore(plainPath) { CustomersPerBlock = 16 };
        var prepared = new SqliteSnapshotStore(DatabasePath) { CustomersPerBlock = 16 };

        await plain.SaveSnapshotAsync(snapshot);
        prepared.PrepareToSave(snapshot);
        await prepared.SaveSnapshotAsync(snapshot);

        Assert.Equal(StoredBytes(plainPath), StoredBytes(DatabasePath));
        Assert.True(StoredBytes(DatabasePath).Count > 2, "the snapshot spans several blocks");
    }

    [Fact]
    public async Task PrepareToSave_AnotherSnapshotSaved_StoresTheOneSaved()
    {
        var store = new SqliteSnapshotStore(DatabasePath);
        var announced = new SegmentSnapshot(new DateOnly(2026, 3, 1), "v1", [new CustomerSnapshot("a", "Announced", 1)]);
        var saved = new SegmentSnapshot(new DateOnly(2026, 3, 1), "v1", [new CustomerSnapshot("a", "Saved", 2)]);

        store.PrepareToSave(announced);
        await store.SaveSnapshotAsync(saved);

        CustomerSnapshot read = (await store.GetSnapshotAsync(saved.Key))!.Find("a")!;
        Assert.Equal(("Saved", 2.0), (read.Segment, read.Value));
    }

    [Fact]
    public async Task PrepareToSave_NeverSaved_StoresNothing()
    {
        var store = new SqliteSnapshotStore(DatabasePath);
        store.PrepareToSave(new SegmentSnapshot(new DateOnly(2026, 3, 1), "v1", [new CustomerSnapshot("a", "Steady", 1)]));

        Assert.Empty(await store.ListSnapshotsAsync());
    }

    /// <summary>Every stored snapshot row and block, as text and bytes, in key and bucket order.</summary>
    private static List<string> StoredBytes(string path)
    {
        var rows = new List<string>();
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = """
            SELECT s.key || '|' || s.as_of || '|' || s.model_version || '|' || s.customers || '|' || s.buckets || '|' || hex(s.segments) || '|' || hex(s.dimension_maps) || '|' || hex(s.score_names) FROM snapshots s
            UNION ALL
            SELECT b.bucket || '|' || hex(b.customers) FROM snapshot_blocks b
            """;
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    [Fact]
    public async Task Save_ManyCustomersSharingDimensionMaps_ReadsBackEachCustomersOwnMap()
    {
        // The store writes each distinct map's JSON once: maps whose joined texts look alike must still stay apart.
        var store = new SqliteSnapshotStore(DatabasePath);
        Dictionary<string, string>[] maps =
        [
            new() { ["ab"] = "c" },
            new() { ["a"] = "bc" },
            new() { ["cluster"] = "Steady", ["tier"] = "SMB" },
            new() { ["cluster"] = "Steady", ["tier"] = "Enterprise" },
            new() { ["tier"] = "SMB", ["cluster"] = "Steady" },
            new(),
        ];
        CustomerSnapshot[] customers = [.. Enumerable.Range(0, 60).Select(i => new CustomerSnapshot($"c{i}", "S", i) { Dimensions = maps[i % maps.Length] })];
        var snapshot = new SegmentSnapshot(new DateOnly(2026, 3, 1), "v1", customers);

        await store.SaveSnapshotAsync(snapshot);

        SegmentSnapshot read = (await store.GetSnapshotAsync(snapshot.Key))!;
        for (int i = 0; i < customers.Length; i++)
        {
            Assert.Equal(maps[i % maps.Length].OrderBy(p => p.Key, StringComparer.Ordinal), read.Customers[i].Dimensions.OrderBy(p => p.Key, StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task Save_NonAsciiAndLongTexts_RoundTripUnchanged()
    {
        var store = new SqliteSnapshotStore(DatabasePath);
        CustomerSnapshot[] customers =
        [
            new("Zoë-Ünternehmen-東京", "Réseau « fidèle »", 1.5) { Dimensions = new Dictionary<string, string> { ["région"] = "Île-de-France" } },
            new(new string('x', 300) + "é", "S", double.NaN),
            new("b", "Réseau « fidèle »", 2),
        ];
        var snapshot = new SegmentSnapshot(new DateOnly(2026, 3, 1), "v1", customers);

        await store.SaveSnapshotAsync(snapshot);

        SegmentSnapshot read = (await store.GetSnapshotAsync(snapshot.Key))!;
        Assert.Equal(customers.Select(c => (c.CustomerId, c.Segment, c.Value)), read.Customers.Select(c => (c.CustomerId, c.Segment, c.Value)));
        Assert.Equal("Île-de-France", read.Customers[0].Dimensions["région"]);
    }

    [Fact]
    public async Task Save_InterruptedAfterSomeBlocks_LeavesThePreviousSnapshotIntact()
    {
        var store = new SqliteSnapshotStore(DatabasePath) { CustomersPerBlock = 64 };
        await store.SaveSnapshotAsync(SnapshotStoreContractTests.Snapshot(0, "v1", ("a", "Old", 1)));
        int blocks = 0;
        store.AfterBlockWritten = written =>
        {
            if (++blocks == 2)
            {
                throw new IOException("power cut");
            }
        };

        (string, string, double)[] customers = [.. Enumerable.Range(0, 230).Select(i => ($"c{i}", "New", 1.0))];
        await Assert.ThrowsAsync<IOException>(() => store.SaveSnapshotAsync(SnapshotStoreContractTests.Snapshot(0, "v1", customers)));

        SegmentSnapshot kept = (await new SqliteSnapshotStore(DatabasePath).GetSnapshotAsync(SnapshotStoreContractTests.Snapshot(0, "v1").Key))!;
        Assert.Equal(["a"], kept.Customers.Select(c => c.CustomerId));
        Assert.Equal("Old", kept.Customers[0].Segment);
    }

    [Fact]
    public async Task Save_InterruptedMidTransaction_LeavesThePreviousSnapshotIntact()
    {
        var store = new SqliteSnapshotStore(DatabasePath);
        await store.SaveSnapshotAsync(SnapshotStoreContractTests.Snapshot(0, "v1", ("a", "Old", 1), ("b", "Old", 1)));
        store.AfterBlockWritten = _ => throw new IOException("power cut");

        await Assert.ThrowsAsync<IOException>(() => store.SaveSnapshotAsync(SnapshotStoreContractTests.Snapshot(0, "v1", ("a", "New", 1), ("b", "New", 1), ("c", "New", 1))));
        await Assert.ThrowsAsync<IOException>(() => store.SaveSnapshotAsync(SnapshotStoreContractTests.Snapshot(5, "v1", ("a", "New", 1), ("b", "New", 1))));

        var reopened = new SqliteSnapshotStore(DatabasePath);
        IReadOnlyList<SnapshotInfo> list = await reopened.ListSnapshotsAsync();
        SnapshotInfo only = Assert.Single(list);
        Assert.Equal(2, only.Customers);
        SegmentSnapshot kept = (await reopened.GetSnapshotAsync(only.Key))!;
        Assert.All(kept.Customers, c => Assert.Equal("Old", c.Segment));
    }

    [Fact]
    public async Task Save_TwoWritersOnOneFile_LoseNothing()
    {
        var first = new SqliteSnapshotStore(DatabasePath);
        var second = new SqliteSnapshotStore(DatabasePath);
        (string, string, double)[] customers = [.. Enumerable.Range(0, 200).Select(i => ($"c{i}", i % 2 == 0 ? "X" : "Y", (double)i))];

        Task Write(ISnapshotStore store, int offset) => Task.Run(async () =>
        {
            for (int day = 0; day < 15; day++)
            {
                await store.SaveSnapshotAsync(SnapshotStoreContractTests.Snapshot((day * 2) + offset, $"w{offset}", customers));
                await store.TryRecordAlertAsync($"alert-{offset}-{day}");
            }
        });

        await Task.WhenAll(Write(first, 0), Write(second, 1));

        IReadOnlyList<SnapshotInfo> list = await new SqliteSnapshotStore(DatabasePath).ListSnapshotsAsync();
        Assert.Equal(30, list.Count);
        Assert.All(list, s => Assert.Equal(200, s.Customers));
        Assert.False(await first.TryRecordAlertAsync("alert-1-14"));
    }

    [Fact]
    public async Task UseSqliteStore_RegistersItForTheTracker()
    {
        var services = new ServiceCollection();
        services.AddSegmentation().UseSqliteStore(DatabasePath).AddAlertRule(new SegmentEntryAlertRule("risk", ["At risk"]));
        using ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        Assert.IsType<SqliteSnapshotStore>(provider.GetRequiredService<ISnapshotStore>());
        MigrationTracker tracker = provider.GetRequiredService<MigrationTracker>();
        await tracker.TrackAsync(SnapshotStoreContractTests.Snapshot(0, "v1", ("a", "Steady", 1)));
        MigrationReport report = await tracker.TrackAsync(SnapshotStoreContractTests.Snapshot(1, "v1", ("a", "At risk", 1)));
        Assert.Single(report.Alerts);
    }

    [Fact]
    public void Open_FileThatIsNotADatabase_ThrowsNamingTheFileAndTheFix()
    {
        File.WriteAllText(DatabasePath, "customer_id,arr\na,1\n" + new string('x', 4096));

        var error = Assert.Throws<SnapshotStoreException>(() => new SqliteSnapshotStore(DatabasePath));

        Assert.Contains($"'{DatabasePath}' is not a SQLite database", error.Message);
        Assert.Contains("use another store file", error.Message);
        Assert.DoesNotContain("SQLite Error", error.Message);
    }

    [Fact]
    public void Open_AnotherApplicationsDatabase_ThrowsNamingItsTables()
    {
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            SqliteSnapshotStore.Execute(connection, null, "CREATE TABLE snapshots (id INTEGER PRIMARY KEY, taken TEXT)");
        }

        var error = Assert.Throws<SnapshotStoreException>(() => new SqliteSnapshotStore(DatabasePath));

        Assert.Contains("another application", error.Message);
        Assert.Contains("snapshots", error.Message);
        Assert.Contains(DatabasePath, error.Message);
    }

    [Fact]
    public async Task Save_UnknownValue_RoundTripsAsNaN()
    {
        var store = new SqliteSnapshotStore(DatabasePath);
        var snapshot = new SegmentSnapshot(new DateOnly(2026, 3, 1), "v1", [new CustomerSnapshot("a", "Steady", double.NaN), new CustomerSnapshot("b", "Steady", 5)]);

        await store.SaveSnapshotAsync(snapshot);
        SegmentSnapshot read = (await store.GetSnapshotAsync(snapshot.Key))!;

        Assert.True(double.IsNaN(read.Find("a")!.Value));
        Assert.Equal(5, read.Find("b")!.Value);
        Assert.True(double.IsNaN((await store.GetCustomerHistoryAsync("a"))[0].Customer.Value));
    }

    [Fact]
    public async Task Open_Version2File_UpgradesKeepingValuesAndOrder()
    {
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            SqliteSnapshotStore.Execute(connection, null, SqliteSchema.Version1);
            SqliteSnapshotStore.Execute(connection, null, "INSERT INTO snapshots VALUES ('2026-01-01/old', '2026-01-01', 'old')");
            SqliteSnapshotStore.Execute(connection, null, "INSERT INTO snapshot_customers VALUES ('2026-01-01/old', 'z', 'Steady', 3)");
            SqliteSnapshotStore.Execute(connection, null, "INSERT INTO snapshot_customers VALUES ('2026-01-01/old', 'a', 'Steady', 12.5)");
        }

        var store = new SqliteSnapshotStore(DatabasePath);

        SegmentSnapshot old = (await store.GetSnapshotAsync("2026-01-01/old"))!;
        Assert.Equal(["z", "a"], old.Customers.Select(c => c.CustomerId));
        Assert.Equal(12.5, old.Find("a")!.Value);
        Assert.Equal(SqliteSnapshotStore.SchemaVersion, ReadUserVersion());
    }

    [Fact]
    public async Task Open_Version3File_UpgradesKeepingEverySnapshotItsOrderAndFields()
    {
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            SqliteSnapshotStore.Execute(connection, null, SqliteSchema.Version1 + SqliteSchema.Upgrade1To2 + SqliteSchema.Upgrade2To3);
            SqliteSnapshotStore.Execute(connection, null, """
                INSERT INTO snapshots VALUES ('2026-02-01/m2', '2026-02-01', 'm2'), ('2026-01-01/m1', '2026-01-01', 'm1'), ('2026-03-01/empty', '2026-03-01', 'empty');
                INSERT INTO snapshot_customers VALUES ('2026-02-01/m2', 'z', 'At risk', NULL, '{"tier":"SMB","cluster":"At risk"}', '{"churn":0.75}');
                INSERT INTO snapshot_customers VALUES ('2026-01-01/m1', 'a', 'Steady', 3, '{}', '{}');
                INSERT INTO snapshot_customers VALUES ('2026-02-01/m2', 'a', 'Steady', 12.5, '{"tier":"SMB"}', '{}');
                INSERT INTO snapshot_customers VALUES ('2026-01-01/m1', 'z', 'Réseau', 7, '{"tier":"Enterprise"}', '{"churn":0.25,"expansion":1e-3}');
                INSERT INTO snapshot_customers VALUES ('2026-02-01/m2', 'm', 'Steady', 1, '{"tier":"SMB"}', '{}');
                """);
            Assert.Equal(3, ReadUserVersion());
        }

        var store = new SqliteSnapshotStore(DatabasePath);

        Assert.Equal(SqliteSnapshotStore.SchemaVersion, ReadUserVersion());
        Assert.Equal(
            [("2026-01-01/m1", 2), ("2026-02-01/m2", 3), ("2026-03-01/empty", 0)],
            (await store.ListSnapshotsAsync()).Select(s => (s.Key, s.Customers)));
        SegmentSnapshot february = (await store.GetSnapshotAsync("2026-02-01/m2"))!;
        Assert.Equal(["z", "a", "m"], february.Customers.Select(c => c.CustomerId));
        CustomerSnapshot z = february.Customers[0];
        Assert.Equal(("At risk", true), (z.Segment, double.IsNaN(z.Value)));
        Assert.Equal([new("tier", "SMB"), new("cluster", "At risk")], z.Dimensions.ToArray());
        Assert.Equal(0.75, z.Scores["churn"]);
        Assert.Equal(12.5, february.Find("a")!.Value);
        Assert.Empty((await store.GetSnapshotAsync("2026-03-01/empty"))!.Customers);

        IReadOnlyList<(DateOnly AsOf, CustomerSnapshot Customer)> history = await store.GetCustomerHistoryAsync("z");
        Assert.Equal([new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 1)], history.Select(h => h.AsOf));
        Assert.Equal(("Réseau", 7.0, "Enterprise", 0.001), (history[0].Customer.Segment, history[0].Customer.Value, history[0].Customer.Dimensions["tier"], history[0].Customer.Scores["expansion"]));
        Assert.Equal("2026-02-01/m2", (await store.GetLatestBeforeAsync(new DateOnly(2026, 3, 1)))!.Key);

        // The upgraded file takes new snapshots, and the old tables are gone.
        await store.SaveSnapshotAsync(SnapshotStoreContractTests.Snapshot(60, "v2", ("a", "New", 1)));
        Assert.Equal(4, (await store.ListSnapshotsAsync()).Count);
        Assert.DoesNotContain("snapshot_customers", ReadTables());
    }

    [Fact]
    public void Open_Version4FileWithoutItsBlocksTable_ThrowsNamingIt()
    {
        _ = new SqliteSnapshotStore(DatabasePath);
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            SqliteSnapshotStore.Execute(connection, null, "DROP TABLE snapshot_blocks");
        }

        var error = Assert.Throws<SnapshotStoreException>(() => new SqliteSnapshotStore(DatabasePath));

        Assert.Contains("not a segmentation store", error.Message);
        Assert.Contains("snapshot_blocks", error.Message);
    }

    [Fact]
    public async Task CustomerHistory_ManySnapshots_ReadsOneBlockPerSnapshotThroughTheKey()
    {
        var store = new SqliteSnapshotStore(DatabasePath) { CustomersPerBlock = 8 };
        (string, string, double)[] customers = [.. Enumerable.Range(0, 100).Select(i => ($"c{i}", i % 2 == 0 ? "X" : "Y", (double)i))];
        for (int day = 0; day < 5; day++)
        {
            await store.SaveSnapshotAsync(SnapshotStoreContractTests.Snapshot(day, "v1", customers));
        }

        Assert.Equal(5, (await store.GetCustomerHistoryAsync("c42")).Count);
        Assert.Empty(await store.GetCustomerHistoryAsync("c100"));

        // The plan looks the block up by (snapshot id, bucket): no scan of the blocks.
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using SqliteCommand explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + SqliteSnapshotStore.CustomerHistoryQuery;
        explain.Parameters.AddWithValue("$hash", 1L);
        using SqliteDataReader plan = explain.ExecuteReader();
        var steps = new List<string>();
        while (plan.Read())
        {
            steps.Add(plan.GetString(3));
        }

        Assert.Contains(steps, s => s.StartsWith("SEARCH b USING", StringComparison.Ordinal) && s.Contains("snapshot_id=? AND bucket=?", StringComparison.Ordinal));
        Assert.DoesNotContain(steps, s => s.StartsWith("SCAN b", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TryAddModel_TwoStoreInstancesOnOneFile_SecondWriterOfAVersionIsRefused()
    {
        var first = new SqliteSnapshotStore(DatabasePath);
        var second = new SqliteSnapshotStore(DatabasePath);

        bool[] added = await Task.WhenAll(
            first.TryAddModelAsync(new StoredModel("m1-2026-06-01", "{\"a\":1}")),
            second.TryAddModelAsync(new StoredModel("m1-2026-06-01", "{\"b\":2}")));

        Assert.Single(added, true);
        StoredModel latest = (await first.GetLatestModelAsync())!;
        Assert.Equal(added[0] ? "{\"a\":1}" : "{\"b\":2}", latest.Json);
    }

    [Fact]
    public async Task DataSet_SavedByOneInstance_IsReadByAnother()
    {
        await new SqliteSnapshotStore(DatabasePath).SaveDataSetAsync(new DataSetIdentity("account", ["arr", "seats"]));

        DataSetIdentity? read = await new SqliteSnapshotStore(DatabasePath).GetDataSetAsync();

        Assert.Equal("account", read!.IdColumn);
        Assert.Equal(["arr", "seats"], read.Features);
    }

    private List<string> ReadTables()
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        return SqliteSchema.ReadTables(connection, null);
    }

    private int ReadUserVersion()
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
