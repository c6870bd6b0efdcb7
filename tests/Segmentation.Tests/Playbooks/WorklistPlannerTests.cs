using Segmentation.Playbooks;

namespace Segmentation.Tests.Playbooks;

public class WorklistPlannerTests
{
    private static readonly DateOnly AsOf = WorkedExample.AsOf;

    private static Worklist PlanExample() => new WorklistPlanner(KnownPlaybooks.Default, capacity: WorkedExample.Capacity()).Plan(WorkedExample.All, AsOf);

    [Fact]
    public void Plan_WorkedExample_RanksByValueAtStakeThenRowsWithoutValue()
    {
        Worklist worklist = PlanExample();

        // A: 84,000 × 0.72 = 60,480. B: 150,000 × (0.30 + 0.5 × 0.10 × 0.2) = 46,500 (Leadership due Dec 14 before CSM due Dec 21).
        // C: 40,000 × (0.05 + 0.5 × 0.80 × 0.2) = 5,200. D has no ARR: after every row with ARR (weighted 0.9), marketing due today first.
        Assert.Equal(
            [(1, "A", OwnerRole.Csm), (2, "B", OwnerRole.Leadership), (3, "B", OwnerRole.Csm), (4, "C", OwnerRole.Sales), (5, "D", OwnerRole.MarketingAutomation)],
            worklist.Rows.Select(r => (r.Rank, r.CustomerId, r.Owner)));
        Assert.Equal([60_480, 46_500, 46_500, 5_200], worklist.Rows.Take(4).Select(r => Math.Round(r.Priority!.Value, 6)));
        Assert.Null(worklist.Rows[4].Priority);
        Assert.Equal(0.9, worklist.Rows[4].WeightedProbability, 12);
    }

    [Fact]
    public void Plan_WorkedExample_CsmOverflowKeepsRowsCountAndArr()
    {
        RoleOverflow csm = Assert.Single(PlanExample().Overflow);

        Assert.Equal(OwnerRole.Csm, csm.Owner);
        Assert.Equal(2, csm.Capacity);
        Assert.Equal(2, csm.Count);
        Assert.Equal(20_000, csm.Value); // E's ARR; D's is unknown and counted apart
        Assert.Equal(1, csm.WithoutValue);
        Assert.Equal([(1, "E"), (2, "D")], csm.Rows.Select(r => (r.Rank, r.CustomerId)));
        Assert.Equal(10_000, csm.Rows[0].Priority!.Value, 6); // 20,000 × 0.50
    }

    [Fact]
    public void Plan_WorkedExample_DueDatesCountFromAsOf()
    {
        Worklist worklist = PlanExample();

        Assert.Equal(new DateOnly(2026, 12, 21), worklist.Rows[0].Due); // churn risk: 14 days
        Assert.Equal(new DateOnly(2026, 12, 14), worklist.Rows[1].Due); // welcome: 7 days
        Assert.Equal(new DateOnly(2026, 12, 7), worklist.Rows[4].Due); // win-back: today
        Assert.Equal(new DateOnly(2026, 12, 14), worklist.OverflowFor(OwnerRole.Csm)!.Rows[0].Due); // activation call: 7 days
    }

    [Fact]
    public void Plan_WorkedExample_ReasonsReadAsWritten()
    {
        Worklist worklist = PlanExample();

        Assert.Equal("Churn risk 72% (usage down 32% in 60 days); ARR $84,000", worklist.Rows[0].Why);
        Assert.Equal("New customer with ARR $150,000 in Enterprise growth", worklist.Rows[1].Why);
        Assert.Equal("Churn risk 30%; ARR $150,000", worklist.Rows[2].Why);
        Assert.Equal("Expansion ready 80% (usage up 45% in 60 days); ARR $40,000", worklist.Rows[3].Why);
        Assert.Equal("Dormant: no activity in the last 30 days", worklist.Rows[4].Why);
        // Over capacity the reason leaves out the drivers (docs/playbooks.md, "At 1,000,000 customers").
        Assert.Equal("Onboarding struggling in New adopters; ARR $20,000", worklist.OverflowFor(OwnerRole.Csm)!.Rows[0].Why);
        Assert.Equal("Churn risk 90%", worklist.OverflowFor(OwnerRole.Csm)!.Rows[1].Why);
    }

    [Fact]
    public void Plan_RoleUnlimited_KeptRowsKeepTheirDrivers()
    {
        Worklist worklist = new WorklistPlanner(KnownPlaybooks.Default).Plan(WorkedExample.All, AsOf);

        WorklistRow onboarding = worklist.Rows.Single(r => r.CustomerId == "E");
        Assert.Equal("Onboarding struggling in New adopters (40% of setup done); ARR $20,000", onboarding.Why);
    }

    [Fact]
    public void Match_ReasonWordedWhenRead_EqualsTheSameActionWithItsReasonGiven()
    {
        IReadOnlyList<PlannedAction> matched = new WorklistPlanner(KnownPlaybooks.Default).Match(WorkedExample.A, AsOf);

        var given = new PlannedAction("Churn risk", "Executive business review", OwnerRole.Csm, ActionChannel.Task, AsOf.AddDays(14), "Churn risk 72% (usage down 32% in 60 days); ARR $84,000");
        PlannedAction lazy = Assert.Single(matched);
        Assert.Equal(given, lazy);
        Assert.Equal(given.GetHashCode(), lazy.GetHashCode());
        Assert.NotEqual(given with { Reason = "another reason" }, lazy);
        (_, _, _, _, _, string reason) = lazy;
        Assert.Equal(given.Reason, reason);
    }

    [Fact]
    public void Match_SeveralPlaybooks_DeduplicatesAndPutsMostUrgentFirst()
    {
        PlaybookCondition churn = PlaybookCondition.Trigger("Churn risk");
        var set = PlaybookSet.Of(
            new Playbook("Review (slow)", churn, new PlaybookAction("Executive business review", OwnerRole.Csm, 14, ActionChannel.Task, "slow")),
            new Playbook("Review (fast)", PlaybookCondition.ChurnProbabilityAtLeast(0.5), new PlaybookAction("executive business review", OwnerRole.Csm, 7, ActionChannel.Task, "fast")),
            new Playbook("Check-in", churn, new PlaybookAction("Check-in call", OwnerRole.Csm, 7, ActionChannel.Task, "check")),
            new Playbook("Nudge", churn, new PlaybookAction("Check-in call", OwnerRole.Csm, 3, ActionChannel.Email, "nudge")),
            new Playbook("Upsell", churn, new PlaybookAction("Upsell", OwnerRole.Sales, 30, ActionChannel.Task, "upsell")));
        var facts = new CustomerFacts("x", "At risk") { Triggers = ["Churn risk"], ChurnProbability = 0.6, Value = 1_000 };

        Worklist worklist = new WorklistPlanner(set).Plan([facts], AsOf);

        WorklistRow csm = worklist.RowsFor(OwnerRole.Csm).Single();
        Assert.Equal(("Nudge", 3), (csm.Action.Playbook, csm.Due.DayNumber - AsOf.DayNumber)); // a different channel is a different action
        Assert.Equal(["Review (fast)", "Check-in"], csm.OtherActions.Select(a => a.Playbook)); // same due date: playbook order
        Assert.Equal(AsOf.AddDays(7), csm.OtherActions[0].Due); // the duplicate review is kept once, at its earliest date
        Assert.Equal("Upsell", worklist.RowsFor(OwnerRole.Sales).Single().Action.Name);
        Assert.Equal(2, worklist.Rows.Count);
    }

    [Fact]
    public void Plan_NoPlaybookMatches_CustomerIsNotOnTheWorklist()
    {
        var quiet = new CustomerFacts("q", "Core") { PreviousSegment = "Core", Value = 500_000, ChurnProbability = 0.99 };

        Worklist worklist = new WorklistPlanner(KnownPlaybooks.Default).Plan([quiet], AsOf);

        Assert.Empty(worklist.Rows);
        Assert.Empty(worklist.Overflow);
    }

    [Fact]
    public void Plan_ZeroOwners_EverythingOfTheRoleOverflows()
    {
        var capacity = new CapacityOptions().Set(OwnerRole.Sales, accountsPerOwner: 30, owners: 0);

        Worklist worklist = new WorklistPlanner(KnownPlaybooks.Default, capacity: capacity).Plan(WorkedExample.All, AsOf);

        Assert.Empty(worklist.RowsFor(OwnerRole.Sales));
        RoleOverflow sales = worklist.OverflowFor(OwnerRole.Sales)!;
        Assert.Equal((0, 1, 40_000.0), (sales.Capacity, sales.Count, sales.Value));
        Assert.Equal(6, worklist.Rows.Count); // every CSM row fits: CSM is unlimited here
    }

    [Fact]
    public void Plan_CustomWeights_ChangeTheOrder()
    {
        var churner = new CustomerFacts("churner", "S") { Value = 100_000, ChurnProbability = 0.2, Triggers = ["t"] };
        var grower = new CustomerFacts("grower", "S") { Value = 100_000, ExpansionProbability = 0.9, Triggers = ["t"] };
        var set = PlaybookSet.Of(new Playbook("p", PlaybookCondition.Trigger("t"), new PlaybookAction("Call", OwnerRole.Csm, 1, ActionChannel.Task, "r")));

        Worklist byDefault = new WorklistPlanner(set).Plan([churner, grower], AsOf);
        Worklist growthFirst = new WorklistPlanner(set, new PriorityOptions { ChurnWeight = 1, ExpansionWeight = 1, ExpansionUplift = 1 }).Plan([churner, grower], AsOf);

        Assert.Equal(["churner", "grower"], byDefault.Rows.Select(r => r.CustomerId)); // 20,000 against 100,000 × 0.9 × 0.5 × 0.2 = 9,000
        Assert.Equal(9_000, byDefault.Rows[1].Priority!.Value, 6);
        Assert.Equal(["grower", "churner"], growthFirst.Rows.Select(r => r.CustomerId)); // 90,000 against 20,000
    }

    [Fact]
    public void Plan_UnscoredRowsOnTheSameDay_PutTheLargerAccountFirst()
    {
        // No probabilities (an --input run without scorers): every priority is 0, so ARR decides, not the id.
        var small = new CustomerFacts("a1", "S") { Value = 5_000, Triggers = ["t"] };
        var large = new CustomerFacts("a2", "S") { Value = 170_000, Triggers = ["t"] };
        var unknown = new CustomerFacts("a0", "S") { Triggers = ["t"] };
        var set = PlaybookSet.Of(new Playbook("p", PlaybookCondition.Trigger("t"), new PlaybookAction("Call", OwnerRole.Csm, 1, ActionChannel.Task, "r")));

        Worklist worklist = new WorklistPlanner(set).Plan([small, unknown, large], AsOf);

        Assert.Equal(["a2", "a1", "a0"], worklist.Rows.Select(r => r.CustomerId));
    }

    [Fact]
    public void Plan_EqualPriority_TiesByDueDateThenCustomerId()
    {
        var set = PlaybookSet.Of(
            new Playbook("soon", PlaybookCondition.Trigger("soon"), new PlaybookAction("Call", OwnerRole.Csm, 1, ActionChannel.Task, "r")),
            new Playbook("later", PlaybookCondition.Trigger("later"), new PlaybookAction("Call", OwnerRole.Csm, 9, ActionChannel.Task, "r")));
        CustomerFacts[] customers =
        [
            new("b", "S") { Value = 10, ChurnProbability = 0.5, Triggers = ["later"] },
            new("c", "S") { Value = 10, ChurnProbability = 0.5, Triggers = ["soon"] },
            new("a", "S") { Value = 10, ChurnProbability = 0.5, Triggers = ["later"] },
        ];

        Assert.Equal(["c", "a", "b"], new WorklistPlanner(set).Plan(customers, AsOf).Rows.Select(r => r.CustomerId));
    }

    [Fact]
    public void Plan_DuplicateCustomerId_ThrowsNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => new WorklistPlanner(KnownPlaybooks.Default).Plan([WorkedExample.A, WorkedExample.A], AsOf));
        Assert.StartsWith("Customer 'A' appears twice;", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_ProbabilityOutOfRange_ThrowsNamingCustomerAndValue()
    {
        var bad = WorkedExample.C with { ChurnProbability = 72 };
        var error = Assert.Throws<ArgumentException>(() => new WorklistPlanner(KnownPlaybooks.Default).Plan([bad], AsOf));
        Assert.StartsWith("The churn probability of customer 'C' must be between 0 and 1, but was 72.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_NegativeValue_ThrowsNamingCustomer()
    {
        var bad = WorkedExample.C with { Value = -5 };
        var error = Assert.Throws<ArgumentException>(() => new WorklistPlanner(KnownPlaybooks.Default).Plan([bad], AsOf));
        Assert.Contains("value (ARR) of customer 'C' must be a finite number of at least 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsNamingOptionAndValue()
    {
        var error = Assert.Throws<ArgumentException>(() => new WorklistPlanner(KnownPlaybooks.Default, new PriorityOptions { ExpansionWeight = -1 }));
        Assert.StartsWith("DailyRunOptions.ExpansionWeight must be between 0 and 100, but was -1.", error.Message, StringComparison.Ordinal);

        error = Assert.Throws<ArgumentException>(() => new WorklistPlanner(KnownPlaybooks.Default, capacity: new CapacityOptions().Set(OwnerRole.Csm, 0, 3)));
        Assert.StartsWith("DailyRunOptions.SetCapacity(CSM) accountsPerOwner must be between 1 and 10000, but was 0.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_OptionsChangedLater_PlannerKeepsItsCopy()
    {
        CapacityOptions capacity = WorkedExample.Capacity();
        var planner = new WorklistPlanner(KnownPlaybooks.Default, capacity: capacity);
        capacity.Set(OwnerRole.Csm, 100, 1);

        Assert.Equal(2, planner.Plan(WorkedExample.All, AsOf).OverflowFor(OwnerRole.Csm)!.Count);
    }
}
