using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Segmentation.Tests;

public class StatisticsTests
{
    [Property(MaxTest = 300)]
    public Property MedianInPlace_AnyValues_EqualsTheMiddleOfTheSortedValues(int[] seeds)
    {
        // Few distinct values as well as many: ties are where a selection goes wrong.
        double[] values = [.. seeds.Select(s => (double)(s % 7) * (s % 2 == 0 ? 1 : 0.5))];
        double[] sorted = [.. values.Order()];
        double expected = Statistics.SortedQuantile(sorted, 0.5);

        double actual = Statistics.MedianInPlace(values);

        return (BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual) || (double.IsNaN(expected) && double.IsNaN(actual)))
            .Label($"expected {expected}, found {actual} for [{string.Join(", ", sorted)}]");
    }

    [Fact]
    public void Median_EvenCountWithMissing_AveragesTheTwoMiddleValuesLeavingNaNOut()
    {
        Assert.Equal(2.5, Statistics.Median([4, double.NaN, 1, 3, 2]));
        Assert.Equal(3, Statistics.Median([5, 3, 1]));
        Assert.True(double.IsNaN(Statistics.Median([double.NaN])));
    }

    [Property(MaxTest = 500)]
    public Property Quantile_AnyValuesAndLevel_EqualsTheInterpolatedSortedValue()
    {
        // Few distinct values (many ties, as in 0/1 columns) as well as spread ones, and any level from 0 to 1.
        Gen<double[]> values = Gen.Choose(1, 60).SelectMany(n => Gen.ArrayOf(
            Gen.OneOf(Gen.Choose(-3, 3).Select(v => (double)v), Gen.Choose(-100_000, 100_000).Select(v => v / 7.0)), n));
        Gen<double> levels = Gen.OneOf(Gen.Elements(0.0, 0.25, 0.5, 0.8, 1.0), Gen.Choose(0, 1000).Select(v => v / 1000.0));
        return Prop.ForAll(Arb.From(values), Arb.From(levels), (v, q) =>
        {
            (double expected, _, _, _) = InterpolatedSorted(v, q);
            double actual = Statistics.Quantile([.. v], q);
            return (actual == expected).Label($"q {q} of [{string.Join(", ", v)}]: {actual} vs {expected}");
        });
    }

    [Fact]
    public void Quantile_EvenCountMedian_InterpolatesTheTwoMiddleValues()
    {
        Assert.Equal(2.5, Statistics.Quantile([4, 1, 3, 2], 0.5));
        Assert.Equal(7, Statistics.Quantile([7], 0.5));
        Assert.Equal(1, Statistics.Quantile([1, 0, 1, 1, 0, 1], 0.5));
        Assert.Equal(4, Statistics.Quantile([4, 1, 3, 2], 1.0));
        Assert.True(double.IsNaN(Statistics.Quantile([], 0.5)));
    }

    [Property(MaxTest = 500)]
    public Property Quantile_ZerosAndOnes_CountsToTheSameBitsAsSelection()
    {
        // Mostly zeros, mostly ones, or mixed; any length from 1 and any level from 0 to 1.
        Gen<double[]> flags = Gen.Choose(1, 80).SelectMany(n => Gen.Choose(0, 100).SelectMany(ones =>
            Gen.ArrayOf(Gen.Choose(0, 99).Select(r => r < ones ? 1.0 : 0.0), n)));
        Gen<double> levels = Gen.OneOf(Gen.Elements(0.0, 0.25, 0.5, 0.8, 1.0), Gen.Choose(0, 1000).Select(v => v / 1000.0));
        return Prop.ForAll(Arb.From(flags), Arb.From(levels), (values, q) =>
        {
            double expected = Statistics.SelectedQuantile([.. values], q);
            bool counted = Statistics.TryFlagQuantile(values, q, out double actual);
            double viaQuantile = Statistics.Quantile([.. values], q);
            return (counted && BitConverter.DoubleToInt64Bits(actual) == BitConverter.DoubleToInt64Bits(expected)
                    && BitConverter.DoubleToInt64Bits(viaQuantile) == BitConverter.DoubleToInt64Bits(expected))
                .Label($"q {q} of [{string.Join(", ", values)}]: {actual} vs {expected}");
        });
    }

    [Theory]
    [InlineData(new[] { 0.0, 1, 2 })]
    [InlineData(new[] { 1.0, -0.0, 1 })]
    [InlineData(new[] { 0.5, 0, 1 })]
    public void Quantile_NotOnlyZerosAndOnes_FallsBackToSelection(double[] values)
    {
        Assert.False(Statistics.TryFlagQuantile(values, 0.5, out _));
        Assert.Equal(BitConverter.DoubleToInt64Bits(Statistics.SelectedQuantile([.. values], 0.5)), BitConverter.DoubleToInt64Bits(Statistics.Quantile([.. values], 0.5)));
    }

    [Fact]
    public void Quantile_Empty_IsNaN()
    {
        Assert.False(Statistics.TryFlagQuantile([], 0.5, out _));
        Assert.True(double.IsNaN(Statistics.Quantile([], 0.5)));
    }

    [Property(MaxTest = 60)]
    public Property Quantile_LargeArrays_EqualsTheInterpolatedSortedValueAndKeepsTheInputWhenSampled()
    {
        // From the size where sampling starts: few distinct values (ties at the bracket), spread values, and sorted or
        // reversed inputs (an evenly spaced sample of those is as uneven as it gets).
        Gen<double[]> values = Gen.Choose(Statistics.SampledSelectionMinimum, Statistics.SampledSelectionMinimum * 3).SelectMany(n => Gen.Choose(0, 4).SelectMany(shape =>
            Gen.Choose(1, 1_000_000).Select(seed =>
            {
                var random = new Random(seed);
                double[] v = [.. Enumerable.Range(0, n).Select(_ => shape switch
                {
                    0 => random.Next(1, 8),
                    1 => random.Next(-5_000, 5_000) / 7.0,
                    _ => random.NextDouble() * 100 + 1,
                })];
                if (shape == 3)
                {
                    Array.Sort(v);
                }
                else if (shape == 4)
                {
                    Array.Sort(v);
                    Array.Reverse(v);
                }

                return v;
            })));
        Gen<double> levels = Gen.OneOf(Gen.Elements(0.0, 0.5, 0.8, 1.0), Gen.Choose(0, 1000).Select(v => v / 1000.0));
        return Prop.ForAll(Arb.From(values), Arb.From(levels), (v, q) =>
        {
            (double expected, double[] sorted, int lower, int upper) = InterpolatedSorted(v, q);
            double[] input = [.. v];
            var sampled = Statistics.SampledOrderStatistics(input, lower, upper > lower);
            bool sampledRight = sampled is not (double low, double high)
                || (low == sorted[lower] && (upper == lower || high == sorted[upper]) && input.SequenceEqual(v));
            double actual = Statistics.Quantile(input, q);
            return (sampledRight && BitConverter.DoubleToInt64Bits(actual) == BitConverter.DoubleToInt64Bits(expected))
                .Label($"q {q} of {v.Length} values: {actual} vs {expected}, sampled {sampled}");
        });
    }

    [Fact]
    public void SampledOrderStatistics_ZeroResult_LeavesItToSelection()
    {
        // +0.0 and -0.0 are equal: which of them is the median is selection's choice, so sampling gives none.
        double[] values = [.. Enumerable.Range(0, 40_000).Select(i => i % 3 == 0 ? -0.0 : i % 3 == 1 ? 0.0 : i - 20_000.0)];
        int middle = (values.Length - 1) / 2;

        Assert.Null(Statistics.SampledOrderStatistics(values, middle, withNext: true));
        double[] sorted = [.. values.Order()];
        Assert.Equal(0, Statistics.Quantile([.. values], 0.5));
        Assert.Equal(sorted[^1], Statistics.Quantile([.. values], 1.0));
    }

    [Fact]
    public void SampledOrderStatistics_ManyTiesAroundTheMedian_CountsThemWithoutCopying()
    {
        // 90% of the values are 5: the bracket's two ends are both 5 and the answer comes from the counts.
        double[] values = [.. Enumerable.Range(0, 50_000).Select(i => i % 10 == 0 ? i : 5.0)];

        Assert.Equal((5.0, 5.0), Statistics.SampledOrderStatistics(values, 25_000, withNext: true));
        Assert.Equal(5.0, Statistics.Quantile([.. values], 0.5));
    }

    /// <summary>The reference: the level-<paramref name="q"/> value interpolated between the two sorted values around it, with the sorted copy and their positions.</summary>
    private static (double Expected, double[] Sorted, int Lower, int Upper) InterpolatedSorted(double[] values, double q)
    {
        double[] sorted = [.. values];
        Array.Sort(sorted);
        double position = q * (sorted.Length - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, sorted.Length - 1);
        return (sorted[lower] + ((sorted[upper] - sorted[lower]) * (position - lower)), sorted, lower, upper);
    }
}
