namespace Segmentation.Data;

// Reading a file's numeric columns straight into features, beside the cells of Load (issue #22: one type for CSV files).
public sealed partial class CsvTable
{
    /// <summary>
    /// Streams exactly the chosen numeric columns of a CSV file (all columns but the id column when none are chosen)
    /// straight into a <see cref="FeatureMatrix"/>, without holding the text: the fast path for clustering large files.
    /// Any cell that is not a number is an error.
    /// </summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="columns">The feature columns, or <see langword="null"/> for every column except <paramref name="idColumn"/>.</param>
    /// <param name="idColumn">A column whose values become row ids, or <see langword="null"/>.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">A named column is not in the header, or a cell is not a number (names the line and column), or the file has no data rows.</exception>
    public static FeatureMatrix LoadFeatures(string path, IReadOnlyList<string>? columns = null, string? idColumn = null)
    {
        using StreamReader reader = CsvFeatureReader.Open(path);
        return ReadFeatures(reader, path, columns, idColumn);
    }

    /// <summary>As <see cref="LoadFeatures"/>, from any text reader.</summary>
    public static FeatureMatrix ReadFeatures(TextReader reader, string source, IReadOnlyList<string>? columns = null, string? idColumn = null) =>
        CsvFeatureReader.ReadCore(reader, source, new CsvFeatureReaderOptions { Columns = columns, IdColumn = idColumn }, strict: true).Features;

    /// <summary>
    /// Streams the numeric columns of a CSV file into a <see cref="FeatureMatrix"/>: the chosen ones, or every column but
    /// the id column, leaving out text and all-missing columns. A column is numeric when at least 90% of its present cells
    /// are numbers, or all but one. Returns the features (NaN = missing, with row ids when an id column was named) and
    /// <c>Columns</c>, what became of every column: used, or left out with the reason.
    /// </summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="columns">
    /// The feature columns, each of which must be numeric (an error names the first cell that is not) except that a column
    /// whose cells are all missing is left out and reported; or <see langword="null"/> for every column but
    /// <paramref name="idColumn"/>, leaving out (and reporting) text and all-missing columns.
    /// </param>
    /// <param name="idColumn">A column whose values become row ids, or <see langword="null"/> (no ids).</param>
    /// <param name="missingValues">
    /// The tokens read as missing besides empty cells (compared trimmed, ignoring case), or <see langword="null"/> for
    /// <c>NA</c>, <c>N/A</c>, <c>NaN</c>, <c>null</c> and <c>None</c>.
    /// </param>
    /// <param name="invalidNumbersAsMissing">
    /// Whether a cell of a numeric column that is not a number is read as missing (and counted in the report); otherwise
    /// the first such cell is an error naming its line and column.
    /// </param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">
    /// A named column is not in the header, the file has no data rows or no numeric column, a chosen column is not
    /// numeric, or a numeric column holds a cell that is not a number while <paramref name="invalidNumbersAsMissing"/> is off.
    /// </exception>
    public static (FeatureMatrix Features, ColumnReport Columns) LoadFeaturesWithReport(
        string path,
        IReadOnlyList<string>? columns = null,
        string? idColumn = null,
        IList<string>? missingValues = null,
        bool invalidNumbersAsMissing = false)
    {
        using StreamReader reader = CsvFeatureReader.Open(path);
        return CsvFeatureReader.ReadCore(reader, path, CsvFeatureReader.Settings(columns, idColumn, missingValues, invalidNumbersAsMissing), strict: false);
    }

    /// <summary>As <see cref="LoadFeaturesWithReport"/>, from any text reader.</summary>
    public static (FeatureMatrix Features, ColumnReport Columns) ReadFeaturesWithReport(
        TextReader reader,
        string source,
        IReadOnlyList<string>? columns = null,
        string? idColumn = null,
        IList<string>? missingValues = null,
        bool invalidNumbersAsMissing = false) =>
        CsvFeatureReader.ReadCore(reader, source, CsvFeatureReader.Settings(columns, idColumn, missingValues, invalidNumbersAsMissing), strict: false);
}
