using Segmentation.Data;

namespace Segmentation.Migration;

/// <summary>Reads a snapshot from a table of customers with a segment column (for example an export of assignments.csv).</summary>
public static class SnapshotTable
{
    /// <summary>Builds a snapshot from <paramref name="table"/>.</summary>
    /// <param name="table">The customers.</param>
    /// <param name="idColumn">The customer id column.</param>
    /// <param name="segmentColumn">The segment column.</param>
    /// <param name="valueColumn">An optional value column (ARR); 0 for every customer when absent.</param>
    /// <param name="asOf">The snapshot date.</param>
    /// <param name="modelVersion">The model version to record.</param>
    /// <exception cref="ColumnNotFoundException">A named column is not in the table.</exception>
    /// <exception cref="DataFormatException">An id or segment is empty, an id repeats, or a value is not a number (names the line).</exception>
    public static SegmentSnapshot Read(CsvTable table, string idColumn, string segmentColumn, string? valueColumn = null, DateOnly asOf = default, string modelVersion = "file")
    {
        ArgumentNullException.ThrowIfNull(table);
        int id = Require(table, idColumn, "--id-column");
        int segment = Require(table, segmentColumn, "--segment-column");
        int value = valueColumn is null ? -1 : Require(table, valueColumn, "--value-column");
        var customers = new List<CustomerSnapshot>(table.RowCount);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < table.RowCount; i++)
        {
            string customerId = table.Cell(i, id).Trim();
            string segmentName = table.Cell(i, segment).Trim();
            if (customerId.Length == 0)
            {
                throw new DataFormatException(table.SourceName, table.LineOf(i), idColumn, "the id is empty; every row needs an id.");
            }

            if (!seen.TryAdd(customerId, table.LineOf(i)))
            {
                throw new DataFormatException(table.SourceName, table.LineOf(i), idColumn, $"the id '{customerId}' already appeared on line {seen[customerId]}; ids must be unique.");
            }

            if (segmentName.Length == 0)
            {
                throw new DataFormatException(table.SourceName, table.LineOf(i), segmentColumn, "the segment is empty; every customer needs a segment.");
            }

            double amount = value < 0 ? 0 : table.Number(i, value);
            customers.Add(new CustomerSnapshot(customerId, segmentName, double.IsNaN(amount) ? 0 : amount));
        }

        return new SegmentSnapshot(asOf, modelVersion, customers);
    }

    private static int Require(CsvTable table, string column, string option)
    {
        int index = table.IndexOf(column);
        return index >= 0 ? index : throw new ColumnNotFoundException(table.SourceName, column, option, table.Header);
    }
}
