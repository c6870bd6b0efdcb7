using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Segmentation.Migration;

namespace Segmentation.Tests.Migration;

public class SegmentTransitionsTests
{
    private static SegmentSnapshot Snapshot(int day, params (string Id, string Segment, double Value)[] customers) =>
        new(new DateOnly(2026, 1, 1).AddDays(day), "v1", customers.Select(c => new CustomerSnapshot(c.Id, c.Segment, c.Value)));

    [Fact]
    public void Compute_HandExample_CountsEveryFlowWithCurrentOrPreviousValue()
    {
        SegmentSnapshot before = Snapshot(0, ("a", "Champions", 100), ("b", "Champions", 50), ("c", "At risk", 10), ("d", "At risk", 20));
        SegmentSnapshot after = Snapshot(30, ("a", "Champions", 120), ("b", "At risk", 40), ("c", "At risk", 10), ("e", "Champions", 5));

        SegmentTransitions t = SegmentTransitions.Compute(before, after);

        Assert.Equal(
            [
                new Transition("(new)", "Champions", 1, 5),
                new Transition("At risk", "(gone)", 1, 20),
                new Transition("At risk", "At risk", 1, 10),
                new Transition("Champions", "At risk", 1, 40),
                new Transition("Champions", "Champions", 1, 120),
            ],
            t.Transitions);
        Assert.Equal(2.0 / 3, t.Stability, 12); // a and c stayed, b moved; d is gone
        SegmentOutcome champions = t.Outcomes.Single(o => o.Segment == "Champions");
        Assert.Equal(0, champions.ChurnRate);
        Assert.Equal(160.0 / 150, champions.NetRevenueRetention, 12);
        Assert.Equal(0.5, champions.ExpansionRate);
        SegmentOutcome atRisk = t.Outcomes.Single(o => o.Segment == "At risk");
        Assert.Equal(0.5, atRisk.ChurnRate);
        Assert.Equal(10.0 / 30, atRisk.NetRevenueRetention, 12);
    }

    [Fact]
    public void Compute_UnknownValues_SumsTheKnownOnesAndLeavesAllUnknownCellsNaN()
    {
        SegmentSnapshot before = Snapshot(0, ("a", "Steady", double.NaN), ("b", "Steady", 10), ("c", "Steady", double.NaN));
        SegmentSnapshot after = Snapshot(30, ("a", "At risk", double.NaN), ("b", "Steady", 12), ("c", "Steady", double.NaN), ("d", "Steady", double.NaN));

        SegmentTransitions t = SegmentTransitions.Compute(before, after);

        Assert.True(double.IsNaN(t.Transitions.Single(x => x.From == "Steady" && x.To == "At risk").Value));
        Assert.True(double.IsNaN(t.Transitions.Single(x => x.From == SegmentTransitions.New).Value));
        Assert.Equal(12, t.Transitions.Single(x => x.From == "Steady" && x.To == "Steady").Value);
    }

    [Property(MaxTest = 300)]
    public Property Compute_AnySnapshots_CountsEveryCustomerOfEitherExactlyOnce(int[] previousIds, int[] currentIds, int[] segmentSeeds)
    {
        string Segment(int id) => "S" + Math.Abs((segmentSeeds.Length == 0 ? id : segmentSeeds[Math.Abs(id % segmentSeeds.Length)] + id) % 4);
        int[] prev = [.. previousIds.Select(i => Math.Abs(i % 50)).Distinct()];
        int[] cur = [.. currentIds.Select(i => Math.Abs(i % 50)).Distinct()];
        SegmentSnapshot before = Snapshot(0, [.. prev.Select(i => ($"c{i}", Segment(i), (double)i))]);
        SegmentSnapshot after = Snapshot(1, [.. cur.Select(i => ($"c{i}", Segment(i * 7), (double)i + 1))]);

        SegmentTransitions t = SegmentTransitions.Compute(before, after);

        int union = prev.Union(cur).Count();
        bool total = t.Transitions.Sum(x => x.Customers) == union;
        bool fromPrevious = t.Transitions.Where(x => x.From != SegmentTransitions.New).Sum(x => x.Customers) == prev.Length;
        bool toCurrent = t.Transitions.Where(x => x.To != SegmentTransitions.Gone).Sum(x => x.Customers) == cur.Length;
        bool noEmptyCells = t.Transitions.All(x => x.Customers > 0);
        return (total && fromPrevious && toCurrent && noEmptyCells).Label($"union={union}, cells={t.Transitions.Count}");
    }

    [Fact]
    public void SegmentSnapshot_DuplicateId_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => Snapshot(0, ("a", "X", 1), ("a", "Y", 2)));
        Assert.Contains("'a' appears twice", error.Message);
    }
}
