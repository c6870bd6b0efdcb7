using System.Globalization;
using System.Text;

namespace Segmentation.Data;

/// <summary>
/// Numbers written as <c>ToString("#,0", CultureInfo.InvariantCulture)</c> writes them (12,000), through the standard
/// <c>N0</c> format of a <see cref="long"/> when the value is whole, not negative and below 10^15: there both give
/// the same text, and the standard format is several times faster than parsing the custom one per call (the worklist
/// writes hundreds of thousands of amounts and counts).
/// </summary>
internal static class GroupedNumbers
{
    /// <summary>Below this a whole double holds every digit that the custom format's 15-digit precision shows.</summary>
    private const double ExactBelow = 1e15;

    /// <summary>The value as <c>"#,0"</c> writes it.</summary>
    public static string Format(double value) => IsPlainWhole(value)
        ? ((long)value).ToString("N0", CultureInfo.InvariantCulture)
        : value.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>Appends the value as <c>"#,0"</c> writes it.</summary>
    public static StringBuilder Append(StringBuilder builder, double value) => IsPlainWhole(value)
        ? builder.Append(CultureInfo.InvariantCulture, $"{(long)value:N0}")
        : builder.Append(CultureInfo.InvariantCulture, $"{value:#,0}");

    /// <summary>Whole, at least +0 (not -0, which the custom format writes with its sign) and below 10^15.</summary>
    private static bool IsPlainWhole(double value) => value >= 0 && value < ExactBelow && !double.IsNegative(value) && value == Math.Floor(value);
}
