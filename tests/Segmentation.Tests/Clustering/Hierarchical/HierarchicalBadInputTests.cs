using Segmentation.Clustering;
using Segmentation.Clustering.Hierarchical;

namespace Segmentation.Tests.Clustering.Hierarchical;

public sealed class HierarchicalBadInputTests
{
    private static readonly FeatureMatrix Small = FeatureMatrix.FromRows([[0.0, 1.0], [1.0, 1.0], [5.0, 2.0]]);

    [Fact]
    public void ParseLinkage_UnknownName_ListsTheValidOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => HierarchicalOptions.ParseLinkage("wards"));

        Assert.Contains("Unknown linkage 'wards'", error.Message, StringComparison.Ordinal);
        Assert.Contains("ward, complete, average, single, weighted, centroid, median", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseLinkage_AnyCase_Parses() => Assert.Equal(Linkage.Average, HierarchicalOptions.ParseLinkage("AVERAGE"));

    [Fact]
    public void Constructor_UndefinedLinkage_NamesTheOption()
    {
        var error = Assert.Throws<ArgumentException>(() => new HierarchicalClusterer(new HierarchicalOptions { Linkage = (Linkage)42 }));

        Assert.Contains("HierarchicalOptions.Linkage must be one of", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_KAndThreshold_AreMutuallyExclusive()
    {
        var error = Assert.Throws<ArgumentException>(() => new HierarchicalClusterer(new HierarchicalOptions { K = 3, DistanceThreshold = 1 }));

        Assert.Contains("mutually exclusive", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Constructor_BadThreshold_NamesTheOption(double threshold)
    {
        var error = Assert.Throws<ArgumentException>(() => new HierarchicalClusterer(new HierarchicalOptions { DistanceThreshold = threshold }));

        Assert.Contains("HierarchicalOptions.DistanceThreshold must be a finite number at least 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_TinyBudget_NamesTheOption()
    {
        var error = Assert.Throws<ArgumentException>(() => new HierarchicalClusterer(new HierarchicalOptions { MemoryBudgetBytes = 1000 }));

        Assert.Contains("HierarchicalOptions.MemoryBudgetBytes must be at least 1048576, but was 1000.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_KLargerThanRows_SaysHowManyRowsThereAre()
    {
        var error = Assert.Throws<ArgumentException>(() => new HierarchicalClusterer(Linkage.Ward, 4).Fit(Small));

        Assert.Contains("HierarchicalOptions.K is 4, but the data has only 3 rows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_NaN_NamesTheRowAndColumn()
    {
        FeatureMatrix data = FeatureMatrix.FromRows([[0.0, 1.0], [double.NaN, 1.0], [5.0, 2.0]]);

        var error = Assert.Throws<ArgumentException>(() => new HierarchicalClusterer(Linkage.Single, 2).Fit(data));

        Assert.Contains("row 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("NaN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_ZeroWeight_NamesTheRow()
    {
        FeatureMatrix data = Small.WithRowWeights([1.0, 0.0, 1.0]);

        var error = Assert.Throws<ArgumentException>(() => new HierarchicalClusterer(Linkage.Ward, 2).Fit(data));

        Assert.Contains("row 1 has weight 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_MatrixLinkageOverBudget_SaysWhatItNeeds()
    {
        var clusterer = new HierarchicalClusterer(new HierarchicalOptions { Linkage = Linkage.Complete, MemoryBudgetBytes = 1L << 20 });

        var error = Assert.Throws<ArgumentException>(() => clusterer.ChooseMethod(100_000, 16));

        Assert.Contains("HierarchicalOptions.MemoryBudgetBytes (1048576) is too small for the condensed distance matrix of 100000 rows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_VectorBudgetTooSmall_NamesTheBudget()
    {
        var clusterer = new HierarchicalClusterer(new HierarchicalOptions { Linkage = Linkage.Ward, MemoryBudgetBytes = 1L << 20, Method = HierarchicalMethod.Vector });

        var error = Assert.Throws<ArgumentException>(() => clusterer.ChooseMethod(100_000, 16));

        Assert.Contains("HierarchicalOptions.MemoryBudgetBytes (1048576) is too small for the O(n·d) ward linkage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_VectorMethodForComplete_IsRefused()
    {
        var clusterer = new HierarchicalClusterer(new HierarchicalOptions { Linkage = Linkage.Complete, Method = HierarchicalMethod.Vector, K = 2 });

        var error = Assert.Throws<ArgumentException>(() => clusterer.Fit(Small));

        Assert.Contains("HierarchicalOptions.Method is Vector, but complete linkage has no O(n·d) method", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cut_KOutOfRange_Throws()
    {
        HierarchicalModel model = new HierarchicalClusterer(Linkage.Ward, 2).Fit(Small);

        Assert.Throws<ArgumentOutOfRangeException>(() => model.Cut(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Cut(4));
    }

    [Fact]
    public void Predict_WrongLength_Throws()
    {
        HierarchicalModel model = new HierarchicalClusterer(Linkage.Ward, 2).Fit(Small);

        Assert.Throws<ArgumentException>(() => model.Predict([1.0]));
    }
}
