using Segmentation.Kernels;

namespace Segmentation.Tests.Kernels;

public class ColumnBlocksTests
{
    // KernelPath is internal, so the theories take its numeric value.
    public static TheoryData<int> Paths => [(int)KernelPath.Scalar, (int)KernelPath.Vector128, (int)KernelPath.Vector256, (int)KernelPath.Vector512];

    [Theory]
    [MemberData(nameof(Paths))]
    public void AddDistanceSums_EveryPointCountUpTo256_MatchesScalarReference(int pathValue)
    {
        var random = new Random(21);
        for (int count = 0; count <= 256; count++)
        {
            int dimensions = 1 + (count % 17);
            int start = count % 3;
            int end = start + count;
            int stride = end + 2;
            double[] points = Values(random, dimensions * stride);
            double[] queries = Values(random, ColumnBlocks.QueryCount * dimensions);
            double[] sums = [1, 2, 3, 4];
            ColumnBlocks.AddDistanceSums(points, stride, dimensions, start, end, queries, sums, (KernelPath)pathValue);
            for (int q = 0; q < ColumnBlocks.QueryCount; q++)
            {
                double expected = q + 1;
                for (int p = start; p < end; p++)
                {
                    expected += Distance(points, stride, dimensions, p, queries, q);
                }

                Assert.Equal(expected, sums[q], 1e-11 * Math.Max(1, expected));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void AddDistanceSumsBothWays_EveryPointCountUpTo256_MatchesScalarReference(int pathValue)
    {
        var random = new Random(22);
        double[] weights = [1, 1, 1, 0];
        for (int count = 0; count <= 256; count++)
        {
            int dimensions = 1 + (count % 19);
            int start = count % 5;
            int end = start + count;
            int stride = end + 1;
            double[] points = Values(random, dimensions * stride);
            double[] queries = Values(random, ColumnBlocks.QueryCount * dimensions);
            var sums = new double[ColumnBlocks.QueryCount];
            double[] columns = [.. Enumerable.Range(0, count).Select(p => (double)p)];
            ColumnBlocks.AddDistanceSumsBothWays(points, stride, dimensions, start, end, queries, weights, sums, columns, (KernelPath)pathValue);
            for (int q = 0; q < ColumnBlocks.QueryCount; q++)
            {
                double expected = 0;
                for (int p = start; p < end; p++)
                {
                    expected += Distance(points, stride, dimensions, p, queries, q);
                }

                Assert.Equal(expected, sums[q], 1e-11 * Math.Max(1, expected));
            }

            for (int p = start; p < end; p++)
            {
                double expected = p - start;
                for (int q = 0; q < 3; q++)
                {
                    expected += Distance(points, stride, dimensions, p, queries, q);
                }

                Assert.Equal(expected, columns[p - start], 1e-11 * Math.Max(1, expected));
            }
        }
    }

    [Fact]
    public void AddDistanceSums_BuffersTooSmall_Throws()
        => Assert.Throws<ArgumentException>(() => ColumnBlocks.AddDistanceSums(new double[8], 4, 2, 0, 4, new double[7], new double[4], KernelPath.Scalar));

    private static double[] Values(Random random, int count) => [.. Enumerable.Range(0, count).Select(_ => (random.NextDouble() * 20) - 10)];

    // The independent reference: the distance written out plainly, one coordinate at a time.
    private static double Distance(double[] points, int stride, int dimensions, int p, double[] queries, int q)
    {
        double squared = 0;
        for (int k = 0; k < dimensions; k++)
        {
            double diff = points[(k * stride) + p] - queries[(q * dimensions) + k];
            squared += diff * diff;
        }

        return Math.Sqrt(squared);
    }
}
