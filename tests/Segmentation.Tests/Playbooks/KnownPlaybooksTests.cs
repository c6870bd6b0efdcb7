using Segmentation.Playbooks;
using Segmentation.Rules;

namespace Segmentation.Tests.Playbooks;

public class KnownPlaybooksTests
{
    /// <summary>The names the built-in rule sets produce, taken from <see cref="KnownRuleSets"/> itself.</summary>
    internal static PlaybookVocabulary KnownRuleSetVocabulary { get; } = new(
        Segments: null,
        Triggers: [.. KnownRuleSets.BehaviouralTriggers.Rules.Select(r => r.Segment)],
        RuleSegments: KnownRuleSets.All.Dimensions.ToDictionary(d => d.Name, d => (IReadOnlyCollection<string>)[.. d.Rules.Select(r => r.Segment)]));

    private static readonly DateOnly AsOf = new(2026, 12, 7);

    [Fact]
    public void Default_UsesOnlyNamesTheKnownRuleSetsDefine()
    {
        KnownPlaybooks.Default.Validate(KnownRuleSetVocabulary);
        Assert.Equal(["Churn risk", "Onboarding struggling", "Expansion ready"], KnownRuleSetVocabulary.Triggers);
    }

    [Fact]
    public void Count_BuiltInSetsAndEmptyJson_CountsThePlaybooks()
    {
        Assert.Equal((5, 2, 0), (KnownPlaybooks.Default.Count, KnownPlaybooks.OnScores.Count, PlaybookSet.FromJson("[]").Count));
    }

    [Fact]
    public void Default_HasTheFivePlaybooksOfTheDomain()
    {
        Assert.Equal(
            [
                ("Activation call", OwnerRole.Csm, 7, ActionChannel.Task),
                ("Executive business review", OwnerRole.Csm, 14, ActionChannel.Task),
                ("Upsell conversation", OwnerRole.Sales, 14, ActionChannel.Task),
                ("Win-back sequence", OwnerRole.MarketingAutomation, 0, ActionChannel.EmailSequence),
                ("Welcome from leadership", OwnerRole.Leadership, 7, ActionChannel.Email),
            ],
            KnownPlaybooks.Default.Playbooks.Select(p => (p.Action.Name, p.Action.Owner, p.Action.DueInDays, p.Action.Channel)));
    }

    [Theory]
    [InlineData("Onboarding struggling", null, null, false, "Activation call")]
    [InlineData("Churn risk", null, null, false, "Executive business review")]
    [InlineData("Expansion ready", null, null, false, "Upsell conversation")]
    [InlineData("No trigger", "activity", "Dormant", false, "Win-back sequence")]
    [InlineData("No trigger", "activity", "Active", true, "Welcome from leadership")]
    [InlineData("No trigger", "activity", "Active", false, null)]
    public void Match_HandMadeFacts_FiresTheMatchingPlaybook(string trigger, string? dimension, string? segment, bool isNew, string? expected)
    {
        var facts = new CustomerFacts("c", "Core")
        {
            Triggers = [trigger],
            RuleSegments = dimension is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [dimension] = segment! },
            IsNew = isNew,
            Value = 250_000,
        };

        IReadOnlyList<PlannedAction> actions = new WorklistPlanner(KnownPlaybooks.Default).Match(facts, AsOf);

        Assert.Equal(expected is null ? [] : [expected], actions.Select(a => a.Name));
    }

    [Fact]
    public void NewHighValue_BelowEnterpriseArrOrUnknown_DoesNotFire()
    {
        var planner = new WorklistPlanner(PlaybookSet.Of(KnownPlaybooks.NewHighValue));
        var fresh = new CustomerFacts("n", "Core") { IsNew = true };

        Assert.Empty(planner.Match(fresh with { Value = 99_999 }, AsOf));
        Assert.Empty(planner.Match(fresh, AsOf));
        Assert.Single(planner.Match(fresh with { Value = 100_000 }, AsOf));
    }

    [Fact]
    public void Match_ChurnRiskAndDormantAndNew_OneActionPerOwner()
    {
        var facts = new CustomerFacts("c", "At risk")
        {
            Triggers = ["Churn risk"],
            RuleSegments = new Dictionary<string, string> { ["activity"] = "Dormant" },
            IsNew = true,
            Value = 120_000,
            ChurnProbability = 0.81,
        };

        IReadOnlyList<PlannedAction> actions = new WorklistPlanner(KnownPlaybooks.Default).Match(facts, AsOf);

        Assert.Equal(
            [
                (OwnerRole.Csm, "Executive business review", new DateOnly(2026, 12, 21), "Churn risk 81%; ARR $120,000"),
                (OwnerRole.MarketingAutomation, "Win-back sequence", AsOf, "Dormant: no activity in the last 30 days; ARR $120,000"),
                (OwnerRole.Leadership, "Welcome from leadership", new DateOnly(2026, 12, 14), "New customer with ARR $120,000 in At risk"),
            ],
            actions.Select(a => (a.Owner, a.Name, a.Due, a.Reason)));
    }
}
