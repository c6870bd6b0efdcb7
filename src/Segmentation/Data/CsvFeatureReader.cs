namespace Segmentation.Data;

/// <summary>
/// Streams numeric columns of a CSV file straight into a <see cref="FeatureMatrix"/>, without holding the text:
/// the fast path for clustering large files.
/// </summary>
public static class CsvFeatureReader
{
    /// <summary>Reads the chosen numeric columns (all columns but the id column when none are chosen).</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="columns">The feature columns, or <see langword="null"/> for every column except <paramref name="idColumn"/>.</param>
    /// <param name="idColumn">A column whose values become row ids, or <see langword="null"/>.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ColumnNotFoundException">A named column is not in the header.</exception>
    /// <exception cref="DataFormatException">A cell is not a number (names the line and column).</exception>
    public static FeatureMatrix Load(string path, IReadOnlyList<string>? columns = null, string? idColumn = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The file '{path}' does not exist.", path);
        }

        using var reader = new StreamReader(path);
        return Read(reader, path, columns, idColumn);
    }

    /// <summary>As <see cref="Load"/>, from any text reader.</summary>
    public static FeatureMatrix Read(TextReader reader, string source, IReadOnlyList<string>? columns = null, string? idColumn = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        using var records = new CsvRecordReader(reader, source);
        string[] header = CsvTable.ReadHeader(records);
        int idIndex = idColumn is null ? -1 : Resolve(header, idColumn, source, "--id-column");
        int[] featureIndexes = columns is null
            ? [.. Enumerable.Range(0, header.Length).Where(j => j != idIndex)]
            : [.. columns.Select(c => Resolve(header, c, source, "--columns"))];
        if (featureIndexes.Length == 0)
        {
            throw new DataFormatException(source, 1, null, "there are no feature columns to read; the file needs at least one numeric column besides the id.");
        }

        var values = new List<double>();
        var ids = idIndex >= 0 ? new List<string>() : null;
        var registry = idIndex >= 0 ? new IdRegistry() : null;
        while (records.Read())
        {
            CsvTable.CheckWidth(records, header.Length);
            string[] fields = records.Fields;
            foreach (int j in featureIndexes)
            {
                if (!CsvValues.TryParseNumber(fields[j], out double value))
                {
                    throw new DataFormatException(source, records.Line, header[j], $"'{fields[j]}' is not a number; use digits with '.' as the decimal separator, or leave the cell empty for a missing value.");
                }

                values.Add(value);
            }

            if (ids is not null)
            {
                ids.Add(registry!.Add(fields[idIndex], source, records.Line, header[idIndex]));
            }
        }

        var schema = FeatureSchema.Numeric(featureIndexes.Select(j => header[j]));
        return FeatureMatrix.Create([.. values], featureIndexes.Length, schema, ids?.ToArray());
    }

    private static int Resolve(string[] header, string column, string source, string option)
    {
        int index = Array.IndexOf(header, column);
        if (index < 0)
        {
            throw new ColumnNotFoundException(source, column, option, header);
        }

        return index;
    }
}
