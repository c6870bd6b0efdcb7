using System.Globalization;
using System.Text;

namespace Segmentation.Playbooks;

/// <summary>
/// The reason of an action in words, with placeholders filled from the customer's facts, for example
/// <c>Churn risk {churn}[ ({drivers})][; ARR {arr}]</c> → <c>Churn risk 72% (usage down 32% in 60 days); ARR $84,000</c>.
/// </summary>
/// <remarks>
/// <para>Placeholders: <c>{customer}</c>, <c>{segment}</c>, <c>{previous_segment}</c>, <c>{churn}</c> (72%),
/// <c>{churn_band}</c> (high), <c>{expansion}</c>, <c>{expansion_band}</c>, <c>{arr}</c> ($84,000), <c>{drivers}</c>
/// (joined with ", "), <c>{triggers}</c> (joined with ", ") and <c>{rule:DIMENSION}</c> (the customer's segment in that
/// rule dimension, for example <c>{rule:tier}</c>).</para>
/// <para>Text in square brackets is optional: it is left out when a placeholder inside it has no value (no score, ARR
/// unknown, no drivers), so the reason never claims what is not known. Outside brackets a missing value reads
/// <c>unknown</c>. Write <c>{{</c>, <c>}}</c>, <c>[[</c> and <c>]]</c> for the characters themselves.</para>
/// <para>Immutable and thread-safe.</para>
/// </remarks>
internal sealed class ReasonTemplate
{
    [ThreadStatic]
    private static StringBuilder? t_builder;

    /// <summary>The placeholder names (without braces); <c>rule:DIMENSION</c> takes a dimension name after the colon.</summary>
    public static IReadOnlyList<string> Placeholders { get; } =
        ["customer", "segment", "previous_segment", "churn", "churn_band", "expansion", "expansion_band", "arr", "drivers", "triggers", "rule:"];

    private readonly IReadOnlyList<Part> _parts;

    private ReasonTemplate(string text, IReadOnlyList<Part> parts)
    {
        Text = text;
        _parts = parts;
        UsesDrivers = Flatten(parts).Any(p => p.Name == "drivers");
    }

    /// <summary>Whether the template has a <c>{drivers}</c> placeholder (wording reads the customer's features and scores).</summary>
    public bool UsesDrivers { get; }

    /// <summary>The template as written.</summary>
    public string Text { get; }

    /// <summary>The dimensions named by <c>{rule:DIMENSION}</c> placeholders.</summary>
    public IReadOnlyList<string> RuleDimensions => [.. Flatten(_parts).Where(p => p.Name == "rule:").Select(p => p.Argument!).Distinct(Names.Comparer)];

    /// <summary>Parses a template.</summary>
    /// <exception cref="FormatException">An unknown placeholder (with the closest names), an unclosed brace or bracket, or a stray closing one; the message gives the position.</exception>
    public static ReasonTemplate Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int i = 0;
        List<Part> parts = ParseParts(text, ref i, inOptional: false);
        return new ReasonTemplate(text, parts);
    }

    /// <summary>The reason for <paramref name="facts"/>.</summary>
    internal string Render(CustomerFacts facts) => Render(facts, withDrivers: true);

    /// <summary>The reason for <paramref name="facts"/>; when <paramref name="withDrivers"/> is false <c>{drivers}</c> has no value (its optional part is left out).</summary>
    internal string Render(CustomerFacts facts, bool withDrivers)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return Render(CustomerFactsTable.Of(facts), 0, withDrivers);
    }

    /// <summary>The reason for row <paramref name="row"/> of <paramref name="facts"/>; when <paramref name="withDrivers"/> is false <c>{drivers}</c> has no value.</summary>
    internal string Render(FactTable facts, int row, bool withDrivers)
    {

        // One builder per thread, and values appended in place: the worklist words hundreds of thousands of reasons.
        StringBuilder builder = t_builder ??= new StringBuilder(256);
        builder.Clear();
        AppendTo(builder, facts, row, withDrivers);
        string reason = builder.ToString();
        if (builder.Capacity > 4096)
        {
            t_builder = null;
        }

        return reason;
    }

    /// <summary>Appends the reason for row <paramref name="row"/> of <paramref name="facts"/> to <paramref name="builder"/> (the worklist writer words a block of rows into one buffer).</summary>
    internal void AppendTo(StringBuilder builder, FactTable facts, int row, bool withDrivers)
    {
        foreach (Part part in _parts)
        {
            if (part.Optional is { } inner)
            {
                int start = builder.Length;
                foreach (Part p in inner)
                {
                    if (p.Literal is string literal)
                    {
                        builder.Append(literal);
                    }
                    else if (!AppendValue(builder, p, facts, row, withDrivers))
                    {
                        builder.Length = start;
                        break;
                    }
                }
            }
            else if (part.Literal is string literal)
            {
                builder.Append(literal);
            }
            else if (!AppendValue(builder, part, facts, row, withDrivers))
            {
                builder.Append("unknown");
            }
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Text;

    /// <summary>Appends the placeholder's value; <see langword="false"/> (and nothing appended) when it has none.</summary>
    private static bool AppendValue(StringBuilder builder, Part placeholder, FactTable facts, int row, bool withDrivers)
    {
        switch (placeholder.Name)
        {
            case "churn":
                return AppendPercent(builder, facts.ChurnProbability(row));
            case "expansion":
                return AppendPercent(builder, facts.ExpansionProbability(row));
            case "arr":
                if (facts.Value(row) is not double value)
                {
                    return false;
                }

                Data.GroupedNumbers.Append(builder.Append('$'), value);
                return true;
            case "drivers":
                return withDrivers && AppendJoined(builder, facts.Drivers(row));
            case "triggers":
                return AppendJoined(builder, facts.Triggers(row));
            default:
                if (Value(placeholder, facts, row) is not string text)
                {
                    return false;
                }

                builder.Append(text);
                return true;
        }
    }

    private static bool AppendPercent(StringBuilder builder, double? p)
    {
        if (p is not double v)
        {
            return false;
        }

        double percent = v * 100;
        if (WholePercent(percent) is string text)
        {
            builder.Append(text);
            return true;
        }

        builder.Append(CultureInfo.InvariantCulture, $"{percent:0}").Append('%');
        return true;
    }

    /// <summary>"0%" to "100%".</summary>
    private static readonly string[] WholePercents = [.. Enumerable.Range(0, 101).Select(p => p.ToString(CultureInfo.InvariantCulture) + "%")];

    /// <summary>How far from a half a percentage must be for <see cref="WholePercent"/>: far beyond the 15th digit the custom format rounds at first.</summary>
    private const double HalfMargin = 1e-9;

    /// <summary>
    /// The text of <c>{percent:0}%</c> for a percentage in [0, 100] that is not within <see cref="HalfMargin"/> of a
    /// half, from a table: there the custom format's rounding (of the value's 15-digit decimal, half away from zero) is
    /// the nearest whole number, and parsing the format for every reason of the worklist was most of wording a percent.
    /// Otherwise (-0 written "-0", halves, out of range) <see langword="null"/>.
    /// </summary>
    internal static string? WholePercent(double percent)
        => percent >= 0 && percent <= 100 && !double.IsNegative(percent) && Math.Abs(percent - Math.Floor(percent) - 0.5) > HalfMargin
            ? WholePercents[(int)Math.Round(percent)]
            : null;

    /// <summary>Appends the items joined with ", "; <see langword="false"/> when there are none.</summary>
    private static bool AppendJoined(StringBuilder builder, IReadOnlyList<string> items)
    {
        for (int i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            builder.Append(items[i]);
        }

        return items.Count > 0;
    }

    private static string? Value(Part placeholder, FactTable facts, int row) => placeholder.Name switch
    {
        "customer" => facts.CustomerId(row),
        "segment" => facts.Segment(row),
        "previous_segment" => facts.PreviousSegment(row),
        "churn_band" => Band(facts.ChurnBand(row)),
        "expansion_band" => Band(facts.ExpansionBand(row)),
        _ => facts.RuleSegment(row, placeholder.Argument!),
    };

    internal static string? Percent(double? p) => p is double v ? (v * 100).ToString("0", CultureInfo.InvariantCulture) + "%" : null;

    internal static string? Money(double? value) => value is double v ? "$" + Data.GroupedNumbers.Format(v) : null;

    private static string? Band(ScoreBand? band) => ScoreBandText.Of(band);

    private static IEnumerable<Part> Flatten(IEnumerable<Part> parts) => parts.SelectMany(p => p.Optional is { } inner ? Flatten(inner) : [p]);

    private static List<Part> ParseParts(string text, ref int i, bool inOptional)
    {
        var parts = new List<Part>();
        var literal = new StringBuilder();
        int openedAt = i;
        while (i < text.Length)
        {
            char c = text[i];
            bool doubled = i + 1 < text.Length && text[i + 1] == c;
            if ((c is '{' or '}' or '[' or ']') && doubled)
            {
                literal.Append(c);
                i += 2;
                continue;
            }

            if (c == ']')
            {
                if (!inOptional)
                {
                    throw new FormatException($"a ']' at position {i + 1} closes no '['; write ']]' for the character itself");
                }

                i++;
                Flush();
                return parts;
            }

            if (c == '[')
            {
                if (inOptional)
                {
                    throw new FormatException($"a '[' at position {i + 1} is inside another optional part; optional parts cannot be nested");
                }

                Flush();
                int start = i;
                i++;
                List<Part> inner = ParseParts(text, ref i, inOptional: true);
                if (inner.Count == 0 || inner.All(p => p.Literal is not null))
                {
                    throw new FormatException($"the optional part at position {start + 1} has no placeholder; brackets only make sense around one such as [; ARR {{arr}}]");
                }

                parts.Add(new Part(null, null, null, inner));
                continue;
            }

            if (c == '}')
            {
                throw new FormatException($"a '}}' at position {i + 1} closes no '{{'; write '}}}}' for the character itself");
            }

            if (c == '{')
            {
                int close = text.IndexOf('}', i + 1);
                if (close < 0)
                {
                    throw new FormatException($"the '{{' at position {i + 1} is never closed; write a placeholder such as {{arr}}, or '{{{{' for the character itself");
                }

                Flush();
                parts.Add(Placeholder(text[(i + 1)..close].Trim(), i + 1));
                i = close + 1;
                continue;
            }

            literal.Append(c);
            i++;
        }

        if (inOptional)
        {
            throw new FormatException($"the '[' at position {openedAt} is never closed; add ']' after the optional text, or write '[[' for the character itself");
        }

        Flush();
        return parts;

        void Flush()
        {
            if (literal.Length > 0)
            {
                parts.Add(new Part(literal.ToString(), null, null, null));
                literal.Clear();
            }
        }
    }

    private static Part Placeholder(string name, int position)
    {
        if (name.StartsWith("rule:", StringComparison.OrdinalIgnoreCase))
        {
            string dimension = name[5..].Trim();
            return dimension.Length > 0
                ? new Part(null, "rule:", dimension, null)
                : throw new FormatException($"the placeholder at position {position} names no dimension; write it as {{rule:tier}}");
        }

        string? known = Placeholders.FirstOrDefault(p => p != "rule:" && string.Equals(p, name, StringComparison.OrdinalIgnoreCase));
        if (known is not null)
        {
            return new Part(null, known, null, null);
        }

        IReadOnlyList<string> close = Rules.Language.NameSuggestions.Closest(name, Placeholders.Where(p => p != "rule:"));
        string hint = close.Count > 0
            ? $"did you mean {string.Join(" or ", close.Select(c => "{" + c + "}"))}?"
            : $"known placeholders: {string.Join(", ", Placeholders.Select(p => p == "rule:" ? "{rule:DIMENSION}" : "{" + p + "}"))}";
        throw new FormatException($"unknown placeholder {{{name}}} at position {position}; {hint}");
    }

    private sealed record Part(string? Literal, string? Name, string? Argument, IReadOnlyList<Part>? Optional);
}
