namespace Segmentation.Rules;

/// <summary>One problem in a rule definition, located as precisely as it can be.</summary>
/// <param name="Dimension">The dimension, or <see langword="null"/> for a rule outside a dimension.</param>
/// <param name="Segment">The segment of the rule, or <see langword="null"/> for a problem of the dimension or set.</param>
/// <param name="Position">The 1-based character position in the condition, or 0 when not tied to one.</param>
/// <param name="Problem">What is wrong and how to fix it.</param>
internal sealed record RuleError(string? Dimension, string? Segment, int Position, string Problem)
{
    /// <summary>"tier/Enterprise: unexpected '&gt;=' at position 8; expected ...".</summary>
    public override string ToString()
    {
        string where = (Dimension, Segment) switch
        {
            (null, null) => string.Empty,
            (string d, null) => d + ": ",
            (null, string s) => s + ": ",
            (string d, string s) => $"{d}/{s}: ",
        };
        return where + Problem;
    }
}

/// <summary>
/// Rules that cannot be used: a malformed condition, an unknown feature or level, an invalid capacity. Thrown when
/// the rules are loaded or bound to a schema, never half-way through an evaluation. Lists every problem found.
/// </summary>
/// <remarks>An <see cref="ArgumentException"/>, so the command line reports it with exit code 2.</remarks>
public sealed class RuleDefinitionException : ArgumentException
{
    /// <summary>Creates the exception from the problems found (at least one).</summary>
    internal RuleDefinitionException(IReadOnlyList<RuleError> errors)
        : base(Format(errors))
    {
        Problems = errors;
        Errors = [.. errors.Select(e => e.ToString())];
    }

    /// <summary>
    /// Every problem found, in the order of the definition, as text that names where it is
    /// ("tier/Enterprise: unexpected '&gt;=' at position 8; expected ...").
    /// </summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>The problems with their location as fields (dimension, segment, position), for configuration errors.</summary>
    internal IReadOnlyList<RuleError> Problems { get; }

    private static string Format(IReadOnlyList<RuleError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("A rule definition error needs at least one problem.", nameof(errors));
        }

        string first = errors[0].ToString();
        string message = first.EndsWith('.') || first.EndsWith('?') ? first : first + ".";
        return errors.Count == 1 ? message : $"{message} ({errors.Count - 1} more: {string.Join(" | ", errors.Skip(1))})";
    }
}
