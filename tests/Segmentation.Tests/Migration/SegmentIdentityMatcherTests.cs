using Segmentation.Clustering;
using Segmentation.Clustering.KMeans;
using Segmentation.Features.Preprocessing;
using Segmentation.Migration;
using Segmentation.Samples;

namespace Segmentation.Tests.Migration;

public class SegmentIdentityMatcherTests
{
    private static KnownSegment Known(string name, double[] centroid, params string[] members) => new(name, centroid, members.ToHashSet());

    private static NewCluster Cluster(int label, double[] centroid, params string[] members) => new(label, centroid, members.ToHashSet());

    [Fact]
    public void Match_RenumberedClusters_KeepTheirNames()
    {
        KnownSegment[] known = [Known("Champions", [5, 5], "a", "b"), Known("At risk", [-5, -5], "c", "d")];
        NewCluster[] clusters = [Cluster(0, [-5.1, -4.9], "c", "d"), Cluster(1, [5.2, 5], "a", "b")];

        IdentityMatch match = SegmentIdentityMatcher.Match(known, clusters);

        Assert.Equal("At risk", match.NameByLabel[0]);
        Assert.Equal("Champions", match.NameByLabel[1]);
        Assert.Empty(match.Born);
        Assert.Empty(match.Died);
    }

    [Fact]
    public void Match_SameMembersButCentroidsDriftedFar_KeepsTheName()
    {
        // The data drifted since the earlier model: the centres moved more than the spread between them, but the
        // clusters hold the same customers, so the names must stay with them rather than swap or be reborn.
        KnownSegment[] known = [Known("Inactive, usage declining", [0, 0], "a", "b", "c", "d"), Known("Champions", [1, 0], "e", "f", "g", "h")];
        NewCluster[] clusters = [Cluster(0, [4, 4], "a", "b", "c", "d"), Cluster(1, [5, 4], "e", "f", "g", "h")];

        IdentityMatch match = SegmentIdentityMatcher.Match(known, clusters);

        Assert.Equal("Inactive, usage declining", match.NameByLabel[0]);
        Assert.Equal("Champions", match.NameByLabel[1]);
        Assert.Empty(match.Born);
    }

    [Fact]
    public void Match_ASegmentSplitsInTwo_OneKeepsTheNameTheOtherIsBornWithLineage()
    {
        KnownSegment[] known = [Known("Steady", [0, 0], "a", "b", "c", "d"), Known("Dormant", [10, 10], "e", "f")];
        NewCluster[] clusters = [Cluster(0, [0, 0.2], "a", "b", "c"), Cluster(1, [10, 10], "e", "f"), Cluster(2, [3, 3], "d")];

        IdentityMatch match = SegmentIdentityMatcher.Match(known, clusters, new IdentityMatchOptions { LineageShare = 0.25 });

        Assert.Equal("Steady", match.NameByLabel[0]);
        Assert.Equal("Dormant", match.NameByLabel[1]);
        Assert.Equal([2], match.Born);
        LineageEdge edge = Assert.Single(match.Lineage);
        Assert.Equal(new LineageEdge(LineageKind.SplitFrom, "Steady", "(new cluster 2)", 0.25), edge);
    }

    [Fact]
    public void Match_TwoSegmentsMerge_OneDiesWithAMergeEdge()
    {
        KnownSegment[] known = [Known("Small", [0, 0], "a", "b"), Known("Smaller", [0.5, 0], "c"), Known("Big", [10, 10], "d", "e")];
        NewCluster[] clusters = [Cluster(0, [0.2, 0], "a", "b", "c"), Cluster(1, [10, 10], "d", "e")];

        IdentityMatch match = SegmentIdentityMatcher.Match(known, clusters);

        Assert.Equal("Small", match.NameByLabel[0]);
        Assert.Equal(["Smaller"], match.Died);
        Assert.Contains(new LineageEdge(LineageKind.MergedInto, "Smaller", "Small", 1.0), match.Lineage);
    }

    [Fact]
    public void Match_RetrainWithAnotherSeedOnShuffledRows_KeepsAtLeast99PercentOfCustomersInTheirSegment()
    {
        IReadOnlyList<SampleCustomer> customers = SampleCustomer.Generate();
        FeatureMatrix raw = SampleCustomer.Features().Extract(customers, SampleCustomer.DefaultAsOf, c => c.Id);
        FeatureMatrix data = PreprocessingModel.Fit(raw).Transform(raw);
        int[] order = [.. Enumerable.Range(0, data.RowCount).OrderBy(i => new Random(i * 7919).Next())];
        FeatureMatrix shuffled = FeatureMatrix.FromRows([.. order.Select(i => data.Row(i).ToArray())], data.Schema.Names).WithRowIds([.. order.Select(i => raw.RowIds![i])]);

        KMeansModel first = new KMeansClusterer(new KMeansOptions { K = 5, Seed = 1, NInit = 10 }).Fit(data);
        KMeansModel second = new KMeansClusterer(new KMeansOptions { K = 5, Seed = 2, NInit = 10 }).Fit(shuffled);

        string[] names = ["Alpha", "Beta", "Gamma", "Delta", "Epsilon"];
        KnownSegment[] known = [.. Enumerable.Range(0, 5).Select(c => new KnownSegment(names[c], first.Centroids.Row(c).ToArray(),
            Enumerable.Range(0, data.RowCount).Where(i => first.Labels[i] == c).Select(i => raw.RowIds![i]).ToHashSet()))];
        NewCluster[] clusters = [.. Enumerable.Range(0, 5).Select(c => new NewCluster(c, second.Centroids.Row(c).ToArray(),
            Enumerable.Range(0, shuffled.RowCount).Where(i => second.Labels[i] == c).Select(i => shuffled.RowIds![i]).ToHashSet()))];

        IdentityMatch match = SegmentIdentityMatcher.Match(known, clusters);

        var before = Enumerable.Range(0, data.RowCount).ToDictionary(i => raw.RowIds![i], i => names[first.Labels[i]]);
        int same = Enumerable.Range(0, shuffled.RowCount).Count(i => match.NameByLabel.TryGetValue(second.Labels[i], out string? name) && name == before[shuffled.RowIds![i]]);
        Assert.True(same >= 0.99 * data.RowCount, $"only {same} of {data.RowCount} customers kept their segment");
    }
}
