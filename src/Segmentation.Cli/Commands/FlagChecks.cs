using System.Globalization;

namespace Segmentation.Cli.Commands;

/// <summary>
/// Range checks of numeric options, made by the CLI before any library options class sees the value, so that the
/// message names the option as the user typed it (<c>--threads</c>, not an options property).
/// </summary>
internal static class FlagChecks
{
    /// <summary>A whole number within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <exception cref="CliUsageException">The value is outside the range.</exception>
    public static int Whole(string flag, int value, int min, int max) =>
        value >= min && value <= max
            ? value
            : throw new CliUsageException(value < min
                ? string.Create(CultureInfo.InvariantCulture, $"{flag} must be at least {min}, but was {value}.")
                : string.Create(CultureInfo.InvariantCulture, $"{flag} must be at most {max}, but was {value}."));

    /// <summary>A number within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <exception cref="CliUsageException">The value is outside the range or not finite.</exception>
    public static double Number(string flag, double value, double min, double max) =>
        double.IsFinite(value) && value >= min && value <= max
            ? value
            : throw new CliUsageException(string.Create(CultureInfo.InvariantCulture, $"{flag} must be between {min} and {max}, but was {value}."));

    /// <summary><c>--threads</c>: -1 (all cores) or 1 to 1024.</summary>
    /// <exception cref="CliUsageException">Any other value.</exception>
    public static int Threads(int value) =>
        value == -1 || value is >= 1 and <= 1024
            ? value
            : throw new CliUsageException(value < 1
                ? string.Create(CultureInfo.InvariantCulture, $"--threads must be at least 1 (or -1 for all cores), but was {value}.")
                : string.Create(CultureInfo.InvariantCulture, $"--threads must be at most 1024 (or -1 for all cores), but was {value}."));
}
