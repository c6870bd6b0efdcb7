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
