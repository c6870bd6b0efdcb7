using System.Text.Json.Serialization;
using Segmentation.Data;
using Segmentation.Features;

namespace Segmentation.Scoring;

/// <summary>How one input column becomes features.</summary>
/// <param name="Name">The input column.</param>
/// <param name="Kind"><see cref="FeatureKind.Numeric"/>, <see cref="FeatureKind.Binary"/> (yes/no, 1/0) or <see cref="FeatureKind.Categorical"/> (one-hot).</param>
/// <param name="Levels">For a categorical column: its levels, one feature each (<c>name=level</c>); otherwise empty.</param>
public sealed record EncodedColumn(string Name, FeatureKind Kind, IReadOnlyList<string> Levels);

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
    /// <summary>Creates an encoder (used by deserialization).</summary>
    /// <param name="columns">The encoded input columns, in feature order.</param>
    /// <param name="ignoredColumns">Input columns seen in training but not used (tolerated at apply time).</param>
    [JsonConstructor]
    public TabularEncoder(IReadOnlyList<EncodedColumn> columns, IReadOnlyList<string> ignoredColumns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        Columns = [.. columns];
        IgnoredColumns = [.. ignoredColumns ?? []];
        FeatureNames = [.. Columns.SelectMany(c => c.Kind == FeatureKind.Categorical ? c.Levels.Select(l => $"{c.Name}={l}") : [c.Name])];
    }

    /// <summary>The encoded input columns, in feature order.</summary>
    public IReadOnlyList<EncodedColumn> Columns { get; }

    /// <summary>Input columns seen in training but not used as features (ids, the target, free text).</summary>
    public IReadOnlyList<string> IgnoredColumns { get; }

    /// <summary>The names of the encoded features, in order.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>Learns the encoding from a training table; the id and target columns are left out.</summary>
    /// <param name="table">The training table.</param>
    /// <param name="idColumn">The id column, or <see langword="null"/>.</param>
    /// <param name="targetColumn">The outcome column, or <see langword="null"/>.</param>
    /// <param name="maxCategoricalLevels">Text columns with more distinct values are ignored.</param>
    /// <returns>The encoder and the encoded training features (rows in table order, ids set).</returns>
    public static (TabularEncoder Encoder, FeatureMatrix Features) Fit(CsvTable table, string? idColumn, string? targetColumn, int maxCategoricalLevels = 12)
    {
        ArgumentNullException.ThrowIfNull(table);
        var options = new TabularFeatureOptions { IdColumn = idColumn, MaxCategoricalLevels = maxCategoricalLevels };
        if (targetColumn is not null)
        {
            options.ExcludeColumns.Add(targetColumn);
        }

        TabularFeatures features = TabularFeatures.FromTable(table, options);
        var columns = new List<EncodedColumn>();
        foreach (FeatureColumn feature in features.Features.Schema)
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

        string[] ignored = [.. new[] { idColumn, targetColumn }.OfType<string>().Concat(features.Ignored.Select(c => c.Column))];
        return (new TabularEncoder(columns, ignored), features.Features);
    }

    /// <summary>Encodes <paramref name="table"/> as in training; rows keep their order and get ids from <paramref name="idColumn"/>.</summary>
    /// <exception cref="DataFormatException">
    /// A training column is missing, the table has columns training did not have (both named), or a cell does not
    /// parse as its column's kind (the line is named).
    /// </exception>
    public FeatureMatrix Encode(CsvTable table, string? idColumn = null)
    {
        ArgumentNullException.ThrowIfNull(table);
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

    private static void EncodeCell(CsvTable table, int row, EncodedColumn column, string cell, Span<double> destination)
    {
        switch (column.Kind)
        {
            case FeatureKind.Categorical:
                destination.Clear();
                int level = Array.IndexOf([.. column.Levels], cell.Trim());
                if (level >= 0 && !CsvValues.IsMissing(cell))
                {
                    destination[level] = 1;
                }

                break;
            case FeatureKind.Binary when CsvValues.TryParseBoolean(cell, out double flag):
                destination[0] = flag;
                break;
            case FeatureKind.Numeric when CsvValues.TryParseNumber(cell, out double number):
                destination[0] = number;
                break;
            default:
                string expected = column.Kind == FeatureKind.Binary ? "yes/no, true/false or 1/0" : "a number";
                throw new DataFormatException(table.SourceName, table.LineOf(row), column.Name, $"'{cell}' is not {expected}, as this column was in training.");
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
