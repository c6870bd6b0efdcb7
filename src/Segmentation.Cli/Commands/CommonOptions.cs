using System.CommandLine;
using System.Globalization;
using Segmentation.Features.Preprocessing;

namespace Segmentation.Cli.Commands;

/// <summary>Options shared by several commands, with one parser each so every command reads them the same way.</summary>
internal static class CommonOptions
{
    public static Option<string> Input(bool required) => new("--input") { Description = "The input CSV file (header row, '.' decimal, empty cell = missing).", Required = required };

    public static Option<string?> IdColumn() => new("--id-column") { Description = "The column holding row ids; it is not used as a feature." };

    public static Option<string> K(string defaultValue) => new("--k")
    {
        Description = "The number of segments (a whole number of at least 1).",
        DefaultValueFactory = _ => defaultValue,
    };

    public static Option<int> Seed() => new("--seed") { Description = "The random seed; the same seed gives the same result.", DefaultValueFactory = _ => 0 };

    public static Option<string> Scale() => new Option<string>("--scale")
    {
        Description = "How numeric columns are scaled before clustering.",
        DefaultValueFactory = _ => "standard",
    }.AcceptOnlyFromAmong("standard", "robust", "none");

    /// <summary>Reads <c>--k</c>: a whole number of at least 1.</summary>
    public static int ParseK(string text)
    {
        if (string.Equals(text, "auto", StringComparison.OrdinalIgnoreCase))
        {
            throw new CliUsageException("--k auto is not available yet; give the number of segments, for example --k 5.");
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int k) || k < 1)
        {
            throw new CliUsageException($"--k must be a whole number of at least 1, but was '{text}'.");
        }

        return k;
    }

    /// <summary>Reads <c>--columns a,b,c</c>; <see langword="null"/> when absent.</summary>
    public static string[]? ParseColumns(string? text)
    {
        if (text is null)
        {
            return null;
        }

        string[] columns = [.. text.Split(',').Select(c => c.Trim())];
        if (columns.Any(c => c.Length == 0))
        {
            throw new CliUsageException($"--columns must be a comma-separated list of column names without empty entries, but was '{text}'.");
        }

        string? repeated = columns.GroupBy(c => c, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1)?.Key;
        return repeated is null ? columns : throw new CliUsageException($"--columns names '{repeated}' twice.");
    }

    public static ScalingMethod ParseScale(string text) => text switch
    {
        "robust" => ScalingMethod.Robust,
        "none" => ScalingMethod.None,
        _ => ScalingMethod.Standard,
    };

    /// <summary>Fails with a usage error when an option that is planned but not built yet was given.</summary>
    public static void RejectNotYetAvailable(ParseResult parse, Option option, string what)
    {
        if (parse.GetResult(option) is { Implicit: false })
        {
            throw new CliUsageException($"{option.Name} is not available yet ({what}).");
        }
    }
}
