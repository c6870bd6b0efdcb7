using Segmentation.Kernels;

namespace Segmentation.Tests.Kernels;

public class SeedingKernelsTests
{
    public static TheoryData<int> Paths => DistanceKernelsTests.Paths;

    [Theory]
    [MemberData(nameof(Paths))]
    public void CandidatePotentialsAndUpdateClosest_MatchPlainLoops(int pathValue) => CheckAgainstPlainLoops<double>((KernelPath)pathValue, relative: 1e-9, absolute: 1e-9);

    /// <summary>float32 tiles (float32 data, and float64 data seeded on its screen) meet float64 closest distances four lanes at a time.</summary>
    [Theory]
    [MemberData(nameof(Paths))]
    public void CandidatePotentialsAndUpdateClosest_Float32Tiles_MatchPlainLoops(int pathValue) => CheckAgainstPlainLoops<float>((KernelPath)pathValue, relative: 1e-5, absolute: 1e-4);

    private static void CheckAgainstPlainLoops<T>(KernelPath path, double relative, double absolute)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        foreach ((int n, int d, int candidates, bool weighted) in new[] { (1, 1, 1, false), (37, 5, 3, true), (130, 16, 8, false), (64, 19, 7, true), (100, 3, 2, true) })
        {
            var random = new Random(n + d);

            // Values representable in T, so that the plain loops below see what the kernel sees.
            double Draw() => double.CreateTruncating(T.CreateTruncating((random.NextDouble() * 10) - 5));
            double[] points = [.. Enumerable.Range(0, n * d).Select(_ => Draw())];
            double[] centers = [.. Enumerable.Range(0, candidates * d).Select(_ => Draw())];
            double[] weights = weighted ? [.. Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2)] : [];
            double[] closest = [.. Enumerable.Range(0, n).Select(_ => random.NextDouble() * 100)];
            var tiles = new T[(n + 64) * d];
            DistanceKernels.PackTiles<T>([.. points.Select(T.CreateTruncating)], d, tiles, path);

            double Distance(int i, int c) => Enumerable.Range(0, d).Sum(j => Math.Pow(points[(i * d) + j] - centers[(c * d) + j], 2));
            double Weight(int i) => weighted ? weights[i] : 1.0;

            var potentials = new double[candidates];
            SeedingKernels.CandidatePotentials<T>(tiles, n, d, CenterPanel<T>.Create(centers, d), closest, weights, potentials, path);
            for (int c = 0; c < candidates; c++)
            {
                double expected = Enumerable.Range(0, n).Sum(i => Weight(i) * Math.Min(closest[i], Distance(i, c)));
                Assert.Equal(expected, potentials[c], relative * Math.Max(1, expected));
            }

            double[] updated = (double[])closest.Clone();
            double total = SeedingKernels.UpdateClosest<T>(tiles, n, d, CenterPanel<T>.Create(centers.AsSpan(0, d), d), updated, weights, first: false, path);
            double[] first = new double[n];
            double firstTotal = SeedingKernels.UpdateClosest<T>(tiles, n, d, CenterPanel<T>.Create(centers.AsSpan(0, d), d), first, weights, first: true, path);
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(Math.Min(closest[i], Distance(i, 0)), updated[i], absolute);
                Assert.Equal(Distance(i, 0), first[i], absolute);
            }

            Assert.Equal(Enumerable.Range(0, n).Sum(i => Weight(i) * updated[i]), total, relative * Math.Max(1, total));
            Assert.Equal(Enumerable.Range(0, n).Sum(i => Weight(i) * first[i]), firstTotal, relative * Math.Max(1, firstTotal));
        }
    }

    [Fact]
    public void CandidatePotentials_MoreThanEightCandidates_Throws()
    {
        var panel = CenterPanel<double>.Create(new double[9], 1);
        Assert.Throws<ArgumentException>(() => SeedingKernels.CandidatePotentials<double>(
            new double[64], 1, 1, panel, new double[1], [], new double[9], KernelPath.Scalar));
    }
}
