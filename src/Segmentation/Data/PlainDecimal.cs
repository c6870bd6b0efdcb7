namespace Segmentation.Data;

/// <summary>
/// A fast path for the cells most numeric columns hold: plain decimals (an optional '-', digits, at most one '.').
/// It answers only when the result is exactly what <see cref="double.Parse(string, IFormatProvider)"/> gives, and
/// otherwise leaves the cell to it (white space, '+', exponents, more than 19 digits or a value that is not exact).
/// </summary>
internal static class PlainDecimal
{
    // Up to 2^53 every integer is a double, and up to 10^22 every power of ten is: one division of the two is then
    // correctly rounded, which is what double.Parse's result is.
    private const ulong MaxExactInteger = 1UL << 53;

    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>Parses <paramref name="text"/> when it is a plain decimal whose value the fast path gets exactly.</summary>
    /// <returns><see langword="false"/> when the text must go to <see cref="double.TryParse(ReadOnlySpan{char}, System.Globalization.NumberStyles, IFormatProvider?, out double)"/> instead (not that it is not a number).</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out double value)
    {
        value = 0;
        int i = 0;
        bool negative = false;
        if (text.Length > 0 && text[0] == '-')
        {
            negative = true;
            i = 1;
        }

        // At most 19 characters keep the mantissa in a ulong; the check against 2^53 below decides whether it is exact.
        if (text.Length - i is 0 or > 19)
        {
            return false;
        }

        ulong mantissa = 0;
        int digits = 0;
        int point = -1;
        for (; i < text.Length; i++)
        {
            uint digit = (uint)(text[i] - '0');
            if (digit <= 9)
            {
                mantissa = (mantissa * 10) + digit;
                digits++;
            }
            else if (text[i] == '.' && point < 0)
            {
                point = digits;
            }
            else
            {
                return false;
            }
        }

        int decimals = point < 0 ? 0 : digits - point;
        if (digits == 0 || digits > 19 || mantissa > MaxExactInteger || decimals >= PowersOfTen.Length)
        {
            return false;
        }

        double magnitude = decimals == 0 ? mantissa : mantissa / PowersOfTen[decimals];
        value = negative ? -magnitude : magnitude;
        return true;
    }
}
