using System.Runtime.Intrinsics;
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
    public void MoveFixedPointAndAddScaledAbsolute_EveryLengthUpTo40_MatchExactReference()
    {
        var random = new Random(7);
        for (int n = 0; n <= 40; n++)
        {
            // A third of the values land exactly halfway between two integers once scaled, to pin the rounding (half
            // to even, as Math.Round) on every register width; a third are scaled far past 2^53, where only the
            // two limbs together hold them; the weight is not 1, to pin the order of the products.
            double[] x = [.. Enumerable.Range(0, n).Select(j => (j % 3) switch
            {
                0 => (random.Next(-20, 20) + 0.5) / 4 / 1.5,
                1 => (random.NextDouble() * 200) - 100,
                _ => (random.NextDouble() - 0.5) * 1e6,
            })];
            float[] xf = [.. x.Select(v => (float)v)];
            double[] scales = [.. Enumerable.Range(0, n).Select(j => (j % 3) switch { 0 => 4.0, 1 => Math.ScaleB(1, 40), _ => Math.ScaleB(1, 70) })];
            long[] start = [.. Enumerable.Range(0, 2 * n).Select(_ => (long)random.Next(-1000, 1000))];
            const double weight = 1.5;

            long[] from = (long[])start.Clone();
            long[] to = (long[])start.Clone();
            long[] toOnly = (long[])start.Clone();
            long[] fromSingle = (long[])start.Clone();
            long[] toSingle = (long[])start.Clone();
            double squares = RowOps.MoveFixedPoint<double>(from, to, x, weight, scales);
            double squaresAgain = RowOps.MoveFixedPoint<double>(default, toOnly, x, weight, scales);
            double squaresSingle = RowOps.MoveFixedPoint<float>(fromSingle, toSingle, xf, weight, scales);

            // The squared norm comes back with the same bits on every call (a row's Σ w·||x||² must leave its
            // center exactly as it came), and is Σ x² up to the order of the sum.
            Assert.Equal(squares, squaresAgain);
            double expectedSquares = x.Sum(v => v * v);
            Assert.Equal(expectedSquares, squares, expectedSquares * 1e-14);
            Assert.Equal(xf.Sum(v => (double)v * v), squaresSingle, expectedSquares * 1e-6);

            double[] absolute = new double[n];
            double[] absoluteSingle = new double[n];
            Assert.Equal(squares, RowOps.AddScaledAbsolute<double>(absolute, x, 2.5), expectedSquares * 1e-14);
            Assert.Equal(squaresSingle, RowOps.AddScaledAbsolute<float>(absoluteSingle, xf, 2.5), expectedSquares * 1e-14);
            for (int j = 0; j < n; j++)
            {
                // The two limbs, high · 2^32 + low, are the scaled value rounded half to even, exactly.
                System.Numerics.BigInteger expected = Rounded(x[j] * weight * scales[j]);
                System.Numerics.BigInteger expectedSingle = Rounded((double)xf[j] * weight * scales[j]);
                Assert.Equal(-expected, Limbs(from, start, n, j));
                Assert.Equal(expected, Limbs(to, start, n, j));
                Assert.Equal(expected, Limbs(toOnly, start, n, j));
                Assert.Equal(-expectedSingle, Limbs(fromSingle, start, n, j));
                Assert.Equal(expectedSingle, Limbs(toSingle, start, n, j));
                Assert.InRange(Math.Abs(to[n + j] - start[n + j]), 0, 1L << 31);
                Assert.Equal(2.5 * Math.Abs(x[j]), absolute[j]);
                Assert.Equal(2.5 * Math.Abs((double)xf[j]), absoluteSingle[j]);
            }
        }
    }

    [Fact]
    public void SubtractToSingle_EveryLengthUpTo40_EqualsTheCastOfEachDifference()
    {
        var random = new Random(11);
        for (int n = 0; n <= 40; n++)
        {
            // Differences that float32 must round (and some halfway between two floats, to pin round-to-even).
            double[] x = [.. Enumerable.Range(0, n).Select(j => j % 4 == 0 ? 1 + Math.ScaleB(1, -24) : (random.NextDouble() - 0.5) * 1e7)];
            double[] origin = [.. Enumerable.Range(0, n).Select(j => j % 4 == 0 ? 0 : random.NextDouble() * 1e3)];
            var target = new float[n];
            RowOps.SubtractToSingle(x, origin, target);
            for (int j = 0; j < n; j++)
            {
                Assert.Equal((float)(x[j] - origin[j]), target[j]);
            }
        }

        Assert.Throws<ArgumentException>(() => RowOps.SubtractToSingle(new double[4], new double[3], new float[4]));
        Assert.Throws<ArgumentException>(() => RowOps.SubtractToSingle(new double[4], new double[4], new float[3]));
    }

    [Fact]
    public void SplitPair_EqualsSplitOfEachValue()
    {
        // Halfway cases (both limbs round half to even), negatives, values past 2^53 and at the 2^93 bound.
        double[] values = [0, 1.5, 2.5, -2.5, Math.ScaleB(1, 31) + 0.5, Math.ScaleB(3, 31), -Math.ScaleB(5, 31), Math.ScaleB(1, 60) + Math.ScaleB(1, 8), -Math.ScaleB(1.75, 92), 123456789.5];
        foreach (double first in values)
        {
            foreach (double second in values)
            {
                AssertSplitPair(first, second);
            }
        }

        // Random magnitudes up to the 2^93 bound, halfway cases of either limb, negatives and subnormals.
        var random = new Random(5);
        for (int trial = 0; trial < 20_000; trial++)
        {
            AssertSplitPair(RandomLimbValue(random), RandomLimbValue(random));
        }

        AssertSplitPair(Math.ScaleB(1, 93), -Math.ScaleB(1, 93));
    }

    private static void AssertSplitPair(double first, double second)
    {
        var limbs = RowOps.SplitPair(first, second);
        Assert.Equal(RowOps.Split(first), (limbs[0], limbs[2]));
        Assert.Equal(RowOps.Split(second), (limbs[1], limbs[3]));
    }

    private static double RandomLimbValue(Random random)
    {
        double sign = random.Next(2) == 0 ? 1 : -1;
        return sign * (random.Next(5) switch
        {
            0 => Math.ScaleB((2 * random.Next(1 << 20)) + 1, 31),              // high limb's halfway case
            1 => Math.ScaleB(random.Next(1 << 20), 32) + random.Next(1 << 20) + 0.5, // low limb's halfway case
            2 => random.NextDouble() * double.Epsilon * 1e6,                     // subnormal
            _ => Math.ScaleB(random.NextDouble(), random.Next(-60, 94)),
        });
    }

    [Fact]
    public void MoveFixedPoint_SumsShorterThanTheRow_ThrowsInsteadOfWritingPastThem()
    {
        var error = Assert.Throws<ArgumentException>(() => RowOps.MoveFixedPoint<double>(default, new long[7], new double[4], 1, new double[4]));
        Assert.Contains("two limbs per value", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => RowOps.AddScaledAbsolute<double>(new double[3], new double[4], 1));
    }

    /// <summary>What the limbs of value j moved by: (high − start) · 2^32 + (low − start).</summary>
    private static System.Numerics.BigInteger Limbs(long[] limbs, long[] start, int n, int j)
        => ((System.Numerics.BigInteger)(limbs[j] - start[j]) << 32) + (limbs[n + j] - start[n + j]);

    /// <summary>A double rounded half to even, as an exact integer.</summary>
    private static System.Numerics.BigInteger Rounded(double value)
    {
        double floor = Math.Floor(value);
        var result = new System.Numerics.BigInteger(floor);
        double fraction = value - floor;
        return fraction > 0.5 || (fraction == 0.5 && !result.IsEven) ? result + 1 : result;
    }

    [Fact]
    public void SplitLimbs_ValuesBelowAndAbove2To83_EqualSplitOfEachLane()
    {
        // Four lanes below 2^83 take the one-addition rounding, any lane above it the exact conversion; halfway cases
        // of either limb pin half-to-even on both.
        var random = new Random(13);
        var down = Vector256.Create(1.0 / (1L << RowOps.LowBits));
        var up = Vector256.Create((double)(1L << RowOps.LowBits));
        for (int i = 0; i < 4000; i++)
        {
            int top = i % 4 == 3 ? 93 : 82;
            double[] lanes = [.. Enumerable.Range(0, 4).Select(_ => (random.Next(6) switch
            {
                0 => Math.ScaleB((2 * random.Next(1 << 20)) + 1, 31),
                1 => Math.ScaleB(random.Next(1 << 20), 32) + random.Next(1 << 20) + 0.5,
                2 => 0.5 + random.Next(8),
                3 => Math.ScaleB(1, top) * (1 - Math.ScaleB(1, -40)),
                _ => Math.ScaleB(random.NextDouble(), random.Next(-60, top)),
            }) * (random.Next(2) == 0 ? 1 : -1))];
            (Vector256<long> high, Vector256<long> low) = RowOps.SplitLimbs(Vector256.Create(lanes[0], lanes[1], lanes[2], lanes[3]), down, up);
            for (int lane = 0; lane < 4; lane++)
            {
                Assert.Equal(RowOps.Split(lanes[lane]), (high.GetElement(lane), low.GetElement(lane)));
                Assert.Equal(Rounded(lanes[lane]), ((System.Numerics.BigInteger)high.GetElement(lane) << 32) + low.GetElement(lane));
            }
        }
    }

    [Fact]
    public void MoveFixedPoint_EveryLengthUpTo256_MatchesExactReference()
    {
        // A row's usual magnitudes (its share of the column total), with halfway cases, on every length the vector
        // loops and their tails see.
        var random = new Random(17);
        for (int n = 0; n <= 256; n++)
        {
            double[] x = [.. Enumerable.Range(0, n).Select(j => j % 5 == 0 ? (random.Next(-40, 40) + 0.5) / 8 : (random.NextDouble() - 0.5) * 1e3)];
            double[] scales = [.. Enumerable.Range(0, n).Select(j => j % 5 == 0 ? 8.0 : Math.ScaleB(1, 30 + (j % 40)))];
            long[] start = [.. Enumerable.Range(0, 2 * n).Select(_ => (long)random.Next(-1000, 1000))];
            long[] from = (long[])start.Clone();
            long[] to = (long[])start.Clone();
            RowOps.MoveFixedPoint<double>(from, to, x, 1.25, scales);
            for (int j = 0; j < n; j++)
            {
                System.Numerics.BigInteger expected = Rounded(x[j] * 1.25 * scales[j]);
                Assert.Equal(expected, Limbs(to, start, n, j));
                Assert.Equal(-expected, Limbs(from, start, n, j));
            }
        }
    }

    [Fact]
    public void ToInt64Exact_IntegerValuedDoublesBelow2To63_MatchesTheCast()
    {
        var random = new Random(3);
        var values = new List<double> { 0, -0.0, 1, -1, 2, -3, (1L << 31) + 1, -(1L << 31), (1L << 52) + 1, -((1L << 53) - 1), Math.ScaleB(1, 62), -Math.ScaleB(1, 62), 4503599627370497 };
        for (int i = 0; i < 400; i++)
        {
            values.Add(Math.Round(Math.ScaleB((random.NextDouble() * 2) - 1, random.Next(0, 63))));
        }

        for (int i = 0; i + 4 <= values.Count; i += 4)
        {
            var x = Vector256.Create(values[i], values[i + 1], values[i + 2], values[i + 3]);
            Vector256<long> converted = RowOps.ToInt64Exact(x);
            for (int lane = 0; lane < 4; lane++)
            {
                Assert.Equal((long)values[i + lane], converted.GetElement(lane));
            }
        }
    }

    [Fact]
    public void SplitPair_LargeAndNegativeValues_MatchesSplit()
    {
        double[] values = [0, 1.5, -2.5, Math.ScaleB(1, 92), -Math.ScaleB(3, 80) + 12345, 987654321.25, -(1L << 40) - 0.5];
        foreach (double first in values)
        {
            foreach (double second in values)
            {
                Vector256<long> pair = RowOps.SplitPair(first, second);
                (long high0, long low0) = RowOps.Split(first);
                (long high1, long low1) = RowOps.Split(second);
                Assert.Equal([high0, high1, low0, low1], [pair.GetElement(0), pair.GetElement(1), pair.GetElement(2), pair.GetElement(3)]);
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(25)]
    [InlineData(64)]
    public void Gather_RandomRowsWithRepeats_SameAsRowByRowCopy(int d)
    {
        var random = new Random(d);
        const int n = 300;
        double[] source = [.. Enumerable.Range(0, n * d).Select(_ => random.NextDouble())];
        foreach (int count in new[] { 0, 1, 8, 9, 500 })
        {
            int[] rows = [.. Enumerable.Range(0, count).Select(_ => random.Next(n))];
            double[] expected = [.. rows.SelectMany(r => source.AsSpan(r * d, d).ToArray())];
            var target = new double[count * d];
            RowOps.Gather(source, d, rows, target);
            Assert.Equal(expected, target);
        }
    }

    [Fact]
    public void Gather_TargetTooShort_Throws()
    {
        Assert.Throws<ArgumentException>(() => RowOps.Gather(new double[12], 3, [0, 1, 2], new double[8]));
    }
}
