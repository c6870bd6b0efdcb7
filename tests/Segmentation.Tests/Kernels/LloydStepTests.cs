using System.Numerics;
using Segmentation.Kernels;

namespace Segmentation.Tests.Kernels;

public class LloydStepTests
{
    public static TheoryData<int> Paths => DistanceKernelsTests.Paths;

    [Theory]
    [MemberData(nameof(Paths))]
    public void Assign_ManyShapes_MatchesNearestKernelListsTheMovesAndSumsTheExactInertia(int pathValue)
    {
        var path = (KernelPath)pathValue;
        for (int n = 0; n <= 130; n += 7)
        {
            int d = 1 + (n % 19);
            int k = 1 + (n % 21);
            Check<double>(path, n, d, k, seed: n, weighted: n % 2 == 1, exact: n % 3 == 0);
            Check<float>(path, n, d, k, seed: n, weighted: n % 2 == 0, exact: n % 3 == 1);
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Assign_FourCentersOrFewer_TilesScoredInPairsMatchNearestKernel(int pathValue)
    {
        // Up to four centers whole tiles are scored two at a time; an odd last tile or a partial one is scored alone.
        var path = (KernelPath)pathValue;
        for (int k = 1; k <= DistanceKernels.PairedCenters; k++)
        {
            foreach (int n in new[] { 31, 64, 100, 129 })
            {
                int d = 1 + ((n + k) % 9);
                Check<double>(path, n, d, k, seed: (k * 1000) + n, weighted: n % 2 == 1, exact: n % 3 == 0);
                Check<float>(path, n, d, k, seed: (k * 1000) + n + 1, weighted: n % 2 == 0, exact: n % 3 == 1);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void PackTiles_PutsCoordinateJOfLaneLAtJTimesWidthPlusL(int pathValue)
    {
        var path = (KernelPath)pathValue;
        int w = DistanceKernels.Width<double>(path);
        const int d = 3;
        int n = (2 * w) + 1;
        double[] points = [.. Enumerable.Range(0, n * d).Select(v => v + 1.0)];
        var tiles = new double[3 * w * d];
        Array.Fill(tiles, -1);
        DistanceKernels.PackTiles<double>(points, d, tiles, path);
        for (int tile = 0; tile < 3; tile++)
        {
            for (int j = 0; j < d; j++)
            {
                for (int lane = 0; lane < w; lane++)
                {
                    int row = (tile * w) + lane;
                    double expected = row < n ? points[(row * d) + j] : 0;
                    Assert.Equal(expected, tiles[(tile * w * d) + (j * w) + lane]);
                }
            }
        }
    }

    [Fact]
    public void Assign_TilesTooShort_Throws()
    {
        var panel = CenterPanel<double>.Create(new double[4], 2);
        Assert.Throws<ArgumentException>(() => LloydStep.Assign<double>(
            new double[9], new double[10], 2, panel, new double[4], [], new int[5], new int[5], new int[5], exactInertia: false, KernelPath.Scalar));
    }

    [Fact]
    public void Assign_SpansTooShort_ThrowsNamingTheMismatch()
    {
        var panel = CenterPanel<double>.Create(new double[4], 2);
        var error = Assert.Throws<ArgumentException>(() => LloydStep.Assign<double>(
            new double[16], new double[10], 2, panel, new double[4], [], new int[5], new int[5], new int[4], exactInertia: true, KernelPath.Scalar));
        Assert.Contains("do not match", error.Message, StringComparison.Ordinal);
    }

    private static void Check<T>(KernelPath path, int n, int d, int k, int seed, bool weighted, bool exact)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        T[] points = [.. Enumerable.Range(0, n * d).Select(_ => T.CreateTruncating((random.NextDouble() * 10) - 5))];
        double[] centers = [.. Enumerable.Range(0, k * d).Select(_ => (random.NextDouble() * 10) - 5)];
        double[] weights = weighted ? [.. Enumerable.Range(0, n).Select(_ => random.NextDouble() * 3)] : [];
        // Some rows start unassigned (-1), as on a run's first pass.
        int[] previous = [.. Enumerable.Range(0, n).Select(_ => random.Next(-1, k))];
        var panel = CenterPanel<T>.Create(centers, d);

        var labels = (int[])previous.Clone();
        var movedRows = new int[n];
        var movedFrom = new int[n];
        var tiles = new T[(n + 64) * d];
        DistanceKernels.PackTiles<T>(points, d, tiles, path);
        (double inertia, int moved) = LloydStep.Assign<T>(tiles, points, d, panel, centers, weights, labels, movedRows, movedFrom, exact, path);

        // The labels are the nearest-center kernel's on the same path (same scores, same tie rule).
        var expectedLabels = new int[n];
        DistanceKernels.FindNearest<T>(points, d, [], panel, expectedLabels, new T[n], [], path);
        Assert.Equal(expectedLabels, labels);

        // Exactly the rows whose label changed, in row order, each with its previous label.
        int[] changedRows = [.. Enumerable.Range(0, n).Where(i => previous[i] != labels[i])];
        Assert.Equal(changedRows, movedRows[..moved]);
        Assert.Equal(changedRows.Select(i => previous[i]), movedFrom[..moved]);

        // Again from the new labels: every tile is unchanged (the fast path), nothing moves, the inertia is the same.
        (double again, int movedAgain) = LloydStep.Assign<T>(tiles, points, d, panel, centers, weights, labels, movedRows, movedFrom, exact, path);
        Assert.Equal(0, movedAgain);
        Assert.Equal(expectedLabels, labels);
        if (!exact)
        {
            // Only the final pass sums the inertia; the others leave it to the caller's sums.
            Assert.True(double.IsNaN(inertia));
            Assert.True(double.IsNaN(again));
            return;
        }

        Assert.Equal(inertia, again, 1e-12 * Math.Max(1, inertia));

        // The inertia from a plain loop over the rows.
        double expectedInertia = 0;
        for (int i = 0; i < n; i++)
        {
            double w = weighted ? weights[i] : 1.0;
            double distance = 0;
            for (int j = 0; j < d; j++)
            {
                double x = double.CreateTruncating(points[(i * d) + j]);
                double diff = x - centers[(labels[i] * d) + j];
                distance += diff * diff;
            }

            expectedInertia += w * distance;
        }

        // Float64 arithmetic on the same values, to the float64 centers.
        Assert.Equal(expectedInertia, inertia, 1e-12 * Math.Max(1, expectedInertia));
    }
}
