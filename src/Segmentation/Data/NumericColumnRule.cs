namespace Segmentation.Data;

/// <summary>
/// When a column is numeric although some cells are not numbers: at least 90% of its present cells are numbers, or all
/// but one (and at least one is a number). Such a column is never read as text: its other cells are an error, or
/// missing when <see cref="InvalidNumberHandling.Missing"/> is chosen.
/// </summary>
internal static class NumericColumnRule
{
    public static bool IsNumeric(int numbers, int invalid) =>
        numbers > 0 && (invalid * 10 <= numbers + invalid || invalid == 1);

    /// <summary>The error for the first invalid cell of a numeric column, with both fixes.</summary>
    public static DataFormatException Invalid(string source, int line, string column, string cell, int invalidCount) =>
        new(source, line, column,
            $"'{CsvValues.Excerpt(cell.Trim())}' is not a number{(invalidCount > 1 ? $" (nor are {invalidCount - 1} more cells of this column)" : string.Empty)}; "
            + "write numbers with digits and '.' as the decimal separator (no thousands separators or currency signs) and fix the cell, "
            + "or pass --invalid-numbers missing to read such cells as missing.");
}
