using Segmentation.Features.History;

namespace Segmentation.Rules;

/// <summary>
/// The rule sets practitioners use (see docs/rules.md), written in the rule language so they can be used as they
/// are or copied into a JSON file (<c>RuleSet.Of(KnownRuleSets.ArrTiers).ToJson()</c>) and adapted.
/// </summary>
/// <remarks>
/// <para>The features they expect (raw values, NaN = missing): <c>arr</c> (annual recurring revenue),
/// <c>tenure_days</c> (days since signup), <c>usage_change_60d</c> (percent change of usage in the last 60 days
/// versus the 60 before, -100 to +∞), <c>tickets_change_90d</c> (percent change of support tickets, last 90 days
/// versus the 90 before), <c>days_to_renewal</c>, <c>days_since_last_active</c>, <c>feature_adoption</c> (share of
/// key features used, 0 to 1) and <c>seat_utilisation</c> (active users / seats, 0 to 1).
/// <see cref="Samples.SampleCustomer.RuleFeatures"/> extracts all of them from the embedded sample.</para>
/// <para>Each member is a single <see cref="RuleDimension"/>; combine them with <see cref="RuleSet.Of"/>.</para>
/// </remarks>
internal static class KnownRuleSets
{
    /// <summary>The features the built-in rule sets read.</summary>
    public static IReadOnlyList<string> ExpectedFeatures { get; } =
        ["arr", "tenure_days", UsageFeatureNames.UsageChange60d, "tickets_change_90d", "days_to_renewal", UsageFeatureNames.DaysSinceLastActive, "feature_adoption", "seat_utilisation"];

    private const string UsageChange = UsageFeatureNames.UsageChange60d;
    private const string DaysSinceActive = UsageFeatureNames.DaysSinceLastActive;

    /// <summary>ARR tiers for mid-size contracts, dimension <c>tier</c>: Enterprise &gt;= $100K (dedicated CSM), Mid-market $25K-$100K (pooled), SMB &lt; $25K (tech-touch).</summary>
    public static RuleDimension ArrTiers { get; } = new("tier",
    [
        Rule.Parse("Enterprise", "arr >= 100000"),
        Rule.Parse("Mid-market", "arr >= 25000 and arr < 100000"),
        Rule.Parse("SMB", "arr < 25000"),
    ]);

    /// <summary>ARR tiers for small contracts, dimension <c>tier</c>: Enterprise &gt; $10K, Mid-market $1K-$10K, SMB &lt; $1K.</summary>
    public static RuleDimension ArrTiersSmallContracts { get; } = new("tier",
    [
        Rule.Parse("Enterprise", "arr > 10000"),
        Rule.Parse("Mid-market", "arr between 1000 and 10000"),
        Rule.Parse("SMB", "arr < 1000"),
    ]);

    /// <summary>
    /// Value percentiles, dimension <c>value</c>: High value = top 20% by ARR, Mid value = the next 30%, Standard =
    /// the rest. <c>percentile(arr)</c> is the share of customers whose ARR is at most this one's, so the top 20% are
    /// those above 0.8.
    /// </summary>
    public static RuleDimension ValuePercentiles { get; } = new("value",
    [
        Rule.Parse("High value", "percentile(arr) > 0.8"),
        Rule.Parse("Mid value", "percentile(arr) > 0.5"),
        Rule.Parse("Standard", "arr is not missing"),
    ]);

    /// <summary>Lifecycle stages by tenure, dimension <c>lifecycle</c>: Onboarding (0-90 days), Adoption (90-365 days), Mature (365+ days).</summary>
    public static RuleDimension LifecycleStages { get; } = new("lifecycle",
    [
        Rule.Parse("Onboarding", "tenure_days < 90"),
        Rule.Parse("Adoption", "tenure_days >= 90 and tenure_days < 365"),
        Rule.Parse("Mature", "tenure_days >= 365"),
    ]);

    /// <summary>
    /// Behavioural triggers, dimension <c>trigger</c>, first match wins so risk comes first; customers without a
    /// trigger get <c>No trigger</c>:
    /// Churn risk = usage down 20%+ in 60 days, or renewal within 90 days while usage is down 10%+ (about 10% of the
    /// embedded sample, almost half of whom churn: 2.5 times the base rate; a rise in tickets alone flagged a third of
    /// the sample at the base rate, so tickets enter the churn score's drivers instead);
    /// Onboarding struggling = 30-90 days since signup with under 50% adoption or no activity in the last 7 days;
    /// Expansion ready = usage up 30%+, or high adoption (70%+) with seats nearly full (80%+).
    /// </summary>
    public static RuleDimension BehaviouralTriggers { get; } = new(
        "trigger",
        [
            Rule.Parse("Churn risk", $"{UsageChange} <= -20 or (days_to_renewal between 0 and 90 and {UsageChange} <= -10)"),
            Rule.Parse("Onboarding struggling", $"tenure_days between 30 and 90 and (feature_adoption < 0.5 or {DaysSinceActive} >= 7)"),
            Rule.Parse("Expansion ready", $"{UsageChange} >= 30 or (feature_adoption >= 0.7 and seat_utilisation >= 0.8)"),
        ],
        otherwise: "No trigger");

    /// <summary>
    /// Activity status, dimension <c>activity</c>: Dormant = no activity in the last 30 days; Declining = active but
    /// usage down 20%+ in 60 days; Active = activity in the last 30 days.
    /// </summary>
    public static RuleDimension ActivityStatus { get; } = new("activity",
    [
        Rule.Parse("Dormant", $"{DaysSinceActive} > 30"),
        Rule.Parse("Declining", $"{UsageChange} <= -20"),
        Rule.Parse("Active", $"{DaysSinceActive} <= 30"),
    ]);

    /// <summary>Tiers, value, lifecycle, triggers and activity together.</summary>
    public static RuleSet All { get; } = RuleSet.Of(ArrTiers, ValuePercentiles, LifecycleStages, BehaviouralTriggers, ActivityStatus);
}
