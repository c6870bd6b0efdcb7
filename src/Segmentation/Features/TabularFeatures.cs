using System.Globalization;
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
}

/// <summary>A column of the input that did not become a feature, and why.</summary>
/// <param name="Column">The column name.</param>
/// <param name="Reason">Why it was left out.</param>
public sealed record IgnoredColumn(string Column, string Reason);

/// <summary>
/// Turns a customer table into raw features: numeric columns as they are, yes/no columns as 0/1, text columns with
/// few distinct values one-hot encoded (<c>plan=pro</c>), everything else reported as ignored.
/// </summary>
public sealed class TabularFeatures
{
    private readonly string[] _ids;
    private FeatureMatrix? _ruleFeatures;

    private TabularFeatures(FeatureMatrix features, double[]? outcome, IReadOnlyList<IgnoredColumn> ignored, string[] ids, IReadOnlyDictionary<string, IReadOnlyList<string?>> textColumns)
    {
        Features = features;
        Outcome = outcome;
        Ignored = ignored;
        _ids = ids;
        TextColumns = textColumns;
    }

    /// <summary>The raw features (NaN = missing), with row ids.</summary>
    public FeatureMatrix Features { get; }

    /// <summary>The outcome per row (1, 0 or NaN), when an outcome column was named.</summary>
    public IReadOnlyList<double>? Outcome { get; }

    /// <summary>Columns that did not become features, with the reason.</summary>
    public IReadOnlyList<IgnoredColumn> Ignored { get; }

    /// <summary>
    /// Every text column of the table (not numbers, yes/no or dates; the id and outcome columns left out), by column name in
    /// table order: its cells trimmed, <see langword="null"/> where missing. Kept whatever the number of distinct values,
    /// so that rules can read columns that are not features (<c>industry</c> with 40 values, <c>country</c>).
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string?>> TextColumns { get; }

    /// <summary>
    /// The features rules read: <see cref="Features"/> plus one <see cref="FeatureKind.Text"/> column per entry of
    /// <see cref="TextColumns"/> (unless a feature already has its name), so that <c>industry == "Retail"</c> works on
    /// any text column. Not for clustering.
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

        return WithTextColumns(features, features.RowIds is { } ids ? [.. ids] : _ids);
    }

    private FeatureMatrix WithTextColumns(FeatureMatrix features, string[] ids)
    {
        var columns = new List<FeatureColumn>(features.Schema);
        var texts = new List<IReadOnlyList<string?>>();
        foreach ((string name, IReadOnlyList<string?> cells) in TextColumns)
        {
            if (features.Schema.IndexOf(name) < 0)
            {
                string[] levels = [.. cells.OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
                columns.Add(new FeatureColumn(name, FeatureKind.Text) { Levels = levels });
                texts.Add(cells);
            }
        }

        int n = ids.Length;
        int d = features.ColumnCount;
        int width = columns.Count;
        var values = new double[n * width];
        for (int i = 0; i < n && d > 0; i++)
        {
            features.Row(i).CopyTo(values.AsSpan(i * width, d));
        }

        for (int t = 0; t < texts.Count; t++)
        {
            IReadOnlyList<string> levels = columns[d + t].Levels!;
            var code = new Dictionary<string, double>(levels.Count, StringComparer.Ordinal);
            for (int l = 0; l < levels.Count; l++)
            {
                code[levels[l]] = l;
            }

            IReadOnlyList<string?> cells = texts[t];
            for (int i = 0; i < n; i++)
            {
                values[(i * width) + d + t] = cells[i] is string text ? code[text] : double.NaN;
            }
        }

        return FeatureMatrix.Create(values, width, new FeatureSchema(columns), width == 0 ? null : ids);
    }

    /// <summary>Builds features from <paramref name="table"/>.</summary>
    /// <exception cref="ColumnNotFoundException">The id, outcome or an excluded column is not in the table.</exception>
    /// <exception cref="DataFormatException">An id is empty or repeated, or an outcome cell is not yes/no (names the line).</exception>
    public static TabularFeatures FromTable(CsvTable table, TabularFeatureOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        options ??= new TabularFeatureOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxCategoricalLevels, 1, nameof(options.MaxCategoricalLevels));
        int idIndex = Require(table, options.IdColumn, "--id-column");
        int outcomeIndex = Require(table, options.OutcomeColumn, "--outcome");
        var excluded = new HashSet<int>(options.ExcludeColumns.Select(c => Require(table, c, "exclude")));
        string[] ids = ReadIds(table, idIndex);
        double[]? outcome = outcomeIndex < 0 ? null : ReadOutcome(table, outcomeIndex);

        var columns = new List<FeatureColumn>();
        var data = new List<double[]>();
        var ignored = new List<IgnoredColumn>();
        for (int j = 0; j < table.Header.Count; j++)
        {
            if (j == idIndex || j == outcomeIndex || excluded.Contains(j))
            {
                continue;
            }

            AddColumn(table, j, options.MaxCategoricalLevels, columns, data, ignored);
        }

        int n = table.RowCount;
        int d = columns.Count;
        var values = new double[n * d];
        for (int c = 0; c < d; c++)
        {
            for (int i = 0; i < n; i++)
            {
                values[(i * d) + c] = data[c][i];
            }
        }

        var matrix = FeatureMatrix.Create(values, d, new FeatureSchema(columns), ids);
        return new TabularFeatures(matrix, outcome, ignored, ids, ReadTextColumns(table, idIndex, outcomeIndex));
    }

    private static void AddColumn(CsvTable table, int j, int maxLevels, List<FeatureColumn> columns, List<double[]> data, List<IgnoredColumn> ignored)
    {
        string name = table.Header[j];
        string[] cells = [.. table.ColumnCells(j)];
        string[] present = [.. cells.Where(c => !CsvValues.IsMissing(c)).Select(c => c.Trim())];
        if (present.Length == 0)
        {
            ignored.Add(new IgnoredColumn(name, "every cell is empty"));
            return;
        }

        if (present.All(c => CsvValues.TryParseNumber(c, out _)))
        {
            double[] numbers = [.. cells.Select(c => CsvValues.TryParseNumber(c, out double v) ? v : double.NaN)];
            bool binary = numbers.All(v => double.IsNaN(v) || v == 0 || v == 1);
            columns.Add(new FeatureColumn(name, binary ? FeatureKind.Binary : FeatureKind.Numeric));
            data.Add(numbers);
            return;
        }

        if (present.All(c => CsvValues.TryParseBoolean(c, out _)))
        {
            columns.Add(new FeatureColumn(name, FeatureKind.Binary));
            data.Add([.. cells.Select(c => CsvValues.TryParseBoolean(c, out double v) ? v : double.NaN)]);
            return;
        }

        if (present.All(c => DateOnly.TryParseExact(c, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)))
        {
            ignored.Add(new IgnoredColumn(name, "it holds dates; derive a number such as tenure in days from it"));
            return;
        }

        string[] levels = [.. present.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        if (levels.Length > maxLevels)
        {
            // Keep the most frequent levels and pool the rest as "other" when those levels cover most customers
            // (industry, country); a column where no few values dominate is a name or free text.
            string[] frequent = [.. present.GroupBy(c => c, StringComparer.Ordinal)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Take(maxLevels - 1).Select(g => g.Key)];
            int covered = present.Count(c => frequent.Contains(c, StringComparer.Ordinal));
            int rarestKept = frequent.Length == 0 ? 0 : frequent.Min(level => present.Count(c => string.Equals(c, level, StringComparison.Ordinal)));
            if (maxLevels < 2 || covered * 2 < present.Length || rarestKept < 2)
            {
                ignored.Add(new IgnoredColumn(name, $"it is text with {levels.Length} distinct values (more than {maxLevels}), like a name or free text"));
                return;
            }

            foreach (string level in frequent.Order(StringComparer.Ordinal))
            {
                columns.Add(new FeatureColumn($"{name}={level}", FeatureKind.Categorical, name));
                data.Add([.. cells.Select(c => string.Equals(c.Trim(), level, StringComparison.Ordinal) ? 1.0 : 0.0)]);
            }

            columns.Add(new FeatureColumn($"{name}=other", FeatureKind.Categorical, name));
            data.Add([.. cells.Select(c => !CsvValues.IsMissing(c) && !frequent.Contains(c.Trim(), StringComparer.Ordinal) ? 1.0 : 0.0)]);
            return;
        }

        foreach (string level in levels)
        {
            columns.Add(new FeatureColumn($"{name}={level}", FeatureKind.Categorical, name));
            data.Add([.. cells.Select(c => string.Equals(c.Trim(), level, StringComparison.Ordinal) ? 1.0 : 0.0)]);
        }
    }

    private static Dictionary<string, IReadOnlyList<string?>> ReadTextColumns(CsvTable table, int idIndex, int outcomeIndex)
    {
        var text = new Dictionary<string, IReadOnlyList<string?>>(StringComparer.Ordinal);
        for (int j = 0; j < table.Header.Count; j++)
        {
            if (j == idIndex || j == outcomeIndex || text.ContainsKey(table.Header[j]))
            {
                continue;
            }

            string?[] cells = [.. table.ColumnCells(j).Select(c => CsvValues.IsMissing(c) ? null : c.Trim())];
            // Dates stay out: the note on ignored columns tells the user to derive a number (tenure in days) instead.
            bool isText = cells.Any(c => c is not null && !CsvValues.TryParseNumber(c, out _))
                && cells.Any(c => c is not null && !CsvValues.TryParseBoolean(c, out _))
                && cells.Any(c => c is not null && !DateOnly.TryParseExact(c, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _));
            if (isText)
            {
                text.Add(table.Header[j], cells);
            }
        }

        return text;
    }

    private static int Require(CsvTable table, string? column, string option) => column is null ? -1 : table.RequireColumn(column, option);

    private static string[] ReadIds(CsvTable table, int idIndex)
    {
        var ids = new string[table.RowCount];
        var registry = new IdRegistry();
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = idIndex < 0
                ? (i + 1).ToString(CultureInfo.InvariantCulture)
                : registry.Add(table.Cell(i, idIndex), table.SourceName, table.LineOf(i), table.Header[idIndex]);
        }

        return ids;
    }

    private static double[] ReadOutcome(CsvTable table, int column)
    {
        var outcome = new double[table.RowCount];
        for (int i = 0; i < outcome.Length; i++)
        {
            string cell = table.Cell(i, column);
            if (!CsvValues.TryParseBoolean(cell, out outcome[i]))
            {
                string[] found = [.. table.ColumnCells(column).Where(c => !CsvValues.IsMissing(c)).Select(c => c.Trim()).Distinct().Take(6)];
                throw new DataFormatException(
                    table.SourceName,
                    table.LineOf(i),
                    table.Header[column],
                    $"the outcome '{cell}' is not yes/no; an outcome column must hold yes/no, true/false or 1/0 (values found: {string.Join(", ", found)}).");
            }
        }

        return outcome;
    }
}
