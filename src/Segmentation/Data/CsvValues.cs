using System.Globalization;

namespace Segmentation.Data;

/// <summary>
/// How cells become numbers: invariant culture ('.' decimal); empty cells are missing, and so are the
/// <see cref="DefaultMissingTokens"/> in numeric and yes/no columns.
/// </summary>
/// <remarks>
/// <c>NaN</c> is read as a missing value (as pandas reads it); <c>Infinity</c>, <c>-Infinity</c> and numbers too large
/// for a double are not numbers: a numeric column holding them is refused (or, when asked, reads them as missing),
/// because a segment centre or a score cannot be computed from them.
/// </remarks>
internal static class CsvValues
{
    /// <summary>The longest cell text quoted in a message; longer cells are cut and end with "…".</summary>
    public const int MaxQuotedLength = 40;

    private static readonly HashSet<string> MissingTokens = new(StringComparer.OrdinalIgnoreCase) { "NA", "N/A", "NaN", "null", "None" };

    private static readonly HashSet<string> TrueTokens = new(StringComparer.OrdinalIgnoreCase) { "yes", "y", "true", "t" };

    private static readonly HashSet<string> FalseTokens = new(StringComparer.OrdinalIgnoreCase) { "no", "n", "false", "f" };

    /// <summary>
    /// The cells read as missing in numeric and yes/no columns unless other tokens are configured: NA, N/A, NaN, null,
    /// None (any case). In text columns they are ordinary values (<c>NA</c> may be North America).
    /// </summary>
    public static IReadOnlyCollection<string> DefaultMissingTokens => MissingTokens;

    /// <summary>Whether a cell is empty or only white space: missing in every column, whatever the configuration.</summary>
    public static bool IsEmpty(string? cell) => string.IsNullOrWhiteSpace(cell);

    /// <summary>Whether a numeric cell counts as missing: empty, or NA, N/A, NaN, null, None (any case).</summary>
    public static bool IsMissing(string? cell) => cell is null || IsMissing(cell.AsSpan());

    /// <summary>Whether a cell is empty or only white space.</summary>
    internal static bool IsEmpty(ReadOnlySpan<char> cell) => cell.IsWhiteSpace();

    /// <summary>Whether a numeric cell counts as missing, as <see cref="IsMissing(string?)"/>.</summary>
    internal static bool IsMissing(ReadOnlySpan<char> cell) => cell.IsWhiteSpace() || Contains(MissingTokens, cell.Trim());

    /// <summary>Whether <paramref name="set"/> (of strings) holds <paramref name="text"/>, with the set's comparer and without making a string.</summary>
    internal static bool Contains(HashSet<string> set, ReadOnlySpan<char> text) =>
        set.GetAlternateLookup<ReadOnlySpan<char>>().Contains(text);

    /// <summary>Parses a finite number written with '.' as the decimal separator; missing cells give NaN.</summary>
    /// <returns><see langword="false"/> when the cell is neither missing nor a finite number.</returns>
    public static bool TryParseNumber(string? cell, out double value) => TryParseNumber(cell.AsSpan(), out value);

    /// <summary>Parses a cell as <see cref="TryParseNumber(string?, out double)"/> does.</summary>
    internal static bool TryParseNumber(ReadOnlySpan<char> cell, out double value)
    {
        if (IsMissing(cell))
        {
            value = double.NaN;
            return true;
        }

        return TryParseFinite(cell, out value);
    }

    /// <summary>Parses yes/no, true/false, y/n, t/f (any case) and 1/0; missing cells give NaN.</summary>
    public static bool TryParseBoolean(string? cell, out double value)
    {
        value = double.NaN;
        return IsMissing(cell) || TryParseFlag(cell!, out value);
    }

    /// <summary>A cell as quoted in a message: at most <see cref="MaxQuotedLength"/> characters, then "…".</summary>
    public static string Excerpt(string? cell)
    {
        string text = cell ?? string.Empty;
        return text.Length <= MaxQuotedLength ? text : string.Concat(text.AsSpan(0, MaxQuotedLength), "…");
    }

    /// <summary>A cell as written to a CSV file: quoted (RFC 4180) when it holds a comma, quote or line break.</summary>
    /// <param name="value">The cell's text.</param>
    /// <returns>The text, quoted when needed.</returns>
    public static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    /// <summary>A number as the CLI writes it: invariant culture, round-trippable.</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A finite number in invariant culture (not a missing token).</summary>
    internal static bool TryParseFinite(ReadOnlySpan<char> cell, out double value) =>
        double.TryParse(cell.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>A yes/no token (not a missing token): 1 or 0.</summary>
    internal static bool TryParseFlag(ReadOnlySpan<char> cell, out double value)
    {
        ReadOnlySpan<char> text = cell.Trim();
        if (Contains(TrueTokens, text) || text is "1")
        {
            value = 1;
            return true;
        }

        if (Contains(FalseTokens, text) || text is "0")
        {
            value = 0;
            return true;
        }

        value = double.NaN;
        return false;
    }
}
