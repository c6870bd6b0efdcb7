using Microsoft.Data.Sqlite;

namespace Segmentation.Sqlite;

/// <summary>The report data kept with each snapshot (table <c>report_data</c>).</summary>
public sealed partial class SqliteSnapshotStore
{
    /// <inheritdoc />
    public async Task SaveReportDataAsync(string snapshotKey, string document, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(snapshotKey);
        ArgumentNullException.ThrowIfNull(document);
        await using SqliteConnection connection = Open();
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "INSERT OR REPLACE INTO report_data (snapshot_key, json) VALUES ($key, $json)";
        command.Parameters.AddWithValue("$key", snapshotKey);
        command.Parameters.AddWithValue("$json", document);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<string?> GetReportDataAsync(string snapshotKey, CancellationToken cancellationToken = default)
    {
        await using SqliteConnection connection = Open();
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT json FROM report_data WHERE snapshot_key = $key";
        command.Parameters.AddWithValue("$key", snapshotKey);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }
}
