using Segmentation.Playbooks;

namespace Segmentation.Tests.Playbooks;

/// <summary>The five customers of the worked example in docs/playbooks.md; every number there is computed by hand from these.</summary>
internal static class WorkedExample
{
    public static readonly DateOnly AsOf = new(2026, 12, 7);

    public static CustomerFacts A { get; } = new("A", "At risk")
    {
        PreviousSegment = "Core",
        Value = 84_000,
        ChurnProbability = 0.72,
        ChurnBand = ScoreBand.High,
        Triggers = ["Churn risk"],
        Drivers = ["usage down 32% in 60 days"],
    };

    public static CustomerFacts B { get; } = new("B", "Enterprise growth")
    {
        IsNew = true,
        Value = 150_000,
        ChurnProbability = 0.30,
        ExpansionProbability = 0.10,
        Triggers = ["Churn risk"],
    };

    public static CustomerFacts C { get; } = new("C", "Power users")
    {
        PreviousSegment = "Power users",
        Value = 40_000,
        ChurnProbability = 0.05,
        ExpansionProbability = 0.80,
        Triggers = ["Expansion ready"],
        Drivers = ["usage up 45% in 60 days"],
    };

    public static CustomerFacts D { get; } = new("D", "At risk")
    {
        PreviousSegment = "At risk",
        ChurnProbability = 0.90,
        Triggers = ["Churn risk"],
        RuleSegments = new Dictionary<string, string> { ["activity"] = "Dormant" },
    };

    public static CustomerFacts E { get; } = new("E", "New adopters")
    {
        PreviousSegment = "New adopters",
        Value = 20_000,
        ChurnProbability = 0.50,
        Triggers = ["Onboarding struggling"],
        Drivers = ["40% of setup done"],
    };

    public static IReadOnlyList<CustomerFacts> All { get; } = [A, B, C, D, E];

    /// <summary>Two CSM places (2 accounts × 1 CSM); other roles unlimited.</summary>
    public static CapacityOptions Capacity() => new CapacityOptions().Set(OwnerRole.Csm, accountsPerOwner: 2, owners: 1);
}
