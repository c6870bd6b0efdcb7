using System.Globalization;
using System.Runtime.ExceptionServices;
using Segmentation.Data;

namespace Segmentation.Features;

/// <summary>Settings of <see cref="TabularFeatures.FromTable"/>.</summary>
public sealed class TabularFeatureOptions
{
    /// <summary>The column holding customer ids; excluded from features.</summary>
    /// <value>The default value is <see langword="null"/> (rows are numbered from 1).</value>
    public string? IdColumn { get; set; }

    /// <summary>A yes/no outcome column (for example <c>churned</c>): excluded from features, reported per segment.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? OutcomeColumn { get; set; }

    /// <summary>Columns to leave out of the features.</summary>
    /// <value>The default value is empty.</value>
    public IList<string> ExcludeColumns { get; } = [];

    /// <summary>
    /// Text columns with at most this many distinct values are one-hot encoded. Above it, the most frequent
    /// <c>MaxCategoricalLevels - 1</c> levels are kept and the rest pooled as <c>column=other</c> when the kept levels cover at
    /// least half the customers and each appear at least twice; otherwise the column is ignored (names, free text).
    /// </summary>
    /// <value>The default value is 12. Allowed: 1 to 1,000.</value>
    public int MaxCategoricalLevels { get; set; } = 12;

    /// <summary>
    /// The tokens read as missing in every column (compared trimmed, ignoring case), besides empty cells which are
    /// always missing. When <see langword="null"/>, <see cref="CsvValues.DefaultMissingTokens"/> (NA, N/A, NaN, null,
    /// None) are missing in numeric and yes/no columns only, and are ordinary values in text columns (NA = North America).
    /// </summary>
    /// <value>The default value is <see langword="null"/>. An empty list means only empty cells are missing.</value>
    public IList<string>? MissingValues { get; set; }

    /// <summary>
    /// Whether a cell of a numeric column that is not a number (<c>six</c>, <c>1,5</c>, <c>Infinity</c>) is read as missing
    /// (and counted per column in the column report); otherwise the first such cell is an error naming its line.
    /// </summary>
    /// <value>The default value is <see langword="false"/>: the first such cell is reported with its line.</value>
    public bool InvalidNumbersAsMissing { get; set; }

    /// <summary>The value model files store for <see cref="InvalidNumbersAsMissing"/>.</summary>
    internal InvalidNumberHandling InvalidNumbers => InvalidNumbersAsMissing ? InvalidNumberHandling.Missing : InvalidNumberHandling.Error;
}

/// <summary>A column of the input that did not become a feature, and why.</summary>
/// <param name="Column">The column name.</param>
/// <param name="Reason">Why it was left out.</param>
internal sealed record IgnoredColumn(string Column, string Reason);

/// <summary>
/// Turns a customer table into raw features: numeric columns as they are, yes/no columns as 0/1, text columns with
/// few distinct values one-hot encoded (<c>plan=pro</c>), everything else reported as ignored.
/// </summary>
/// <remarks>
/// A column is numeric when at least 90% of its present cells are numbers, or all but one; its other cells are an error, or missing with
/// <see cref="TabularFeatureOptions.InvalidNumbersAsMissing"/>, never a reason to read the column as text. Missing tokens such as
/// <c>NA</c> apply to numeric and yes/no columns only, unless <see cref="TabularFeatureOptions.MissingValues"/> is set.
/// A column whose cells are all missing is never a feature. <see cref="Columns"/> lists every column and what became of it.
/// </remarks>
public sealed class TabularFeatures
{
    // Rows per job when a whole matrix is copied or transposed on two threads.
    private const int CopyBlockRows = 16_384;

    private readonly string[] _ids;
    private readonly string? _outcomeColumn;
    private readonly Dictionary<string, TextColumn> _textColumns;
    private IReadOnlyDictionary<string, IReadOnlyList<string?>>? _textCells;
    private FeatureMatrix? _ruleFeatures;

    private TabularFeatures(FeatureMatrix features, bool?[]? outcome, ColumnReport columns, string[] ids, Dictionary<string, TextColumn> textColumns, string? outcomeColumn)
    {
        Features = features;
        Outcome = outcome;
        Columns = columns;
        Ignored = [.. columns.LeftOut
            .Where(c => c.Role is ColumnRole.AllMissing or ColumnRole.Date or ColumnRole.Text)
            .Select(c => new IgnoredColumn(c.Column, c.Reason!))];
        _ids = ids;
        _outcomeColumn = outcomeColumn;
        _textColumns = textColumns;
    }

    /// <summary>The raw features (NaN = missing), with row ids.</summary>
    public FeatureMatrix Features { get; }

    /// <summary>The outcome per row (<see langword="null"/> where the cell is missing), when an outcome column was named.</summary>
    public IReadOnlyList<bool?>? Outcome { get; }

    /// <summary>Columns that did not become features because of their content (not the id, outcome or excluded ones), with the reason.</summary>
    internal IReadOnlyList<IgnoredColumn> Ignored { get; }

    /// <summary>Every input column: used (with its kind and counts of missing and invalid cells) or left out (with the reason).</summary>
    public ColumnReport Columns { get; }

    /// <summary>
    /// Every text column of the table (not numbers, yes/no or dates; the id and outcome columns left out), by column name in
    /// table order: its cells trimmed, <see langword="null"/> where missing. Kept whatever the number of distinct values,
    /// so that rules can read columns that are not features (<c>industry</c> with 40 values, <c>country</c>).
    /// </summary>
    /// <remarks>Made on first use (a string reference per cell): the pipeline reads text columns through <see cref="RuleFeatures"/>.</remarks>
    public IReadOnlyDictionary<string, IReadOnlyList<string?>> TextColumns => LazyInitializer.EnsureInitialized(ref _textCells, () =>
        _textColumns.ToDictionary(c => c.Key, c => (IReadOnlyList<string?>)c.Value.Cells(), StringComparer.Ordinal));

    /// <summary>
    /// The features rules read: <see cref="Features"/> plus one <see cref="FeatureKind.Text"/> column per entry of
    /// <see cref="TextColumns"/> (unless a feature already has its name), so that <c>industry == "Retail"</c> works on
    /// any text column, and the outcome column as yes/no when one was named (<c>churn == "yes"</c>). Not for clustering.
    /// </summary>
    public FeatureMatrix RuleFeatures => _ruleFeatures ??= WithTextColumns(Features, _ids);

    /// <summary>
    /// <paramref name="features"/> (the same customers in the same order, for example <see cref="Features"/> with usage
    /// features appended) plus one <see cref="FeatureKind.Text"/> column per text column, as in <see cref="RuleFeatures"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="features"/> has another number of rows than the table.</exception>
    public FeatureMatrix WithTextColumns(FeatureMatrix features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.ColumnCount > 0 && features.RowCount != _ids.Length)
        {
            throw new ArgumentException($"The features have {features.RowCount} rows but the table has {_ids.Length}; they must describe the same customers in the same order.", nameof(features));
        }

        // Row ids are never changed once in a matrix, so an id array is shared rather than copied.
        return WithTextColumns(features, features.RowIds switch { string[] shared => shared, { } ids => [.. ids], null => _ids });
    }

    /// <summary>Runs <paramref name="rows"/> (start, end) over blocks of <see cref="CopyBlockRows"/> of <paramref name="n"/> rows, two blocks at a time.</summary>
    private static void InRowBlocks(int n, Action<int, int> rows) =>
        Parallel.For(0, (n + CopyBlockRows - 1) / CopyBlockRows, new ParallelOptions { MaxDegreeOfParallelism = Math.Min(2, Environment.ProcessorCount) }, block =>
            rows(block * CopyBlockRows, Math.Min(n, (block + 1) * CopyBlockRows)));

    private FeatureMatrix WithTextColumns(FeatureMatrix features, string[] ids)
    {
        var columns = new List<FeatureColumn>(features.Schema);
        var texts = new List<(int[] Codes, double[] Rank)>();
        foreach ((string name, TextColumn text) in _textColumns)
        {
            if (features.Schema.IndexOf(name) < 0)
            {
                // A cell's value is the position of its text among the sorted levels: from the column's codes, without
                // hashing a million strings again.
                string[] levels = [.. text.Levels.Order(StringComparer.Ordinal)];
                var rank = new double[levels.Length];
                for (int l = 0; l < levels.Length; l++)
                {
                    rank[text.Index(levels[l])] = l;
                }

                columns.Add(new FeatureColumn(name, FeatureKind.Text) { Levels = levels });
                texts.Add((text.Codes, rank));
            }
        }

        // The outcome as one more yes/no column, so that a rule can read it (churn == "yes"); never a clustering feature.
        IReadOnlyList<bool?>? outcome = _outcomeColumn is string outcomeName && Outcome is { } known && columns.TrueForAll(c => c.Name != outcomeName) ? known : null;
        if (outcome is not null)
        {
            columns.Add(new FeatureColumn(_outcomeColumn!, FeatureKind.Binary));
        }

        // One matrix written once, row blocks side by side (each cell is a copy: the result does not depend on the threads).
        int n = ids.Length;
        int d = features.ColumnCount;
        int width = columns.Count;
        double[] values = GC.AllocateUninitializedArray<double>(n * width);
        double[] source = features.ValuesArray;
        InRowBlocks(n, (start, end) =>
        {
            for (int i = start; i < end; i++)
            {
                Span<double> row = values.AsSpan(i * width, width);
                source.AsSpan(i * d, d).CopyTo(row);
                for (int t = 0; t < texts.Count; t++)
                {
                    int code = texts[t].Codes[i];
                    row[d + t] = code < 0 ? double.NaN : texts[t].Rank[code];
                }

                if (outcome is not null)
                {
                    row[width - 1] = outcome[i] is bool happened ? (happened ? 1 : 0) : double.NaN;
                }
            }
        });

        return FeatureMatrix.Create(values, width, new FeatureSchema(columns), width == 0 ? null : ids);
    }

    /// <summary>Builds features from <paramref name="table"/>.</summary>
    /// <exception cref="DataFormatException">The id, outcome or an excluded column is not in the table.</exception>
    /// <exception cref="DataFormatException">
    /// The table has no data rows or no usable column, an id is empty or repeated, an outcome cell is not yes/no, or a
    /// numeric column holds a cell that is not a number while <see cref="TabularFeatureOptions.InvalidNumbersAsMissing"/> is
    /// off (names the line, column and value).
    /// </exception>
    public static TabularFeatures FromTable(CsvTable table, TabularFeatureOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        options ??= new TabularFeatureOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxCategoricalLevels, 1, nameof(options.MaxCategoricalLevels));
        int idIndex = Require(table, options.IdColumn, "--id-column");
        int outcomeIndex = Require(table, options.OutcomeColumn, "--outcome");
        var excluded = new HashSet<int>(options.ExcludeColumns.Select(c => Require(table, c, "exclude")));
        table.RequireRows();

        var missing = MissingValues.FromTokens(options.MissingValues);
        string[] ids = [];
        bool?[]? outcome = null;

        // The columns are parsed two at a time (each on its own; a column's cells are independent of the others'),
        // then taken in file order, so the features, the report and the first error are those of one column after another.
        // The ids and the outcome are one more job, the first (the longest: a string and a table entry per id); their
        // errors come before any column's, as when they were read before the columns.
        int width = table.Header.Count;
        var parsed = new (ColumnReading Reading, List<FeatureColumn> Columns, List<FeatureData> Data)[width];
        var failures = new ExceptionDispatchInfo?[width];
        ExceptionDispatchInfo? idFailure = null;
        Parallel.For(-1, width, new ParallelOptions { MaxDegreeOfParallelism = Math.Min(2, Environment.ProcessorCount) }, j =>
        {
            if (j < 0)
            {
                try
                {
                    ids = ReadIds(table, idIndex);
                    outcome = outcomeIndex < 0 ? null : ReadOutcome(table, outcomeIndex, missing);
                }
                catch (Exception e)
                {
                    idFailure = ExceptionDispatchInfo.Capture(e);
                }

                return;
            }

            if (j == idIndex || j == outcomeIndex || excluded.Contains(j))
            {
                return;
            }

            try
            {
                var own = new List<FeatureColumn>();
                var ownData = new List<FeatureData>();
                parsed[j] = (AddColumn(table, j, options, missing, own, ownData), own, ownData);
            }
            catch (Exception e)
            {
                // Rethrown below, the first by column order: the error a column-by-column read would give.
                failures[j] = ExceptionDispatchInfo.Capture(e);
            }
        });
        idFailure?.Throw();

        var columns = new List<FeatureColumn>();
        var data = new List<FeatureData>();
        var report = new List<ColumnReportEntry>();
        for (int j = 0; j < width; j++)
        {
            ColumnRole? role = j == idIndex ? ColumnRole.Id : j == outcomeIndex ? ColumnRole.Outcome : excluded.Contains(j) ? ColumnRole.Excluded : null;
            if (role is ColumnRole notFeature)
            {
                report.Add(new ColumnReportEntry(table.Header[j], notFeature, [], [], 0, 0, notFeature switch
                {
                    ColumnRole.Id => "it is the id column",
                    ColumnRole.Outcome => "it is the outcome column",
                    _ => "it was excluded",
                }));
                continue;
            }

            failures[j]?.Throw();
            (ColumnReading reading, List<FeatureColumn> added, List<FeatureData> addedData) = parsed[j];
            columns.AddRange(added);
            data.AddRange(addedData);
            report.Add(new ColumnReportEntry(
                table.Header[j], reading.Role, [.. added.Select(c => c.Name)], reading.Levels, reading.Missing, reading.Invalid, reading.Reason));
        }

        var columnReport = new ColumnReport(table.SourceName, table.RowCount, report);
        int n = table.RowCount;
        int d = columns.Count;
        if (d == 0)
        {
            string leftOut = string.Join("; ", columnReport.LeftOut.Select(c => $"'{c.Column}': {c.Reason}"));
            throw new DataFormatException(table.SourceName, 1, null, $"no column can be used as a feature ({leftOut}); the file needs numeric, yes/no or categorical columns besides the id.");
        }

        // Row by row, so that the matrix is written in order (the columns are read in step); blocks of rows on two
        // threads, each cell a copy, so the matrix does not depend on them. Every cell is written: no zeroing first.
        double[] values = GC.AllocateUninitializedArray<double>(n * d);
        FeatureData[] byColumn = [.. data];
        InRowBlocks(n, (start, end) =>
        {
            for (int i = start; i < end; i++)
            {
                int row = i * d;
                for (int c = 0; c < d; c++)
                {
                    values[row + c] = byColumn[c].Value(i);
                }
            }
        });

        var matrix = FeatureMatrix.Create(values, d, new FeatureSchema(columns), ids);
        TextColumn?[] read = [.. parsed.Select(p => p.Reading?.Text)];
        return new TabularFeatures(matrix, outcome, columnReport, ids, ReadTextColumns(table, columnReport, missing, read), outcomeIndex < 0 ? null : table.Header[outcomeIndex]);
    }

    private static ColumnReading AddColumn(CsvTable table, int j, TabularFeatureOptions options, MissingValues missing, List<FeatureColumn> columns, List<FeatureData> data)
    {
        string name = table.Header[j];
        int maxLevels = options.MaxCategoricalLevels;
        int n = table.RowCount;

        // Numbers and yes/no first, with the missing tokens of numeric columns (NA, null, ... by default): one pass
        // parses every cell (NaN where missing or not a number) and counts what it found.
        var values = new double[n];
        int missingInNumbers = 0, numbers = 0, firstInvalid = -1;
        bool allFlags = true, binary = true;
        bool plainFirst = missing.PlainDecimalsPresent;
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<char> cell = table.CellText(i, j);
            if (plainFirst && PlainDecimal.TryParse(cell, out double plain))
            {
                // The usual cell, without the missing-token lookup and double.Parse: the same value and counts as below.
                numbers++;
                values[i] = plain;
                binary &= plain is 0 or 1;
                allFlags = allFlags && cell is "0" or "1";
            }
            else if (missing.InNumbers(cell))
            {
                missingInNumbers++;
                values[i] = double.NaN;
            }
            else if (CsvValues.TryParseFinite(cell, out double value))
            {
                numbers++;
                values[i] = value;
                binary &= value is 0 or 1;
                allFlags = allFlags && CsvValues.TryParseFlag(cell, out _);
            }
            else
            {
                firstInvalid = firstInvalid < 0 ? i : firstInvalid;
                values[i] = double.NaN;
                allFlags = allFlags && CsvValues.TryParseFlag(cell, out _);

                // Text (or dates): neither yes/no nor, whatever the rest holds, numeric; the counts are not needed then.
                long invalidSoFar = i + 1 - missingInNumbers - numbers;
                if (!allFlags && invalidSoFar >= 2 && invalidSoFar * 9 > numbers + (n - i - 1L))
                {
                    break;
                }
            }
        }

        int present = n - missingInNumbers;
        if (present == 0)
        {
            return new ColumnReading(ColumnRole.AllMissing, missingInNumbers, 0, "every cell is missing");
        }

        int invalid = present - numbers;
        if (invalid > 0 && allFlags)
        {
            for (int i = 0; i < n; i++)
            {
                values[i] = missing.TryParseBoolean(table.CellText(i, j), out double v) ? v : double.NaN;
            }

            columns.Add(new FeatureColumn(name, FeatureKind.Binary));
            data.Add(new FeatureData(values));
            return new ColumnReading(ColumnRole.YesNo, missingInNumbers, 0, null);
        }

        if (NumericColumnRule.IsNumeric(numbers, invalid))
        {
            if (invalid > 0 && !options.InvalidNumbersAsMissing)
            {
                throw NumericColumnRule.Invalid(table.SourceName, table.LineOf(firstInvalid), name, table.Cell(firstInvalid, j), invalid);
            }

            columns.Add(new FeatureColumn(name, binary ? FeatureKind.Binary : FeatureKind.Numeric));
            data.Add(new FeatureData(values));
            return new ColumnReading(binary ? ColumnRole.YesNo : ColumnRole.Numeric, missingInNumbers, invalid, null);
        }

        // Counted again here: the pass above may have stopped early.
        bool dates = true;
        missingInNumbers = 0;
        for (int i = 0; i < n && dates; i++)
        {
            ReadOnlySpan<char> cell = table.CellText(i, j);
            bool isMissing = missing.InNumbers(cell);
            missingInNumbers += isMissing ? 1 : 0;
            dates = isMissing || DateOnly.TryParseExact(cell.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
        }

        if (dates)
        {
            return new ColumnReading(ColumnRole.Date, missingInNumbers, 0, "it holds dates; derive a number such as tenure in days from it");
        }

        // Text: NA, None, null are levels here (North America) unless missing tokens were configured.
        TextColumn text = TextColumn.Read(table, j, missing);
        int missingInText = text.Missing;
        int presentText = n - missingInText;
        string[] levels = [.. text.Levels.Order(StringComparer.Ordinal)];
        string[] kept = levels;
        bool pooled = false;
        if (levels.Length > maxLevels)
        {
            // Keep the most frequent levels and pool the rest as "other" when those levels cover most customers
            // (industry, country); a column where no few values dominate is a name or free text.
            int[] frequent = [.. Enumerable.Range(0, text.Levels.Count)
                .OrderByDescending(l => text.Counts[l]).ThenBy(l => text.Levels[l], StringComparer.Ordinal)
                .Take(maxLevels - 1)];
            long covered = frequent.Sum(l => (long)text.Counts[l]);
            int rarestKept = frequent.Length == 0 ? 0 : frequent.Min(l => text.Counts[l]);
            if (maxLevels < 2 || covered * 2 < presentText || rarestKept < 2)
            {
                return new ColumnReading(ColumnRole.Text, missingInText, 0, $"it is text with {levels.Length} distinct values (more than {maxLevels}), like a name or free text") { Text = text };
            }

            kept = [.. frequent.Select(l => text.Levels[l]).Order(StringComparer.Ordinal)];
            pooled = true;
        }

        // One 0/1 column per kept level (and "other" for the pooled rest); a missing cell is 0 everywhere. Read from the
        // column's codes when the matrix is written, rather than as a million-long array of 0/1 per level.
        var position = new int[text.Levels.Count];
        Array.Fill(position, kept.Length); // the pooled "other" column, when there is one
        for (int l = 0; l < kept.Length; l++)
        {
            position[text.Index(kept[l])] = l;
        }

        int[] levelOfRow = text.Codes;
        for (int l = 0; l < kept.Length + (pooled ? 1 : 0); l++)
        {
            columns.Add(new FeatureColumn($"{name}={(l < kept.Length ? kept[l] : "other")}", FeatureKind.Categorical, name));
            data.Add(new FeatureData(levelOfRow, position, l));
        }

        return new ColumnReading(ColumnRole.OneHot, missingInText, 0, null) { Levels = pooled ? [.. kept, "other"] : kept, Text = text };
    }

    /// <summary>
    /// Every text column (one-hot encoded or left out as text) in table order, as <paramref name="read"/> holds it when it
    /// was already read.
    /// </summary>
    private static Dictionary<string, TextColumn> ReadTextColumns(CsvTable table, ColumnReport report, MissingValues missing, TextColumn?[] read)
    {
        var text = new Dictionary<string, TextColumn>(StringComparer.Ordinal);
        for (int j = 0; j < table.Header.Count; j++)
        {
            // Dates stay out: the note on ignored columns tells the user to derive a number (tenure in days) instead.
            if (report.Columns[j].Role is ColumnRole.OneHot or ColumnRole.Text && !text.ContainsKey(table.Header[j]))
            {
                text.Add(table.Header[j], read[j] ?? TextColumn.Read(table, j, missing));
            }
        }

        return text;
    }

    /// <summary>A text column read once: its distinct trimmed values in order of appearance, each row's value index (-1 where missing) and counts.</summary>
    private sealed class TextColumn
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

        private TextColumn(int rows) => Codes = new int[rows];

        public List<string> Levels { get; } = [];

        public List<int> Counts { get; } = [];

        public int[] Codes { get; }

        public int Missing { get; private set; }

        public int Index(string level) => _index[level];

        /// <summary>The cells trimmed, null where missing: one string per distinct value, shared by the cells that hold it.</summary>
        public string?[] Cells()
        {
            var cells = new string?[Codes.Length];
            for (int i = 0; i < cells.Length; i++)
            {
                cells[i] = Codes[i] < 0 ? null : Levels[Codes[i]];
            }

            return cells;
        }

        public static TextColumn Read(CsvTable table, int j, MissingValues missing)
        {
            var column = new TextColumn(table.RowCount);
            Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup = column._index.GetAlternateLookup<ReadOnlySpan<char>>();
            for (int i = 0; i < column.Codes.Length; i++)
            {
                ReadOnlySpan<char> cell = table.CellText(i, j);
                if (missing.InText(cell))
                {
                    column.Codes[i] = -1;
                    column.Missing++;
                    continue;
                }

                ReadOnlySpan<char> trimmed = cell.Trim();
                if (!lookup.TryGetValue(trimmed, out int code))
                {
                    code = column.Levels.Count;
                    string level = trimmed.ToString();
                    column._index.Add(level, code);
                    column.Levels.Add(level);
                    column.Counts.Add(0);
                }

                column.Codes[i] = code;
                column.Counts[code]++;
            }

            return column;
        }
    }

    private static int Require(CsvTable table, string? column, string option) => column is null ? -1 : table.RequireColumn(column, option);

    private static string[] ReadIds(CsvTable table, int idIndex)
    {
        var ids = new string[table.RowCount];
        var registry = new IdRegistry(idIndex < 0 ? 0 : table.RowCount);
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = idIndex < 0
                ? (i + 1).ToString(CultureInfo.InvariantCulture)
                : registry.Add(table.CellText(i, idIndex), table.SourceName, table.LineOf(i), table.Header[idIndex]);
        }

        return ids;
    }

    private static bool?[] ReadOutcome(CsvTable table, int column, MissingValues missing)
    {
        var outcome = new bool?[table.RowCount];
        for (int i = 0; i < outcome.Length; i++)
        {
            if (missing.TryParseBoolean(table.CellText(i, column), out double value))
            {
                outcome[i] = double.IsNaN(value) ? null : value == 1;
            }
            else
            {
                string cell = table.Cell(i, column);
                string[] found = [.. table.ColumnCells(column).Where(c => !missing.InNumbers(c)).Select(c => CsvValues.Excerpt(c.Trim())).Distinct().Take(6)];
                throw new DataFormatException(
                    table.SourceName,
                    table.LineOf(i),
                    table.Header[column],
                    $"the outcome '{CsvValues.Excerpt(cell)}' is not yes/no; an outcome column must hold yes/no, true/false or 1/0 (values found: {string.Join(", ", found)}).");
            }
        }

        return outcome;
    }

    /// <summary>
    /// The values of one feature column: parsed numbers, or, for a one-hot column, 1 where the row's text (its code, -1
    /// where missing) is at <c>Level</c> among the kept levels (<c>Position</c> of a code) and 0 elsewhere.
    /// </summary>
    private sealed class FeatureData
    {
        private readonly double[]? _values;
        private readonly int[] _codes = [];
        private readonly int[] _position = [];
        private readonly int _level;

        public FeatureData(double[] values) => _values = values;

        public FeatureData(int[] codes, int[] position, int level)
        {
            _codes = codes;
            _position = position;
            _level = level;
        }

        public double Value(int row)
        {
            if (_values is not null)
            {
                return _values[row];
            }

            int code = _codes[row];
            return code >= 0 && _position[code] == _level ? 1.0 : 0.0;
        }
    }

    /// <summary>How one column was read: its role, counts and, for one-hot columns, its levels.</summary>
    private sealed record ColumnReading(ColumnRole Role, int Missing, int Invalid, string? Reason)
    {
        public IReadOnlyList<string> Levels { get; init; } = [];

        /// <summary>The column's cells as text, for a text column (one-hot encoded or left out), so that it is read once.</summary>
        public TextColumn? Text { get; init; }
    }
}
