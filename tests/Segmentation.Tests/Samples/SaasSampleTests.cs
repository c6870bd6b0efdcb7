using Segmentation.Clustering;
using Segmentation.Clustering.KMeans;
using Segmentation.Pipeline;
using Segmentation.Samples;

namespace Segmentation.Tests.Samples;

public class SaasSampleTests
{
    [Fact]
    public void Generate_SameSeed_SameCustomers_OtherSeed_Different()
    {
        IReadOnlyList<SampleCustomer> first = SampleCustomer.Generate(200, seed: 3);
        IReadOnlyList<SampleCustomer> second = SampleCustomer.Generate(200, seed: 3);
        IReadOnlyList<SampleCustomer> other = SampleCustomer.Generate(200, seed: 4);
        Assert.Equal(first.Select(c => (c.Arr, c.SignupDate, c.Archetype)), second.Select(c => (c.Arr, c.SignupDate, c.Archetype)));
        Assert.NotEqual(first.Select(c => c.Arr), other.Select(c => c.Arr));
    }

    [Fact]
    public void Features_TwoCustomersThatDifferOnlyAfterAsOf_GetTheSameFeatures()
    {
        DateOnly asOf = SampleCustomer.DefaultAsOf.AddDays(-60);
        int days = SampleCustomer.HistoryEnd.DayNumber - SampleCustomer.HistoryStart.DayNumber + 1;
        int cut = asOf.DayNumber - SampleCustomer.HistoryStart.DayNumber;
        float[] usage = [.. Enumerable.Range(0, days).Select(t => (float)(t % 7 == 0 ? 0 : 20 + (t % 5)))];
        float[] laterSurge = [.. usage.Select((u, t) => t > cut ? u * 10 : u)];
        DateOnly[] tickets = [asOf.AddDays(-3), asOf.AddDays(5)];
        SampleCustomer Make(float[] u, DateOnly[] t) =>
            new("x", "Growth", "Retail", 40_000, 50, new DateOnly(2025, 3, 1), 0.5, 8, SampleArchetype.SteadyCore, false, u, t);

        FeatureMatrix plain = SampleCustomer.Features().Extract([Make(usage, [tickets[0]])], asOf);
        FeatureMatrix future = SampleCustomer.Features().Extract([Make(laterSurge, tickets)], asOf);

        Assert.Equal(plain.Values.ToArray(), future.Values.ToArray());
        Assert.Equal(1, plain.Column("tickets_90d")[0]);
    }

    [Fact]
    public void Pipeline_OnTheSample_RecoversEachPlantedArchetypeAsOneSegment()
    {
        IReadOnlyList<SampleCustomer> customers = SampleCustomer.Generate();
        var engine = new SegmentationEngine<SampleCustomer>(SampleCustomer.Features(), c => c.Id, new SegmentationEngine(new KMeansClusterer(5)));
        SegmentationRun run = engine.Run(customers, SampleCustomer.DefaultAsOf, c => c.Churned);

        // Purity: for each archetype, the share of its customers in its most common segment.
        foreach (IGrouping<SampleArchetype, int> group in Enumerable.Range(0, customers.Count).GroupBy(i => customers[i].Archetype))
        {
            double purity = group.GroupBy(i => run.Assignments[i].SegmentId).Max(g => g.Count()) / (double)group.Count();
            Assert.True(purity >= 0.9, $"{group.Key}: only {purity:P0} of its customers share a segment");
        }

        Assert.Equal(5, run.Segments.Select(s => s.Name).Distinct().Count());
        SegmentationRun again = engine.Run(customers, SampleCustomer.DefaultAsOf, c => c.Churned);
        Assert.Equal(run.Assignments, again.Assignments);
    }
}
