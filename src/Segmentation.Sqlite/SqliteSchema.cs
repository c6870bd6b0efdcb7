using System.Globalization;
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
    private const string Upgrade1To2 = """
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
    private const string Upgrade2To3 = """
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
    /// The report data kept with each snapshot (see <see cref="SqliteSnapshotStore.SaveReportDataAsync"/>). Not a schema
    /// version of its own: created when missing on every open, so stores written before it gain it, and a store that
    /// has it still opens in a version that does not know it.
    /// </summary>
    internal const string ReportData = "CREATE TABLE IF NOT EXISTS report_data (snapshot_key TEXT PRIMARY KEY, json TEXT NOT NULL)";

    /// <summary>The tables this library creates; a file without a schema version but with other tables belongs to another application.</summary>
    private static readonly string[] OwnTables = ["snapshots", "snapshot_customers", "models", "alerts", "data_set"];

    private static readonly string[] Upgrades = [Version1, Upgrade1To2, Upgrade2To3];

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

            string[] missing = version == 0 ? [] : [.. OwnTables.Take(version >= 3 ? 5 : version >= 2 ? 4 : 3).Except(ReadTables(connection, transaction), StringComparer.OrdinalIgnoreCase)];
            if (missing.Length > 0)
            {
                throw new SnapshotStoreException(
                    path,
                    $"The file '{path}' is not a segmentation store (it lacks the tables {string.Join(", ", missing)}); use another store file.");
            }

            for (int step = version; step < Upgrades.Length; step++)
            {
                SqliteSnapshotStore.Execute(connection, transaction, Upgrades[step]);
            }

            SqliteSnapshotStore.Execute(connection, transaction, ReportData);

            transaction.Commit();
        }
    }

    private static List<string> ReadTables(SqliteConnection connection, SqliteTransaction transaction)
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
