using Segmentation.Clustering;
using Segmentation.Clustering.KMeans;

namespace Segmentation.Tests.Clustering.KMeans;

/// <summary>
/// float64 Lloyd screened in float32 (<see cref="KMeansOptions.ScreenInFloat32"/>) against the plain float64 passes:
/// the screen only decides the rows whose float64 label it can prove, so every fit is the same.
/// </summary>
public class KMeansScreeningTests
{
    public static TheoryData<int, bool, double, int> LloydCases
    {
        get
        {
            var cases = new TheoryData<int, bool, double, int>();
            foreach (int k in new[] { 2, 8, 40 })
            {
                foreach (bool weighted in new[] { false, true })
                {
                    foreach (double offset in new[] { 0.0, 1e4 })
                    {
                        foreach (int threads in new[] { 1, 2 })
                        {
                            cases.Add(k, weighted, offset, threads);
                        }
                    }
                }
            }

            return cases;
        }
    }

    [Theory]
    [MemberData(nameof(LloydCases))]
    public void Fit_LloydDouble_ScreenedEqualsUnscreened(int k, bool weighted, double offset, int threads)
    {
        FeatureMatrix data = Data(8_000, 6, 12, seed: k + (int)Math.Log10(offset + 1), spread: 2.5, offset, weighted);
        foreach (int seed in new[] { 0, 7 })
        {
            var options = new KMeansOptions { K = k, Seed = seed, Algorithm = KMeansAlgorithm.Lloyd, MaxDegreeOfParallelism = threads };
            AssertSameFit(data, options);
        }
    }

    [Theory]
    [InlineData(8, false, 0.0)]
    [InlineData(8, true, 1e4)]
    [InlineData(40, false, 1e4)]
    [InlineData(40, true, 0.0)]
    public void Fit_HamerlyDouble_ScreenedEqualsUnscreened(int k, bool weighted, double offset)
    {
        FeatureMatrix data = Data(10_000, 5, 20, seed: 3, spread: 2, offset, weighted);
        foreach (int threads in new[] { 1, 2 })
        {
            // A tolerance stop ends with a full reassigning pass, which is screened.
            AssertSameFit(data, new KMeansOptions { K = k, Seed = 2, Algorithm = KMeansAlgorithm.Hamerly, MaxDegreeOfParallelism = threads });
            AssertSameFit(data, new KMeansOptions { K = k, Seed = 2, Algorithm = KMeansAlgorithm.Hamerly, MaxDegreeOfParallelism = threads, Tolerance = 0, MaxIterations = 5 });
        }
    }

    [Theory]
    [InlineData(KMeansAlgorithm.Lloyd, 0.0)]
    [InlineData(KMeansAlgorithm.Lloyd, 1e6)]
    [InlineData(KMeansAlgorithm.Hamerly, 1e6)]
    public void Fit_IntegerGridWithTies_ScreenedEqualsUnscreened(object algorithmValue, double offset)
    {
        // The enum is internal (issue #22), so the theory receives it boxed.
        KMeansAlgorithm algorithm = (KMeansAlgorithm)algorithmValue;
        // Duplicated rows on a small integer grid: many rows lie exactly halfway between centers, which float32 cannot
        // tell apart (and far from the origin, cannot even represent); the float64 kernel's lowest index must win.
        var random = new Random(9);
        double[] values = [.. Enumerable.Range(0, 6_000 * 3).Select(_ => offset + random.Next(5))];
        FeatureMatrix data = FeatureMatrix.FromSpan(values, 3);
        foreach (int k in new[] { 3, 10 })
        {
            AssertSameFit(data, new KMeansOptions { K = k, Seed = 1, Algorithm = algorithm });
            AssertSameFit(data, new KMeansOptions { K = k, Seed = 1, Algorithm = algorithm, Init = KMeansInit.Random, MaxIterations = 3 });
        }
    }

    [Theory]
    [InlineData(KMeansAlgorithm.Lloyd, 8)]
    [InlineData(KMeansAlgorithm.Lloyd, 40)]
    [InlineData(KMeansAlgorithm.Hamerly, 40)]
    public void Fit_ScreenedOneThreadVersusTwo_BitIdenticalResult(object algorithmValue, int k)
    {
        // The enum is internal (issue #22), so the theory receives it boxed.
        KMeansAlgorithm algorithm = (KMeansAlgorithm)algorithmValue;
        FeatureMatrix data = Data(20_000, 7, 12, seed: 5, spread: 3, offset: 1e4, weighted: true);
        KMeansModel one = Fit(data, new KMeansOptions { K = k, Algorithm = algorithm, MaxDegreeOfParallelism = 1 });
        KMeansModel two = Fit(data, new KMeansOptions { K = k, Algorithm = algorithm, MaxDegreeOfParallelism = 2 });

        Assert.Equal(one.Labels, two.Labels);
        Assert.Equal(BitConverter.DoubleToInt64Bits(one.Inertia), BitConverter.DoubleToInt64Bits(two.Inertia));
        Assert.Equal(one.Centroids.Values.ToArray(), two.Centroids.Values.ToArray());
        Assert.Equal(one.InertiaByIteration, two.InertiaByIteration);
        Assert.Equal(one.Iterations, two.Iterations);
    }

    [Fact]
    public void Fit_GivenCentersMuchSmallerThanTheSpread_ScreenedEqualsUnscreened()
    {
        // The rows are ±2^-511 (spread 2^-511), the centers 2^-611 and 2^-610: x·c underflows to zero in float64, so the
        // float64 kernel sees a tie (label 0) where the scaled float32 scores clearly prefer center 1.
        double x = Math.ScaleB(1, -511);
        FeatureMatrix data = FeatureMatrix.FromRows([[x], [-x], [x], [-x]]);
        FeatureMatrix init = FeatureMatrix.FromRows([[Math.ScaleB(1, -611)], [Math.ScaleB(1, -610)]]);
        AssertSameFit(data, new KMeansOptions { K = 2, Init = KMeansInit.Given, InitialCenters = init, Algorithm = KMeansAlgorithm.Lloyd });
    }

    private static void AssertSameFit(FeatureMatrix data, KMeansOptions options)
    {
        KMeansOptions plainOptions = options.Clone();
        plainOptions.ScreenInFloat32 = false;
        KMeansModel screened = Fit(data, options);
        KMeansModel plain = Fit(data, plainOptions);

        Assert.Equal(plain.Labels, screened.Labels);
        Assert.Equal(plain.Centroids.Values.ToArray(), screened.Centroids.Values.ToArray());
        Assert.Equal(BitConverter.DoubleToInt64Bits(plain.Inertia), BitConverter.DoubleToInt64Bits(screened.Inertia));
        Assert.Equal(plain.Iterations, screened.Iterations);
        Assert.Equal(plain.Converged, screened.Converged);

        // Both take the in-loop inertia from the same exact sums: the traces are the same bits.
        Assert.Equal(plain.InertiaByIteration, screened.InertiaByIteration);
    }

    private static FeatureMatrix Data(int n, int d, int clusters, int seed, double spread, double offset, bool weighted)
    {
        FeatureMatrix data = KMeansTestData.Blobs(n, d, clusters, seed, spread, offset);
        if (!weighted)
        {
            return data;
        }

        var random = new Random(seed + 1);
        return data.WithRowWeights([.. Enumerable.Range(0, n).Select(_ => 0.25 + (random.NextDouble() * 3))]);
    }

    private static KMeansModel Fit(FeatureMatrix data, KMeansOptions options) => new KMeansClusterer(options).Fit(data);
}
