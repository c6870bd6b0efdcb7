using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Segmentation.Cli;

/// <summary>
/// Replaces System.CommandLine's type-conversion messages (which name .NET types) for every numeric option with one
/// that names the option and the value expected: <c>--seed must be a whole number, but was 'x'.</c>
/// </summary>
internal static class NumericOptions
{
    public static void Install(Command command)
    {
        foreach (Option option in command.Options)
        {
            switch (option)
            {
                case Option<int> whole when whole.CustomParser is null:
                    whole.CustomParser = result => ParseWhole(result, whole.Name) ?? 0;
                    break;
                case Option<int?> whole when whole.CustomParser is null:
                    whole.CustomParser = result => ParseWhole(result, whole.Name);
                    break;
                case Option<double> number when number.CustomParser is null:
                    number.CustomParser = result => ParseNumber(result, number.Name) ?? 0;
                    break;
                case Option<double?> number when number.CustomParser is null:
                    number.CustomParser = result => ParseNumber(result, number.Name);
                    break;
            }
        }

        foreach (Command subcommand in command.Subcommands)
        {
            Install(subcommand);
        }
    }

    private static int? ParseWhole(ArgumentResult result, string name)
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        string text = result.Tokens[^1].Value;
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
        {
            return value;
        }

        result.AddError(double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            ? $"{name} must be a whole number (no decimal point, at most 2147483647), but was '{text}'."
            : $"{name} must be a whole number, but was '{text}'.");
        return null;
    }

    private static double? ParseNumber(ArgumentResult result, string name)
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        string text = result.Tokens[^1].Value;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value))
        {
            return value;
        }

        result.AddError($"{name} must be a number with '.' as the decimal separator (for example 0.5), but was '{text}'.");
        return null;
    }
}
