namespace Segmentation.Migration;

/// <summary>A stored snapshot's summary.</summary>
/// <param name="Key">The snapshot key (<see cref="SegmentSnapshot.Key"/>).</param>
/// <param name="AsOf">The day it describes.</param>
/// <param name="ModelVersion">The model that assigned it.</param>
/// <param name="Customers">The number of customers.</param>
public sealed record SnapshotInfo(string Key, DateOnly AsOf, string ModelVersion, int Customers);

/// <summary>A stored model (serialised by the caller).</summary>
/// <param name="Version">The model version.</param>
/// <param name="Json">The serialised model.</param>
public sealed record StoredModel(string Version, string Json);

/// <summary>
/// Keeps snapshots, models and delivered alerts between runs. Saving a snapshot with an existing key replaces it
/// atomically (a repeated run of the same day is not a new snapshot).
/// </summary>
/// <remarks>Implementations are thread-safe; the SQLite store is also safe for several processes.</remarks>
public interface ISnapshotStore
{
    /// <summary>A store that keeps snapshots and models in memory for the life of the process (the default in DI; for tests and one-off runs).</summary>
    static ISnapshotStore InMemory() => new InMemorySnapshotStore();

    /// <summary>Saves a snapshot in one transaction, replacing any with the same key.</summary>
    Task SaveSnapshotAsync(SegmentSnapshot snapshot, CancellationToken cancellationToken = default);

    /// <summary>
    /// Told that <paramref name="snapshot"/> is likely to be saved soon (a tracked run calls it once the run is computed,
    /// before the caller writes its outputs): a store may start the work saving it needs (the SQLite store encodes the
    /// customers) beside the caller's, and must save exactly as without it. Nothing is stored until
    /// <see cref="SaveSnapshotAsync"/>.
    /// </summary>
    /// <param name="snapshot">The snapshot, not to be changed afterwards.</param>
    /// <param name="cancellationToken">Stops the preparation.</param>
    /// <remarks>The default does nothing.</remarks>
    void PrepareToSave(SegmentSnapshot snapshot, CancellationToken cancellationToken = default)
    {
    }

    /// <summary>The snapshot with this key, or <see langword="null"/>.</summary>
    Task<SegmentSnapshot?> GetSnapshotAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>The latest snapshot dated strictly before <paramref name="asOf"/>, or <see langword="null"/>.</summary>
    Task<SegmentSnapshot?> GetLatestBeforeAsync(DateOnly asOf, CancellationToken cancellationToken = default);

    /// <summary>All snapshots, oldest first.</summary>
    Task<IReadOnlyList<SnapshotInfo>> ListSnapshotsAsync(CancellationToken cancellationToken = default);

    /// <summary>Where a customer stood in every stored snapshot that has them: the snapshot date and their entry, oldest first.</summary>
    Task<IReadOnlyList<(DateOnly AsOf, CustomerSnapshot Customer)>> GetCustomerHistoryAsync(string customerId, CancellationToken cancellationToken = default);

    /// <summary>Stores a model version (replacing one with the same version).</summary>
    Task SaveModelAsync(StoredModel model, CancellationToken cancellationToken = default);

    /// <summary>The most recently saved model, or <see langword="null"/>.</summary>
    Task<StoredModel?> GetLatestModelAsync(CancellationToken cancellationToken = default);

    /// <summary>The model stored under <paramref name="version"/>, or <see langword="null"/>.</summary>
    /// <remarks>The default implementation knows only the latest model; the built-in stores keep every version.</remarks>
    async Task<StoredModel?> GetModelAsync(string version, CancellationToken cancellationToken = default)
    {
        StoredModel? latest = await GetLatestModelAsync(cancellationToken).ConfigureAwait(false);
        return latest is not null && latest.Version == version ? latest : null;
    }

    /// <summary>Every stored model version, the most recently saved first.</summary>
    /// <remarks>The default implementation knows only the latest model; the built-in stores list every version.</remarks>
    async Task<IReadOnlyList<string>> ListModelVersionsAsync(CancellationToken cancellationToken = default) =>
        await GetLatestModelAsync(cancellationToken).ConfigureAwait(false) is StoredModel latest ? [latest.Version] : [];

    /// <summary>Whether an alert with this key was recorded as delivered.</summary>
    Task<bool> IsAlertRecordedAsync(string alertKey, CancellationToken cancellationToken = default);

    /// <summary>Records that an alert was delivered; <see langword="false"/> when it already was.</summary>
    Task<bool> TryRecordAlertAsync(string alertKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a new model version unless one with the same version exists: <see langword="false"/> when it does, so
    /// that two writers training at once each get their own version instead of one silently replacing the other.
    /// </summary>
    /// <remarks>The default implementation is not atomic (it saves unless the latest model has that version); the built-in stores override it.</remarks>
    async Task<bool> TryAddModelAsync(StoredModel model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        StoredModel? latest = await GetLatestModelAsync(cancellationToken).ConfigureAwait(false);
        if (latest is not null && latest.Version == model.Version)
        {
            return false;
        }

        await SaveModelAsync(model, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>The data set the history belongs to, or <see langword="null"/> when none was recorded.</summary>
    /// <remarks>The default implementation records nothing.</remarks>
    Task<DataSetIdentity?> GetDataSetAsync(CancellationToken cancellationToken = default) => Task.FromResult<DataSetIdentity?>(null);

    /// <summary>Records the data set the history belongs to (replacing the earlier one, after a deliberate retrain).</summary>
    /// <remarks>The default implementation records nothing.</remarks>
    Task SaveDataSetAsync(DataSetIdentity dataSet, CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>
    /// Keeps a document that describes the snapshot with key <paramref name="snapshotKey"/> for a later report (for
    /// example the Segmentation.Reporting package's report data, JSON), replacing an earlier one for the same key.
    /// </summary>
    /// <remarks>The default implementation keeps nothing; the built-in stores keep it.</remarks>
    Task SaveReportDataAsync(string snapshotKey, string document, CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>The document saved with <see cref="SaveReportDataAsync"/> for the snapshot <paramref name="snapshotKey"/>, or <see langword="null"/> when none was saved (a snapshot stored by an older version, or a store that keeps none).</summary>
    /// <remarks>The default implementation keeps nothing and returns <see langword="null"/>.</remarks>
    Task<string?> GetReportDataAsync(string snapshotKey, CancellationToken cancellationToken = default) => Task.FromResult<string?>(null);
}
