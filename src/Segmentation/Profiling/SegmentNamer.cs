using System.Globalization;

namespace Segmentation.Profiling;

/// <summary>
/// Builds segment names from the features that deviate most from the population, in words a CSM uses
/// ("High ARR, usage declining", "New, low logins"), unique within a run.
/// </summary>
internal static class SegmentNamer
{
    /// <summary>Deviations smaller than this (in standard units) are not worth naming; the same bar as <see cref="SegmentProfile.DefiningFeatures"/>.</summary>
    internal const double MinimumDeviation = 0.5;

    private const int PreferredTerms = 2;

    private static readonly HashSet<string> Acronyms = new(StringComparer.OrdinalIgnoreCase)
    {
        "arr", "mrr", "acv", "ltv", "nps", "csat", "api", "csm", "sso", "dau", "wau", "mau", "rfm", "id", "dsl", "sms", "smb", "tv",
    };

    /// <summary>Names each segment; segments are named in the order given and later ones avoid earlier names.</summary>
    public static string[] Name(IReadOnlyList<IReadOnlyList<(FeatureColumn Column, double Deviation)>> segments)
    {
        var names = new string[segments.Count];
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int s = 0; s < segments.Count; s++)
        {
            string[] terms = [.. segments[s]
                .Where(f => Math.Abs(f.Deviation) >= MinimumDeviation)
                .OrderByDescending(f => Math.Round(Math.Abs(f.Deviation), 6))
                .ThenBy(f => f.Column.Kind) // on a tie, a numeric feature says more than a flag
                .ThenBy(f => f.Column.Name, StringComparer.Ordinal)
                .Select(f => Term(f.Column, f.Deviation))
                .Where(t => t is not null)
                .Distinct(StringComparer.OrdinalIgnoreCase)!];
            string name = terms.Length == 0 ? "Typical customers" : Join(terms.Take(PreferredTerms));
            for (int take = PreferredTerms + 1; used.Contains(name) && take <= terms.Length; take++)
            {
                name = Join(terms.Take(take));
            }

            string unique = name;
            for (int suffix = 2; used.Contains(unique); suffix++)
            {
                unique = string.Create(CultureInfo.InvariantCulture, $"{name} ({suffix})");
            }

            used.Add(unique);
            names[s] = unique;
        }

        return names;
    }

    /// <summary>The phrase for a feature that is high (deviation &gt; 0) or low in a segment, or null to skip it.</summary>
    internal static string? Term(FeatureColumn column, double deviation)
    {
        bool high = deviation > 0;
        if (column.Kind == FeatureKind.MissingIndicator)
        {
            return high ? $"often missing {Words(column.Source ?? column.Name)}" : null;
        }

        if (column.Kind == FeatureKind.Categorical)
        {
            // A level being rare in a segment says little; a level being common is the segment's trait.
            return high ? LevelTerm(column) : null;
        }

        string name = column.Name.ToLowerInvariant();
        if (column.Kind == FeatureKind.Binary)
        {
            // has_sso: "has SSO" / "no SSO"; is_partner: "partner" / "not partner"; churned: "churned" / "not churned".
            string[] words = name.Split('_', 2);
            return (words[0], words.Length > 1) switch
            {
                ("has", true) => high ? $"has {Words(words[1])}" : $"no {Words(words[1])}",
                ("is", true) => high ? Words(words[1]) : $"not {Words(words[1])}",
                _ => high ? Words(name) : $"no {Words(name)}",
            };
        }

        if (name.Contains("trend", StringComparison.Ordinal) || name.Contains("change", StringComparison.Ordinal) || name.Contains("growth", StringComparison.Ordinal) || name.Contains("slope", StringComparison.Ordinal))
        {
            string subject = Words(StripWords(name, "trend", "change", "growth", "slope", "pct", "percent"));
            return $"{subject} {(high ? "growing" : "declining")}".Trim();
        }

        if (name.Contains("adoption", StringComparison.Ordinal) || name.Contains("breadth", StringComparison.Ordinal))
        {
            return high ? "broad adoption" : "low adoption";
        }

        if (name.Contains("utilization", StringComparison.Ordinal) || name.Contains("utilisation", StringComparison.Ordinal))
        {
            return high ? "seats well used" : "seats unused";
        }

        if (name.Contains("active_days", StringComparison.Ordinal) || name.StartsWith("usage_", StringComparison.Ordinal))
        {
            return high ? "heavy usage" : "light usage";
        }

        if (name.StartsWith("recency", StringComparison.Ordinal))
        {
            return high ? "lapsed buyers" : "recent buyers";
        }

        if (name.StartsWith("tickets", StringComparison.Ordinal) || name.StartsWith("support_", StringComparison.Ordinal))
        {
            return high ? "heavy support load" : "self-service";
        }

        if (name.StartsWith("tenure", StringComparison.Ordinal))
        {
            return high ? "long-tenured" : "new";
        }

        if (name.Contains("to_renewal", StringComparison.Ordinal))
        {
            return high ? "renewal far off" : "renewal soon";
        }

        if (name.StartsWith("days_since_", StringComparison.Ordinal) && (name.Contains("activ", StringComparison.Ordinal) || name.Contains("login", StringComparison.Ordinal)))
        {
            return high ? "inactive" : "recently active";
        }

        if (name.StartsWith("days_since_", StringComparison.Ordinal))
        {
            string subject = Words(name["days_since_".Length..]);
            return high ? $"long since {subject}" : $"recent {subject}";
        }

        return $"{(high ? "high" : "low")} {Words(column.Name)}";
    }

    /// <summary>
    /// A one-hot level in words: <c>contract=Month-to-month</c> is "month-to-month contract", <c>tech_support=Yes</c> is
    /// "tech support", <c>tech_support=No</c> is "no tech support", <c>online_backup=No internet service</c> is
    /// "no internet service" (so segments defined by a missing service read the same whichever column says it).
    /// </summary>
    private static string LevelTerm(FeatureColumn column)
    {
        int equals = column.Name.IndexOf('=', StringComparison.Ordinal);
        string source = column.Source ?? (equals > 0 ? column.Name[..equals] : column.Name);
        string level = equals >= 0 ? column.Name[(equals + 1)..] : column.Name;
        int parenthesis = level.IndexOf('(', StringComparison.Ordinal);
        if (parenthesis > 0)
        {
            level = level[..parenthesis]; // "Bank transfer (automatic)": the detail makes names long
        }

        string subject = Words(source);
        string value = Words(level.Trim());
        return value.ToLowerInvariant() switch
        {
            "yes" or "true" or "y" or "1" => subject,
            "no" or "false" or "n" or "0" or "none" => $"no {subject}",
            _ when value.StartsWith("no ", StringComparison.OrdinalIgnoreCase) => value,
            _ when value.Contains(subject, StringComparison.OrdinalIgnoreCase) => value,
            _ => $"{value} {subject}",
        };
    }

    private static string StripWords(string name, params string[] words)
    {
        string[] parts = [.. name.Split('_', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !words.Contains(p) && !IsWindow(p))];
        return parts.Length == 0 ? "usage" : string.Join('_', parts);
    }

    /// <summary>Window suffixes such as <c>90d</c> or <c>30d</c> are dropped from names for brevity.</summary>
    private static bool IsWindow(string part) => part.Length > 1 && part[^1] == 'd' && part[..^1].All(char.IsDigit);

    /// <summary>snake_case to words, keeping acronyms upper-case.</summary>
    private static string Words(string name) =>
        string.Join(' ', name.Split(['_', ' '], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => Acronyms.Contains(w) ? w.ToUpperInvariant() : w.ToLowerInvariant()));

    private static string Join(IEnumerable<string> terms)
    {
        string joined = string.Join(", ", terms);
        return joined.Length == 0 ? joined : char.ToUpperInvariant(joined[0]) + joined[1..];
    }
}
