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
}
