using Segmentation.Kernels;

namespace Segmentation.Tests.Kernels;

/// <summary>
/// Every register width of the column-major scans against a plain loop over the rows, for every length 0..256 (so
/// every mix of four-register blocks, single registers and tail slots on each width). The widths are called
/// explicitly; .ci/run-isa-matrix.sh also reruns these under each instruction set, where <see cref="SimdWidth.Widest"/>
/// changes and Vector512 is emulated.
/// </summary>
public sealed class ColumnDistancesTests
{
    private const int MaxLength = 256;

    /// <summary>Every <see cref="SimdWidth"/>, as numbers (the enum is internal).</summary>
    public static TheoryData<int> Widths => [(int)SimdWidth.Widest, (int)SimdWidth.Bits512, (int)SimdWidth.Bits256, (int)SimdWidth.Bits128, (int)SimdWidth.Scalar];

    /// <summary>Rows of coordinates rounded to 0.5 (many exactly equal distances, to pin the ties), stored column by column with spare slots.</summary>
    private static (double[] Columns, int Stride, double[][] Rows) Points(int n, int d, int seed)
    {
        var random = new Random(seed);
        double[][] rows = [.. Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, d).Select(_ => Math.Round(random.NextDouble() * 6) / 2).ToArray())];
        int stride = n + 3;
        double[] columns = new double[stride * d];
        Array.Fill(columns, -999.0); // the spare slots must never be read
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < d; j++)
            {
                columns[(j * stride) + i] = rows[i][j];
            }
        }

        return (columns, stride, rows);
    }

    /// <summary>The reference: row-major, one slot at a time, the multiply-add the kernel documents.</summary>
    private static double Reference(double[] row, double[] point)
    {
        double sum = 0;
        for (int j = 0; j < point.Length; j++)
        {
            double diff = row[j] - point[j];
            sum = double.MultiplyAddEstimate(diff, diff, sum);
        }

        return sum;
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void SquaredDistances_EveryLengthUpTo256_EqualTheScalarReferenceBitForBit(int widthNumber)
    {
        var width = (SimdWidth)widthNumber;
        foreach (int d in new[] { 0, 1, 3, 16 })
        {
            for (int n = 0; n <= MaxLength; n++)
            {
                (double[] columns, int stride, double[][] rows) = Points(n + 2, d, seed: n);
                double[] point = [.. Enumerable.Range(0, d).Select(j => 1.25 - j)];
                int start = n % 3;
                double[] output = new double[n];
                Array.Fill(output, double.NaN);

                ColumnDistances.SquaredDistances(columns, stride, point, start, output, width);

                for (int i = 0; i < n; i++)
                {
                    Assert.Equal(Reference(rows[start + i], point), output[i]);
                    Assert.Equal(output[i], ColumnDistances.SquaredDistance(columns, stride, start + i, point));
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void WardNearest_EveryLengthUpTo256_FindsTheFirstSmallestKeyAndSkipsNaN(int widthNumber)
    {
        var width = (SimdWidth)widthNumber;
        for (int n = 0; n <= MaxLength; n++)
        {
            int total = n + 1;
            (double[] columns, int stride, double[][] rows) = Points(total, 3, seed: 1000 + n);
            double[] point = rows[0];
            // Even lengths: whole weights (many exact ties); odd: fractional ones (keys a few ulps apart, which the
            // screen before the division must not drop).
            var random = new Random(n);
            double[] weights = [.. Enumerable.Range(0, total).Select(i => n % 2 == 0 ? 1.0 + (i % 3) : 0.5 + random.NextDouble())];
            weights[0] = double.NaN; // the scanning cluster itself
            for (int i = 5; i < total; i += 7)
            {
                weights[i] = double.NaN; // merged away
                for (int j = 0; j < 3; j++)
                {
                    columns[(j * stride) + i] = double.NaN;
                }
            }

            int start = n % 2;
            int count = total - start;
            int expected = -1;
            double min = double.PositiveInfinity;
            for (int i = start; i < total; i++)
            {
                double key = Reference(rows[i], point) * weights[i] / (2.0 + weights[i]);
                if (key < min)
                {
                    min = key;
                    expected = i;
                }
            }

            int found = ColumnDistances.WardNearest(columns, stride, point, weights, 2.0, start, count, out double minimum, width);

            Assert.Equal(expected, found);
            Assert.Equal(min, minimum);
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void WardNearest_OnlyDeadSlots_ReturnsMinusOneAndInfinity(int widthNumber)
    {
        var width = (SimdWidth)widthNumber;
        (double[] columns, int stride, _) = Points(40, 2, seed: 3);
        double[] weights = new double[40];
        Array.Fill(weights, double.NaN);

        int found = ColumnDistances.WardNearest(columns, stride, [0.0, 0.0], weights, 1.0, 0, 40, out double minimum, width);

        Assert.Equal(-1, found);
        Assert.Equal(double.PositiveInfinity, minimum);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void LowerAndFindNearest_EveryLengthUpTo256_LowersAndFindsTheFirstMinimum(int widthNumber)
    {
        var width = (SimdWidth)widthNumber;
        for (int n = 0; n <= MaxLength; n++)
        {
            int total = n + 2;
            (double[] columns, int stride, double[][] rows) = Points(total, 2, seed: 2000 + n);
            double[] point = [1.0, 1.5];
            int start = n % 3;
            double[] best = [.. Enumerable.Range(0, n).Select(i => i % 4 == 0 ? double.PositiveInfinity : 1.5)];
            for (int i = 3; i < n; i += 9)
            {
                for (int j = 0; j < 2; j++)
                {
                    columns[(j * stride) + start + i] = double.NaN; // in the tree: never lowers
                }
            }

            double[] expected = [.. best];
            int expectedSlot = -1;
            double min = double.PositiveInfinity;
            for (int i = 0; i < n; i++)
            {
                double dist = i % 9 == 3 ? double.NaN : Math.Sqrt(Reference(rows[start + i], point));
                if (dist < expected[i])
                {
                    expected[i] = dist;
                }

                if (expected[i] < min)
                {
                    min = expected[i];
                    expectedSlot = start + i;
                }
            }

            int found = ColumnDistances.LowerAndFindNearest(columns, stride, point, best, start, out double minimum, width);

            Assert.Equal(expected, best);
            Assert.Equal(expectedSlot, found);
            Assert.Equal(min, minimum);
        }
    }

    [Fact]
    public void SquaredDistances_SlotsPastTheColumns_Throws()
    {
        (double[] columns, int stride, _) = Points(10, 2, seed: 1);

        Assert.Throws<ArgumentOutOfRangeException>(() => ColumnDistances.SquaredDistances(columns, stride, [0.0, 0.0], stride - 2, new double[6]));
    }
}
