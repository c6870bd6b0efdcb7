using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Segmentation.Data;

namespace Segmentation.Tests.Data;

public class PlainDecimalTests
{
    private static bool SameAsDoubleParse(string text)
    {
        if (!PlainDecimal.TryParse(text, out double fast))
        {
            return true; // left to double.Parse: nothing to compare
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double expected)
            && BitConverter.DoubleToInt64Bits(fast) == BitConverter.DoubleToInt64Bits(expected);
    }

    [Property(MaxTest = 3000)]
    public Property TryParse_RandomNumberLikeText_AgreesBitForBitWithDoubleParse()
    {
        Gen<string> texts = Gen.Elements('0', '1', '5', '9', '.', '-', '+', 'e', ' ', '0', '7', '3')
            .ArrayOf()
            .Select(chars => new string(chars));
        return Prop.ForAll(Arb.From(texts), text => SameAsDoubleParse(text).Label(text));
    }

    [Property(MaxTest = 3000)]
    public Property TryParse_RandomDoublesAsWritten_AgreesBitForBitWithDoubleParse()
    {
        Gen<string> texts =
            from bits in ArbMap.Default.GeneratorFor<long>()
            from decimals in Gen.Choose(0, 25)
            from style in Gen.Choose(0, 2)
            let value = BitConverter.Int64BitsToDouble(bits)
            where double.IsFinite(value)
            select style switch
            {
                0 => value.ToString("R", CultureInfo.InvariantCulture),
                1 => (value / Math.Pow(10, Math.Floor(Math.Log10(Math.Abs(value) + 1e-300)))).ToString("F" + decimals, CultureInfo.InvariantCulture),
                _ => WithPoint(bits % 100_000_000_000_000_000, decimals),
            };
        return Prop.ForAll(Arb.From(texts), text => SameAsDoubleParse(text).Label(text));
    }

    // Up to 17 digits with a point somewhere among them (or at either end), negative when the integer is.
    private static string WithPoint(long integer, int position)
    {
        string digits = Math.Abs(integer).ToString(CultureInfo.InvariantCulture);
        return (integer < 0 ? "-" : "") + digits.Insert(position % (digits.Length + 1), ".");
    }

    [Theory]
    [InlineData("0", 0.0)]
    [InlineData("21853", 21853.0)]
    [InlineData("-23.3", -23.3)]
    [InlineData("0.61", 0.61)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5.0)]
    [InlineData("9007199254740992", 9007199254740992.0)]
    [InlineData("0.1234567890123456789", 0.1234567890123456789)]
    [InlineData("1.0000000000000000000001", 1.0)]
    public void TryParse_PlainDecimal_GivesDoubleParsesValue(string text, double expected)
    {
        Assert.True(PlainDecimal.TryParse(text, out double value) || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value));
        Assert.Equal(expected, value);
        Assert.True(SameAsDoubleParse(text));
    }

    [Fact]
    public void TryParse_NegativeZero_KeepsTheSign()
    {
        Assert.True(PlainDecimal.TryParse("-0.0", out double value));
        Assert.True(double.IsNegative(value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("1e5")]
    [InlineData("+1")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1.2.3")]
    [InlineData("1,5")]
    [InlineData("NaN")]
    [InlineData("9007199254740993")]
    [InlineData("12345678901234567890")]
    [InlineData("0.00000000000000000000001")]
    public void TryParse_NotPlainOrNotExact_LeavesItToDoubleParse(string text)
    {
        Assert.False(PlainDecimal.TryParse(text, out _));
    }
}
