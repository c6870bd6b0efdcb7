using Segmentation.Data;

namespace Segmentation.Tests.Data;

public class MissingValuesTests
{
    [Theory]
    [InlineData("NA")]
    [InlineData("n/a")]
    [InlineData("null")]
    [InlineData("None")]
    [InlineData("NaN")]
    public void Default_TokenInNumbers_IsMissingButInTextIsAValue(string token)
    {
        Assert.True(MissingValues.Default.InNumbers(token));
        Assert.False(MissingValues.Default.InText(token));
    }

    [Fact]
    public void FromTokens_ConfiguredTokens_AreMissingInEveryColumnAndOnlyThey()
    {
        var missing = MissingValues.FromTokens(["NA", "null"]);
        Assert.True(missing.InText("NA"));
        Assert.True(missing.InNumbers(" null "));
        Assert.False(missing.InNumbers("None"));
        Assert.True(missing.InText("  "));
    }

    [Fact]
    public void FromTokens_EmptyList_OnlyEmptyCellsAreMissing()
    {
        var missing = MissingValues.FromTokens([]);
        Assert.False(missing.InNumbers("NA"));
        Assert.True(missing.InNumbers(""));
    }

    [Fact]
    public void TryParseNumber_NumericTokenConfigured_IsMissingNotANumber()
    {
        var missing = MissingValues.FromTokens(["-1", "999"]);
        Assert.True(missing.TryParseNumber("-1", out double minusOne));
        Assert.True(double.IsNaN(minusOne));
        Assert.True(missing.TryParseNumber("999", out double nines));
        Assert.True(double.IsNaN(nines));
        Assert.True(missing.TryParseNumber("12.5", out double number));
        Assert.Equal(12.5, number);
    }

    [Theory]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("1e999")]
    public void TryParseNumber_InfiniteLiterals_AreNotNumbers(string cell)
    {
        Assert.False(MissingValues.Default.TryParseNumber(cell, out _));
    }

    [Fact]
    public void Excerpt_LongCell_KeepsFortyCharactersAndAnEllipsis()
    {
        string excerpt = CsvValues.Excerpt(new string('a', 100));
        Assert.Equal(CsvValues.MaxQuotedLength + 1, excerpt.Length);
        Assert.EndsWith("…", excerpt, StringComparison.Ordinal);
        Assert.Equal("short", CsvValues.Excerpt("short"));
    }
}
