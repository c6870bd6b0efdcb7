using System.Text.Json;
using Segmentation.Clustering;
using Segmentation.Clustering.Hierarchical;
using Segmentation.Tests.TestData;

namespace Segmentation.Tests.Clustering.Hierarchical;

public sealed class HierarchicalClustererTests
{
    private static FeatureMatrix RandomData(int n, int d, int seed)
    {
        var random = new Random(seed);
        var rows = new double[n][];
        for (int i = 0; i < n; i++)
        {
            rows[i] = [.. Enumerable.Range(0, d).Select(_ => random.NextDouble() * 10)];
        }

        return FeatureMatrix.FromRows(rows);
    }

    [Theory]
    [InlineData(Linkage.Ward)]
    [InlineData(Linkage.Centroid)]
    [InlineData(Linkage.Median)]
    public void Fit_VectorAndMatrixMethods_BuildTheSameTree(Linkage linkage)
    {
        FeatureMatrix data = RandomData(400, 5, seed: 3);

        HierarchicalModel vector = new HierarchicalClusterer(new HierarchicalOptions { Linkage = linkage, Method = HierarchicalMethod.Vector }).Fit(data);
        HierarchicalModel matrix = new HierarchicalClusterer(new HierarchicalOptions { Linkage = linkage, Method = HierarchicalMethod.Matrix }).Fit(data);

        for (int i = 0; i < data.RowCount - 1; i++)
        {
            DendrogramMerge v = vector.Dendrogram.Merges[i];
            DendrogramMerge m = matrix.Dendrogram.Merges[i];
            Assert.Equal((m.A, m.B, m.Size), (v.A, v.B, v.Size));
            Assert.Equal(m.Distance, v.Distance, m.Distance * 1e-9);
        }
    }

    [Theory]
    [InlineData(Linkage.Ward)]
    [InlineData(Linkage.Single)]
    [InlineData(Linkage.Centroid)]
    public void Fit_OneOrManyThreads_GivesIdenticalTrees(Linkage linkage)
    {
        // Large enough for the distance rows to be split over two threads.
        FeatureMatrix data = RandomData(17_000, 2, seed: 11);

        DendrogramMerge[] one = Tree(data, linkage, threads: 1);
        DendrogramMerge[] two = Tree(data, linkage, threads: 2);

        Assert.Equal(one, two);
    }

    [Fact]
    public void Fit_EqualWeights_ScaleWardHeightsBySquareRootOfTheWeight()
    {
        FeatureMatrix data = RandomData(50, 3, seed: 5);
        FeatureMatrix weighted = data.WithRowWeights(Enumerable.Repeat(4.0, 50).ToArray());

        DendrogramMerge[] plain = Tree(data, Linkage.Ward, threads: 1);
        DendrogramMerge[] scaled = Tree(weighted, Linkage.Ward, threads: 1);

        for (int i = 0; i < plain.Length; i++)
        {
            Assert.Equal((plain[i].A, plain[i].B, plain[i].Size), (scaled[i].A, scaled[i].B, scaled[i].Size));
            Assert.Equal(2 * plain[i].Distance, scaled[i].Distance, plain[i].Distance * 1e-9);
        }
    }

    [Fact]
    public void Fit_WellSeparatedBlobs_RecoversThemWithEveryLinkage()
    {
        (FeatureMatrix data, int[] truth) = Blobs.Generate(Blobs.ThreeCentres, perBlob: 30, spread: 0.5, seed: 1);
        foreach (Linkage linkage in Enum.GetValues<Linkage>())
        {
            HierarchicalModel model = new HierarchicalClusterer(linkage, 3).Fit(data);
            Assert.True(Blobs.SamePartition(model.Labels, truth), linkage.ToString());
            Assert.Equal(3, model.Centroids.RowCount);
        }
    }

    [Fact]
    public void Predict_WardModel_ReturnsTheNearestCutCentroid()
    {
        (FeatureMatrix data, _) = Blobs.Generate(Blobs.ThreeCentres, perBlob: 20, spread: 0.5, seed: 2);
        HierarchicalModel model = new HierarchicalClusterer(Linkage.Ward, 3).Fit(data);

        int label = model.Predict([9.5, 10.4]);

        int expected = Enumerable.Range(0, 3).MinBy(c => ClusterStatistics.SquaredDistance([9.5, 10.4], model.Centroids.Row(c)));
        Assert.Equal(expected, label);
    }

    [Fact]
    public void Predict_SingleLinkageModel_ReturnsTheClusterOfTheNearestMember()
    {
        // A long chain and a far point: the centroid of the chain is far from its end, the member is near.
        FeatureMatrix data = FeatureMatrix.FromRows([[0.0], [1.0], [2.0], [3.0], [4.0], [5.0], [6.0], [11.0]]);
        HierarchicalModel model = new HierarchicalClusterer(Linkage.Single, 2).Fit(data);

        Assert.Equal(model.Labels[6], model.Predict([7.9]));
        Assert.Equal(model.Labels[7], model.Predict([9.0]));
    }

    [Fact]
    public void Fit_DistanceThreshold_CutsAtThatHeight()
    {
        FeatureMatrix data = FeatureMatrix.FromRows([[0.0], [1.0], [10.0], [11.0], [30.0]]);
        var clusterer = new HierarchicalClusterer(new HierarchicalOptions { Linkage = Linkage.Single, DistanceThreshold = 1.5 });

        IClusterModel model = clusterer.Fit(data);

        Assert.Equal([0, 0, 1, 1, 2], model.Labels);
        Assert.Equal(1.5, model.FitMetrics["cut_height"]);
    }

    [Fact]
    public void Cut_NewK_ReusesTheTree()
    {
        FeatureMatrix data = FeatureMatrix.FromRows([[0.0], [1.0], [10.0], [11.0], [30.0]]);
        HierarchicalModel model = new HierarchicalClusterer(Linkage.Average, 1).Fit(data);

        HierarchicalModel three = model.Cut(3);

        Assert.Equal([0, 0, 1, 1, 2], three.Labels);
        Assert.Same(model.Dendrogram, three.Dendrogram);
        Assert.Equal(new[] { 0.5, 10.5, 30.0 }, Enumerable.Range(0, 3).Select(c => three.Centroids[c, 0]));
    }

    [Fact]
    public void DendrogramJson_Tree_HoldsMergesInScipyFormatAndTheLeafOrder()
    {
        FeatureMatrix data = FeatureMatrix.FromRows([[0.0], [1.0], [10.0]]);
        HierarchicalModel model = new HierarchicalClusterer(Linkage.Single, 1).Fit(data);

        using JsonDocument json = JsonDocument.Parse(model.DendrogramJson());

        Assert.Equal("single", json.RootElement.GetProperty("linkage").GetString());
        Assert.Equal(3, json.RootElement.GetProperty("leaves").GetInt32());
        Assert.Equal("[[0,1,1,2],[2,3,9,3]]", json.RootElement.GetProperty("merges").GetRawText());
        Assert.Equal("[2,0,1]", json.RootElement.GetProperty("leaf_order").GetRawText());
    }

    [Fact]
    public void WriteMergesCsv_Tree_WritesHeaderAndOneRowPerMerge()
    {
        FeatureMatrix data = FeatureMatrix.FromRows([[0.0], [1.0], [10.0]]);
        HierarchicalModel model = new HierarchicalClusterer(Linkage.Complete, 1).Fit(data);
        using var writer = new StringWriter();

        model.WriteMergesCsv(writer);

        Assert.Equal(["a,b,distance,size", "0,1,1,2", "2,3,10,3"], writer.ToString().TrimEnd().Split(Environment.NewLine));
    }

    [Fact]
    public void Fit_OneRow_GivesOneClusterAndNoMerges()
    {
        HierarchicalModel model = new HierarchicalClusterer(Linkage.Ward, 1).Fit(FeatureMatrix.FromRows([[1.0, 2.0]]));

        Assert.Empty(model.Dendrogram.Merges);
        Assert.Equal([0], model.Labels);
    }

    [Fact]
    public void Fit_Progress_ReportsUpToOne()
    {
        var reports = new List<double>();
        var options = new HierarchicalOptions { Linkage = Linkage.Ward, Method = HierarchicalMethod.Vector, Progress = new SynchronousProgress(reports.Add) };

        new HierarchicalClusterer(options).Fit(RandomData(300, 2, seed: 1));

        Assert.Equal(1.0, reports[^1]);
        Assert.Equal(reports.Order(), reports);
    }

    [Theory]
    [InlineData(Linkage.Ward, nameof(HierarchicalMethod.Vector))]
    [InlineData(Linkage.Single, nameof(HierarchicalMethod.Vector))]
    [InlineData(Linkage.Centroid, nameof(HierarchicalMethod.Vector))]
    [InlineData(Linkage.Average, nameof(HierarchicalMethod.Matrix))]
    [InlineData(Linkage.Median, nameof(HierarchicalMethod.Matrix))]
    public void Fit_CancelledToken_Throws(Linkage linkage, string methodName)
    {
        HierarchicalMethod method = Enum.Parse<HierarchicalMethod>(methodName);
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        var clusterer = new HierarchicalClusterer(new HierarchicalOptions { Linkage = linkage, Method = method });

        Assert.ThrowsAny<OperationCanceledException>(() => clusterer.Fit(RandomData(50, 2, seed: 1), cancellation.Token));
    }

    [Fact]
    public void ChooseMethod_Auto_UsesVectorsWhereTheLinkageHasThemElseTheMatrix()
    {
        Assert.Equal(HierarchicalMethod.Vector, new HierarchicalClusterer(new HierarchicalOptions { Linkage = Linkage.Ward }).ChooseMethod(5_000, 16));
        Assert.Equal(HierarchicalMethod.Vector, new HierarchicalClusterer(new HierarchicalOptions { Linkage = Linkage.Median }).ChooseMethod(5_000, 16));
        Assert.Equal(HierarchicalMethod.Matrix, new HierarchicalClusterer(new HierarchicalOptions { Linkage = Linkage.Average }).ChooseMethod(5_000, 16));
        Assert.Equal(HierarchicalMethod.Vector, new HierarchicalClusterer(new HierarchicalOptions { Linkage = Linkage.Single, Method = HierarchicalMethod.Matrix }).ChooseMethod(5_000, 16));
    }

    [Fact]
    public void ChooseMethod_MatrixWithinBudget_IsHonoured()
    {
        var clusterer = new HierarchicalClusterer(new HierarchicalOptions { Linkage = Linkage.Ward, Method = HierarchicalMethod.Matrix, MemoryBudgetBytes = 200L << 20 });

        Assert.Equal(HierarchicalMethod.Matrix, clusterer.ChooseMethod(5_000, 16));
        Assert.Throws<ArgumentException>(() => clusterer.ChooseMethod(8_000, 16));
    }

    [Fact]
    public void MergeColumns_OfTheModel_AreTheMergesAsSciPysFourColumns()
    {
        HierarchicalModel model = Clusterers.Hierarchical(new HierarchicalOptions { Linkage = Linkage.Average, K = 3 }).Fit(RandomData(60, 3, seed: 5));
        IReadOnlyList<DendrogramMerge> merges = model.Dendrogram.Merges;

        Assert.Equal(59, model.MergeLeft.Count);
        Assert.Equal(merges.Select(m => m.A), model.MergeLeft);
        Assert.Equal(merges.Select(m => m.B), model.MergeRight);
        Assert.Equal(merges.Select(m => m.Distance), model.MergeHeights);
        Assert.Equal(merges.Select(m => m.Size), model.MergeSizes);
        Assert.Equal(60, model.MergeSizes[^1]);
        Assert.Equal(model.Dendrogram.LeafOrder(), model.LeafOrder());
    }

    private static DendrogramMerge[] Tree(FeatureMatrix data, Linkage linkage, int threads) =>
        [.. new HierarchicalClusterer(new HierarchicalOptions { Linkage = linkage, Method = HierarchicalMethod.Vector, MaxDegreeOfParallelism = threads })
            .Fit(data).Dendrogram.Merges];

    /// <summary>Unlike <see cref="Progress{T}"/>, reports on the calling thread, so the test sees every value in order.</summary>
    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
