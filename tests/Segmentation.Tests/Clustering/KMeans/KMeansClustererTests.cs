using Segmentation.Clustering;
using Segmentation.Clustering.KMeans;
using Segmentation.Kernels;

namespace Segmentation.Tests.Clustering.KMeans;

public class KMeansClustererTests
{
    [Theory]
    [InlineData(KMeansAlgorithm.Lloyd, KMeansPrecision.Double, 12)]
    [InlineData(KMeansAlgorithm.Hamerly, KMeansPrecision.Double, 12)]
    [InlineData(KMeansAlgorithm.Lloyd, KMeansPrecision.Single, 12)]
    [InlineData(KMeansAlgorithm.Hamerly, KMeansPrecision.Single, 12)]
    [InlineData(KMeansAlgorithm.Yinyang, KMeansPrecision.Double, 70)]
    [InlineData(KMeansAlgorithm.Yinyang, KMeansPrecision.Single, 70)]
    public void Fit_OneThreadVersusTwo_BitIdenticalResult(object algorithmValue, object precisionValue, int k)
    {
        // The enums are internal (issue #22), so the theory receives them boxed.
        KMeansAlgorithm algorithm = (KMeansAlgorithm)algorithmValue;
        KMeansPrecision precision = (KMeansPrecision)precisionValue;
        // Several chunks (20,000 rows), so that the two-thread run really splits the work.
        FeatureMatrix data = KMeansTestData.Blobs(20_000, 7, 12, seed: 5, spread: 3);
        KMeansModel one = Fit(data, new KMeansOptions { K = k, Algorithm = algorithm, Precision = precision, MaxDegreeOfParallelism = 1 });
        KMeansModel two = Fit(data, new KMeansOptions { K = k, Algorithm = algorithm, Precision = precision, MaxDegreeOfParallelism = 2 });

        Assert.Equal(one.Labels, two.Labels);
        Assert.Equal(BitConverter.DoubleToInt64Bits(one.Inertia), BitConverter.DoubleToInt64Bits(two.Inertia));
        Assert.Equal(one.Centroids.Values.ToArray(), two.Centroids.Values.ToArray());
        Assert.Equal(one.InertiaByIteration, two.InertiaByIteration);
    }

    [Theory]
    [InlineData(3, KMeansAlgorithm.Auto, 1)]
    [InlineData(8, KMeansAlgorithm.Auto, 2)]
    [InlineData(8, KMeansAlgorithm.Hamerly, 1)]
    [InlineData(70, KMeansAlgorithm.Yinyang, 1)]
    public void FitPrepared_SharedAcrossKs_SameModelAsOwnPreparation(int k, object algorithmValue, int threads)
    {
        // One preparation (made for another k, screen packed) serves every fit of the same rows, as k selection's candidates share it.
        FeatureMatrix data = KMeansTestData.Blobs(20_000, 7, 12, seed: 5, spread: 3);
        using var shared = KMeansData<double>.Create(data, 3, 1, CancellationToken.None);
        _ = shared.Screen;
        var options = new KMeansOptions { K = k, Algorithm = (KMeansAlgorithm)algorithmValue, NInit = 2, Seed = 4, MaxDegreeOfParallelism = threads };
        KMeansModel own = new KMeansClusterer(options).Fit(data);
        KMeansModel prepared = new KMeansClusterer(options).FitPrepared(data, shared);

        Assert.Equal(own.Labels, prepared.Labels);
        Assert.Equal(BitConverter.DoubleToInt64Bits(own.Inertia), BitConverter.DoubleToInt64Bits(prepared.Inertia));
        Assert.Equal(own.Centroids.Values.ToArray(), prepared.Centroids.Values.ToArray());
        Assert.Equal(own.InertiaByIteration, prepared.InertiaByIteration);
    }

    [Fact]
    public void FitPrepared_PreparationOfOtherRowsOrSinglePrecision_PreparesItsOwn()
    {
        FeatureMatrix data = KMeansTestData.Blobs(5_000, 4, 5, seed: 2);
        FeatureMatrix other = KMeansTestData.Blobs(4_000, 4, 5, seed: 3);
        using var otherPrepared = KMeansData<double>.Create(other, 5, 1, CancellationToken.None);
        _ = otherPrepared.Screen;
        foreach (KMeansPrecision precision in new[] { KMeansPrecision.Double, KMeansPrecision.Single })
        {
            var options = new KMeansOptions { K = 5, Seed = 1, Precision = precision };
            KMeansModel own = new KMeansClusterer(options).Fit(data);
            KMeansModel fallback = new KMeansClusterer(options).FitPrepared(data, otherPrepared);
            Assert.Equal(own.Labels, fallback.Labels);
            Assert.Equal(BitConverter.DoubleToInt64Bits(own.Inertia), BitConverter.DoubleToInt64Bits(fallback.Inertia));
        }
    }

    [Theory]
    [InlineData(KMeansAlgorithm.Hamerly, KMeansPrecision.Double, 4)]
    [InlineData(KMeansAlgorithm.Hamerly, KMeansPrecision.Double, 40)]
    [InlineData(KMeansAlgorithm.Hamerly, KMeansPrecision.Single, 40)]
    [InlineData(KMeansAlgorithm.Yinyang, KMeansPrecision.Double, 4)]
    [InlineData(KMeansAlgorithm.Yinyang, KMeansPrecision.Double, 40)]
    [InlineData(KMeansAlgorithm.Yinyang, KMeansPrecision.Single, 40)]
    [InlineData(KMeansAlgorithm.Yinyang, KMeansPrecision.Double, 97)]
    [InlineData(KMeansAlgorithm.Yinyang, KMeansPrecision.Single, 150)]
    public void Fit_BoundsVersusLloyd_SameLabelsInertiaAndIterations(object algorithmValue, object precisionValue, int k)
    {
        // The enums are internal (issue #22), so the theory receives them boxed.
        KMeansAlgorithm algorithm = (KMeansAlgorithm)algorithmValue;
        KMeansPrecision precision = (KMeansPrecision)precisionValue;
        FeatureMatrix data = KMeansTestData.Blobs(15_000, 5, 30, seed: 11, spread: 2.5, offset: 50);
        KMeansModel lloyd = Fit(data, new KMeansOptions { K = k, Algorithm = KMeansAlgorithm.Lloyd, Precision = precision, Tolerance = 0 });
        KMeansModel bounded = Fit(data, new KMeansOptions { K = k, Algorithm = algorithm, Precision = precision, Tolerance = 0 });

        Assert.Equal(lloyd.Labels, bounded.Labels);
        Assert.Equal(lloyd.Iterations, bounded.Iterations);
        Assert.Equal(lloyd.Inertia, bounded.Inertia);
        Assert.Equal(lloyd.Centroids.Values.ToArray(), bounded.Centroids.Values.ToArray());

        // Lloyd's per-iteration inertia comes from the fixed-point sums, the bounded runs' from exact distances on their
        // first pass and then from the same sums: equal to rounding.
        Assert.Equal(lloyd.InertiaByIteration, bounded.InertiaByIteration, new Tolerance(precision == KMeansPrecision.Double ? 1e-9 : 1e-5));
    }

    [Theory]
    [InlineData(16, 16, KMeansPrecision.Double, KMeansAlgorithm.Lloyd)]
    [InlineData(256, 16, KMeansPrecision.Double, KMeansAlgorithm.Lloyd)] // k·d = 4096: the screened kernel alone is cheaper
    [InlineData(511, 16, KMeansPrecision.Double, KMeansAlgorithm.Lloyd)]
    [InlineData(512, 16, KMeansPrecision.Double, KMeansAlgorithm.Hamerly)] // k·d = 8192
    [InlineData(128, 64, KMeansPrecision.Double, KMeansAlgorithm.Hamerly)]
    [InlineData(1023, 8, KMeansPrecision.Double, KMeansAlgorithm.Lloyd)]
    [InlineData(64, 16, KMeansPrecision.Single, KMeansAlgorithm.Lloyd)] // float32: both score in float32
    [InlineData(128, 16, KMeansPrecision.Single, KMeansAlgorithm.Hamerly)] // k·d = 2048
    [InlineData(256, 16, KMeansPrecision.Single, KMeansAlgorithm.Hamerly)]
    [InlineData(1024, 16, KMeansPrecision.Double, KMeansAlgorithm.Yinyang)] // 32 float32 bounds per row = the row's 16 doubles
    [InlineData(1024, 16, KMeansPrecision.Single, KMeansAlgorithm.Yinyang)]
    [InlineData(2048, 16, KMeansPrecision.Double, KMeansAlgorithm.Hamerly)] // Yinyang's bounds would be twice the data
    [InlineData(2048, 32, KMeansPrecision.Double, KMeansAlgorithm.Yinyang)]
    public void AutoAlgorithm_ByShape_PicksTheMeasuredFastestWithinTheMemoryBudget(int k, int d, object precisionValue, object expectedValue)
        => Assert.Equal((KMeansAlgorithm)expectedValue, KMeansClusterer.AutoAlgorithm(k, d, (KMeansPrecision)precisionValue, KernelPath.Vector512));

    [Theory]
    [InlineData(16, 16, (int)KernelPath.Vector256, KMeansAlgorithm.Lloyd)]
    [InlineData(128, 16, (int)KernelPath.Vector256, KMeansAlgorithm.Lloyd)] // k·d = 2048: d = 32, k = 64 ran Hamerly 1.8× slower
    [InlineData(256, 16, (int)KernelPath.Vector256, KMeansAlgorithm.Hamerly)] // k·d = 4096: Lloyd on 512-bit kernels
    [InlineData(64, 64, (int)KernelPath.Vector256, KMeansAlgorithm.Hamerly)]
    [InlineData(16, 16, (int)KernelPath.Vector128, KMeansAlgorithm.Lloyd)]
    [InlineData(128, 16, (int)KernelPath.Vector128, KMeansAlgorithm.Hamerly)] // k·d = 2048
    [InlineData(128, 16, (int)KernelPath.Scalar, KMeansAlgorithm.Hamerly)]
    [InlineData(1024, 16, (int)KernelPath.Vector256, KMeansAlgorithm.Yinyang)]
    public void AutoAlgorithm_NarrowerKernels_TurnToBoundsSooner(int k, int d, int path, object expectedValue)
        => Assert.Equal((KMeansAlgorithm)expectedValue, KMeansClusterer.AutoAlgorithm(k, d, KMeansPrecision.Double, (KernelPath)path));

    [Fact]
    public void Fit_YinyangWithRestarts_SameAsLloyd()
    {
        // Each restart groups its own initial centers, so the number of groups can differ from run to run.
        FeatureMatrix data = KMeansTestData.Blobs(6_000, 4, 80, seed: 21, spread: 1.5);
        KMeansModel lloyd = Fit(data, new KMeansOptions { K = 100, NInit = 3, Seed = 4, Algorithm = KMeansAlgorithm.Lloyd });
        KMeansModel yinyang = Fit(data, new KMeansOptions { K = 100, NInit = 3, Seed = 4, Algorithm = KMeansAlgorithm.Yinyang });

        Assert.Equal(lloyd.Labels, yinyang.Labels);
        Assert.Equal(lloyd.Inertia, yinyang.Inertia);
        Assert.Equal(lloyd.Iterations, yinyang.Iterations);
    }

    [Fact]
    public void Fit_SingleVersusDouble_InertiaWithinOneThousandth()
    {
        FeatureMatrix data = KMeansTestData.Blobs(5_000, 6, 8, seed: 2, offset: 1e4);
        KMeansModel dbl = Fit(data, new KMeansOptions { K = 8, Seed = 3 });
        KMeansModel sgl = Fit(data, new KMeansOptions { K = 8, Seed = 3, SinglePrecisionDistances = true });
        Assert.Equal(dbl.Inertia, sgl.Inertia, dbl.Inertia * 1e-3);
    }

    [Fact]
    public void Fit_IntegerWeights_SameAsRepeatedRows()
    {
        FeatureMatrix data = KMeansTestData.Blobs(300, 3, 4, seed: 8);
        double[] weights = [.. Enumerable.Range(0, 300).Select(i => (double)(1 + (i % 3)))];
        var repeated = new List<double[]>();
        for (int i = 0; i < 300; i++)
        {
            for (int r = 0; r < weights[i]; r++)
            {
                repeated.Add(data.Row(i).ToArray());
            }
        }

        FeatureMatrix init = FeatureMatrix.FromRows([data.Row(0).ToArray(), data.Row(1).ToArray(), data.Row(2).ToArray(), data.Row(3).ToArray()]);
        var options = new KMeansOptions { K = 4, Init = KMeansInit.Given, InitialCenters = init };
        KMeansModel weighted = Fit(data.WithRowWeights(weights), options);
        KMeansModel expanded = Fit(FeatureMatrix.FromRows(repeated), options);

        Assert.Equal(expanded.Inertia, weighted.Inertia, expanded.Inertia * 1e-9);
        Assert.Equal(expanded.Centroids.Values.ToArray(), weighted.Centroids.Values.ToArray(), new Tolerance(1e-9));
    }

    [Fact]
    public void Fit_KMeansParallelInit_DeterministicAndAsGoodAsKMeansPlusPlus()
    {
        FeatureMatrix data = KMeansTestData.Blobs(30_000, 5, 20, seed: 12, spread: 0.7);
        KMeansModel one = Fit(data, new KMeansOptions { K = 20, Init = KMeansInit.KMeansParallel, MaxDegreeOfParallelism = 1 });
        KMeansModel two = Fit(data, new KMeansOptions { K = 20, Init = KMeansInit.KMeansParallel, MaxDegreeOfParallelism = 2 });
        KMeansModel plusPlus = Fit(data, new KMeansOptions { K = 20, NInit = 3 });

        Assert.Equal(one.Labels, two.Labels);
        Assert.Equal(one.Inertia, two.Inertia);
        Assert.True(one.Inertia <= plusPlus.Inertia * 1.05, $"k-means|| {one.Inertia} vs k-means++ {plusPlus.Inertia}");
    }

    [Fact]
    public void Fit_KMeansParallelOnTinyData_FallsBackAndFindsKClusters()
    {
        FeatureMatrix data = FeatureMatrix.FromRows([[0.0], [0.0], [1.0], [5.0], [5.0], [9.0]]);
        KMeansModel model = Fit(data, new KMeansOptions { K = 4, Init = KMeansInit.KMeansParallel });
        Assert.Equal(4, model.Labels.Distinct().Count());
    }

    [Fact]
    public void Fit_NInit_KeepsLowestInertiaRun()
    {
        FeatureMatrix data = KMeansTestData.Blobs(2_000, 2, 9, seed: 4, spread: 1.5);
        double[] single = [.. Enumerable.Range(0, 5).Select(seed => Fit(data, new KMeansOptions { K = 9, Seed = seed, Init = KMeansInit.Random }).Inertia)];
        KMeansModel best = Fit(data, new KMeansOptions { K = 9, Seed = 0, NInit = 5, Init = KMeansInit.Random });
        Assert.Equal(single.Min(), best.Inertia);
    }

    [Fact]
    public void Fit_Progress_ReportsEveryIteration()
    {
        FeatureMatrix data = KMeansTestData.Blobs(1_000, 3, 5, seed: 1);
        var reports = new List<KMeansProgress>();
        KMeansModel model = new KMeansClusterer(new KMeansOptions { K = 5, NInit = 2 }).Fit(data, new SynchronousProgress(reports.Add));
        double[][] byRun = [.. reports.GroupBy(r => r.Run).OrderBy(g => g.Key).Select(g => g.Select(r => r.Inertia).ToArray())];
        Assert.Equal(2, byRun.Length);
        Assert.All(reports.GroupBy(r => r.Run), g => Assert.Equal(Enumerable.Range(1, g.Count()), g.Select(r => r.Iteration)));
        Assert.Contains(byRun, trace => trace.SequenceEqual(model.InertiaByIteration));
    }

    [Fact]
    public void Fit_CancelledToken_Throws()
    {
        FeatureMatrix data = KMeansTestData.Blobs(1_000, 3, 5, seed: 1);
        using var source = new CancellationTokenSource();
        source.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => new KMeansClusterer(5).Fit(data, source.Token));
    }

    [Fact]
    public void Transform_Batch_MatchesSinglePointDistancesAndPredict()
    {
        FeatureMatrix data = KMeansTestData.Blobs(500, 4, 6, seed: 9);
        KMeansModel model = Fit(data, new KMeansOptions { K = 6 });
        FeatureMatrix distances = model.Transform(data);
        int[] predicted = model.Predict(data);
        Assert.Equal(model.Labels, predicted);
        for (int i = 0; i < data.RowCount; i++)
        {
            double[] single = model.Transform(data.Row(i));
            for (int c = 0; c < 6; c++)
            {
                Assert.Equal(single[c], distances[i, c], 1e-9 * (1 + single[c]));
            }

            Assert.Equal(model.Predict(data.Row(i)), predicted[i]);
        }
    }

    [Fact]
    public void Fit_KGreaterThanDistinctRows_ThrowsNamingTheCount()
    {
        FeatureMatrix data = FeatureMatrix.FromRows([[1.0, 2], [1.0, 2], [3.0, 4]]);
        var error = Assert.Throws<ArgumentException>(() => new KMeansClusterer(3).Fit(data));
        Assert.Contains("only 2 distinct", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_NaN_ThrowsNamingRowAndColumn()
    {
        FeatureMatrix data = FeatureMatrix.FromRows([[1.0, 2], [double.NaN, 2], [3.0, 4]]);
        var error = Assert.Throws<ArgumentException>(() => new KMeansClusterer(2).Fit(data));
        Assert.Contains("row 1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(double.NaN, double.NaN)]
    [InlineData(double.PositiveInfinity, double.NegativeInfinity)]
    [InlineData(double.NegativeInfinity, 1.0)]
    public void Fit_NonFiniteValueAndTooFewDistinctRows_ReportsTheValueFirst(double first, double second)
    {
        // The finiteness check rides on the preparation's pass; a check that fails before it still names the value.
        FeatureMatrix data = FeatureMatrix.FromRows([[1.0, 2], [first, 2], [1.0, 2], [second, 7]]);
        var error = Assert.Throws<ArgumentException>(() => new KMeansClusterer(5).Fit(data));
        Assert.Contains("row 1", error.Message, StringComparison.Ordinal);
        var weighted = FeatureMatrix.Create([1.0, 2, first, 2, 3, 4], 2, FeatureSchema.Default(2), weights: [0.0, 0, 0]);
        Assert.Contains("row 1", Assert.Throws<ArgumentException>(() => new KMeansClusterer(2).Fit(weighted)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_HugeFiniteValues_AreNotTakenForNonFinite()
    {
        // Squares that overflow to infinity send the preparation to the full scan, which finds every value finite; the
        // fit then stops where it always did, at the sums it cannot hold.
        FeatureMatrix data = FeatureMatrix.FromRows([[1e200, 1], [1e200, 2], [-1e200, 3], [0.0, 4]]);
        var error = Assert.Throws<ArgumentException>(() => new KMeansClusterer(new KMeansOptions { K = 2, Seed = 1 }).Fit(data));
        Assert.Contains("too large for k-means", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_Infinity_Throws()
    {
        FeatureMatrix data = FeatureMatrix.FromRows([[1.0, double.PositiveInfinity], [1.0, 2], [3.0, 4]]);
        Assert.Throws<ArgumentException>(() => new KMeansClusterer(2).Fit(data));
    }

    [Fact]
    public void Fit_ZeroRows_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new KMeansClusterer(1).Fit(FeatureMatrix.FromSpan([], 3)));
        Assert.Contains("at least one row", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_InitialCentersWithWrongWidth_ThrowsNamingBothWidths()
    {
        FeatureMatrix data = KMeansTestData.Blobs(50, 3, 2, seed: 1);
        var options = new KMeansOptions { K = 2, Init = KMeansInit.Given, InitialCenters = FeatureMatrix.FromRows([[0.0, 0], [1.0, 1]]) };
        var error = Assert.Throws<ArgumentException>(() => new KMeansClusterer(options).Fit(data));
        Assert.Contains("2 columns but the data has 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_InitialCentersWithWrongRowCount_Throws()
    {
        var options = new KMeansOptions { K = 3, Init = KMeansInit.Given, InitialCenters = FeatureMatrix.FromRows([[0.0, 0], [1.0, 1]]) };
        var error = Assert.Throws<ArgumentException>(() => new KMeansClusterer(options));
        Assert.Contains("2 rows but K is 3", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Constructor_KBelowOne_Throws(int k)
        => Assert.Throws<ArgumentException>(() => new KMeansClusterer(k));

    [Fact]
    public void Constructor_GivenInitWithoutCenters_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new KMeansClusterer(new KMeansOptions { Init = KMeansInit.Given }));
        Assert.Contains("InitialCenters must be set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_BadThreadCount_Throws()
        => Assert.Throws<ArgumentException>(() => new KMeansClusterer(new KMeansOptions { MaxDegreeOfParallelism = 0 }));

    [Fact]
    public void Fit_KEqualsOne_CentroidIsWeightedMean()
    {
        FeatureMatrix data = FeatureMatrix.FromRows([[0.0], [1.0], [5.0]]).WithRowWeights([1, 1, 2]);
        KMeansModel model = Fit(data, new KMeansOptions { K = 1 });
        Assert.Equal(11.0 / 4, model.Centroids[0, 0], 1e-12);
        Assert.True(model.Converged);
    }

    [Fact]
    public void WarmUp_BeforeAFit_SameLabelsAndInertiaAsWithout()
    {
        FeatureMatrix data = KMeansTestData.Blobs(3000, 5, 6, seed: 4);
        var options = new KMeansOptions { K = 6, Seed = 2 };
        KMeansModel before = Fit(data, options);

        KMeansClusterer.WarmUp(6, 5);
        KMeansClusterer.WarmUp(3, 2, KMeansPrecision.Single, maxDegreeOfParallelism: 1);
        KMeansClusterer.WarmUp(1024, 16); // Yinyang, run on 64 centers
        KMeansClusterer.WarmUp(1, 1);
        KMeansModel after = Fit(data, options);

        Assert.Equal(before.Labels, after.Labels);
        Assert.Equal(BitConverter.DoubleToInt64Bits(before.Inertia), BitConverter.DoubleToInt64Bits(after.Inertia));
    }

    [Theory]
    [InlineData(0, 4)]
    [InlineData(4, 0)]
    public void WarmUp_KOrColumnsBelowOne_Throws(int k, int columns)
        => Assert.Throws<ArgumentOutOfRangeException>(() => KMeansClusterer.WarmUp(k, columns));

    private static KMeansModel Fit(FeatureMatrix data, KMeansOptions options) => new KMeansClusterer(options).Fit(data);

    private sealed class SynchronousProgress(Action<KMeansProgress> report) : IProgress<KMeansProgress>
    {
        public void Report(KMeansProgress value) => report(value);
    }

    private sealed class Tolerance(double relative) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= relative * (1 + Math.Abs(x));

        public int GetHashCode(double obj) => 0;
    }
}
