using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Segmentation.Playbooks;

namespace Segmentation.Tests.Playbooks;

public class WorklistPropertyTests
{
    private static readonly string[] Triggers = ["Churn risk", "Onboarding struggling", "Expansion ready", "No trigger"];

    private static readonly DateOnly AsOf = new(2026, 12, 7);

    /// <summary>Customers built from random integers: trigger, activity, new flag, ARR (sometimes unknown) and probabilities (sometimes unscored).</summary>
    private static CustomerFacts[] Customers(int[] seeds) => [.. seeds.Take(60).Select(Customer)];

    private static CustomerFacts Customer(int seed, int i)
    {
        int s = Math.Abs(seed % 1_000_003);
        return new CustomerFacts($"c{i}", "S" + (s % 3))
        {
            Triggers = [Triggers[s % 4]],
            RuleSegments = new Dictionary<string, string> { ["activity"] = s % 5 == 0 ? "Dormant" : "Active" },
            IsNew = s % 7 < 2,
            Value = s % 6 == 0 ? null : (s % 13) * 25_000,
            ChurnProbability = s % 4 == 3 ? null : (s % 101) / 100.0,
            ExpansionProbability = s % 9 == 0 ? null : (s % 37) / 36.0,
        };
    }

    /// <summary>The owner roles the default playbooks give a customer, written out independently of the planner.</summary>
    private static IEnumerable<OwnerRole> ExpectedRoles(CustomerFacts c)
    {
        if (c.Triggers.Contains("Churn risk") || c.Triggers.Contains("Onboarding struggling"))
        {
            yield return OwnerRole.Csm;
        }

        if (c.Triggers.Contains("Expansion ready"))
        {
            yield return OwnerRole.Sales;
        }

        if (c.RuleSegments["activity"] == "Dormant")
        {
            yield return OwnerRole.MarketingAutomation;
        }

        if (c.IsNew && c.Value >= 100_000)
        {
            yield return OwnerRole.Leadership;
        }
    }

    private static CapacityOptions Capacity(int[] capacities)
    {
        var options = new CapacityOptions();
        foreach ((int c, int role) in capacities.Take(4).Select((c, i) => (c, i)))
        {
            if (c % 3 != 0)
            {
                options.Set((OwnerRole)role, accountsPerOwner: 1 + Math.Abs(c % 5), owners: Math.Abs(c / 3 % 3));
            }
        }

        return options;
    }

    [Property(MaxTest = 200)]
    public Property Plan_AnyCustomers_EveryMatchedCustomerOncePerOwnerInWorklistOrOverflow(int[] seeds, int[] capacities)
    {
        CustomerFacts[] customers = Customers(seeds);
        Worklist worklist = new WorklistPlanner(KnownPlaybooks.Default, capacity: Capacity(capacities)).Plan(customers, AsOf);

        string[] expected = [.. customers.SelectMany(c => ExpectedRoles(c).Select(r => $"{c.CustomerId}/{r}")).Order(StringComparer.Ordinal)];
        string[] actual = [.. worklist.Rows.Concat(worklist.Overflow.SelectMany(o => o.Rows)).Select(r => $"{r.CustomerId}/{r.Owner}").Order(StringComparer.Ordinal)];
        return expected.SequenceEqual(actual).Label($"expected {expected.Length} customer-owner pairs, found {actual.Length}");
    }

    [Property(MaxTest = 200)]
    public Property Plan_AnyCustomers_RanksFollowPriority(int[] seeds, int[] capacities)
    {
        Worklist worklist = new WorklistPlanner(KnownPlaybooks.Default, capacity: Capacity(capacities)).Plan(Customers(seeds), AsOf);

        bool consecutive = worklist.Rows.Select(r => r.Rank).SequenceEqual(Enumerable.Range(1, worklist.Rows.Count));
        bool ordered = worklist.Rows.Zip(worklist.Rows.Skip(1)).All(p => InOrder(p.First, p.Second));
        bool overflowOrdered = worklist.Overflow.All(o => o.Rows.Zip(o.Rows.Skip(1)).All(p => InOrder(p.First, p.Second))
            && o.Rows.Select(r => r.Rank).SequenceEqual(Enumerable.Range(1, o.Rows.Count)));

        // Nothing kept ranks below something of the same role that overflowed.
        bool keptBeforeOverflow = worklist.Overflow.All(o => o.Rows.Count == 0
            || worklist.RowsFor(o.Owner).All(kept => InOrder(kept, o.Rows[0])));
        return (consecutive && ordered && overflowOrdered && keptBeforeOverflow).Label($"consecutive={consecutive}, ordered={ordered}, overflowOrdered={overflowOrdered}, keptBeforeOverflow={keptBeforeOverflow}");
    }

    [Property(MaxTest = 200)]
    public Property Plan_AnyCustomers_CapacityNeverExceededAndOverflowAddsUp(int[] seeds, int[] capacities)
    {
        CapacityOptions capacity = Capacity(capacities);
        Worklist worklist = new WorklistPlanner(KnownPlaybooks.Default, capacity: capacity).Plan(Customers(seeds), AsOf);

        bool withinCapacity = Enum.GetValues<OwnerRole>().All(role => capacity.CapacityOf(role) is not int c || worklist.RowsFor(role).Count() <= c);
        bool fullBeforeOverflow = worklist.Overflow.All(o => o.Count == 0 || worklist.RowsFor(o.Owner).Count() == o.Capacity);
        bool sums = worklist.Overflow.All(o => o.Count == o.Rows.Count
            && o.Value == o.Rows.Sum(r => r.Value ?? 0)
            && o.WithoutValue == o.Rows.Count(r => r.Value is null));
        bool oneEntryPerLimitedRole = worklist.Overflow.Select(o => o.Owner).SequenceEqual(capacity.Roles.Keys.Order());
        return (withinCapacity && fullBeforeOverflow && sums && oneEntryPerLimitedRole).Label($"within={withinCapacity}, full={fullBeforeOverflow}, sums={sums}, entries={oneEntryPerLimitedRole}");
    }

    [Property(MaxTest = 200)]
    public Property CountFor_EveryRole_IsTheNumberOfItsRows(int[] seeds, int[] capacities)
    {
        // The planner's rows count each role in one pass; a worklist of built rows counts them one by one.
        Worklist worklist = new WorklistPlanner(KnownPlaybooks.Default, capacity: Capacity(capacities)).Plan(Customers(seeds), AsOf);
        var built = new Worklist(worklist.AsOf, [.. worklist.Rows], worklist.Overflow);

        OwnerRole[] wrong = [.. Enum.GetValues<OwnerRole>().Where(role =>
            worklist.CountFor(role) != worklist.Rows.Count(r => r.Owner == role) || built.CountFor(role) != worklist.Rows.Count(r => r.Owner == role))];
        return (wrong.Length == 0).Label($"wrong counts for {string.Join(", ", wrong)}");
    }

    [Property(MaxTest = 200)]
    public Property WriteRows_PlannedRows_WriteWhatTheBuiltRowsWrite(int[] seeds, int[] capacities)
    {
        // The planner's rows share their plan's fields (owner to due, playbook, also), formatted once per plan; the
        // rows built one by one (a plain list) format every field of every row.
        Worklist worklist = new WorklistPlanner(KnownPlaybooks.Default, capacity: Capacity(capacities)).Plan(Customers(seeds), AsOf);
        IReadOnlyList<IReadOnlyList<WorklistRow>> planned = [worklist.Rows, .. worklist.Overflow.Select(o => o.Rows)];
        IReadOnlyList<IReadOnlyList<WorklistRow>> built = [.. planned.Select(rows => (IReadOnlyList<WorklistRow>)[.. rows])];

        return (Csv(planned) == Csv(built)).Label("planned rows and built rows write different files");

        static string Csv(IReadOnlyList<IReadOnlyList<WorklistRow>> lists)
        {
            using var writer = new StringWriter();
            WorklistCsv.WriteRows(writer, lists, null);
            return writer.ToString();
        }
    }

    /// <summary>The documented ranking, written out: known value at stake first (highest first), then weighted probability, then due date.</summary>
    private static bool InOrder(WorklistRow first, WorklistRow second) => (first.Priority, second.Priority) switch
    {
        (null, not null) => false,
        (not null, null) => true,
        (double a, double b) when a != b => a > b,
        _ => first.WeightedProbability > second.WeightedProbability
            || (first.WeightedProbability == second.WeightedProbability && first.Due <= second.Due),
    };

    [Fact]
    public void Plan_ManyCustomers_RowsFollowTheRankingOrder()
    {
        // A large plan with many tied values at stake, so that the ranking's tie-breaking orders long runs of rows.
        var random = new Random(19);
        CustomerFacts[] customers = [.. Enumerable.Range(0, 100_000).Select(i => Customer(random.Next(), i))];
        Worklist worklist = new WorklistPlanner(KnownPlaybooks.Default).Plan(customers, AsOf);

        WorklistRow[] rows = [.. worklist.Rows];
        Assert.True(rows.Length > 50_000, $"only {rows.Length} rows");
        for (int i = 1; i < rows.Length; i++)
        {
            Assert.True(WorklistPlanner.CompareRank(rows[i - 1], rows[i]) < 0, $"rows {i} and {i + 1} are out of order");
            Assert.Equal(i + 1, rows[i].Rank);
        }
    }
}
