using System.Text.Json.Serialization;
using Segmentation.Data;
using Segmentation.Features;

namespace Segmentation.Scoring;

/// <summary>How one input column becomes features.</summary>
/// <param name="Name">The input column.</param>
/// <param name="Kind"><see cref="FeatureKind.Numeric"/>, <see cref="FeatureKind.Binary"/> (yes/no, 1/0) or <see cref="FeatureKind.Categorical"/> (one-hot).</param>
/// <param name="Levels">For a categorical column: its levels, one feature each (<c>name=level</c>); otherwise empty.</param>
internal sealed record EncodedColumn(string Name, FeatureKind Kind, IReadOnlyList<string> Levels);

/// <summary>
/// The encoding of a training table, stored inside a model so that new customers are encoded exactly like the
/// training rows: numeric columns as they are, yes/no columns as 1/0, text columns one-hot with the training levels
/// (as <see cref="TabularFeatures"/> does).
/// </summary>
/// <remarks>
/// At apply time a level not seen in training, or a missing text cell, gives 0 in every level's column (like
/// scikit-learn's <c>OneHotEncoder(handle_unknown="ignore")</c>); a missing number stays NaN and the model's stored
/// preprocessing fills it. Immutable and serializable with System.Text.Json.
/// </remarks>
public sealed class TabularEncoder
{
    private readonly MissingValues _missing;

    /// <summary>Creates an encoder (used by deserialization).</summary>
    /// <param name="columns">The encoded input columns, in feature order.</param>
    /// <param name="ignoredColumns">Input columns seen in training but not used (tolerated at apply time).</param>
    /// <param name="missingValues">The missing-value tokens training used (<see cref="TabularFeatureOptions.MissingValues"/>); <see langword="null"/> for the default.</param>
    /// <param name="invalidNumbers">How training read numeric cells that are not numbers; applied the same way when encoding.</param>
    [JsonConstructor]
    internal TabularEncoder(
        IReadOnlyList<EncodedColumn> columns,
        IReadOnlyList<string> ignoredColumns,
        IReadOnlyList<string>? missingValues = null,
        InvalidNumberHandling invalidNumbers = InvalidNumberHandling.Error)
    {
        ArgumentNullException.ThrowIfNull(columns);
        Columns = [.. columns];
        IgnoredColumns = [.. ignoredColumns ?? []];
        MissingValues = missingValues is null ? null : [.. missingValues];
        InvalidNumbers = invalidNumbers;
        _missing = Data.MissingValues.FromTokens(MissingValues);
        FeatureNames = [.. Columns.SelectMany(c => c.Kind == FeatureKind.Categorical ? c.Levels.Select(l => $"{c.Name}={l}") : [c.Name])];
    }

    /// <summary>The encoded input columns, in feature order.</summary>
    [JsonInclude]
    internal IReadOnlyList<EncodedColumn> Columns { get; }

    /// <summary>Input columns seen in training but not used as features (ids, the target, free text).</summary>
    public IReadOnlyList<string> IgnoredColumns { get; }

    /// <summary>The tokens read as missing in every column, or <see langword="null"/> for the default (see <see cref="TabularFeatureOptions.MissingValues"/>).</summary>
    public IReadOnlyList<string>? MissingValues { get; }

    /// <summary>How numeric cells that are not numbers are read (the value model files store).</summary>
    [JsonInclude]
    internal InvalidNumberHandling InvalidNumbers { get; }

    /// <summary>Whether numeric cells that are not numbers are read as missing, as in training (otherwise they are an error).</summary>
    [JsonIgnore]
    public bool InvalidNumbersAsMissing => InvalidNumbers == InvalidNumberHandling.Missing;

    /// <summary>The names of the encoded features, in order.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>Learns the encoding from a training table; the id and target columns are left out.</summary>
    /// <param name="table">The training table.</param>
    /// <param name="idColumn">The id column, or <see langword="null"/>.</param>
    /// <param name="targetColumn">The outcome column, or <see langword="null"/>.</param>
    /// <param name="maxCategoricalLevels">Text columns with more distinct values are ignored.</param>
    /// <returns>The encoder and the encoded training features (rows in table order, ids set).</returns>
    public static (TabularEncoder Encoder, FeatureMatrix Features) Fit(CsvTable table, string? idColumn, string? targetColumn, int maxCategoricalLevels = 12) =>
        Fit(table, targetColumn, new TabularFeatureOptions { IdColumn = idColumn, MaxCategoricalLevels = maxCategoricalLevels });

    /// <summary>Learns the encoding from a training table with the given reading settings (id column, missing tokens, invalid numbers).</summary>
    /// <param name="table">The training table.</param>
    /// <param name="targetColumn">The outcome column, or <see langword="null"/>; it is left out of the features.</param>
    /// <param name="features">How columns are read; its <see cref="TabularFeatureOptions.IdColumn"/> names the id column.</param>
    /// <returns>The encoder and the encoded training features (rows in table order, ids set).</returns>
    /// <exception cref="DataFormatException">As <see cref="TabularFeatures.FromTable"/>.</exception>
    public static (TabularEncoder Encoder, FeatureMatrix Features) Fit(CsvTable table, string? targetColumn, TabularFeatureOptions features)
    {
        (TabularEncoder encoder, TabularFeatures result) = FitFeatures(table, targetColumn, features);
        return (encoder, result.Features);
    }

    /// <summary>As <see cref="Fit(CsvTable, string?, TabularFeatureOptions)"/>, keeping the column report.</summary>
    internal static (TabularEncoder Encoder, TabularFeatures Features) FitFeatures(CsvTable table, string? targetColumn, TabularFeatureOptions features)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(features);
        string? idColumn = features.IdColumn;
        var options = new TabularFeatureOptions
        {
            IdColumn = idColumn,
            MaxCategoricalLevels = features.MaxCategoricalLevels,
            MissingValues = features.MissingValues,
            InvalidNumbersAsMissing = features.InvalidNumbersAsMissing,
        };
        foreach (string excluded in features.ExcludeColumns)
        {
            options.ExcludeColumns.Add(excluded);
        }

        if (targetColumn is not null)
        {
            options.ExcludeColumns.Add(targetColumn);
        }

        TabularFeatures result = TabularFeatures.FromTable(table, options);
        var columns = new List<EncodedColumn>();
        foreach (FeatureColumn feature in result.Features.Schema)
        {
            if (feature.Kind != FeatureKind.Categorical)
            {
                columns.Add(new EncodedColumn(feature.Name, feature.Kind, []));
            }
            else if (columns.Count == 0 || columns[^1].Name != feature.Source)
            {
                columns.Add(new EncodedColumn(feature.Source!, FeatureKind.Categorical, [feature.Name[(feature.Source!.Length + 1)..]]));
            }
            else
            {
                columns[^1] = columns[^1] with { Levels = [.. columns[^1].Levels, feature.Name[(feature.Source!.Length + 1)..]] };
            }
        }

        string[] ignored = [.. new[] { idColumn, targetColumn }.OfType<string>().Concat(result.Ignored.Select(c => c.Column)).Concat(features.ExcludeColumns).Distinct(StringComparer.Ordinal)];
        return (new TabularEncoder(columns, ignored, options.MissingValues is null ? null : [.. options.MissingValues], options.InvalidNumbers), result);
    }

    /// <summary>Encodes <paramref name="table"/> as in training; rows keep their order and get ids from <paramref name="idColumn"/>.</summary>
    /// <exception cref="DataFormatException">
    /// The table has no data rows, a training column is missing, the table has columns training did not have (both named), or a cell does not
    /// parse as its column's kind (the line is named).
    /// </exception>
    public FeatureMatrix Encode(CsvTable table, string? idColumn = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        table.RequireRows();
        CheckColumns(table, idColumn);
        int n = table.RowCount;
        int d = FeatureNames.Count;
        var values = new double[n * d];
        int offset = 0;
        foreach (EncodedColumn column in Columns)
        {
            int source = table.IndexOf(column.Name);
            for (int i = 0; i < n; i++)
            {
                string cell = table.Cell(i, source);
                Span<double> row = values.AsSpan((i * d) + offset, column.Kind == FeatureKind.Categorical ? column.Levels.Count : 1);
                EncodeCell(table, i, column, cell, row);
            }

            offset += column.Kind == FeatureKind.Categorical ? column.Levels.Count : 1;
        }

        string[] ids = idColumn is null
            ? [.. Enumerable.Range(1, n).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))]
            : [.. table.ColumnCells(table.IndexOf(idColumn)).Select(c => c.Trim())];
        return FeatureMatrix.Create(values, d, Schema(), ids);
    }

    /// <summary>The schema of the encoded features.</summary>
    public FeatureSchema Schema() => new(Columns.SelectMany(c => c.Kind == FeatureKind.Categorical
        ? c.Levels.Select(l => new FeatureColumn($"{c.Name}={l}", FeatureKind.Categorical, c.Name))
        : [new FeatureColumn(c.Name, c.Kind)]));

    private void EncodeCell(CsvTable table, int row, EncodedColumn column, string cell, Span<double> destination)
    {
        switch (column.Kind)
        {
            case FeatureKind.Categorical:
                destination.Clear();
                int level = Array.IndexOf([.. column.Levels], cell.Trim());
                if (level >= 0 && !_missing.InText(cell))
                {
                    destination[level] = 1;
                }

                break;
            case FeatureKind.Binary when _missing.TryParseBoolean(cell, out double flag):
                destination[0] = flag;
                break;
            case FeatureKind.Numeric when _missing.TryParseNumber(cell, out double number):
                destination[0] = number;
                break;
            case FeatureKind.Numeric or FeatureKind.Binary when InvalidNumbers == InvalidNumberHandling.Missing:
                destination[0] = double.NaN;
                break;
            default:
                string expected = column.Kind == FeatureKind.Binary ? "yes/no, true/false or 1/0" : "a number";
                throw new DataFormatException(table.SourceName, table.LineOf(row), column.Name, $"'{CsvValues.Excerpt(cell.Trim())}' is not {expected}, as this column was in training; fix the cell or leave it empty for a missing value.");
        }
    }

    private void CheckColumns(CsvTable table, string? idColumn)
    {
        if (idColumn is not null)
        {
            table.RequireColumn(idColumn, "--id-column");
        }

        string[] missing = [.. Columns.Select(c => c.Name).Where(c => table.IndexOf(c) < 0)];
        var known = new HashSet<string>(Columns.Select(c => c.Name).Concat(IgnoredColumns), StringComparer.Ordinal);
        string[] extra = [.. table.Header.Where(h => h != idColumn && !known.Contains(h))];
        if (missing.Length > 0 || extra.Length > 0)
        {
            string detail = string.Join("; ", new[]
            {
                missing.Length > 0 ? $"missing: {string.Join(", ", missing)}" : null,
                extra.Length > 0 ? $"not in training: {string.Join(", ", extra)}" : null,
            }.OfType<string>());
            throw new DataFormatException(table.SourceName, 1, null, $"the columns differ from the model's training data ({detail}); give the columns the model was trained on.");
        }
    }
}
