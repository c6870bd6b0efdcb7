using System.Globalization;
using System.Text;
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
public sealed partial class SqliteSnapshotStore : ISnapshotStore
{
    /// <summary>The schema version this code writes (kept in <c>PRAGMA user_version</c>).</summary>
    public const int SchemaVersion = 4;

    /// <summary>How long a writer waits for another process's transaction before failing.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    private readonly string _connectionString;

    private readonly Lock _preparedGate = new();

    // The snapshot PrepareToSave was told of, and its encoding under way.
    private (SegmentSnapshot Snapshot, Task<EncodedCustomers> Encoding)? _prepared;

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

    /// <summary>
    /// Called after each block of customers is written inside the snapshot transaction, with the number of customers
    /// written so far (tests simulate crashes with it).
    /// </summary>
    internal Action<int>? AfterBlockWritten { get; set; }

    /// <summary>The customers per block new snapshots aim at (tests lower it to write several blocks with few customers).</summary>
    internal int CustomersPerBlock { get; set; } = CustomerBlocks.DefaultCustomersPerBlock;

    /// <inheritdoc />
    public async Task SaveSnapshotAsync(SegmentSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);

        // Encoded before the transaction begins: the write lock is held for the inserts only. A snapshot announced by
        // PrepareToSave has been encoding in the background since.
        EncodedCustomers customers = TakePrepared(snapshot) is Task<EncodedCustomers> prepared
            ? await prepared.WaitAsync(cancellationToken).ConfigureAwait(false)
            : CustomerBlocks.Encode(snapshot.Customers, CustomersPerBlock, cancellationToken);
        await using SqliteConnection connection = Open();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        InsertSnapshot(connection, transaction, snapshot.Key, Date(snapshot.AsOf), snapshot.ModelVersion, customers, AfterBlockWritten, cancellationToken);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes a snapshot and its blocks inside the open <paramref name="transaction"/>, replacing any with the same key.</summary>
    internal static void InsertSnapshot(SqliteConnection connection, SqliteTransaction transaction, string key, string asOf, string modelVersion, EncodedCustomers customers, Action<int>? afterBlockWritten, CancellationToken cancellationToken)
    {
        Execute(connection, transaction, "DELETE FROM snapshot_blocks WHERE snapshot_id IN (SELECT id FROM snapshots WHERE key = $key)", ("$key", key));
        Execute(connection, transaction, "DELETE FROM snapshots WHERE key = $key", ("$key", key));
        long id;
        using (SqliteCommand command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO snapshots (key, as_of, model_version, customers, buckets, segments, dimension_maps, score_names)
                VALUES ($key, $asOf, $version, $customers, $buckets, $segments, $maps, $scoreNames) RETURNING id
                """;
            command.Parameters.AddWithValue("$key", key);
            command.Parameters.AddWithValue("$asOf", asOf);
            command.Parameters.AddWithValue("$version", modelVersion);
            command.Parameters.AddWithValue("$customers", customers.Customers);
            command.Parameters.AddWithValue("$buckets", customers.Buckets);
            command.Parameters.AddWithValue("$segments", customers.Texts.Segments);
            command.Parameters.AddWithValue("$maps", customers.Texts.DimensionMaps);
            command.Parameters.AddWithValue("$scoreNames", customers.Texts.ScoreNames);
            id = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        using SqliteCommand insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO snapshot_blocks (snapshot_id, bucket, customers) VALUES ($id, $bucket, $customers)";
        insert.Parameters.AddWithValue("$id", id);
        SqliteParameter bucket = insert.Parameters.Add("$bucket", SqliteType.Integer);
        SqliteParameter data = insert.Parameters.Add("$customers", SqliteType.Blob);
        int written = 0;
        foreach (CustomerBlock block in customers.Blocks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            bucket.Value = block.Bucket;
            data.Value = block.Data;
            insert.ExecuteNonQuery();
            written += block.Customers;
            afterBlockWritten?.Invoke(written);
        }
    }

    /// <summary>
    /// Starts encoding <paramref name="snapshot"/>'s customers on the thread pool, so that the encoding (about half a
    /// second at a million customers) runs beside the caller's work (<c>segment run</c> writes its files and report
    /// meanwhile) instead of inside <see cref="SaveSnapshotAsync"/>. The bytes stored are the same.
    /// </summary>
    /// <param name="snapshot">The snapshot to be saved; a later snapshot announced replaces it.</param>
    /// <param name="cancellationToken">Stops the encoding.</param>
    public void PrepareToSave(SegmentSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        int perBlock = CustomersPerBlock;
        Task<EncodedCustomers> encoding = Task.Run(() => CustomerBlocks.Encode(snapshot.Customers, perBlock, cancellationToken), cancellationToken);

        // A preparation never taken (the caller failed before saving) must not raise an unobserved exception later.
        _ = encoding.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        lock (_preparedGate)
        {
            _prepared = (snapshot, encoding);
        }
    }

    /// <summary>The encoding <see cref="PrepareToSave"/> started for this very snapshot, handed over once; otherwise <see langword="null"/>.</summary>
    private Task<EncodedCustomers>? TakePrepared(SegmentSnapshot snapshot)
    {
        lock (_preparedGate)
        {
            if (_prepared is not ({ } announced, { } encoding) || !ReferenceEquals(announced, snapshot))
            {
                return null;
            }

            _prepared = null;
            return encoding;
        }
    }

    /// <inheritdoc />
    public async Task<SegmentSnapshot?> GetSnapshotAsync(string key, CancellationToken cancellationToken = default)
    {
        await using SqliteConnection connection = Open();
        return await ReadSnapshotAsync(connection, "WHERE key = $p", key, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<SegmentSnapshot?> GetLatestBeforeAsync(DateOnly asOf, CancellationToken cancellationToken = default)
    {
        await using SqliteConnection connection = Open();
        return await ReadSnapshotAsync(connection, "WHERE as_of < $p ORDER BY as_of DESC, key DESC LIMIT 1", Date(asOf), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SnapshotInfo>> ListSnapshotsAsync(CancellationToken cancellationToken = default)
    {
        await using SqliteConnection connection = Open();
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT key, as_of, model_version, customers FROM snapshots ORDER BY as_of, key";
        var list = new List<SnapshotInfo>();
        await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new SnapshotInfo(reader.GetString(0), ParseDate(reader.GetString(1)), reader.GetString(2), reader.GetInt32(3)));
        }

        return list;
    }

    /// <summary>
    /// The block that may hold a customer in each snapshot, oldest first: one per snapshot, found through the blocks'
    /// primary key (the customer's bucket in that snapshot; <c>$hash</c> is <see cref="CustomerBlocks.Hash"/>). CROSS
    /// JOIN keeps the snapshots as the outer loop: left to itself, the planner scans every block instead.
    /// </summary>
    internal const string CustomerHistoryQuery = """
        SELECT s.as_of, s.segments, s.dimension_maps, s.score_names, b.customers
        FROM snapshots s CROSS JOIN snapshot_blocks b ON b.snapshot_id = s.id AND b.bucket = $hash % s.buckets
        ORDER BY s.as_of, s.key
        """;

    /// <inheritdoc />
    public async Task<IReadOnlyList<(DateOnly AsOf, CustomerSnapshot Customer)>> GetCustomerHistoryAsync(string customerId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        await using SqliteConnection connection = Open();
        await using SqliteCommand command = connection.CreateCommand();

        command.CommandText = CustomerHistoryQuery;
        command.Parameters.AddWithValue("$hash", (long)CustomerBlocks.Hash(customerId));
        byte[] id = Encoding.UTF8.GetBytes(customerId);
        var list = new List<(DateOnly AsOf, CustomerSnapshot Customer)>();
        await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            CustomerSnapshot? customer = Decode(() => CustomerBlocks.Find(
                reader.GetFieldValue<byte[]>(4),
                customerId,
                id,
                () => new BlockTexts(new BlockTextsJson(reader.GetString(1), reader.GetString(2), reader.GetString(3)))));
            if (customer is not null)
            {
                list.Add((ParseDate(reader.GetString(0)), customer));
            }
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

    /// <summary>The snapshot the first row of <c>snapshots</c> after <paramref name="condition"/> names, with its customers in saved order.</summary>
    private async Task<SegmentSnapshot?> ReadSnapshotAsync(SqliteConnection connection, string condition, string parameter, CancellationToken cancellationToken)
    {
        // One read transaction, so that the header and the blocks come from the same committed state.
        await using SqliteTransaction transaction = connection.BeginTransaction(deferred: true);
        await using SqliteCommand header = connection.CreateCommand();
        header.Transaction = transaction;
        header.CommandText = $"SELECT id, key, as_of, model_version, customers, segments, dimension_maps, score_names FROM snapshots {condition}";
        header.Parameters.AddWithValue("$p", parameter);
        long id;
        string key, version;
        DateOnly asOf;
        CustomerSnapshot?[] customers;
        BlockTexts texts;
        await using (SqliteDataReader reader = await header.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            (id, key, asOf, version) = (reader.GetInt64(0), reader.GetString(1), ParseDate(reader.GetString(2)), reader.GetString(3));
            customers = new CustomerSnapshot?[reader.GetInt32(4)];
            texts = Decode(() => new BlockTexts(new BlockTextsJson(reader.GetString(5), reader.GetString(6), reader.GetString(7))));
        }

        await using SqliteCommand blocks = connection.CreateCommand();
        blocks.Transaction = transaction;
        blocks.CommandText = "SELECT customers FROM snapshot_blocks WHERE snapshot_id = $id";
        blocks.Parameters.AddWithValue("$id", id);
        int read = 0;
        await using (SqliteDataReader reader = await blocks.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                read += Decode(() => CustomerBlocks.DecodeInto(reader.GetFieldValue<byte[]>(0), texts, customers));
            }
        }

        if (read != customers.Length)
        {
            throw Damaged($"the snapshot {key} lists {customers.Length} customers but its blocks hold {read}");
        }

        return new SegmentSnapshot(asOf, version, customers!);
    }

    /// <summary>Runs a decoding step, turning what a damaged block or text list throws into the store's own error.</summary>
    private T Decode<T>(Func<T> decode)
    {
        try
        {
            return decode();
        }
        catch (Exception exception) when (exception is InvalidDataException or IndexOutOfRangeException or ArgumentOutOfRangeException or JsonException)
        {
            throw Damaged(exception.Message.TrimEnd('.'), exception);
        }
    }

    private SnapshotStoreException Damaged(string what, Exception? inner = null) =>
        new(Path, $"The snapshot store '{Path}' is damaged ({what}); restore it from a backup or use another store file.", inner);

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

