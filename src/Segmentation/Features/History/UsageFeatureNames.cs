namespace Segmentation.Features.History;

/// <summary>
/// The names (and units) of the usage features that both the extractors (<see cref="UsageTrendExtractor{TCustomer}"/>,
/// the embedded sample) and the built-in rule sets (<see cref="Rules.KnownRuleSets"/>) use: one naming scheme, so that
/// the built-in rules run on features computed from a usage-events file.
/// </summary>
internal static class UsageFeatureNames
{
    /// <summary>The default prefix of <see cref="UsageTrendExtractor{TCustomer}"/> columns.</summary>
    public const string DefaultPrefix = "usage";

    /// <summary>Percent change of usage in the last 60 days versus the 60 before (-100 to +∞; -35 = down 35%).</summary>
    public const string UsageChange60d = "usage_change_60d";

    /// <summary>Days since the customer was last active (missing when never).</summary>
    public const string DaysSinceLastActive = "days_since_last_active";

    /// <summary>The percent-change column of a window, for a prefix: <c>usage_change_60d</c> for (<c>usage</c>, 60).</summary>
    public static string Change(string prefix, int days) => $"{prefix}_change_{days}d";
}
