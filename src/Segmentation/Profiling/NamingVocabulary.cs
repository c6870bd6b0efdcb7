namespace Segmentation.Profiling;

/// <summary>
/// The words segment names are made of, and the bars each word must clear before a name may use it
/// (docs/algorithms.md, "Profiles and names", lists the same numbers).
/// </summary>
/// <remarks>
/// A word is a claim about the segment's members. Relative words ("high ARR", "heavy usage") need the segment to
/// differ from the population by <see cref="MinimumDeviation"/> standard deviations and most members to be on that
/// side of the population median. Domain words with a meaning of their own ("new", "inactive", "renewal soon") also
/// need most members past a fixed threshold; where a column's units are unknown the plain relative words are used.
/// </remarks>
internal static class NamingVocabulary
{
    /// <summary>The smallest |standardized mean difference| (segment mean - population mean, in population standard deviations) a claim needs.</summary>
    internal const double MinimumDeviation = 0.5;

    /// <summary>The share of members that must be on the claimed side (of the population median, or of a domain threshold): more than half.</summary>
    internal const double MajorityShare = 0.5;

    /// <summary>A yes/no or one-hot level is stated outright ("has SSO", "DSL internet service") when at least this share of members has it.</summary>
    internal const double AllShare = 0.9;

    /// <summary>A yes/no level is stated as absent ("no phone service") when at most this share of members has it.</summary>
    internal const double NoneShare = 0.1;

    /// <summary>|Pearson r| over the population from which two features say the same thing: a name speaks of only one of them.</summary>
    internal const double CollinearCorrelation = 0.9;

    /// <summary>"New": most members have a tenure of at most this many days (6 months).</summary>
    internal const double NewTenureDays = 180;

    /// <summary>"Long-tenured": most members have a tenure of at least this many days (2 years).</summary>
    internal const double LongTenureDays = 730;

    /// <summary>"Inactive": most members were last active at least this many days ago.</summary>
    internal const double InactiveDays = 30;

    /// <summary>"Recently active": most members were last active at most this many days ago.</summary>
    internal const double RecentlyActiveDays = 7;

    /// <summary>"Renewal soon": most members renew within this many days.</summary>
    internal const double RenewalSoonDays = 90;

    /// <summary>"Renewal far off": most members renew in at least this many days.</summary>
    internal const double RenewalFarDays = 180;

    /// <summary>"Lapsed buyers" (RFM recency) / "long since X" (days since an event): most members at least this many days.</summary>
    internal const double LapsedDays = 90;

    /// <summary>"Recent buyers" / "recent X": most members at most this many days.</summary>
    internal const double RecentDays = 30;

    /// <summary>"Seats well used": most members use at least this share of their seats (utilisation as a 0-1 fraction).</summary>
    internal const double SeatsWellUsed = 0.8;

    /// <summary>"Seats unused": most members use at most this share of their seats.</summary>
    internal const double SeatsUnused = 0.1;

    private static readonly HashSet<string> Acronyms = new(StringComparer.OrdinalIgnoreCase)
    {
        "arr", "mrr", "acv", "ltv", "nps", "csat", "api", "csm", "sso", "dau", "wau", "mau", "rfm", "id", "dsl", "sms", "smb", "tv",
    };

    /// <summary>
    /// The absolute condition behind a domain word: the claim holds when more than half of the members are at or past
    /// <paramref name="Threshold"/> (at least it when <paramref name="AtLeast"/>, at most it otherwise; strictly for
    /// a threshold of 0, the sign of a trend).
    /// </summary>
    internal readonly record struct DomainBar(double Threshold, bool AtLeast, bool Strict = false)
    {
        /// <summary>Whether <paramref name="value"/> is on the word's side of the threshold.</summary>
        public bool Holds(double value) => Strict
            ? (AtLeast ? value > Threshold : value < Threshold)
            : (AtLeast ? value >= Threshold : value <= Threshold);
    }

    /// <summary>
    /// The word for a numeric feature that is high or low in a segment, and the absolute bar it needs (null for a
    /// relative word). Null when the feature has no domain word or its units are unknown: then "high X"/"low X".
    /// </summary>
    internal static (string Phrase, DomainBar? Bar)? DomainWord(FeatureColumn column, bool high, bool unitFraction)
    {
        string name = column.Name.ToLowerInvariant();
        if (name.Contains("trend", StringComparison.Ordinal) || name.Contains("change", StringComparison.Ordinal) || name.Contains("growth", StringComparison.Ordinal) || name.Contains("slope", StringComparison.Ordinal))
        {
            string subject = Words(StripWords(name, "trend", "change", "growth", "slope", "pct", "percent"));
            return ($"{subject} {(high ? "growing" : "declining")}".Trim(), new DomainBar(0, high, Strict: true));
        }

        if (name.Contains("adoption", StringComparison.Ordinal) || name.Contains("breadth", StringComparison.Ordinal))
        {
            return (high ? "broad adoption" : "low adoption", null);
        }

        if (name.Contains("utilization", StringComparison.Ordinal) || name.Contains("utilisation", StringComparison.Ordinal))
        {
            return unitFraction ? (high ? "seats well used" : "seats unused", new DomainBar(high ? SeatsWellUsed : SeatsUnused, high)) : null;
        }

        if (IsUsageVolume(name))
        {
            return (high ? "heavy usage" : "light usage", null);
        }

        if (name.StartsWith("recency", StringComparison.Ordinal))
        {
            return (high ? "lapsed buyers" : "recent buyers", new DomainBar(high ? LapsedDays : RecentDays, high));
        }

        if (name.StartsWith("tickets", StringComparison.Ordinal) || name.StartsWith("support_", StringComparison.Ordinal))
        {
            return (high ? "heavy support load" : "self-service", high ? null : new DomainBar(0, AtLeast: false));
        }

        if (name.StartsWith("tenure", StringComparison.Ordinal))
        {
            double? days = DaysPerUnit(name);
            return days is double d ? (high ? "long-tenured" : "new", new DomainBar((high ? LongTenureDays : NewTenureDays) / d, high)) : null;
        }

        if (name.Contains("to_renewal", StringComparison.Ordinal))
        {
            double? days = DaysPerUnit(name);
            return days is double d ? (high ? "renewal far off" : "renewal soon", new DomainBar((high ? RenewalFarDays : RenewalSoonDays) / d, high)) : null;
        }

        if (name.StartsWith("days_since_", StringComparison.Ordinal) && (name.Contains("activ", StringComparison.Ordinal) || name.Contains("login", StringComparison.Ordinal)))
        {
            return (high ? "inactive" : "recently active", new DomainBar(high ? InactiveDays : RecentlyActiveDays, high));
        }

        if (name.StartsWith("days_since_", StringComparison.Ordinal))
        {
            string subject = Words(name["days_since_".Length..]);
            return (high ? $"long since {subject}" : $"recent {subject}", new DomainBar(high ? LapsedDays : RecentDays, high));
        }

        return null;
    }

    /// <summary>
    /// The phrase for a feature that is high (deviation &gt; 0) or low in a segment, or null when that side is not
    /// worth a word (a rare one-hot level). The bars a claim must clear are checked by <see cref="SegmentNamer"/>.
    /// </summary>
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
            // has_sso: "has SSO" / "no SSO"; is_partner: "partner" / "not partner"; churned: "churned" / "no churned".
            string[] words = name.Split('_', 2);
            return (words[0], words.Length > 1) switch
            {
                ("has", true) => high ? $"has {Words(words[1])}" : $"no {Words(words[1])}",
                ("is", true) => high ? Words(words[1]) : $"not {Words(words[1])}",
                _ => high ? Words(name) : $"no {Words(name)}",
            };
        }

        return DomainWord(column, high, unitFraction: true)?.Phrase ?? Generic(column, high);
    }

    /// <summary>"high ARR" / "low logins": the relative word any numeric feature can take.</summary>
    internal static string Generic(FeatureColumn column, bool high) => $"{(high ? "high" : "low")} {Words(column.Name)}";

    /// <summary>
    /// The relative word for a numeric feature whose domain word did not clear its bar (or has none): "shorter tenure" /
    /// "longer tenure" for tenure, otherwise <see cref="Generic"/>.
    /// </summary>
    internal static string Relative(FeatureColumn column, bool high) =>
        column.Name.StartsWith("tenure", StringComparison.OrdinalIgnoreCase) ? (high ? "longer tenure" : "shorter tenure") : Generic(column, high);

    /// <summary>"higher ARR" / "lower ARR", "more often has SSO" / "less often has SSO": how one segment differs from another.</summary>
    internal static string Comparative(FeatureColumn column, bool higher) => column.Kind switch
    {
        FeatureKind.Numeric => $"{(higher ? "higher" : "lower")} {Words(column.Name)}",
        FeatureKind.MissingIndicator => $"{(higher ? "more" : "less")} often missing {Words(column.Source ?? column.Name)}",
        _ => $"{(higher ? "more" : "less")} often {Term(column, 1)}",
    };

    /// <summary>snake_case to words, keeping acronyms upper-case.</summary>
    internal static string Words(string name) =>
        string.Join(' ', name.Split(['_', ' '], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => Acronyms.Contains(w) ? w.ToUpperInvariant() : w.ToLowerInvariant()));

    /// <summary>Usage volume (<c>usage</c>, <c>usage_30d</c>, <c>usage_total_90d</c>): the only features "heavy/light usage" is said of.</summary>
    private static bool IsUsageVolume(string name)
    {
        string[] parts = name.Split('_', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length > 0 && parts[0] == "usage" && parts.Skip(1).All(p => p == "total" || IsWindow(p));
    }

    /// <summary>Days per unit of a duration feature from its name (<c>tenure_days</c>, <c>tenure_months</c>), or null when the name does not say.</summary>
    private static double? DaysPerUnit(string name)
    {
        string[] parts = name.Split('_');
        return parts.Any(p => p is "days" or "day" or "d") ? 1
            : parts.Any(p => p is "weeks" or "week" or "w") ? 7
            : parts.Any(p => p is "months" or "month" or "mo") ? 365.25 / 12
            : parts.Any(p => p is "years" or "year" or "y") ? 365.25
            : null;
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
}
