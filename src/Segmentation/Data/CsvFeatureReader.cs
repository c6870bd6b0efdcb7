namespace Segmentation.Data;

/// <summary>Settings of <see cref="CsvTable.LoadFeaturesWithReport"/>, which takes them as parameters.</summary>
internal sealed class CsvFeatureReaderOptions
{
    /// <summary>
    /// The feature columns. Each must be numeric (an error names the first cell that is not), except that a column
    /// whose cells are all missing is left out and reported.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: every column but the id column, leaving out (and reporting) text and all-missing columns.</value>
    public IReadOnlyList<string>? Columns { get; set; }

    /// <summary>A column whose values become row ids.</summary>
    /// <value>The default value is <see langword="null"/> (no ids).</value>
    public string? IdColumn { get; set; }

    /// <summary>The tokens read as missing besides empty cells (compared trimmed, ignoring case).</summary>
    /// <value>The default value is <see langword="null"/>: <see cref="CsvValues.DefaultMissingTokens"/>.</value>
    public IList<string>? MissingValues { get; set; }

    /// <summary>What to do with a cell of a numeric column that is not a number.</summary>
    /// <value>The default value is <see cref="InvalidNumberHandling.Error"/>.</value>
    public InvalidNumberHandling InvalidNumbers { get; set; } = InvalidNumberHandling.Error;
}

/// <summary>
/// Streams numeric columns of a CSV file straight into a <see cref="FeatureMatrix"/>, without holding the text:
/// the fast path for clustering large files.
/// </summary>
/// <remarks>
/// A column is numeric when at least 90% of its present cells are numbers, or all but one.
/// Its other cells are an error, or missing when asked; a column is never
/// silently dropped: the report lists every column left out and why. Internal (issue #22): a host calls
/// <see cref="CsvTable.LoadFeatures"/> and <see cref="CsvTable.LoadFeaturesWithReport"/>, beside <see cref="CsvTable.Load"/>.
/// </remarks>
internal static class CsvFeatureReader
{
    internal static CsvFeatureReaderOptions Settings(IReadOnlyList<string>? columns, string? idColumn, IList<string>? missingValues, bool invalidNumbersAsMissing) =>
        new() { Columns = columns, IdColumn = idColumn, MissingValues = missingValues, InvalidNumbers = invalidNumbersAsMissing ? InvalidNumberHandling.Missing : InvalidNumberHandling.Error };

    internal static StreamReader Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return File.Exists(path) ? new StreamReader(path) : throw new FileNotFoundException($"The file '{path}' does not exist.", path);
    }

    internal static (FeatureMatrix Features, ColumnReport Columns) ReadCore(TextReader reader, string source, CsvFeatureReaderOptions options, bool strict)
    {
        ArgumentNullException.ThrowIfNull(reader);
        using var records = new CsvRecordReader(reader, source);
        string[] header = CsvTable.ReadHeader(records);
        int idIndex = options.IdColumn is null ? -1 : Resolve(header, options.IdColumn, source, "--id-column");
        bool chosen = options.Columns is not null;
        int[] featureIndexes = options.Columns is null
            ? [.. Enumerable.Range(0, header.Length).Where(j => j != idIndex)]
            : [.. options.Columns.Select(c => Resolve(header, c, source, "--columns"))];
        if (featureIndexes.Length == 0)
        {
            throw new DataFormatException(source, 1, null, "there are no feature columns to read; the file needs at least one numeric column besides the id.");
        }

        var missing = MissingValues.FromTokens(options.MissingValues);
        var stats = new ColumnStats[featureIndexes.Length];
        for (int c = 0; c < stats.Length; c++)
        {
            stats[c] = new ColumnStats();
        }

        var values = new List<double>();
        var ids = idIndex >= 0 ? new List<string>() : null;
        var registry = idIndex >= 0 ? new IdRegistry() : null;
        while (records.Read())
        {
            CsvTable.CheckWidth(records, header.Length);
            string[] fields = records.Fields;
            for (int c = 0; c < featureIndexes.Length; c++)
            {
                int j = featureIndexes[c];
                if (missing.InNumbers(fields[j]))
                {
                    stats[c].AddMissing(fields[j]);
                    values.Add(double.NaN);
                }
                else if (CsvValues.TryParseFinite(fields[j], out double value))
                {
                    stats[c].Numbers++;
                    values.Add(value);
                }
                else if (strict)
                {
                    throw CsvTable.NotANumber(source, records.Line, header[j], fields[j]);
                }
                else
                {
                    stats[c].AddInvalid(fields[j], records.Line);
                    values.Add(double.NaN);
                }
            }

            if (ids is not null)
            {
                ids.Add(registry!.Add(fields[idIndex], source, records.Line, header[idIndex]));
            }
        }

        int rows = values.Count / featureIndexes.Length;
        if (rows == 0)
        {
            throw CsvTable.NoRows(source);
        }

        var report = new ColumnReportEntry?[header.Length];
        if (idIndex >= 0)
        {
            report[idIndex] = new ColumnReportEntry(header[idIndex], ColumnRole.Id, [], [], 0, 0, "it is the id column");
        }

        var kept = new List<int>();
        for (int c = 0; c < featureIndexes.Length; c++)
        {
            string name = header[featureIndexes[c]];
            report[featureIndexes[c]] = Classify(source, name, stats[c], options.InvalidNumbers, chosen, strict) is ColumnRole role and not ColumnRole.Numeric
                ? new ColumnReportEntry(name, role, [], [], stats[c].Missing, 0, LeftOutReason(role, stats[c]))
                : new ColumnReportEntry(name, ColumnRole.Numeric, [name], [], stats[c].Missing, stats[c].Invalid, null);
            if (report[featureIndexes[c]]!.Used)
            {
                kept.Add(c);
            }
        }

        for (int j = 0; j < header.Length; j++)
        {
            report[j] ??= new ColumnReportEntry(header[j], ColumnRole.Excluded, [], [], 0, 0, "it is not among --columns");
        }

        var columnReport = new ColumnReport(source, rows, report!);
        if (kept.Count == 0)
        {
            string leftOut = string.Join("; ", columnReport.LeftOut.Select(c => $"'{c.Column}': {c.Reason}"));
            throw new DataFormatException(source, 1, null, $"no column can be used as a feature ({leftOut}); the file needs at least one numeric column besides the id.");
        }

        double[] features = Compact(values, featureIndexes.Length, kept);
        var schema = FeatureSchema.Numeric(kept.Select(c => header[featureIndexes[c]]));
        return (FeatureMatrix.Create(features, kept.Count, schema, ids?.ToArray()), columnReport);
    }

    /// <summary>Numeric (kept), or the role of a column left out; throws for invalid cells that must be reported.</summary>
    private static ColumnRole Classify(string source, string name, ColumnStats stats, InvalidNumberHandling invalidNumbers, bool chosen, bool strict)
    {
        if (strict)
        {
            return ColumnRole.Numeric;
        }

        if (stats.Numbers == 0 && stats.Invalid == 0)
        {
            return ColumnRole.AllMissing;
        }

        bool numeric = NumericColumnRule.IsNumeric(stats.Numbers, stats.Invalid);
        if (numeric && stats.Invalid > 0 && invalidNumbers == InvalidNumberHandling.Error)
        {
            throw NumericColumnRule.Invalid(source, stats.FirstInvalidLine, name, stats.FirstInvalidCell!, stats.Invalid);
        }

        if (!numeric && chosen)
        {
            throw new DataFormatException(source, stats.FirstInvalidLine, name, $"'{CsvValues.Excerpt(stats.FirstInvalidCell!.Trim())}' is not a number, and --columns names this column; name numeric columns only (this command does not encode text or yes/no columns).");
        }

        return numeric ? ColumnRole.Numeric : ColumnRole.Text;
    }

    private static string LeftOutReason(ColumnRole role, ColumnStats stats) => role == ColumnRole.AllMissing
        ? "every cell is missing"
        : stats.AllInvalidAreFlags
            ? "it holds yes/no values, and this command reads numeric columns only (write them as 1/0 to use them)"
            : $"it is text ({stats.DistinctInvalidText}{(stats.DistinctInvalid.Count >= ColumnStats.DistinctCap ? " or more" : string.Empty)} distinct values), not numbers";

    private static double[] Compact(List<double> values, int width, List<int> kept)
    {
        int rows = values.Count / width;
        var result = new double[rows * kept.Count];
        for (int i = 0; i < rows; i++)
        {
            for (int k = 0; k < kept.Count; k++)
            {
                result[(i * kept.Count) + k] = values[(i * width) + kept[k]];
            }
        }

        return result;
    }

    private static int Resolve(string[] header, string column, string source, string option)
    {
        int index = Array.IndexOf(header, column);
        if (index < 0)
        {
            throw DataFormatException.ColumnNotFound(source, column, option, header);
        }

        return index;
    }

    /// <summary>Counts of one column as it streams by: enough to classify it without holding its text.</summary>
    private sealed class ColumnStats
    {
        public const int DistinctCap = 1000;

        public int Numbers { get; set; }

        public int Missing { get; private set; }

        public int Invalid { get; private set; }

        public int FirstInvalidLine { get; private set; }

        public string? FirstInvalidCell { get; private set; }

        public bool AllInvalidAreFlags { get; private set; } = true;

        public HashSet<string> DistinctInvalid { get; } = new(StringComparer.Ordinal);

        /// <summary>Distinct values if the column is text: missing tokens such as NA are values there (North America).</summary>
        public int DistinctInvalidText => DistinctInvalid.Count + Tokens.Count(t => !DistinctInvalid.Contains(t));

        private HashSet<string> Tokens { get; } = new(StringComparer.Ordinal);

        public void AddMissing(string cell)
        {
            Missing++;
            if (!CsvValues.IsEmpty(cell) && Tokens.Count < DistinctCap)
            {
                Tokens.Add(cell.Trim());
            }
        }

        public void AddInvalid(string cell, int line)
        {
            if (Invalid++ == 0)
            {
                FirstInvalidLine = line;
                FirstInvalidCell = cell;
            }

            AllInvalidAreFlags &= CsvValues.TryParseFlag(cell, out _);
            if (DistinctInvalid.Count < DistinctCap)
            {
                DistinctInvalid.Add(cell.Trim());
            }
        }
    }
}
