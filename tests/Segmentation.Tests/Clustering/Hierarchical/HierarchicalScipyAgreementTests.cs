using Segmentation.Clustering;
using Segmentation.Clustering.Hierarchical;

namespace Segmentation.Tests.Clustering.Hierarchical;

/// <summary>Merge heights, merge order and cuts against SciPy 1.10.1 (Fixtures/make_fixtures.py).</summary>
public sealed class HierarchicalScipyAgreementTests
{
    private const double RelativeTolerance = 1e-9;

    /// <summary>
    /// Every data set and linkage with every method that should reproduce SciPy exactly: the matrix method always
    /// (same arithmetic), single linkage's spanning tree always (same distances), and the centroid-based vector
    /// methods where no two merges tie exactly (on the integer grid their rounding breaks SciPy's exact ties
    /// differently; <see cref="Fit_VectorMethodOnExactTies_ReproducesScipyHeights"/> covers it).
    /// </summary>
    public static TheoryData<string, Linkage, string> Cases()
    {
        var data = new TheoryData<string, Linkage, string>();
        foreach (string set in ScipyFixture.DataSets)
        {
            foreach (Linkage linkage in Enum.GetValues<Linkage>())
            {
                data.Add(set, linkage, linkage == Linkage.Single ? nameof(HierarchicalMethod.Vector) : nameof(HierarchicalMethod.Matrix));
                if (linkage is Linkage.Ward or Linkage.Centroid or Linkage.Median && set != "grid_ties")
                {
                    data.Add(set, linkage, nameof(HierarchicalMethod.Vector));
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fit_AnyDataSet_ReproducesScipyLinkageMatrix(string set, Linkage linkage, string methodName)
    {
        HierarchicalMethod method = Enum.Parse<HierarchicalMethod>(methodName);
        ScipyFixture fixture = ScipyFixture.Load(set);
        HierarchicalModel model = Fit(fixture, linkage, method, k: 1);
        DendrogramMerge[] expected = fixture.Merges(linkage);

        Assert.Equal(method, model.Method);
        Assert.Equal(expected.Length, model.Dendrogram.Merges.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            DendrogramMerge actual = model.Dendrogram.Merges[i];
            Assert.True(
                Math.Abs(actual.Distance - expected[i].Distance) <= RelativeTolerance * Math.Abs(expected[i].Distance),
                $"row {i}: height {actual.Distance:R}, SciPy {expected[i].Distance:R}");
            Assert.Equal((expected[i].A, expected[i].B, expected[i].Size), (actual.A, actual.B, actual.Size));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fit_CutIntoK_MatchesFclusterMaxclust(string set, Linkage linkage, string methodName)
    {
        HierarchicalMethod method = Enum.Parse<HierarchicalMethod>(methodName);
        ScipyFixture fixture = ScipyFixture.Load(set);
        foreach ((int k, int[] labels) in fixture.MaxClust(linkage))
        {
            HierarchicalModel model = Fit(fixture, linkage, method, k);
            Assert.Equal(labels, model.Labels);
            Assert.Equal(labels.Max() + 1, model.ClusterCount);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fit_CutAtDistance_MatchesFclusterDistance(string set, Linkage linkage, string methodName)
    {
        HierarchicalMethod method = Enum.Parse<HierarchicalMethod>(methodName);
        ScipyFixture fixture = ScipyFixture.Load(set);
        HierarchicalModel model = Fit(fixture, linkage, method, k: 1);
        foreach ((double threshold, bool atHeight, int[] labels) in fixture.DistanceCuts(linkage))
        {
            // A threshold equal to a merge height is cut alike only by bit-identical heights (the matrix method).
            if (!atHeight || method == HierarchicalMethod.Matrix)
            {
                Assert.Equal(labels, model.CutAtDistance(threshold).Labels);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void CopheneticCorrelation_AnyDataSet_MatchesScipyCophenet(string set, Linkage linkage, string methodName)
    {
        HierarchicalMethod method = Enum.Parse<HierarchicalMethod>(methodName);
        ScipyFixture fixture = ScipyFixture.Load(set);
        double expected = fixture.Cophenetic(linkage);
        double actual = Fit(fixture, linkage, method, k: 1).CopheneticCorrelation();

        if (double.IsNaN(expected))
        {
            Assert.True(double.IsNaN(actual), $"SciPy's correlation is undefined (all heights equal), ours is {actual}.");
        }
        else
        {
            Assert.Equal(expected, actual, 1e-9);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Cut_ScipyLinkageMatrix_MatchesFclusterMaxclust(string set, Linkage linkage, string methodName)
    {
        HierarchicalMethod method = Enum.Parse<HierarchicalMethod>(methodName);
        _ = method;
        ScipyFixture fixture = ScipyFixture.Load(set);
        var dendrogram = new Dendrogram(fixture.Data.RowCount, linkage, fixture.Merges(linkage));
        foreach ((int k, int[] labels) in fixture.MaxClust(linkage))
        {
            Assert.Equal(labels, dendrogram.Cut(k));
        }
    }

    [Theory]
    [InlineData(Linkage.Ward)]
    [InlineData(Linkage.Centroid)]
    [InlineData(Linkage.Median)]
    public void Fit_VectorMethodOnExactTies_ReproducesScipyHeights(Linkage linkage)
    {
        ScipyFixture fixture = ScipyFixture.Load("grid_ties");
        double[] expected = [.. fixture.Merges(linkage).Select(m => m.Distance).Order()];

        HierarchicalModel model = Fit(fixture, linkage, HierarchicalMethod.Vector, k: 1);

        double[] actual = [.. model.Dendrogram.Merges.Select(m => m.Distance).Order()];
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(actual[i] - expected[i]) <= RelativeTolerance * expected[i], $"height {i}: {actual[i]:R} vs {expected[i]:R}");
        }
    }

    [Theory]
    [InlineData(nameof(HierarchicalMethod.Vector))]
    [InlineData(nameof(HierarchicalMethod.Matrix))]
    public void Fit_IntegerWeights_MatchScipyOnRepeatedRows(string methodName)
    {
        HierarchicalMethod method = Enum.Parse<HierarchicalMethod>(methodName);
        ScipyFixture fixture = ScipyFixture.Load("weighted_ward");
        FeatureMatrix data = FeatureMatrix.FromRows(fixture.Rows("data")).WithRowWeights(fixture.Numbers("weights"));
        double[] expected = fixture.Numbers("nonzero_heights");

        HierarchicalModel model = new HierarchicalClusterer(new HierarchicalOptions { Linkage = Linkage.Ward, K = 1, Method = method }).Fit(data);

        double[] actual = [.. model.Dendrogram.Merges.Select(m => m.Distance)];
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(actual[i] - expected[i]) <= RelativeTolerance * expected[i], $"row {i}: {actual[i]:R} vs {expected[i]:R}");
        }
    }

    private static HierarchicalModel Fit(ScipyFixture fixture, Linkage linkage, HierarchicalMethod method, int k) =>
        new HierarchicalClusterer(new HierarchicalOptions { Linkage = linkage, Method = method, K = k }).Fit(fixture.Data);
}
