using System.CommandLine;
using System.Globalization;
using Segmentation.Clustering.Selection;
using Segmentation.Features.Preprocessing;

namespace Segmentation.Cli.Commands;

/// <summary>Options shared by several commands, with one parser each so every command reads them the same way.</summary>
internal static class CommonOptions
{
    public static Option<string> Input(bool required) => new("--input") { Description = "The input CSV file (header row, '.' decimal, empty cell = missing).", Required = required };

    public static Option<string?> IdColumn() => new("--id-column") { Description = "The column holding row ids; it is not used as a feature." };

    public static Option<string> K(string defaultValue, bool allowAuto = false) => new("--k")
    {
        Description = allowAuto
            ? "The number of segments (a whole number of at least 1), or 'auto' to choose between 3 and 8 by silhouette, Calinski-Harabasz, Davies-Bouldin, elbow and stability."
            : "The number of segments (a whole number of at least 1).",
        DefaultValueFactory = _ => defaultValue,
    };

    public static Option<int> Seed() => new("--seed") { Description = "The random seed; the same seed gives the same result.", DefaultValueFactory = _ => 0 };

    public static Option<string> Scale() => new Option<string>("--scale")
    {
        Description = "How numeric columns are scaled before clustering.",
        DefaultValueFactory = _ => "standard",
    }.AcceptOnlyFromAmong("standard", "robust", "minmax", "none");

    /// <summary>Reads <c>--k</c> where only a number is accepted: a whole number of at least 1.</summary>
    public static int ParseK(string text) =>
        ParseKOrAuto(text) ?? throw new CliUsageException("--k auto is available in 'segment run' and 'segment select-k'; here give the number of segments, for example --k 5.");

    /// <summary>Reads <c>--k</c>: a whole number of at least 1, or <c>auto</c> (returned as <see langword="null"/>).</summary>
    public static int? ParseKOrAuto(string text)
    {
        if (string.Equals(text, "auto", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int k) || k < 1)
        {
            throw new CliUsageException($"--k must be a whole number of at least 1, but was '{text}'.");
        }

        if (k > Clustering.KMeansOptions.MaxK)
        {
            throw new CliUsageException($"--k must be at most {Clustering.KMeansOptions.MaxK.ToString(CultureInfo.InvariantCulture)}, but was {text}.");
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

    /// <summary>Reads <c>--min-k</c>/<c>--max-k</c> into k-selection settings, with one sentence per mistake.</summary>
    public static KSelectionOptions SelectionOptions(int minK, int maxK, int seed)
    {
        if (minK < 2)
        {
            throw new CliUsageException($"--min-k must be at least 2, but was {minK}.");
        }

        if (maxK < minK)
        {
            throw new CliUsageException($"--max-k must be at least --min-k ({minK}), but was {maxK}.");
        }

        if (maxK > 1000)
        {
            throw new CliUsageException($"--max-k must be at most 1000, but was {maxK}.");
        }

        return new KSelectionOptions { MinK = minK, MaxK = maxK, Seed = seed };
    }

    public static ScalingMethod ParseScale(string text) => text switch
    {
        "robust" => ScalingMethod.Robust,
        "minmax" => ScalingMethod.MinMax,
        "none" => ScalingMethod.None,
        _ => ScalingMethod.Standard,
    };

}
