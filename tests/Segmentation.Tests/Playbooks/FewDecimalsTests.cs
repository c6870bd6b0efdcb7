using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Segmentation.Playbooks;

namespace Segmentation.Tests.Playbooks;

public class FewDecimalsTests
{
    private static string? Formatted(double value)
    {
        Span<char> text = stackalloc char[32];
        return FewDecimals.TryFormat(value, text, out int written) ? new string(text[..written]) : null;
    }

    /// <summary>Numbers of the kinds the writers see (whole, cents, four-decimal scores, probabilities) and their neighbours.</summary>
    private static readonly Gen<double> Numbers =
        from digits in Gen.Choose(0, 16)
        from bits in ArbMap.Default.GeneratorFor<long>()
        from decimals in Gen.Choose(0, 6)
        from nudge in Gen.Elements(0, 0, 0, 1, -1)
        let whole = bits % (long)Math.Pow(10, digits)
        let value = whole / Math.Pow(10, decimals)
        select nudge == 0 ? value : nudge > 0 ? Math.BitIncrement(value) : Math.BitDecrement(value);

    [Property(MaxTest = 20_000)]
    public Property TryFormat_AnyNumber_WritesWhatToStringWritesOrDeclines() =>
        Prop.ForAll(Arb.From(Numbers), value =>
        {
            string? text = Formatted(value);
            return text is null || text == value.ToString(CultureInfo.InvariantCulture);
        });

    [Theory]
    [InlineData(221435.0, "221435")]
    [InlineData(184949.74, "184949.74")]
    [InlineData(4634.0, "4634")]
    [InlineData(-0.5, "-0.5")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(99_999_999_999.9999, "99999999999.9999")]
    [InlineData(999_999_999_999_999.0, "999999999999999")]
    [InlineData(0.0, "0")]
    public void TryFormat_FewDecimals_WritesToStringsText(double value, string expected)
    {
        Assert.Equal(expected, Formatted(value));
        Assert.Equal(expected, value.ToString(CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(-0.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(1e15)]
    [InlineData(0.00001)]
    [InlineData(0.8352326258156039)]
    [InlineData(0.1 + 0.2)]
    [InlineData(100_000_000_000.5)]
    public void TryFormat_MoreDecimalsOrOutOfRange_Declines(double value) => Assert.Null(Formatted(value));

    [Property(MaxTest = 2_000)]
    public Property Append_AnyNumber_WritesWhatToStringWrites() =>
        Prop.ForAll(Arb.From(Gen.OneOf(Numbers, ArbMap.Default.GeneratorFor<double>())), value =>
        {
            using var writer = new StringWriter();
            using (var csv = new CsvRowBuffer(writer, CsvQuoting.Separators))
            {
                csv.Append(value);
            }

            return writer.ToString() == value.ToString(CultureInfo.InvariantCulture);
        });
}
