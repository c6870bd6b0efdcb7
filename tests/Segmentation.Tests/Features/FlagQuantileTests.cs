using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Segmentation.Features;

namespace Segmentation.Tests.Features;

public class FlagQuantileTests
{
    [Property(MaxTest = 500)]
    public Property Quantile_ZerosAndOnes_SameBitsAsSelection()
    {
        // Mostly zeros, mostly ones, or mixed; any length from 1 and any level from 0 to 1.
        Gen<double[]> flags = Gen.Choose(1, 80).SelectMany(n => Gen.Choose(0, 100).SelectMany(ones =>
            Gen.ArrayOf(Gen.Choose(0, 99).Select(r => r < ones ? 1.0 : 0.0), n)));
        Gen<double> levels = Gen.OneOf(Gen.Elements(0.0, 0.25, 0.5, 0.8, 1.0), Gen.Choose(0, 1000).Select(v => v / 1000.0));
        return Prop.ForAll(Arb.From(flags), Arb.From(levels), (values, q) =>
        {
            double expected = Statistics.Quantile([.. values], q);
            bool counted = FlagQuantile.TryQuantile(values, q, out double actual);
            return (counted && BitConverter.DoubleToInt64Bits(actual) == BitConverter.DoubleToInt64Bits(expected))
                .Label($"q {q} of [{string.Join(", ", values)}]: {actual} vs {expected}");
        });
    }

    [Theory]
    [InlineData(new[] { 0.0, 1, 2 })]
    [InlineData(new[] { 1.0, -0.0, 1 })]
    [InlineData(new[] { 0.5, 0, 1 })]
    public void Quantile_OtherValues_FallsBackToSelection(double[] values)
    {
        Assert.False(FlagQuantile.TryQuantile(values, 0.5, out _));
        Assert.Equal(BitConverter.DoubleToInt64Bits(Statistics.Quantile([.. values], 0.5)), BitConverter.DoubleToInt64Bits(FlagQuantile.Quantile([.. values], 0.5)));
    }

    [Fact]
    public void Quantile_Empty_IsNaN()
    {
        Assert.False(FlagQuantile.TryQuantile([], 0.5, out _));
        Assert.True(double.IsNaN(FlagQuantile.Quantile([], 0.5)));
    }
}
