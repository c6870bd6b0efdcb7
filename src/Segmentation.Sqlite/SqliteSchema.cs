using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Segmentation.Migration;

namespace Segmentation.Sqlite;

/// <summary>
/// Creates the schema or upgrades it step by step, in one immediate transaction so that two processes opening an
/// old file at once upgrade it once. The version lives in <c>PRAGMA user_version</c>.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>Version 1: snapshots, their customers (segment and value) and models.</summary>
    internal const string Version1 = """
        CREATE TABLE snapshots (key TEXT PRIMARY KEY, as_of TEXT NOT NULL, model_version TEXT NOT NULL);
        CREATE TABLE snapshot_customers (
            snapshot_key TEXT NOT NULL REFERENCES snapshots(key),
            customer_id TEXT NOT NULL,
            segment TEXT NOT NULL,
            value REAL NOT NULL,
            PRIMARY KEY (snapshot_key, customer_id));
        CREATE INDEX snapshot_customers_by_customer ON snapshot_customers (customer_id);
        CREATE TABLE models (seq INTEGER PRIMARY KEY AUTOINCREMENT, version TEXT NOT NULL UNIQUE, json TEXT NOT NULL);
        PRAGMA user_version = 1;
        """;

    /// <summary>Version 2 adds rule dimensions and scores per customer, and the delivered-alerts table.</summary>
    internal const string Upgrade1To2 = """
        ALTER TABLE snapshot_customers ADD COLUMN dimensions TEXT NOT NULL DEFAULT '{}';
        ALTER TABLE snapshot_customers ADD COLUMN scores TEXT NOT NULL DEFAULT '{}';
        CREATE TABLE alerts (key TEXT PRIMARY KEY, recorded_at TEXT NOT NULL DEFAULT (datetime('now')));
        PRAGMA user_version = 2;
        """;

    /// <summary>
    /// Version 3: a customer's value may be unknown (NULL, read as NaN) instead of 0, and the store records the data
    /// set its history belongs to (id column and features). SQLite cannot drop NOT NULL in place: the table is rebuilt
    /// in the same order, so snapshots keep their customer order.
    /// </summary>
    internal const string Upgrade2To3 = """
        CREATE TABLE snapshot_customers_v3 (
            snapshot_key TEXT NOT NULL REFERENCES snapshots(key),
            customer_id TEXT NOT NULL,
            segment TEXT NOT NULL,
            value REAL,
            dimensions TEXT NOT NULL DEFAULT '{}',
            scores TEXT NOT NULL DEFAULT '{}',
            PRIMARY KEY (snapshot_key, customer_id));
        INSERT INTO snapshot_customers_v3 (snapshot_key, customer_id, segment, value, dimensions, scores)
            SELECT snapshot_key, customer_id, segment, value, dimensions, scores FROM snapshot_customers ORDER BY rowid;
        DROP TABLE snapshot_customers;
        ALTER TABLE snapshot_customers_v3 RENAME TO snapshot_customers;
        CREATE INDEX snapshot_customers_by_customer ON snapshot_customers (customer_id);
        CREATE TABLE data_set (id INTEGER PRIMARY KEY CHECK (id = 1), id_column TEXT, features TEXT NOT NULL);
        PRAGMA user_version = 3;
        """;

    /// <summary>
    /// Version 4 tables: snapshots get an integer id, their customer count and the texts their blocks point into, and
    /// customers move to blocks (see <see cref="CustomerBlocks"/> for the layout and why). Created beside the version 3
    /// tables, which <see cref="UpgradeTo4"/> then converts and drops.
    /// </summary>
    private const string Version4Tables = """
        ALTER TABLE snapshots RENAME TO snapshots_v3;
        CREATE TABLE snapshots (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            as_of TEXT NOT NULL,
            model_version TEXT NOT NULL,
            customers INTEGER NOT NULL,
            buckets INTEGER NOT NULL,
            segments TEXT NOT NULL,
            dimension_maps TEXT NOT NULL,
            score_names TEXT NOT NULL);
        CREATE TABLE snapshot_blocks (
            snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
            bucket INTEGER NOT NULL,
            customers BLOB NOT NULL,
            PRIMARY KEY (snapshot_id, bucket));
        """;

    /// <summary>
    /// The report data kept with each snapshot (see <see cref="SqliteSnapshotStore.SaveReportDataAsync"/>). Not a schema
    /// version of its own: created when missing on every open, so stores written before it gain it, and a store that
    /// has it still opens in a version that does not know it.
    /// </summary>
    internal const string ReportData = "CREATE TABLE IF NOT EXISTS report_data (snapshot_key TEXT PRIMARY KEY, json TEXT NOT NULL)";

    /// <summary>The tables this library creates, by the version that added them (version 4 replaced <c>snapshot_customers</c> by <c>snapshot_blocks</c>).</summary>
    private static readonly (string Table, int From, int Until)[] OwnTables =
        [("snapshots", 1, int.MaxValue), ("snapshot_customers", 1, 3), ("models", 1, int.MaxValue), ("alerts", 2, int.MaxValue), ("data_set", 3, int.MaxValue), ("snapshot_blocks", 4, int.MaxValue)];

    /// <summary>The step from each version to the next (index 0: from an empty file to version 1).</summary>
    private static readonly Action<SqliteConnection, SqliteTransaction>[] Upgrades =
    [
        (connection, transaction) => SqliteSnapshotStore.Execute(connection, transaction, Version1),
        (connection, transaction) => SqliteSnapshotStore.Execute(connection, transaction, Upgrade1To2),
        (connection, transaction) => SqliteSnapshotStore.Execute(connection, transaction, Upgrade2To3),
        UpgradeTo4,
    ];

    public static void EnsureCurrent(SqliteConnection connection, string path)
    {
        using (connection)
        {
            // WAL lets readers work while a writer writes; it is a property of the file, set once.
            SqliteSnapshotStore.Execute(connection, null, "PRAGMA journal_mode = WAL");
            using SqliteTransaction transaction = connection.BeginTransaction(deferred: false);
            int version = ReadVersion(connection, transaction);
            if (version > SqliteSnapshotStore.SchemaVersion)
            {
                throw new SnapshotStoreException(
                    path,
                    $"The snapshot store '{path}' was written by a newer version of Segmentation (store version {version}, this one reads up to {SqliteSnapshotStore.SchemaVersion}); upgrade segment / Segmentation.Sqlite, or use another store file.");
            }

            if (version == 0 && ReadTables(connection, transaction) is { Count: > 0 } tables)
            {
                throw new SnapshotStoreException(
                    path,
                    $"The file '{path}' is a SQLite database of another application (it holds the tables {string.Join(", ", tables)}); use another store file for segmentation history.");
            }

            string[] missing = [.. OwnTables.Where(t => t.From <= version && version <= t.Until).Select(t => t.Table).Except(ReadTables(connection, transaction), StringComparer.OrdinalIgnoreCase)];
            if (missing.Length > 0)
            {
                throw new SnapshotStoreException(
                    path,
                    $"The file '{path}' is not a segmentation store (it lacks the tables {string.Join(", ", missing)}); use another store file.");
            }

            for (int step = version; step < Upgrades.Length; step++)
            {
                Upgrades[step](connection, transaction);
            }

            SqliteSnapshotStore.Execute(connection, transaction, ReportData);

            transaction.Commit();
        }
    }

    /// <summary>
    /// Version 4: customers in blocks (<see cref="CustomerBlocks"/>). Not expressible in SQL: every stored snapshot is
    /// read from the version 3 tables in its saved order (rowid) and written again as blocks, one snapshot at a time,
    /// then the version 3 tables are dropped.
    /// </summary>
    private static void UpgradeTo4(SqliteConnection connection, SqliteTransaction transaction)
    {
        SqliteSnapshotStore.Execute(connection, transaction, Version4Tables);
        var snapshots = new List<(string Key, string AsOf, string ModelVersion)>();
        using (SqliteCommand command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT key, as_of, model_version FROM snapshots_v3 ORDER BY rowid";
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                snapshots.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        using SqliteCommand rows = connection.CreateCommand();
        rows.Transaction = transaction;
        rows.CommandText = "SELECT customer_id, segment, value, dimensions, scores FROM snapshot_customers WHERE snapshot_key = $key ORDER BY rowid";
        SqliteParameter key = rows.Parameters.Add("$key", SqliteType.Text);
        foreach ((string Key, string AsOf, string ModelVersion) snapshot in snapshots)
        {
            key.Value = snapshot.Key;
            var customers = new List<CustomerSnapshot>();
            using (SqliteDataReader reader = rows.ExecuteReader())
            {
                while (reader.Read())
                {
                    customers.Add(new CustomerSnapshot(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? double.NaN : reader.GetDouble(2))
                    {
                        Dimensions = JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(3)) ?? [],
                        Scores = JsonSerializer.Deserialize<Dictionary<string, double>>(reader.GetString(4)) ?? [],
                    });
                }
            }

            EncodedCustomers encoded = CustomerBlocks.Encode(customers, CustomerBlocks.DefaultCustomersPerBlock, CancellationToken.None);
            SqliteSnapshotStore.InsertSnapshot(connection, transaction, snapshot.Key, snapshot.AsOf, snapshot.ModelVersion, encoded, afterBlockWritten: null, CancellationToken.None);
        }

        SqliteSnapshotStore.Execute(connection, transaction, """
            DROP TABLE snapshot_customers;
            DROP TABLE snapshots_v3;
            PRAGMA user_version = 4;
            """);
    }

    /// <summary>The file's own tables (not SQLite's internal ones), by name.</summary>
    internal static List<string> ReadTables(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
        using SqliteDataReader reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static int ReadVersion(SqliteConnection connection, SqliteTransaction transaction)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
