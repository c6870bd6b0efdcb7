using System.Globalization;
using Microsoft.Data.Sqlite;

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

    private static readonly string[] Upgrades = [Version1, Upgrade1To2];

    public static void EnsureCurrent(SqliteConnection connection)
    {
        using (connection)
        {
            // WAL lets readers work while a writer writes; it is a property of the file, set once.
            SqliteSnapshotStore.Execute(connection, null, "PRAGMA journal_mode = WAL");
            using SqliteTransaction transaction = connection.BeginTransaction(deferred: false);
            int version = ReadVersion(connection, transaction);
            if (version > SqliteSnapshotStore.SchemaVersion)
            {
                throw new InvalidOperationException(
                    $"The snapshot store '{connection.DataSource}' has schema version {version}, written by a newer version of Segmentation.Sqlite (this one knows up to {SqliteSnapshotStore.SchemaVersion}); upgrade the package.");
            }

            for (int step = version; step < Upgrades.Length; step++)
            {
                SqliteSnapshotStore.Execute(connection, transaction, Upgrades[step]);
            }

            transaction.Commit();
        }
    }

    private static int ReadVersion(SqliteConnection connection, SqliteTransaction transaction)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
