using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using Segmentation.Migration;

namespace Segmentation.Sqlite;

/// <summary>
/// An <see cref="ISnapshotStore"/> in one SQLite file: snapshots, models and delivered alerts. Every snapshot is
/// written in one transaction (a crash mid-write leaves the previous state intact), the schema is versioned and
/// upgraded in place on open, and several processes may write to the same file (WAL journal, immediate
/// transactions, waiting on a busy file up to <see cref="BusyTimeout"/>).
/// </summary>
/// <remarks>Thread-safe: every call uses its own connection.</remarks>
public sealed partial class SqliteSnapshotStore : ISnapshotStore
{
    /// <summary>The schema version this code writes (kept in <c>PRAGMA user_version</c>).</summary>
    public const int SchemaVersion = 3;

    /// <summary>How long a writer waits for another process's transaction before failing.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How an empty dimension or score map is stored (what <see cref="JsonSerializer"/> writes for one).</summary>
    private const string EmptyObject = "{}";

    private readonly string _connectionString;

    /// <summary>Opens (creating or upgrading when needed) the store at <paramref name="path"/>.</summary>
    /// <exception cref="SnapshotStoreException">
    /// The file is not a SQLite database, cannot be opened or created, was written by a newer version of this library, or
    /// holds another application's tables (the message names the file and the fix).
    /// </exception>
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
        try
        {
            SqliteSchema.EnsureCurrent(Open(), path);
        }
        catch (SqliteException exception)
        {
            throw Explain(path, exception);
        }
    }

    /// <summary>One sentence for a SQLite error on opening the store: the file, the problem and the fix.</summary>
    private static SnapshotStoreException Explain(string path, SqliteException exception) => exception.SqliteErrorCode switch
    {
        26 => new SnapshotStoreException(path, $"The file '{path}' is not a SQLite database, so it cannot hold segmentation history; use another store file (or move that file away).", exception),
        14 => new SnapshotStoreException(path, $"The snapshot store '{path}' cannot be opened or created; check that its folder exists and is writable, or use another store file.", exception),
        8 or 23 => new SnapshotStoreException(path, $"The snapshot store '{path}' is read-only or not accessible; give write access or use another store file.", exception),
        5 or 6 => new SnapshotStoreException(path, $"The snapshot store '{path}' stayed locked by another process for {BusyTimeout.TotalSeconds:0} s; retry when that run ends.", exception),
        11 => new SnapshotStoreException(path, $"The snapshot store '{path}' is damaged (the database disk image is malformed); restore it from a backup or use another store file.", exception),
        _ => new SnapshotStoreException(path, $"The snapshot store '{path}' cannot be used ({exception.Message.TrimEnd('.')}); use another store file.", exception),
    };

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>The database file, as given: how messages name the store.</summary>
    public override string ToString() => Path;

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

        // One prepared statement for every customer, run synchronously on SQLite's own API (the rows are in memory;
        // an awaited call or a parameter object per row costs more than the insert): texts are bound as UTF-8 bytes,
        // encoded once for the snapshot key, each segment name and each distinct map. The page cache is large enough
        // that the customer index stays in memory.
        Execute(connection, transaction, "PRAGMA cache_size = -131072");
        WriteCustomers(connection, snapshot, cancellationToken);
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
    public async Task<IReadOnlyList<(DateOnly AsOf, CustomerSnapshot Customer)>> GetCustomerHistoryAsync(string customerId, CancellationToken cancellationToken = default)
    {
        await using SqliteConnection connection = Open();
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT s.as_of, {CustomerColumns} FROM snapshot_customers c JOIN snapshots s ON s.key = c.snapshot_key WHERE c.customer_id = $id ORDER BY s.as_of, s.key";
        command.Parameters.AddWithValue("$id", customerId);
        var list = new List<(DateOnly AsOf, CustomerSnapshot Customer)>();
        await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add((ParseDate(reader.GetString(0)), ReadCustomer(reader, 1)));
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
    public async Task<IReadOnlyList<string>> ListModelVersionsAsync(CancellationToken cancellationToken = default)
    {
        await using SqliteConnection connection = Open();
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM models ORDER BY seq DESC";
        await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var versions = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            versions.Add(reader.GetString(0));
        }

        return versions;
    }

    /// <inheritdoc />
    public async Task<StoredModel?> GetModelAsync(string version, CancellationToken cancellationToken = default)
    {
        await using SqliteConnection connection = Open();
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT version, json FROM models WHERE version = $v";
        command.Parameters.AddWithValue("$v", version);
        await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? new StoredModel(reader.GetString(0), reader.GetString(1)) : null;
    }

    /// <inheritdoc />
    public async Task<bool> TryAddModelAsync(StoredModel model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        await using SqliteConnection connection = Open();
        await using SqliteCommand command = connection.CreateCommand();

        // The version column is unique: of two writers adding the same version, the second inserts nothing.
        command.CommandText = "INSERT OR IGNORE INTO models (version, json) VALUES ($v, $json)";
        command.Parameters.AddWithValue("$v", model.Version);
        command.Parameters.AddWithValue("$json", model.Json);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async Task<DataSetIdentity?> GetDataSetAsync(CancellationToken cancellationToken = default)
    {
        await using SqliteConnection connection = Open();
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT id_column, features FROM data_set WHERE id = 1";
        await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        string[] features = JsonSerializer.Deserialize<string[]>(reader.GetString(1)) ?? [];
        return new DataSetIdentity(reader.IsDBNull(0) ? null : reader.GetString(0), features);
    }

    /// <inheritdoc />
    public async Task SaveDataSetAsync(DataSetIdentity dataSet, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSet);
        await using SqliteConnection connection = Open();
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "INSERT OR REPLACE INTO data_set (id, id_column, features) VALUES (1, $id, $features)";
        command.Parameters.AddWithValue("$id", (object?)dataSet.IdColumn ?? DBNull.Value);
        command.Parameters.AddWithValue("$features", JsonSerializer.Serialize(dataSet.Features));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
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
        rows.CommandText = $"SELECT {CustomerColumns} FROM snapshot_customers c WHERE c.snapshot_key = $key ORDER BY c.rowid";
        rows.Parameters.AddWithValue("$key", key);
        var customers = new List<CustomerSnapshot>();
        await using (SqliteDataReader reader = await rows.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                customers.Add(ReadCustomer(reader, 0));
            }
        }

        return new SegmentSnapshot(asOf, version, customers);
    }

    /// <summary>The columns of a <see cref="CustomerSnapshot"/> in <c>snapshot_customers c</c>, in the order <see cref="ReadCustomer"/> reads them.</summary>
    private const string CustomerColumns = "c.customer_id, c.segment, c.value, c.dimensions, c.scores";

    /// <summary>Reads a customer from <see cref="CustomerColumns"/>, starting at column <paramref name="first"/>.</summary>
    private static CustomerSnapshot ReadCustomer(SqliteDataReader reader, int first) =>
        new(reader.GetString(first), reader.GetString(first + 1), reader.IsDBNull(first + 2) ? double.NaN : reader.GetDouble(first + 2))
        {
            Dimensions = JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(first + 3)) ?? [],
            Scores = JsonSerializer.Deserialize<Dictionary<string, double>>(reader.GetString(first + 4)) ?? [],
        };

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

    /// <summary>Inserts every customer of <paramref name="snapshot"/> inside the connection's open transaction.</summary>
    private void WriteCustomers(SqliteConnection connection, SegmentSnapshot snapshot, CancellationToken cancellationToken)
    {
        sqlite3 database = connection.Handle!;
        Check(raw.sqlite3_prepare_v2(database, "INSERT INTO snapshot_customers (snapshot_key, customer_id, segment, value, dimensions, scores) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", out sqlite3_stmt insert), database);
        using (insert)
        {
            byte[] key = Encoding.UTF8.GetBytes(snapshot.Key);
            var texts = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            var json = new JsonMemo();
            byte[] id = new byte[256];
            for (int i = 0; i < snapshot.Customers.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                CustomerSnapshot customer = snapshot.Customers[i];
                int idLength = Encoding.UTF8.GetMaxByteCount(customer.CustomerId.Length);
                if (idLength > id.Length)
                {
                    id = new byte[idLength];
                }

                idLength = Encoding.UTF8.GetBytes(customer.CustomerId, id);
                Check(raw.sqlite3_bind_text(insert, 1, key), database);
                Check(raw.sqlite3_bind_text(insert, 2, id.AsSpan(0, idLength)), database);
                Check(raw.sqlite3_bind_text(insert, 3, Utf8(texts, customer.Segment)), database);
                Check(double.IsNaN(customer.Value) ? raw.sqlite3_bind_null(insert, 4) : raw.sqlite3_bind_double(insert, 4, customer.Value), database);
                Check(raw.sqlite3_bind_text(insert, 5, json.Dimensions(customer.Dimensions)), database);
                Check(raw.sqlite3_bind_text(insert, 6, Utf8(texts, customer.Scores.Count == 0 ? EmptyObject : JsonSerializer.Serialize(customer.Scores))), database);
                int step = raw.sqlite3_step(insert);
                if (step != raw.SQLITE_DONE)
                {
                    Check(step, database);
                }

                Check(raw.sqlite3_reset(insert), database);
                AfterCustomerWritten?.Invoke(i);
            }
        }
    }

    /// <summary>The UTF-8 bytes of <paramref name="text"/>, kept for texts that repeat (segment names, maps) up to a few thousand.</summary>
    private static byte[] Utf8(Dictionary<string, byte[]> known, string text)
    {
        if (known.TryGetValue(text, out byte[]? bytes))
        {
            return bytes;
        }

        bytes = Encoding.UTF8.GetBytes(text);
        if (known.Count < 4096)
        {
            known[text] = bytes;
        }

        return bytes;
    }

    /// <summary>Throws the <see cref="SqliteException"/> Microsoft.Data.Sqlite would for a failed call.</summary>
    private static void Check(int result, sqlite3 database) => SqliteException.ThrowExceptionForRC(result, database);

    /// <summary>
    /// The JSON of the customers' dimension maps as UTF-8, made once per distinct map: a million customers share a handful of
    /// (dimension, segment) combinations, and serialising each customer's map again made a string per customer.
    /// </summary>
    private sealed class JsonMemo
    {
        private const int MaximumEntries = 4096;

        private static readonly byte[] EmptyObjectUtf8 = Encoding.UTF8.GetBytes(EmptyObject);

        private readonly Dictionary<string, byte[]> _byContent = new(StringComparer.Ordinal);
        private readonly StringBuilder _key = new();
        private readonly Dictionary<object, byte[]> _byObject = new(ReferenceEqualityComparer.Instance);

        public byte[] Dimensions(IReadOnlyDictionary<string, string> map)
        {
            if (map.Count == 0)
            {
                return EmptyObjectUtf8;
            }

            // Customers of one segment usually share their map object: a map seen before needs no key.
            if (_byObject.TryGetValue(map, out byte[]? known))
            {
                return known;
            }

            // The key lists the entries in the map's own order (the order the serialiser writes them in), each text
            // preceded by its length, so that two different maps never share a key.
            _key.Clear();
            foreach ((string name, string value) in map)
            {
                _key.Append(name.Length).Append(':').Append(name).Append(value.Length).Append(':').Append(value);
            }

            string key = _key.ToString();
            if (!_byContent.TryGetValue(key, out byte[]? text))
            {
                text = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(map));
                if (_byContent.Count < MaximumEntries)
                {
                    _byContent[key] = text;
                }
            }

            if (_byObject.Count < MaximumEntries)
            {
                _byObject[map] = text;
            }

            return text;
        }
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly ParseDate(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
