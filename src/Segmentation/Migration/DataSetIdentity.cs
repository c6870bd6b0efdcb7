namespace Segmentation.Migration;

/// <summary>
/// What makes a store's history one data set: the customer id column and the features the models were trained on.
/// A store refuses input whose identity differs from its history unless the run retrains.
/// </summary>
/// <param name="IdColumn">The id column as the user named it, or <see langword="null"/> when the caller does not know it.</param>
/// <param name="Features">The raw feature names, in order.</param>
public sealed record DataSetIdentity(string? IdColumn, IReadOnlyList<string> Features)
{
    /// <summary>
    /// One phrase saying how <paramref name="incoming"/> differs from this (stored) identity, or <see langword="null"/>
    /// when it is the same data set. An id column unknown on either side is not compared.
    /// </summary>
    public string? DifferenceFrom(DataSetIdentity incoming)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        if (IdColumn is not null && incoming.IdColumn is not null && !string.Equals(IdColumn, incoming.IdColumn, StringComparison.Ordinal))
        {
            return $"its history is keyed on the id column '{IdColumn}' but this input uses '{incoming.IdColumn}'";
        }

        if (Features.SequenceEqual(incoming.Features, StringComparer.Ordinal))
        {
            return null;
        }

        string[] missing = [.. Features.Except(incoming.Features, StringComparer.Ordinal)];
        string[] added = [.. incoming.Features.Except(Features, StringComparer.Ordinal)];
        var parts = new List<string>();
        if (missing.Length > 0)
        {
            parts.Add($"missing {Names(missing)}");
        }

        if (added.Length > 0)
        {
            parts.Add($"new {Names(added)}");
        }

        return parts.Count == 0
            ? "its features are the same but in another order"
            : $"the features differ from its history ({string.Join("; ", parts)})";
    }

    private static string Names(string[] names) =>
        names.Length <= 6 ? string.Join(", ", names) : $"{string.Join(", ", names.Take(6))} and {names.Length - 6} more";
}

/// <summary>
/// A snapshot store cannot be used: the file is not a database, was written by a newer version, or holds another
/// application's tables; or its history belongs to another data set (another id column or other features) and the run
/// was not told to retrain, when <see cref="DataSetDifference"/> says how. The message names the store and the fix.
/// </summary>
public sealed class SnapshotStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="store">The store's file (or description).</param>
    /// <param name="message">One sentence naming the store, the problem and the fix.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public SnapshotStoreException(string store, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Store = store;
    }

    /// <summary>The store's file (or description).</summary>
    public string Store { get; }

    /// <summary>
    /// How the input differs from the store's history (from <see cref="DataSetIdentity.DifferenceFrom"/>) when the store
    /// belongs to another data set; otherwise <see langword="null"/>.
    /// </summary>
    public string? DataSetDifference { get; private init; }

    /// <summary>The input is not the data set the store's history belongs to, and the run was not told to retrain.</summary>
    internal static SnapshotStoreException OtherDataSet(string store, string difference) =>
        new(store, $"The snapshot store '{store}' belongs to another data set: {difference}; retrain on purpose (--retrain, TrackedRunOptions.Retrain) or use another store (--store).")
        {
            DataSetDifference = difference,
        };
}
