using Segmentation.Kernels;

namespace Segmentation.Tests.Kernels;

public class RowPairsTests
{
    // KernelPath is internal, so the theories take its numeric value.
    public static TheoryData<int> Paths => [(int)KernelPath.Scalar, (int)KernelPath.Vector128, (int)KernelPath.Vector256, (int)KernelPath.Vector512];

    [Theory]
    [MemberData(nameof(Paths))]
    public void ReduceSquaredDifference_EveryLengthUpTo256_MatchesScalarReference(int pathValue)
    {
        var random = new Random(11);
        for (int n = 0; n <= 256; n++)
        {
            (double[] a, double[] b) = Rows(random, n);
            double expected = 0;
            for (int j = 0; j < n; j++)
            {
                expected += (a[j] - b[j]) * (a[j] - b[j]);
            }

            Assert.Equal(expected, RowPairs.Reduce<SquaredDifference>(a, b, (KernelPath)pathValue), 1e-12 * (1 + expected));
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void ReduceAbsoluteDifference_EveryLengthUpTo256_MatchesScalarReference(int pathValue)
    {
        var random = new Random(12);
        for (int n = 0; n <= 256; n++)
        {
            (double[] a, double[] b) = Rows(random, n);
            double expected = 0;
            for (int j = 0; j < n; j++)
            {
                expected += Math.Abs(a[j] - b[j]);
            }

            Assert.Equal(expected, RowPairs.Reduce<AbsoluteDifference>(a, b, (KernelPath)pathValue), 1e-12 * (1 + expected));
        }
    }

    [Fact]
    public void BestPathDistances_EveryLengthUpTo256_MatchScalarReference()
    {
        var random = new Random(13);
        for (int n = 0; n <= 256; n++)
        {
            (double[] a, double[] b) = Rows(random, n);
            double squared = 0;
            double manhattan = 0;
            for (int j = 0; j < n; j++)
            {
                squared += (a[j] - b[j]) * (a[j] - b[j]);
                manhattan += Math.Abs(a[j] - b[j]);
            }

            Assert.Equal(squared, RowPairs.SquaredDistance(ref a.AsSpan().GetPinnableReference(), ref b.AsSpan().GetPinnableReference(), n), 1e-12 * (1 + squared));
            Assert.Equal(manhattan, RowPairs.ManhattanDistance(ref a.AsSpan().GetPinnableReference(), ref b.AsSpan().GetPinnableReference(), n), 1e-12 * (1 + manhattan));
            Assert.Equal(squared, RowOps.SquaredDistance(a, b), 1e-12 * (1 + squared));
        }
    }

    [Fact]
    public void Reduce_SecondRowShorter_Throws()
        => Assert.Throws<ArgumentException>(() => RowPairs.Reduce<SquaredDifference>([1.0, 2.0], [1.0], KernelPath.Scalar));

    [Theory]
    [MemberData(nameof(Paths))]
    public void ReduceSquaredDifference_IdenticalRows_IsExactlyZero(int pathValue)
    {
        double[] a = [.. Enumerable.Range(0, 37).Select(i => (i * 0.37) - 5)];
        Assert.Equal(0.0, RowPairs.Reduce<SquaredDifference>(a, a, (KernelPath)pathValue));
    }

    private static (double[] A, double[] B) Rows(Random random, int n)
        => ([.. Enumerable.Range(0, n).Select(_ => (random.NextDouble() * 200) - 100)], [.. Enumerable.Range(0, n).Select(_ => (random.NextDouble() * 200) - 100)]);
}
