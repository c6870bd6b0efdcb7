using System.Numerics;
using Segmentation.Kernels;

namespace Segmentation.Tests.Kernels;

public class DistanceKernelsTests
{
    // KernelPath is internal, so the theories take its numeric value.
    public static TheoryData<int> Paths => [(int)KernelPath.Scalar, (int)KernelPath.Vector128, (int)KernelPath.Vector256, (int)KernelPath.Vector512];

    public static TheoryData<int, int> OddShapes => new()
    {
        { 1, 1 }, { 1, 2 }, { 3, 5 }, { 7, 3 }, { 16, 16 }, { 17, 31 }, { 33, 4 }, { 65, 9 }, { 130, 67 }, { 257, 2 },
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public void FindNearest_EverySizeUpTo256_MatchesScalarReferenceDouble(int pathValue)
    {
        var path = (KernelPath)pathValue;
        for (int n = 0; n <= 256; n++)
        {
            CheckNearest<double>(path, n, 1 + (n % 9), 1 + (n % 13), seed: n, offset: 0);
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void FindNearest_EverySizeUpTo256_MatchesScalarReferenceSingle(int pathValue)
    {
        var path = (KernelPath)pathValue;
        for (int n = 0; n <= 256; n++)
        {
            CheckNearest<float>(path, n, 1 + (n % 11), 1 + (n % 7), seed: n, offset: 0);
        }
    }

    [Theory]
    [MemberData(nameof(OddShapes))]
    public void FindNearest_OddShapesOnEveryPath_MatchesScalarReference(int d, int k)
    {
        foreach (KernelPath path in Enum.GetValues<KernelPath>())
        {
            CheckNearest<double>(path, 77, d, k, seed: d * 1000 + k, offset: 0);
            CheckNearest<float>(path, 77, d, k, seed: d * 1000 + k, offset: 0);
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void FindNearestEach_EverySizeUpTo256_SameLabelsAsFindNearestPerSet(int pathValue)
    {
        var path = (KernelPath)pathValue;
        for (int n = 0; n <= 256; n++)
        {
            int d = 1 + (n % 11);
            var random = new Random(n);
            double[] points = [.. Enumerable.Range(0, n * d).Select(_ => random.NextDouble() * 10)];
            CenterPanel<double>[] panels = [.. Enumerable.Range(1, 3 + (n % 4)).Select(k => CenterPanel<double>.Create([.. Enumerable.Range(0, k * d).Select(_ => random.NextDouble() * 10)], d))];
            var labels = new int[panels.Length * n];
            DistanceKernels.FindNearestEach<double>(points, d, panels, labels, path);
            for (int s = 0; s < panels.Length; s++)
            {
                var expected = new int[n];
                DistanceKernels.FindNearest<double>(points, d, [], panels[s], expected, new double[n], [], path);
                Assert.Equal(expected, labels.AsSpan(s * n, n).ToArray());
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void FindNearest_SingleDataFarFromOriginWithShiftedOrigin_FindsTrueNearest(int pathValue)
        => CheckNearest<float>((KernelPath)pathValue, 200, 5, 6, seed: 42, offset: 1e5);

    [Theory]
    [MemberData(nameof(Paths))]
    public void FindNearest_RowSubset_ProcessesOnlyThoseRowsInOrder(int pathValue)
    {
        var path = (KernelPath)pathValue;
        foreach (int d in new[] { 4, 19 })
        {
            var random = new Random(3);
            double[] points = RandomValues(random, 50 * d);
            double[] centers = RandomValues(random, 6 * d);
            int[] rows = [49, 0, 17, 17, 3, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 2];
            var panel = CenterPanel<double>.Create(centers, d);
            var subsetLabels = new int[rows.Length];
            var allLabels = new int[50];
            DistanceKernels.FindNearest<double>(points, d, rows, panel, subsetLabels, new double[rows.Length], [], path);
            DistanceKernels.FindNearest<double>(points, d, [], panel, allLabels, new double[50], [], path);
            Assert.Equal(rows.Select(r => allLabels[r]), subsetLabels);
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void FindNearest_TiedCenters_PicksLowestIndex(int pathValue)
    {
        var path = (KernelPath)pathValue;
        double[] points = [1, 1, 2, 2, 0, 0];
        double[] centers = [5, 5, 1, 1, 1, 1, 2, 2, 1, 1];
        var panel = CenterPanel<double>.Create(centers, 2);
        var labels = new int[3];
        DistanceKernels.FindNearest<double>(points, 2, [], panel, labels, new double[3], [], path);
        Assert.Equal([1, 3, 1], labels);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void SquaredDistances_EverySizeUpTo256_MatchesScalarReference(int pathValue)
    {
        var path = (KernelPath)pathValue;
        for (int n = 0; n <= 256; n += 3)
        {
            int d = 1 + (n % 10);
            int k = 1 + (n % 6);
            var random = new Random(n);
            double[] points = RandomValues(random, n * d);
            double[] centers = RandomValues(random, k * d);
            var output = new double[n * k];
            DistanceKernels.SquaredDistances<double>(points, d, CenterPanel<double>.Create(centers, d), output, path);
            for (int i = 0; i < n; i++)
            {
                for (int c = 0; c < k; c++)
                {
                    double expected = Reference(points.AsSpan(i * d, d), centers.AsSpan(c * d, d));
                    Assert.True(output[(i * k) + c] >= 0);
                    Assert.Equal(expected, output[(i * k) + c], Tolerance<double>(d, 10));
                }
            }
        }
    }

    private static void CheckNearest<T>(KernelPath path, int n, int d, int k, int seed, double offset)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        double[] points = RandomValues(random, n * d, offset);
        double[] centers = RandomValues(random, k * d, offset);
        double[] origin = offset == 0 ? [] : Enumerable.Repeat(offset, d).ToArray();

        // The points as the kernel sees them: shifted by the origin, rounded to T.
        T[] shifted = [.. points.Select((v, i) => T.CreateTruncating(v - (origin.Length == 0 ? 0 : origin[i % d])))];
        var panel = CenterPanel<T>.Create(centers, d, origin);
        var labels = new int[n];
        var best = new T[n];
        var second = new T[n];
        DistanceKernels.FindNearest<T>(shifted, d, [], panel, labels, best, second, path);

        // The data spans 10 units around the (shifted) origin.
        double tolerance = Tolerance<T>(d, 10);
        for (int i = 0; i < n; i++)
        {
            double[] exact = [.. Enumerable.Range(0, k).Select(c => Reference(points.AsSpan(i * d, d), centers.AsSpan(c * d, d)))];
            double[] sorted = [.. exact.Order()];
            double xNorm = double.CreateTruncating(DistanceKernels.SquaredNorm<T>(shifted.AsSpan(i * d, d)));
            Assert.InRange(labels[i], 0, k - 1);
            Assert.True(exact[labels[i]] <= sorted[0] + tolerance, $"n={n} i={i}: picked {exact[labels[i]]}, best {sorted[0]}");
            Assert.Equal(sorted[0], double.CreateTruncating(best[i]) + xNorm, tolerance);
            double expectedSecond = k > 1 ? sorted[1] : double.PositiveInfinity;
            double actualSecond = double.CreateTruncating(second[i]) + xNorm;
            if (k > 1)
            {
                Assert.Equal(expectedSecond, actualSecond, tolerance);
            }
            else
            {
                Assert.True(double.IsPositiveInfinity(actualSecond));
            }
        }
    }

    /// <summary>The rounding error of ||c||² − 2x·c + ||x||² grows with d and with the squared magnitudes involved.</summary>
    private static double Tolerance<T>(int d, double scale)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => 16 * (d + 2) * (typeof(T) == typeof(float) ? 1.2e-7 : 2.3e-16) * d * scale * scale;

    private static double Reference(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int j = 0; j < a.Length; j++)
        {
            sum += (a[j] - b[j]) * (a[j] - b[j]);
        }

        return sum;
    }

    private static double[] RandomValues(Random random, int count, double offset = 0)
        => [.. Enumerable.Range(0, count).Select(_ => offset + ((random.NextDouble() * 10) - 5))];
}
