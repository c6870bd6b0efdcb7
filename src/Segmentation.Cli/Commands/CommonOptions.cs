using System.CommandLine;
using System.Globalization;
using Segmentation.Clustering.Selection;
using Segmentation.Data;
using Segmentation.Features;
using Segmentation.Features.Preprocessing;

namespace Segmentation.Cli.Commands;

/// <summary>Options shared by several commands, with one parser each so every command reads them the same way.</summary>
internal static class CommonOptions
{
    public static Option<string> Input(bool required) => new("--input") { Description = "The input CSV file (header row, '.' decimal, empty cell = missing).", Required = required };

    public static Option<string?> NaValues() => new("--na-values")
    {
        Description = "Comma-separated tokens read as missing in every column, for example \"NA,null\" (empty cells are always missing). Default: NA, N/A, NaN, null and None are missing in numeric and yes/no columns only; in text columns they are values (NA = North America).",
    };

    public static Option<string> InvalidNumbers() => new Option<string>("--invalid-numbers")
    {
        Description = "What to do with a cell of a numeric column that is not a number (six, 1,5, $1,200, Infinity): error (stop and name the cell) or missing (read it as missing and report the count per column).",
        DefaultValueFactory = _ => "error",
    }.AcceptOnlyFromAmong("error", "missing");

    /// <summary>Reads <c>--na-values</c>: <see langword="null"/> when absent (the default tokens), else the tokens (an empty text gives none).</summary>
    public static string[]? ParseNaValues(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (text.Trim().Length == 0)
        {
            return [];
        }

        string[] tokens = [.. text.Split(',').Select(t => t.Trim())];
        return tokens.Any(t => t.Length == 0)
            ? throw new CliUsageException($"--na-values must be a comma-separated list of tokens without empty entries (empty cells are always missing), but was '{CsvTable.Excerpt(text)}'.")
            : tokens;
    }

    /// <summary>Whether <c>--invalid-numbers</c> asks for such cells to be read as missing.</summary>
    public static bool ParseInvalidNumbers(string? text) => text == "missing";

    /// <summary>One stderr note per column left out for its content, and one note for numeric cells read as missing.</summary>
    public static void WriteColumnNotes(CliContext context, ColumnReport report)
    {
        foreach (ColumnReportEntry column in report.LeftOut.Where(c => c.Role is ColumnRole.AllMissing or ColumnRole.Date or ColumnRole.Text))
        {
            context.Error.WriteLine($"note: column '{column.Column}' is not used as a feature: {column.Reason}.");
        }

        ColumnReportEntry[] invalid = [.. report.Columns.Where(c => c.InvalidCells > 0)];
        if (invalid.Length > 0)
        {
            string counts = string.Join(", ", invalid.Select(c => $"'{c.Column}' {c.InvalidCells}"));
            int total = invalid.Sum(c => c.InvalidCells);
            string cells = total == 1 ? "1 cell that is not a number was" : $"{total} cells that are not numbers were";
            context.Error.WriteLine($"note: {cells} read as missing (--invalid-numbers missing): {counts}.");
        }
    }

    /// <summary>Reads the numeric columns of a file for the clustering commands, noting every column left out on stderr.</summary>
    public static FeatureMatrix ReadNumericFeatures(CliContext context, string path, string[]? columns, string? idColumn, ParseResult parse, Option<string?> naValues, Option<string> invalidNumbers)
    {
        (FeatureMatrix features, ColumnReport report) = CsvTable.LoadFeaturesWithReport(
            path, columns, idColumn, ParseNaValues(parse.GetValue(naValues)), ParseInvalidNumbers(parse.GetValue(invalidNumbers)));
        WriteColumnNotes(context, report);
        return features;
    }

    /// <summary>The reading settings of <c>--na-values</c> and <c>--invalid-numbers</c> on top of <paramref name="options"/>.</summary>
    public static TabularFeatureOptions WithCellOptions(TabularFeatureOptions options, ParseResult parse, Option<string?> naValues, Option<string> invalidNumbers)
    {
        options.MissingValues = ParseNaValues(parse.GetValue(naValues));
        options.InvalidNumbersAsMissing = ParseInvalidNumbers(parse.GetValue(invalidNumbers));
        return options;
    }

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

        if (k > Clustering.KMeans.KMeansOptions.MaxK)
        {
            throw new CliUsageException($"--k must be at most {Clustering.KMeans.KMeansOptions.MaxK.ToString(CultureInfo.InvariantCulture)}, but was {text}.");
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
