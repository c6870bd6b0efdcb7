namespace Segmentation.Data;

/// <summary>
/// Which cells are missing: empty cells always; by default the <see cref="CsvValues.DefaultMissingTokens"/> in numeric
/// and yes/no columns only; when tokens are configured, exactly those tokens in every column.
/// </summary>
/// <remarks>Immutable and safe to share between threads.</remarks>
internal sealed class MissingValues
{
    private readonly HashSet<string>? _tokens;

    private MissingValues(HashSet<string>? tokens)
    {
        _tokens = tokens;
        PlainDecimalsPresent = tokens is null || !tokens.Any(t => PlainDecimal.TryParse(t, out _));
    }

    /// <summary>Whether no token is a plain decimal (such as -1 or 999), so that a cell <see cref="PlainDecimal"/> reads is never missing.</summary>
    internal bool PlainDecimalsPresent { get; }

    /// <summary>The default: empty cells everywhere, NA, N/A, NaN, null and None in numeric and yes/no columns.</summary>
    public static MissingValues Default { get; } = new(null);

    /// <summary>The configured tokens (compared trimmed, ignoring case), or <see langword="null"/> for the default.</summary>
    public IReadOnlyCollection<string>? Tokens => _tokens;

    /// <summary>Tokens read as missing in every column (besides empty cells); <see langword="null"/> gives <see cref="Default"/>.</summary>
    /// <param name="tokens">The tokens, for example <c>NA</c> and <c>null</c>; an empty list means only empty cells are missing.</param>
    public static MissingValues FromTokens(IEnumerable<string>? tokens) =>
        tokens is null ? Default : new(new HashSet<string>(tokens.Select(t => t.Trim()).Where(t => t.Length > 0), StringComparer.OrdinalIgnoreCase));

    /// <summary>Whether a cell of a numeric or yes/no column is missing.</summary>
    public bool InNumbers(string? cell) => InNumbers(cell.AsSpan());

    /// <summary>Whether a cell of a text column is missing.</summary>
    public bool InText(string? cell) => InText(cell.AsSpan());

    /// <summary>Whether a cell of a numeric or yes/no column is missing, as <see cref="InNumbers(string?)"/>.</summary>
    internal bool InNumbers(ReadOnlySpan<char> cell) => _tokens is null ? CsvValues.IsMissing(cell) : InText(cell);

    /// <summary>Whether a cell of a text column is missing, as <see cref="InText(string?)"/>.</summary>
    internal bool InText(ReadOnlySpan<char> cell) => cell.IsWhiteSpace() || (_tokens is not null && CsvValues.Contains(_tokens, cell.Trim()));

    /// <summary>Parses a numeric cell: missing gives NaN and <see langword="true"/>; a non-number gives <see langword="false"/>.</summary>
    public bool TryParseNumber(string? cell, out double value) => TryParseNumber(cell.AsSpan(), out value);

    /// <summary>Parses a numeric cell as <see cref="TryParseNumber(string?, out double)"/>.</summary>
    internal bool TryParseNumber(ReadOnlySpan<char> cell, out double value)
    {
        if (PlainDecimalsPresent && PlainDecimal.TryParse(cell, out value))
        {
            return true;
        }

        if (InNumbers(cell))
        {
            value = double.NaN;
            return true;
        }

        return CsvValues.TryParseFinite(cell, out value);
    }

    /// <summary>Parses a yes/no cell: missing gives NaN and <see langword="true"/>; anything but yes/no, true/false, y/n, t/f, 1/0 gives <see langword="false"/>.</summary>
    public bool TryParseBoolean(string? cell, out double value) => TryParseBoolean(cell.AsSpan(), out value);

    /// <summary>Parses a yes/no cell as <see cref="TryParseBoolean(string?, out double)"/>.</summary>
    internal bool TryParseBoolean(ReadOnlySpan<char> cell, out double value)
    {
        // The usual outcome cells, without the token lookups (no default token is one of them).
        if (_tokens is null && cell is "no" or "yes" or "0" or "1")
        {
            value = cell is "yes" or "1" ? 1 : 0;
            return true;
        }

        if (InNumbers(cell))
        {
            value = double.NaN;
            return true;
        }

        return CsvValues.TryParseFlag(cell, out value);
    }
}
