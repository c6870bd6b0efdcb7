using System.Globalization;

namespace Segmentation.Reporting;

/// <summary>Numbers for people: counts and money with thousands separators, rates as percentages.</summary>
internal static class ReportFormat
{
    /// <summary>How the value feature is named for people: "ARR" for <c>arr</c>, otherwise the feature's name.</summary>
    public static string ValueName(string? feature) => feature is null || feature.Equals("arr", StringComparison.OrdinalIgnoreCase) ? "ARR" : feature;

    public static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Money(double? value) => value is double v && double.IsFinite(v) ? v.ToString("N0", CultureInfo.InvariantCulture) : "-";

    public static string Percent(double? value) => value is double v && double.IsFinite(v) ? (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "-";

    /// <summary>A feature mean in its own units: thousands separators for large values, two or three significant decimals for small ones.</summary>
    public static string Number(double? value) => value switch
    {
        null => "-",
        double v when !double.IsFinite(v) => "-",
        double v when Math.Abs(v) >= 1000 => v.ToString("N0", CultureInfo.InvariantCulture),
        double v when Math.Abs(v) >= 10 => v.ToString("0.#", CultureInfo.InvariantCulture),
        double v => v.ToString("0.##", CultureInfo.InvariantCulture),
    };

    public static string Signed(double? value) => value is double v && double.IsFinite(v) ? v.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) : "-";

    public static string Decimal(double? value, string format) => value is double v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "-";
}
