using System.Collections.ObjectModel;

namespace Segmentation.Migration;

/// <summary>Where one customer stood on the day of a snapshot.</summary>
/// <param name="CustomerId">The customer id.</param>
/// <param name="Segment">The segment's stable name (the identity kept across retrains).</param>
/// <param name="Value">The customer's value, usually ARR; NaN when unknown (no value column, or an empty cell).</param>
public sealed record CustomerSnapshot(string CustomerId, string Segment, double Value)
{
    /// <summary>Rule dimensions by name (for example <c>tier</c> → <c>Enterprise</c>).</summary>
    /// <remarks>Without one, a shared empty map: a snapshot of a million customers made a million empty dictionaries.</remarks>
    public IReadOnlyDictionary<string, string> Dimensions { get; init; } = ReadOnlyDictionary<string, string>.Empty;

    /// <summary>Risk scores by name (for example <c>churn</c> → 0.42).</summary>
    public IReadOnlyDictionary<string, double> Scores { get; init; } = ReadOnlyDictionary<string, double>.Empty;
}

/// <summary>Every customer's segment on one date, from one model version.</summary>
/// <remarks>Immutable. Customer ids are unique within a snapshot.</remarks>
public sealed class SegmentSnapshot
{
    private readonly Dictionary<string, CustomerSnapshot> _byId;

    /// <summary>Reads a snapshot from a table of customers with a segment column (for example an export of <c>assignments.csv</c>).</summary>
    /// <param name="table">The customers.</param>
    /// <param name="idColumn">The customer id column.</param>
    /// <param name="segmentColumn">The segment column.</param>
    /// <param name="valueColumn">An optional value column (ARR); without it (or in an empty cell) the value is unknown (NaN).</param>
    /// <param name="asOf">The snapshot date.</param>
    /// <param name="modelVersion">The model version to record.</param>
    /// <exception cref="Data.DataFormatException">A named column is not in the table, or the table has no rows, an id or segment is empty, an id repeats, or a value is not a number (names the line).</exception>
    public static SegmentSnapshot FromTable(Data.CsvTable table, string idColumn, string segmentColumn, string? valueColumn = null, DateOnly asOf = default, string modelVersion = "file") =>
        SnapshotTable.Read(table, idColumn, segmentColumn, valueColumn, asOf, modelVersion);

    /// <summary>Creates a snapshot.</summary>
    /// <exception cref="ArgumentException">A customer id is empty or appears twice, or the model version is empty.</exception>
    public SegmentSnapshot(DateOnly asOf, string modelVersion, IEnumerable<CustomerSnapshot> customers)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelVersion);
        ArgumentNullException.ThrowIfNull(customers);
        AsOf = asOf;
        ModelVersion = modelVersion;
        Customers = [.. customers];
        _byId = new Dictionary<string, CustomerSnapshot>(Customers.Count, StringComparer.Ordinal);
        foreach (CustomerSnapshot customer in Customers)
        {
            if (string.IsNullOrWhiteSpace(customer.CustomerId))
            {
                throw new ArgumentException("A customer in the snapshot has an empty id; every customer needs an id.", nameof(customers));
            }

            if (!_byId.TryAdd(customer.CustomerId, customer))
            {
                throw new ArgumentException($"The customer '{customer.CustomerId}' appears twice in the snapshot; ids must be unique.", nameof(customers));
            }
        }
    }

    /// <summary>The day the snapshot describes.</summary>
    public DateOnly AsOf { get; }

    /// <summary>The version of the model that assigned the segments.</summary>
    public string ModelVersion { get; }

    /// <summary>The customers, in the order given.</summary>
    public IReadOnlyList<CustomerSnapshot> Customers { get; }

    /// <summary>The customer with this id, or <see langword="null"/>.</summary>
    public CustomerSnapshot? Find(string customerId) => _byId.GetValueOrDefault(customerId);

    /// <summary>A key that identifies the snapshot in a store and in alert de-duplication.</summary>
    public string Key => $"{AsOf:yyyy-MM-dd}/{ModelVersion}";
}
