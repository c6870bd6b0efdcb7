using Segmentation.Clustering;
using Segmentation.Clustering.Hierarchical;

namespace Segmentation.Tests.Clustering.Hierarchical;

/// <summary>
/// The vector loops against plain scalar loops, for every length that exercises the 32-, 8- and 1-wide paths
/// (rerun the suite with DOTNET_EnableAVX512=0 or DOTNET_EnableHWIntrinsic=0 to cover the narrower machines; on .NET 10
/// DOTNET_EnableAVX512F=0 alone is ignored).
/// </summary>
public sealed class PointColumnsTests
{
    private static (PointColumns Columns, double[][] Rows) Random(int n, int d, int seed)
    {
        var random = new Random(seed);
        double[][] rows = [.. Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, d).Select(_ => Math.Round(random.NextDouble() * 8, 1)).ToArray())];
        return (new PointColumns(FeatureMatrix.FromRows(rows)), rows);
    }

    private static double Scalar(double[] a, double[] b)
    {
        double sum = 0;
        for (int j = 0; j < a.Length; j++)
        {
            double diff = a[j] - b[j];
            sum = double.MultiplyAddEstimate(diff, diff, sum);
        }

        return sum;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(16)]
    public void SquaredDistances_AnyLength_EqualTheScalarLoopBitForBit(int d)
    {
        for (int n = 1; n <= 80; n++)
        {
            (PointColumns columns, double[][] rows) = Random(n, d, seed: n);
            for (int start = 0; start < Math.Min(n, 3); start++)
            {
                var output = new double[n - start];
                columns.SquaredDistances(rows[0], start, output);
                for (int i = 0; i < output.Length; i++)
                {
                    Assert.Equal(Scalar(rows[start + i], rows[0]), output[i]);
                    Assert.Equal(columns.SquaredDistance(0, start + i), output[i]);
                }
            }
        }
    }

    [Fact]
    public void WardNearest_AnyLength_FindsTheFirstSmallestKey()
    {
        for (int n = 2; n <= 90; n++)
        {
            (PointColumns columns, double[][] rows) = Random(n, 3, seed: 100 + n);
            double[] weights = [.. Enumerable.Range(0, n).Select(i => 1.0 + (i % 3))];
            weights[0] = double.NaN; // the scanning cluster
            int expected = -1;
            double min = double.PositiveInfinity;
            for (int i = 0; i < n; i++)
            {
                double key = Scalar(rows[i], rows[0]) * weights[i] / (2.0 + weights[i]);
                if (key < min)
                {
                    min = key;
                    expected = i;
                }
            }

            int found = columns.WardNearest(rows[0], weights, 2.0, 0, n, out double minimum);

            Assert.Equal(expected, found);
            Assert.Equal(min, minimum);
            Assert.Equal(min, columns.WardKey(rows[0], found, weights[found], 2.0));
        }
    }

    [Fact]
    public void LowerAndFindNearest_AnyLength_LowersAndFindsTheFirstMinimum()
    {
        for (int n = 2; n <= 90; n++)
        {
            (PointColumns columns, double[][] rows) = Random(n, 2, seed: 200 + n);
            double[] best = [.. Enumerable.Range(0, n).Select(i => i % 4 == 0 ? double.PositiveInfinity : 3.0)];
            double[] expected = [.. best];
            int expectedIndex = -1;
            double min = double.PositiveInfinity;
            for (int i = 0; i < n; i++)
            {
                double dist = Math.Sqrt(Scalar(rows[i], rows[0]));
                if (dist < expected[i])
                {
                    expected[i] = dist;
                }

                if (expected[i] < min)
                {
                    min = expected[i];
                    expectedIndex = i;
                }
            }

            int found = columns.LowerAndFindNearest(rows[0], best, 0, n, out double minimum);

            Assert.Equal(expected, best);
            Assert.Equal(expectedIndex, found);
            Assert.Equal(min, minimum);
        }
    }

    [Fact]
    public void ArgMin_NaNAndInfinity_AreNeverChosen()
    {
        for (int n = 0; n <= 40; n++)
        {
            double[] values = [.. Enumerable.Range(0, n).Select(i => i % 5 == 0 ? double.NaN : i % 7 == 0 ? double.PositiveInfinity : 10 - (i % 6))];
            int expected = -1;
            double min = double.PositiveInfinity;
            for (int i = 0; i < n; i++)
            {
                if (values[i] < min)
                {
                    min = values[i];
                    expected = i;
                }
            }

            Assert.Equal(expected, DistanceRow.ArgMin(values, out _));
        }
    }
}
