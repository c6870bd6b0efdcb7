using System.Globalization;

namespace Segmentation.Playbooks;

/// <summary>
/// Formats a number with at most <see cref="MaxDecimals"/> decimals, as <c>double.ToString(CultureInfo.InvariantCulture)</c>
/// writes it, from an integer instead of the shortest round-trip search: ARR (whole) and priority (two decimals) are on
/// every worklist row, and that search was the largest part of formatting them.
/// </summary>
/// <remarks>
/// Exact: when <c>k / 10^d</c> (a correctly rounded division of exact operands) is the value itself, the value is the
/// double nearest to the decimal k·10^-d. With at most 15 significant digits that decimal is the only one of at most
/// 15 digits that rounds to the value, so it is the shortest round-trip form, the one <c>ToString</c> writes (plain
/// notation below 10^15, no trailing zeros). Anything else (more decimals, -0, NaN, infinities, large numbers) is left
/// to <c>double.TryFormat</c>.
/// </remarks>
internal static class FewDecimals
{
    /// <summary>The most decimals formatted here.</summary>
    public const int MaxDecimals = 4;

    private const double Scale = 10_000;

    /// <summary>Below this the value with <see cref="MaxDecimals"/> decimals has at most 15 significant digits.</summary>
    private const double Limit = 1e11;

    /// <summary>Below this a whole number has at most 15 digits and is written in plain notation.</summary>
    private const double WholeLimit = 1e15;

    /// <summary>Writes <paramref name="value"/> into <paramref name="destination"/> (at least 32 characters) when it has at most <see cref="MaxDecimals"/> decimals; otherwise <see langword="false"/> and nothing written.</summary>
    public static bool TryFormat(double value, Span<char> destination, out int written)
    {
        written = 0;
        if (!(Math.Abs(value) < WholeLimit) || (value == 0 && double.IsNegative(value)))
        {
            return false;
        }

        long whole = (long)value;
        if (whole == value)
        {
            return whole.TryFormat(destination, out written, default, CultureInfo.InvariantCulture);
        }

        if (!(Math.Abs(value) < Limit))
        {
            return false;
        }

        long scaled = (long)Math.Round(value * Scale);
        if (scaled / Scale != value)
        {
            return false;
        }

        // scaled = ±(integer part · 10^4 + fraction), the fraction not 0 (the value is not whole).
        int at = 0;
        if (scaled < 0)
        {
            destination[at++] = '-';
            scaled = -scaled;
        }

        long integer = Math.DivRem(scaled, (long)Scale, out long fraction);
        integer.TryFormat(destination[at..], out int digits, default, CultureInfo.InvariantCulture);
        at += digits;
        destination[at++] = '.';
        int decimals = MaxDecimals;
        while (fraction % 10 == 0)
        {
            fraction /= 10;
            decimals--;
        }

        for (int d = decimals - 1; d >= 0; d--)
        {
            destination[at + d] = (char)('0' + (fraction % 10));
            fraction /= 10;
        }

        written = at + decimals;
        return true;
    }
}
