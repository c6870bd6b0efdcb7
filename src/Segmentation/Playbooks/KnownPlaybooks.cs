namespace Segmentation.Playbooks;

/// <summary>
/// The playbooks practitioners start from (see docs/playbooks.md), written against the triggers and rule dimensions of
/// <c>Segmentation.Rules.KnownRuleSets</c>: the trigger dimension (<c>Churn risk</c>, <c>Onboarding struggling</c>,
/// <c>Expansion ready</c>) and the <c>activity</c> dimension (<c>Dormant</c>). Use them as they are, or save
/// <see cref="Default"/> with <see cref="PlaybookSet.ToJson"/>, adapt it and load it with <see cref="PlaybookSet.FromJson(string, string)"/>.
/// </summary>
internal static class KnownPlaybooks
{
    /// <summary>The ARR from which a new customer gets a welcome from leadership: the Enterprise tier of <c>KnownRuleSets.ArrTiers</c>.</summary>
    public const double HighValueArr = 100_000;

    /// <summary>Onboarding struggling → activation call by the CSM within 7 days.</summary>
    internal static Playbook OnboardingStruggling { get; } = new(
        "Onboarding struggling",
        PlaybookCondition.Trigger("Onboarding struggling"),
        new PlaybookAction("Activation call", OwnerRole.Csm, 7, ActionChannel.Task, "Onboarding struggling in {segment}[ ({drivers})][; ARR {arr}]"));

    /// <summary>Churn risk → executive business review by the CSM within 14 days.</summary>
    internal static Playbook ChurnRisk { get; } = new(
        "Churn risk",
        PlaybookCondition.Trigger("Churn risk"),
        new PlaybookAction("Executive business review", OwnerRole.Csm, 14, ActionChannel.Task, "Churn risk[ {churn}][ ({drivers})][; ARR {arr}]"));

    /// <summary>Expansion ready → upsell conversation handed to Sales within 14 days.</summary>
    internal static Playbook ExpansionReady { get; } = new(
        "Expansion ready",
        PlaybookCondition.Trigger("Expansion ready"),
        new PlaybookAction("Upsell conversation", OwnerRole.Sales, 14, ActionChannel.Task, "Expansion ready[ {expansion}][ ({drivers})][; ARR {arr}]"));

    /// <summary>Dormant (no activity in 30 days) → win-back email sequence by marketing automation, starting today.</summary>
    internal static Playbook Dormant { get; } = new(
        "Dormant",
        PlaybookCondition.InRuleSegment("activity", "Dormant"),
        new PlaybookAction("Win-back sequence", OwnerRole.MarketingAutomation, 0, ActionChannel.EmailSequence, "Dormant: no activity in the last 30 days[; ARR {arr}]"));

    /// <summary>New customer with ARR of at least $100,000 → welcome from leadership within 7 days.</summary>
    internal static Playbook NewHighValue { get; } = new(
        "New high-value customer",
        PlaybookCondition.NewCustomer(HighValueArr),
        new PlaybookAction("Welcome from leadership", OwnerRole.Leadership, 7, ActionChannel.Email, "New customer with ARR {arr} in {segment}"));

    /// <summary>A high churn band (no trigger needed) → executive business review by the CSM within 14 days.</summary>
    internal static Playbook HighChurnScore { get; } = new(
        "Churn risk",
        PlaybookCondition.ChurnBandAtLeast(ScoreBand.High),
        new PlaybookAction("Executive business review", OwnerRole.Csm, 14, ActionChannel.Task, "Churn risk[ {churn}][ ({drivers})][; ARR {arr}]"));

    /// <summary>A high expansion band (no trigger needed) → upsell conversation handed to Sales within 14 days.</summary>
    internal static Playbook HighExpansionScore { get; } = new(
        "Expansion ready",
        PlaybookCondition.ExpansionBandAtLeast(ScoreBand.High),
        new PlaybookAction("Upsell conversation", OwnerRole.Sales, 14, ActionChannel.Task, "Expansion ready[ {expansion}][ ({drivers})][; ARR {arr}]"));

    /// <summary>
    /// The playbooks on scores alone (<see cref="HighChurnScore"/>, <see cref="HighExpansionScore"/>), for data without the
    /// built-in triggers: what <c>segment run --input --outcomes</c> plans with when no configuration is given.
    /// </summary>
    public static PlaybookSet OnScores { get; } = PlaybookSet.Of(HighChurnScore, HighExpansionScore);

    /// <summary>All five, most urgent kind first (the order breaks ties between one customer's actions).</summary>
    public static PlaybookSet Default { get; } = PlaybookSet.Of(OnboardingStruggling, ChurnRisk, ExpansionReady, Dormant, NewHighValue);
}
