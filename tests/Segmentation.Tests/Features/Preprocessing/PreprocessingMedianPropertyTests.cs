using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Segmentation.Features.Preprocessing;

namespace Segmentation.Tests.Features.Preprocessing;

public class PreprocessingMedianPropertyTests
{
    [Property(MaxTest = 500)]
    public Property Median_AnyValues_EqualsTheSortedMiddle()
    {
        // Few distinct values (many ties, as in 0/1 columns) as well as spread ones.
        Gen<double[]> values = Gen.Choose(1, 60).SelectMany(n => Gen.ArrayOf(
            Gen.OneOf(Gen.Choose(-3, 3).Select(v => (double)v), Gen.Choose(-100_000, 100_000).Select(v => v / 7.0)), n));
        return Prop.ForAll(Arb.From(values), v =>
        {
            double[] sorted = [.. v];
            Array.Sort(sorted);
            double expected = sorted.Length % 2 == 1
                ? sorted[sorted.Length / 2]
                : sorted[(sorted.Length / 2) - 1] + ((sorted[sorted.Length / 2] - sorted[(sorted.Length / 2) - 1]) * 0.5);
            double actual = PreprocessingModel.Median([.. v]);
            return (actual == expected).Label($"[{string.Join(", ", v)}]: {actual} vs {expected}");
        });
    }

    [Fact]
    public void Median_EvenCount_InterpolatesTheTwoMiddleValues()
    {
        Assert.Equal(2.5, PreprocessingModel.Median([4, 1, 3, 2]));
        Assert.Equal(7, PreprocessingModel.Median([7]));
        Assert.Equal(1, PreprocessingModel.Median([1, 0, 1, 1, 0, 1]));
    }
}
