using Segmentation.Data;

namespace Segmentation.Scoring;

/// <summary>The outcome a scorer predicts: a target column with two values, one of which is the positive outcome.</summary>
/// <param name="Target">The target column, for example <c>churn</c>.</param>
/// <param name="PositiveLabel">The value that counts as the outcome happening, for example <c>yes</c>.</param>
/// <param name="NegativeLabel">The other value.</param>
public sealed record OutcomeDefinition(string Target, string PositiveLabel, string NegativeLabel);

/// <summary>Reads a two-valued target column into true (positive) and false (negative).</summary>
internal static class BinaryOutcome
{
    /// <summary>
    /// Reads <paramref name="target"/> from <paramref name="table"/>. Without <paramref name="positive"/>, a yes/no,
    /// true/false or 1/0 column uses its true value; otherwise the positive label must be given.
    /// </summary>
    /// <returns>The outcome definition and one yes/no value per row.</returns>
    /// <exception cref="DataFormatException">The target column is absent, or a target cell is empty, the column holds other than two values (the message lists them), or only one class.</exception>
    /// <exception cref="ArgumentException">The positive label does not occur, or is needed and was not given.</exception>
    public static (OutcomeDefinition Outcome, bool[] Values) Read(CsvTable table, string target, string? positive = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        int column = table.RequireColumn(target, "--target");

        var cells = new string[table.RowCount];
        for (int i = 0; i < cells.Length; i++)
        {
            cells[i] = table.Cell(i, column).Trim();
            if (CsvValues.IsMissing(cells[i]))
            {
                throw new DataFormatException(table.SourceName, table.LineOf(i), target, "the target is empty; every training row needs a known outcome (drop rows whose outcome is not known yet).");
            }
        }

        string[] found = [.. cells.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        if (found.Length == 1)
        {
            throw new DataFormatException(table.SourceName, 1, target, $"the target has one value only ('{CsvValues.Excerpt(found[0])}'); training needs rows of both outcomes.");
        }

        if (found.Length > 2)
        {
            string shown = string.Join(", ", found.Take(10).Select(v => $"'{CsvValues.Excerpt(v)}'")) + (found.Length > 10 ? $" and {found.Length - 10} more" : string.Empty);
            throw new DataFormatException(table.SourceName, 1, target, $"the target must hold exactly two values, but {found.Length} were found: {shown}.");
        }

        string positiveLabel = ChoosePositive(found, positive, target);
        string negativeLabel = found[0] == positiveLabel ? found[1] : found[0];
        bool[] values = [.. cells.Select(c => c == positiveLabel)];
        return (new OutcomeDefinition(target, positiveLabel, negativeLabel), values);
    }

    private static string ChoosePositive(string[] found, string? positive, string target)
    {
        if (positive is not null)
        {
            string? exact = Array.Find(found, v => v == positive.Trim());
            string[] caseless = [.. found.Where(v => string.Equals(v, positive.Trim(), StringComparison.OrdinalIgnoreCase))];
            return exact ?? (caseless.Length == 1 ? caseless[0]
                : throw new ArgumentException($"--positive '{positive}' does not occur in the target '{target}'; its values are '{found[0]}' and '{found[1]}'."));
        }

        double[] parsed = [.. found.Select(v => CsvValues.TryParseBoolean(v, out double b) ? b : double.NaN)];
        return parsed.Contains(1) && parsed.Contains(0)
            ? found[Array.IndexOf(parsed, 1.0)]
            : throw new ArgumentException($"The target '{target}' holds '{found[0]}' and '{found[1]}'; say which is the positive outcome with --positive.");
    }
}
