using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Segmentation.Data;

namespace Segmentation.Tests.Data;

public class GroupedNumbersTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(7.0)]
    [InlineData(84_000.0)]
    [InlineData(1_234_567.0)]
    [InlineData(999_999_999_999_999.0)]
    [InlineData(1e15)]
    [InlineData(12_345_678_901_234_567.0)]
    [InlineData(84_000.5)]
    [InlineData(2.5)]
    [InlineData(-1_234.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Format_AnyValue_WritesWhatTheCustomFormatWrites(double value)
    {
        Assert.Equal(value.ToString("#,0", CultureInfo.InvariantCulture), GroupedNumbers.Format(value));
        Assert.Equal(value.ToString("#,0", CultureInfo.InvariantCulture), GroupedNumbers.Append(new StringBuilder(), value).ToString());
    }

    [Fact]
    public void Format_NegativeZero_KeepsTheSignAsTheCustomFormatDoes()
        => Assert.Equal((-0.0).ToString("#,0", CultureInfo.InvariantCulture), GroupedNumbers.Format(-0.0));

    [Property(MaxTest = 500)]
    public Property Format_WholeAndFractionalValues_WritesWhatTheCustomFormatWrites()
    {
        Gen<double> values = Gen.OneOf(
            Gen.Choose(0, int.MaxValue).Select(i => (double)i * 1_000),
            Gen.Choose(-1_000_000, 1_000_000).Select(i => i / 7.0),
            Gen.Elements(0.5, 1.5, 2.5, 999.5, 1_000_000.49999));
        return Prop.ForAll(Arb.From(values), v => GroupedNumbers.Format(v) == v.ToString("#,0", CultureInfo.InvariantCulture));
    }
}
