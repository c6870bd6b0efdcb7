using Segmentation.Kernels;

namespace Segmentation.Tests.Kernels;

public class RowOpsTests
{
    [Fact]
    public void SquaredDistanceAndAddScaled_EveryLengthUpTo64_MatchScalarReference()
    {
        var random = new Random(5);
        for (int n = 0; n <= 64; n++)
        {
            double[] a = [.. Enumerable.Range(0, n).Select(_ => (random.NextDouble() * 200) - 100)];
            double[] b = [.. Enumerable.Range(0, n).Select(_ => (random.NextDouble() * 200) - 100)];
            float[] af = [.. a.Select(v => (float)v)];
            double expected = a.Zip(b).Sum(p => (p.First - p.Second) * (p.First - p.Second));
            double expectedSingle = af.Zip(b).Sum(p => ((double)p.First - p.Second) * ((double)p.First - p.Second));
            Assert.Equal(expected, RowOps.SquaredDistance(a, b), 1e-12 * (1 + expected));
            Assert.Equal(expectedSingle, RowOps.SquaredDistance(af, b), 1e-12 * (1 + expectedSingle));

            double[] sum = (double[])b.Clone();
            double[] sumSingle = (double[])b.Clone();
            double[] squares = (double[])b.Clone();
            RowOps.AddScaled(sum, a, 0.75);
            RowOps.AddScaled(sumSingle, af, 0.75);
            RowOps.AddSquaredDifference(squares, a, b);
            for (int j = 0; j < n; j++)
            {
                Assert.Equal(b[j] + (0.75 * a[j]), sum[j], 1e-12);
                Assert.Equal(b[j] + (0.75 * af[j]), sumSingle[j], 1e-12);
                Assert.Equal(b[j] + ((a[j] - b[j]) * (a[j] - b[j])), squares[j], 1e-9);
            }
        }
    }

    [Fact]
    public void MoveFixedPointAndAddScaledAbsolute_EveryLengthUpTo40_MatchScalarReference()
    {
        var random = new Random(7);
        for (int n = 0; n <= 40; n++)
        {
            // Half the values land exactly halfway between two integers once scaled, to pin the rounding (half to
            // even, as Math.Round) on every register width.
            double[] x = [.. Enumerable.Range(0, n).Select(j => j % 2 == 0 ? (random.Next(-20, 20) + 0.5) / 4 : (random.NextDouble() * 200) - 100)];
            float[] xf = [.. x.Select(v => (float)v)];
            double[] scales = [.. Enumerable.Range(0, n).Select(j => j % 2 == 0 ? 4.0 : Math.ScaleB(1, 40))];
            long[] start = [.. Enumerable.Range(0, n).Select(_ => (long)random.Next(-1000, 1000))];
            const double weight = 1.0;

            long[] from = (long[])start.Clone();
            long[] to = (long[])start.Clone();
            long[] toOnly = (long[])start.Clone();
            long[] fromSingle = (long[])start.Clone();
            long[] toSingle = (long[])start.Clone();
            RowOps.MoveFixedPoint<double>(from, to, x, weight, scales);
            RowOps.MoveFixedPoint<double>(default, toOnly, x, weight, scales);
            RowOps.MoveFixedPoint<float>(fromSingle, toSingle, xf, weight, scales);

            double[] absolute = new double[n];
            double[] absoluteSingle = new double[n];
            RowOps.AddScaledAbsolute<double>(absolute, x, 2.5);
            RowOps.AddScaledAbsolute<float>(absoluteSingle, xf, 2.5);
            for (int j = 0; j < n; j++)
            {
                long q = (long)Math.Round(x[j] * weight * scales[j]);
                long qSingle = (long)Math.Round((double)xf[j] * weight * scales[j]);
                Assert.Equal(start[j] - q, from[j]);
                Assert.Equal(start[j] + q, to[j]);
                Assert.Equal(start[j] + q, toOnly[j]);
                Assert.Equal(start[j] - qSingle, fromSingle[j]);
                Assert.Equal(start[j] + qSingle, toSingle[j]);
                Assert.Equal(2.5 * Math.Abs(x[j]), absolute[j]);
                Assert.Equal(2.5 * Math.Abs((double)xf[j]), absoluteSingle[j]);
            }
        }
    }

    [Fact]
    public void MoveFixedPoint_SumsShorterThanTheRow_ThrowsInsteadOfWritingPastThem()
    {
        var error = Assert.Throws<ArgumentException>(() => RowOps.MoveFixedPoint<double>(default, new long[3], new double[4], 1, new double[4]));
        Assert.Contains("as long as the row", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => RowOps.AddScaledAbsolute<double>(new double[3], new double[4], 1));
    }
}
