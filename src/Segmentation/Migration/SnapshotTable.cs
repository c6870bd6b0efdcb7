using Segmentation.Data;

namespace Segmentation.Migration;

/// <summary>Reads a snapshot from a table of customers with a segment column (for example an export of assignments.csv).</summary>
internal static class SnapshotTable
{
    /// <summary>Builds a snapshot from <paramref name="table"/>.</summary>
    /// <param name="table">The customers.</param>
    /// <param name="idColumn">The customer id column.</param>
    /// <param name="segmentColumn">The segment column.</param>
    /// <param name="valueColumn">An optional value column (ARR); without it (or in an empty cell) the value is unknown (NaN).</param>
    /// <param name="asOf">The snapshot date.</param>
    /// <param name="modelVersion">The model version to record.</param>
    /// <exception cref="DataFormatException">A named column is not in the table, or the table has no rows, an id or segment is empty, an id repeats, or a value is not a number (names the line).</exception>
    public static SegmentSnapshot Read(CsvTable table, string idColumn, string segmentColumn, string? valueColumn = null, DateOnly asOf = default, string modelVersion = "file")
    {
        ArgumentNullException.ThrowIfNull(table);
        int id = table.RequireColumn(idColumn, "--id-column");
        int segment = table.RequireColumn(segmentColumn, "--segment-column");
        int value = valueColumn is null ? -1 : table.RequireColumn(valueColumn, "--value-column");
        table.RequireRows();
        var customers = new List<CustomerSnapshot>(table.RowCount);
        var ids = new IdRegistry();
        for (int i = 0; i < table.RowCount; i++)
        {
            string customerId = ids.Add(table.Cell(i, id), table.SourceName, table.LineOf(i), idColumn);
            string segmentName = table.Cell(i, segment).Trim();

            if (segmentName.Length == 0)
            {
                throw new DataFormatException(table.SourceName, table.LineOf(i), segmentColumn, "the segment is empty; every customer needs a segment.");
            }

            double amount = value < 0 ? double.NaN : table.Number(i, value);
            customers.Add(new CustomerSnapshot(customerId, segmentName, value < 0 ? double.NaN : amount));
        }

        return new SegmentSnapshot(asOf, modelVersion, customers);
    }

}
