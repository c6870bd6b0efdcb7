using System.Globalization;

namespace Segmentation.Data;

/// <summary>How cells become numbers: invariant culture ('.' decimal), empty or NA-like cells are missing.</summary>
public static class CsvValues
{
    private static readonly HashSet<string> MissingTokens = new(StringComparer.OrdinalIgnoreCase) { "", "NA", "N/A", "NaN", "null", "None" };

    private static readonly HashSet<string> TrueTokens = new(StringComparer.OrdinalIgnoreCase) { "yes", "y", "true", "t" };

    private static readonly HashSet<string> FalseTokens = new(StringComparer.OrdinalIgnoreCase) { "no", "n", "false", "f" };

    /// <summary>Whether a cell counts as missing: empty, or NA, N/A, NaN, null, None (any case).</summary>
    public static bool IsMissing(string? cell) => cell is null || MissingTokens.Contains(cell.Trim());

    /// <summary>Parses a finite number written with '.' as the decimal separator; missing cells give NaN.</summary>
    /// <returns><see langword="false"/> when the cell is neither missing nor a finite number.</returns>
    public static bool TryParseNumber(string? cell, out double value)
    {
        if (IsMissing(cell))
        {
            value = double.NaN;
            return true;
        }

        return double.TryParse(cell!.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    /// <summary>Parses yes/no, true/false, y/n, t/f (any case) and 1/0; missing cells give NaN.</summary>
    public static bool TryParseBoolean(string? cell, out double value)
    {
        value = double.NaN;
        if (IsMissing(cell))
        {
            return true;
        }

        string text = cell!.Trim();
        if (TrueTokens.Contains(text) || text == "1")
        {
            value = 1;
            return true;
        }

        if (FalseTokens.Contains(text) || text == "0")
        {
            value = 0;
            return true;
        }

        return false;
    }

    /// <summary>A number as the CLI writes it: invariant culture, round-trippable.</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
