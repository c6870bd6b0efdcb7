namespace Segmentation.Migration;

/// <summary>A thread-safe <see cref="ISnapshotStore"/> in process memory: the default, for tests and short-lived hosts.</summary>
internal sealed class InMemorySnapshotStore : ISnapshotStore
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, SegmentSnapshot> _snapshots = new(StringComparer.Ordinal);
    private readonly List<StoredModel> _models = [];
    private readonly HashSet<string> _alerts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _reportData = new(StringComparer.Ordinal);
    private DataSetIdentity? _dataSet;

    /// <summary>How messages name this store.</summary>
    public override string ToString() => "in memory";

    /// <inheritdoc />
    public Task SaveSnapshotAsync(SegmentSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        lock (_lock)
        {
            _snapshots[snapshot.Key] = snapshot;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<SegmentSnapshot?> GetSnapshotAsync(string key, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_snapshots.GetValueOrDefault(key));
        }
    }

    /// <inheritdoc />
    public Task<SegmentSnapshot?> GetLatestBeforeAsync(DateOnly asOf, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            // Keys sort by date then model version; the latest date wins, and on one date the last key.
            return Task.FromResult(_snapshots.Values.Where(s => s.AsOf < asOf).OrderBy(s => s.AsOf).ThenBy(s => s.Key, StringComparer.Ordinal).LastOrDefault());
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SnapshotInfo>> ListSnapshotsAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<SnapshotInfo> list = [.. _snapshots.Values.OrderBy(s => s.AsOf).ThenBy(s => s.Key, StringComparer.Ordinal)
                .Select(s => new SnapshotInfo(s.Key, s.AsOf, s.ModelVersion, s.Customers.Count))];
            return Task.FromResult(list);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<(DateOnly AsOf, CustomerSnapshot Customer)>> GetCustomerHistoryAsync(string customerId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<(DateOnly AsOf, CustomerSnapshot Customer)> history = [.. _snapshots.Values.OrderBy(s => s.AsOf).ThenBy(s => s.Key, StringComparer.Ordinal)
                .Select(s => (s.AsOf, Customer: s.Find(customerId)))
                .Where(e => e.Customer is not null)
                .Select(e => (e.AsOf, e.Customer!))];
            return Task.FromResult(history);
        }
    }

    /// <inheritdoc />
    public Task SaveModelAsync(StoredModel model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        lock (_lock)
        {
            _models.RemoveAll(m => m.Version == model.Version);
            _models.Add(model);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<StoredModel?> GetLatestModelAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_models.LastOrDefault());
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListModelVersionsAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<string>>([.. _models.Select(m => m.Version).Reverse()]);
        }
    }

    /// <inheritdoc />
    public Task<StoredModel?> GetModelAsync(string version, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_models.LastOrDefault(m => m.Version == version));
        }
    }

    /// <inheritdoc />
    public Task<bool> IsAlertRecordedAsync(string alertKey, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_alerts.Contains(alertKey));
        }
    }

    /// <inheritdoc />
    public Task<bool> TryRecordAlertAsync(string alertKey, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_alerts.Add(alertKey));
        }
    }

    /// <inheritdoc />
    public Task<bool> TryAddModelAsync(StoredModel model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        lock (_lock)
        {
            if (_models.Exists(m => m.Version == model.Version))
            {
                return Task.FromResult(false);
            }

            _models.Add(model);
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<DataSetIdentity?> GetDataSetAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_dataSet);
        }
    }

    /// <inheritdoc />
    public Task SaveDataSetAsync(DataSetIdentity dataSet, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSet);
        lock (_lock)
        {
            _dataSet = dataSet;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task SaveReportDataAsync(string snapshotKey, string document, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(snapshotKey);
        ArgumentNullException.ThrowIfNull(document);
        lock (_lock)
        {
            _reportData[snapshotKey] = document;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<string?> GetReportDataAsync(string snapshotKey, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_reportData.GetValueOrDefault(snapshotKey));
        }
    }
}
