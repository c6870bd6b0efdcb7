using Segmentation.Data;

namespace Segmentation.Tests.Data;

public class CsvTableTests
{
    private static CsvTable Read(string text) => CsvTable.Read(new StringReader(text), "customers.csv");

    [Fact]
    public void Read_QuotedFieldsWithCommasQuotesAndLineBreaks_ParsesCells()
    {
        CsvTable table = Read("id,name,arr\n1,\"Acme, Inc.\",100\n2,\"The \"\"Best\"\" Co\",200\n3,\"Two\nLines\",300\n");
        Assert.Equal(["id", "name", "arr"], table.Header);
        Assert.Equal(3, table.RowCount);
        Assert.Equal("Acme, Inc.", table.Cell(0, 1));
        Assert.Equal("The \"Best\" Co", table.Cell(1, 1));
        Assert.Equal("Two\nLines", table.Cell(2, 1));
    }

    [Fact]
    public void LineOf_CountsHeaderAsLineOne_AndMultiLineFieldsAndBlankLines()
    {
        CsvTable table = Read("id,note\n1,\"a\nb\nc\"\n\n2,plain\n");
        Assert.Equal(2, table.LineOf(0));
        Assert.Equal(6, table.LineOf(1));
    }

    [Fact]
    public void Number_NotANumber_NamesLineAndColumn()
    {
        CsvTable table = Read("id,arr\n1,100\n2,lots\n");
        var error = Assert.Throws<DataFormatException>(() => table.Number(1, 1));
        Assert.Equal(3, error.Line);
        Assert.Equal("arr", error.Column);
        Assert.StartsWith("customers.csv, line 3, column 'arr': 'lots' is not a number", error.Message);
    }

    [Theory]
    [InlineData("", double.NaN)]
    [InlineData("NA", double.NaN)]
    [InlineData(" 12.5 ", 12.5)]
    [InlineData("-3e2", -300)]
    public void Number_MissingAndInvariantNumbers_Parse(string cell, double expected)
    {
        CsvTable table = Read($"x\n\"{cell}\"\n");
        Assert.Equal(expected, table.Number(0, 0));
    }

    [Theory]
    [InlineData("1,5")]
    [InlineData("Infinity")]
    [InlineData("12abc")]
    public void Number_CommaDecimalOrInfinity_IsRejected(string cell)
    {
        CsvTable table = Read($"x\n\"{cell}\"\n");
        Assert.Throws<DataFormatException>(() => table.Number(0, 0));
    }

    [Fact]
    public void Read_RowWithTooFewFields_NamesLineAndCounts()
    {
        var error = Assert.Throws<DataFormatException>(() => Read("a,b,c\n1,2,3\n4,5\n"));
        Assert.Equal(3, error.Line);
        Assert.Contains("has 2 fields but the header has 3", error.Message);
    }

    [Fact]
    public void Read_DuplicateHeader_NamesTheColumn()
    {
        var error = Assert.Throws<DataFormatException>(() => Read("a,b,a\n1,2,3\n"));
        Assert.Equal(1, error.Line);
        Assert.Equal("a", error.Column);
    }

    [Fact]
    public void Read_EmptyHeaderField_Throws()
    {
        var error = Assert.Throws<DataFormatException>(() => Read("a,,c\n1,2,3\n"));
        Assert.Contains("header field 2 is empty", error.Message);
    }

    [Fact]
    public void Read_EmptyInput_Throws()
    {
        var error = Assert.Throws<DataFormatException>(() => Read(""));
        Assert.Contains("the file is empty", error.Message);
    }

    [Fact]
    public void Read_StrayQuoteInUnquotedField_NamesTheLine()
    {
        var error = Assert.Throws<DataFormatException>(() => Read("a,b\n1,2\n3,4\"x\n"));
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFound()
    {
        var error = Assert.Throws<FileNotFoundException>(() => CsvTable.Load(Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".csv")));
        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public void Read_SemicolonSeparatedFile_SaysWhichSeparatorItSeems()
    {
        var error = Assert.Throws<DataFormatException>(() => Read("id;arr;plan\na1;1,5;pro\n"));
        Assert.Equal(1, error.Line);
        Assert.Contains("the file seems to be separated by ';'; segment reads comma-separated files", error.Message);
    }

    [Fact]
    public void Read_TabSeparatedFile_SaysTabs()
    {
        var error = Assert.Throws<DataFormatException>(() => Read("id\tarr\na1\t10\n"));
        Assert.Contains("separated by tabs", error.Message);
    }

    [Fact]
    public void Read_RowWithWrongWidthAndSemicolons_HintsTheSeparator()
    {
        var error = Assert.Throws<DataFormatException>(() => Read("id,arr\na1;10;x\n"));
        Assert.Equal(2, error.Line);
        Assert.Contains("the file seems to be separated by ';'", error.Message);
    }

    [Fact]
    public void Read_UnterminatedQuote_NamesTheLineWhereTheQuotedFieldStarts()
    {
        var error = Assert.Throws<DataFormatException>(() => Read("id,name\n1,a\n2,\"open\n3,c\n4,d\n"));
        Assert.Equal(3, error.Line);
        Assert.Contains("quoted field is not closed", error.Message);
        Assert.Contains("'2,\"open'", error.Message);
    }

    [Theory]
    [InlineData("id,name\n1,a\n2,\"open\n3,c\n4,d", 3)]
    [InlineData("id,name\n1,a\n\n2,x\"open\n3,c\n", 4)]
    [InlineData("id,name\n\"open,a\n1,b\n", 2)]
    public void Read_BadQuote_NamesTheLineOfItsRecord(string text, int line)
    {
        var error = Assert.Throws<DataFormatException>(() => Read(text));
        Assert.Equal(line, error.Line);
    }

    [Fact]
    public void Number_TenMegabyteCell_IsCutInTheMessage()
    {
        string huge = new('x', 10_000_000);
        CsvTable table = Read($"arr\n{huge}\n");
        var error = Assert.Throws<DataFormatException>(() => table.Number(0, 0));
        Assert.Contains($"'{new string('x', CsvValues.MaxQuotedLength)}…'", error.Message);
        Assert.True(error.Message.Length < 300, $"The message has {error.Message.Length} characters.");
    }
}
