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
}
