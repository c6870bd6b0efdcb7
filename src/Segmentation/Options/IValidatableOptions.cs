using Microsoft.Extensions.Options;

namespace Segmentation.Options;

/// <summary>An options class that can list what is wrong with its values.</summary>
internal interface IValidatableOptions
{
    /// <summary>One sentence per invalid value, naming the option, the allowed range and the value found.</summary>
    IEnumerable<string> GetValidationErrors();
}

/// <summary>
/// Shared by constructors (which throw) and by DI (<see cref="IValidateOptions{TOptions}"/>, checked at start),
/// so both report the same message.
/// </summary>
internal static class OptionsValidation
{
    public static void ThrowIfInvalid(IValidatableOptions options, string paramName)
    {
        ArgumentNullException.ThrowIfNull(options, paramName);
        string[] errors = [.. options.GetValidationErrors().Where(e => e.Length > 0)];
        if (errors.Length > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), paramName);
        }
    }

    public static string Range<T>(string option, T value, T min, T max)
        where T : IComparable<T>
        => value.CompareTo(min) < 0 || value.CompareTo(max) > 0
            ? FormattableString.Invariant($"{option} must be between {min} and {max}, but was {value}.")
            : string.Empty;

    public static string AtLeast<T>(string option, T value, T min)
        where T : IComparable<T>
        => value.CompareTo(min) < 0
            ? FormattableString.Invariant($"{option} must be at least {min}, but was {value}.")
            : string.Empty;
}

/// <summary>Validates any <see cref="IValidatableOptions"/> registered through <c>AddSegmentation</c>.</summary>
internal sealed class SegmentationOptionsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : class, IValidatableOptions
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        string[] errors = [.. options.GetValidationErrors().Where(e => e.Length > 0)];
        return errors.Length == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
