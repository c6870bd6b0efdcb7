using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Segmentation.Migration;

namespace Segmentation.Sqlite;

/// <summary>
/// An <see cref="ISnapshotStore"/> in one SQLite file: snapshots, models and delivered alerts. Every snapshot is
/// written in one transaction (a crash mid-write leaves the previous state intact), the schema is versioned and
/// upgraded in place on open, and several processes may write to the same file (WAL journal, immediate
/// transactions, waiting on a busy file up to <see cref="BusyTimeout"/>).
/// </summary>
/// <remarks>Thread-safe: every call uses its own connection.</remarks>
public sealed class SqliteSnapshotStore : ISnapshotStore
{
    /// <summary>The schema version this code writes (kept in <c>PRAGMA user_version</c>).</summary>
    public const int SchemaVersion = 2;

    /// <summary>How long a writer waits for another process's transaction before failing.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    private readonly string _connectionString;

    /// <summary>Opens (creating or upgrading when needed) the store at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidOperationException">The file was written by a newer version of this library.</exception>
    /// <exception cref="SqliteException">The file is not a SQLite database or cannot be opened.</exception>
    public SqliteSnapshotStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
            Pooling = false,
        }.ToString();
        SqliteSchema.EnsureCurrent(Open());
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Called after each customer row is written inside the snapshot transaction (tests simulate crashes with it).</summary>
    internal Action<int>? AfterCustomerWritten { get; set; }

    /// <inheritdoc />
    public async Task SaveSnapshotAsync(SegmentSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        await using SqliteConnection connection = Open();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        Execute(connection, transaction, "DELETE FROM snapshot_customers WHERE snapshot_key = $key", ("$key", snapshot.Key));
        Execute(connection, transaction, "DELETE FROM snapshots WHERE key = $key", ("$key", snapshot.Key));
        Execute(connection, transaction, "INSERT INTO snapshots (key, as_of, model_version) VALUES ($key, $asOf, $version)",
            ("$key", snapshot.Key), ("$asOf", Date(snapshot.AsOf)), ("$version", snapshot.ModelVersion));

        await using SqliteCommand insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO snapshot_customers (snapshot_key, customer_id, segment, value, dimensions, scores) VALUES ($key, $id, $segment, $value, $dimensions, $scores)";
        SqliteParameter key = insert.Parameters.Add("$key", SqliteType.Text);
        SqliteParameter id = insert.Parameters.Add("$id", SqliteType.Text);
        SqliteParameter segment = insert.Parameters.Add("$segment", SqliteType.Text);
        SqliteParameter value = insert.Parameters.Add("$value", SqliteType.Real);
        SqliteParameter dimensions = insert.Parameters.Add("$dimensions", SqliteType.Text);
        SqliteParameter scores = insert.Parameters.Add("$scores", SqliteType.Text);
        key.Value = snapshot.Key;
        for (int i = 0; i < snapshot.Customers.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            CustomerSnapshot customer = snapshot.Customers[i];
            id.Value = customer.CustomerId;
            segment.Value = customer.Segment;
            value.Value = customer.Value;
            dimensions.Value = JsonSerializer.Serialize(customer.Dimensions);
            scores.Value = JsonSerializer.Serialize(customer.Scores);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            AfterCustomerWritten?.Invoke(i);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<SegmentSnapshot?> GetSnapshotAsync(string key, CancellationToken cancellationToken = default)
    {
        await using SqliteConnection connection = Open();
        return await ReadSnapshotAsync(connection, "SELECT key, as_of, model_version FROM snapshots WHERE key = $p", key, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<SegmentSnapshot?> GetLatestBeforeAsync(DateOnly asOf, CancellationToken cancellationToken = default)
    {
        await using SqliteConnection connection = Open();
        return await ReadSnapshotAsync(connection, "SELECT key, as_of, model_version FROM snapshots WHERE as_of < $p ORDER BY as_of DESC, key DESC LIMIT 1", Date(asOf), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SnapshotInfo>> ListSnapshotsAsync(CancellationToken cancellationToken = default)
    {
        await using SqliteConnection connection = Open();
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT s.key, s.as_of, s.model_version, (SELECT COUNT(*) FROM snapshot_customers c WHERE c.snapshot_key = s.key) FROM snapshots s ORDER BY s.as_of, s.key";
        var list = new List<SnapshotInfo>();
        await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new SnapshotInfo(reader.GetString(0), ParseDate(reader.GetString(1)), reader.GetString(2), reader.GetInt32(3)));
        }

        return list;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CustomerHistoryEntry>> GetCustomerHistoryAsync(string customerId, CancellationToken cancellationToken = default)
    {
        await using SqliteConnection connection = Open();
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT s.as_of, c.segment, c.value FROM snapshot_customers c JOIN snapshots s ON s.key = c.snapshot_key WHERE c.customer_id = $id ORDER BY s.as_of, s.key";
        command.Parameters.AddWithValue("$id", customerId);
        var list = new List<CustomerHistoryEntry>();
        await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new CustomerHistoryEntry(ParseDate(reader.GetString(0)), reader.GetString(1), reader.GetDouble(2)));
        }

        return list;
    }

    /// <inheritdoc />
    public async Task SaveModelAsync(StoredModel model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        await using SqliteConnection connection = Open();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        Execute(connection, transaction, "DELETE FROM models WHERE version = $v", ("$v", model.Version));
        Execute(connection, transaction, "INSERT INTO models (version, json) VALUES ($v, $json)", ("$v", model.Version), ("$json", model.Json));
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<StoredModel?> GetLatestModelAsync(CancellationToken cancellationToken = default)
    {
        await using SqliteConnection connection = Open();
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT version, json FROM models ORDER BY seq DESC LIMIT 1";
        await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? new StoredModel(reader.GetString(0), reader.GetString(1)) : null;
    }

    /// <inheritdoc />
    public async Task<bool> IsAlertRecordedAsync(string alertKey, CancellationToken cancellationToken = default)
    {
        await using SqliteConnection connection = Open();
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM alerts WHERE key = $k";
        command.Parameters.AddWithValue("$k", alertKey);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) > 0;
    }

    /// <inheritdoc />
    public async Task<bool> TryRecordAlertAsync(string alertKey, CancellationToken cancellationToken = default)
    {
        await using SqliteConnection connection = Open();
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "INSERT OR IGNORE INTO alerts (key) VALUES ($k)";
        command.Parameters.AddWithValue("$k", alertKey);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private static async Task<SegmentSnapshot?> ReadSnapshotAsync(SqliteConnection connection, string headerQuery, string parameter, CancellationToken cancellationToken)
    {
        // One read transaction, so that the header and the rows come from the same committed state.
        await using SqliteTransaction transaction = connection.BeginTransaction(deferred: true);
        await using SqliteCommand header = connection.CreateCommand();
        header.Transaction = transaction;
        header.CommandText = headerQuery;
        header.Parameters.AddWithValue("$p", parameter);
        string key, version;
        DateOnly asOf;
        await using (SqliteDataReader reader = await header.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            (key, asOf, version) = (reader.GetString(0), ParseDate(reader.GetString(1)), reader.GetString(2));
        }

        await using SqliteCommand rows = connection.CreateCommand();
        rows.Transaction = transaction;
        rows.CommandText = "SELECT customer_id, segment, value, dimensions, scores FROM snapshot_customers WHERE snapshot_key = $key ORDER BY rowid";
        rows.Parameters.AddWithValue("$key", key);
        var customers = new List<CustomerSnapshot>();
        await using (SqliteDataReader reader = await rows.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                customers.Add(new CustomerSnapshot(reader.GetString(0), reader.GetString(1), reader.GetDouble(2))
                {
                    Dimensions = JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(3)) ?? [],
                    Scores = JsonSerializer.Deserialize<Dictionary<string, double>>(reader.GetString(4)) ?? [],
                });
            }
        }

        return new SegmentSnapshot(asOf, version, customers);
    }

    internal static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach ((string name, object value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly ParseDate(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
