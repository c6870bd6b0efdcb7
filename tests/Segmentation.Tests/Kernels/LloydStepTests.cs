using System.Numerics;
using Segmentation.Kernels;

namespace Segmentation.Tests.Kernels;

public class LloydStepTests
{
    public static TheoryData<int> Paths => DistanceKernelsTests.Paths;

    [Theory]
    [MemberData(nameof(Paths))]
    public void AssignAndSum_ManyShapes_MatchesNearestKernelAndPlainSums(int pathValue)
    {
        var path = (KernelPath)pathValue;
        for (int n = 0; n <= 130; n += 7)
        {
            int d = 1 + (n % 19);
            int k = 1 + (n % 21);
            Check<double>(path, n, d, k, seed: n, weighted: n % 2 == 1);
            Check<float>(path, n, d, k, seed: n, weighted: n % 2 == 0);
        }
    }

    [Fact]
    public void AssignAndSum_SpansTooShort_ThrowsNamingTheMismatch()
    {
        var panel = CenterPanel<double>.Create(new double[4], 2);
        var error = Assert.Throws<ArgumentException>(() => LloydStep.AssignAndSum<double>(
            new double[10], 2, panel, new double[5], [], new int[4], new double[4], new double[2], KernelPath.Scalar));
        Assert.Contains("do not match", error.Message, StringComparison.Ordinal);
    }

    private static void Check<T>(KernelPath path, int n, int d, int k, int seed, bool weighted)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        T[] points = [.. Enumerable.Range(0, n * d).Select(_ => T.CreateTruncating((random.NextDouble() * 10) - 5))];
        double[] centers = [.. Enumerable.Range(0, k * d).Select(_ => (random.NextDouble() * 10) - 5)];
        double[] weights = weighted ? [.. Enumerable.Range(0, n).Select(_ => random.NextDouble() * 3)] : [];
        double[] norms = [.. Enumerable.Range(0, n).Select(i => points.Skip(i * d).Take(d).Sum(v => double.CreateTruncating(v) * double.CreateTruncating(v)))];
        int[] previous = [.. Enumerable.Range(0, n).Select(_ => random.Next(k))];
        var panel = CenterPanel<T>.Create(centers, d);

        var labels = (int[])previous.Clone();
        var sums = new double[k * d];
        var clusterWeights = new double[k];
        (double inertia, long changed) = LloydStep.AssignAndSum<T>(points, d, panel, norms, weights, labels, sums, clusterWeights, path);

        // The labels are the nearest-center kernel's on the same path (same scores, same tie rule).
        var expectedLabels = new int[n];
        DistanceKernels.FindNearest<T>(points, d, [], panel, expectedLabels, new T[n], [], path);
        Assert.Equal(expectedLabels, labels);
        Assert.Equal(Enumerable.Range(0, n).Count(i => previous[i] != labels[i]), changed);

        // Sums, weights and inertia from a plain loop over the rows, in row order.
        var expectedSums = new double[k * d];
        var expectedWeights = new double[k];
        double expectedInertia = 0;
        for (int i = 0; i < n; i++)
        {
            double w = weighted ? weights[i] : 1.0;
            expectedWeights[labels[i]] += w;
            double distance = 0;
            for (int j = 0; j < d; j++)
            {
                double x = double.CreateTruncating(points[(i * d) + j]);
                expectedSums[(labels[i] * d) + j] += w * x;
                double diff = x - double.CreateTruncating(T.CreateTruncating(centers[(labels[i] * d) + j]));
                distance += diff * diff;
            }

            expectedInertia += w * distance;
        }

        for (int e = 0; e < sums.Length; e++)
        {
            Assert.Equal(expectedSums[e], sums[e], 1e-9);
        }

        for (int c = 0; c < k; c++)
        {
            Assert.Equal(expectedWeights[c], clusterWeights[c], 1e-12);
        }

        double tolerance = (typeof(T) == typeof(float) ? 1e-4 : 1e-11) * Math.Max(1, expectedInertia);
        Assert.Equal(expectedInertia, inertia, tolerance);
    }
}
