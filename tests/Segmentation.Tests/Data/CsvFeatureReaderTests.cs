using Segmentation.Data;

namespace Segmentation.Tests.Data;

public class CsvFeatureReaderTests
{
    private static FeatureMatrix Read(string text, IReadOnlyList<string>? columns = null, string? id = null) =>
        CsvTable.ReadFeatures(new StringReader(text), "points.csv", columns, id);

    [Fact]
    public void Read_AllColumnsButId_InFileOrder()
    {
        FeatureMatrix matrix = Read("id,x,y\na,1,2\nb,3,\n", id: "id");
        Assert.Equal(["x", "y"], matrix.Schema.Names);
        Assert.Equal(["a", "b"], matrix.RowIds);
        Assert.Equal(3, matrix[1, 0]);
        Assert.True(double.IsNaN(matrix[1, 1]));
    }

    [Fact]
    public void Read_ChosenColumns_InTheChosenOrder()
    {
        FeatureMatrix matrix = Read("x,y,z\n1,2,3\n", ["z", "x"]);
        Assert.Equal(["z", "x"], matrix.Schema.Names);
        Assert.Equal([3.0, 1], matrix.Row(0).ToArray());
    }

    [Fact]
    public void Read_UnknownColumn_ThrowsListingTheHeader()
    {
        var error = Assert.Throws<DataFormatException>(() => Read("x,y\n1,2\n", ["q"]));
        Assert.Contains("--columns names the column 'q'", error.Message);
        Assert.Contains("the columns are: x, y", error.Message);
    }

    [Fact]
    public void Read_TextCell_NamesLineAndColumn()
    {
        var error = Assert.Throws<DataFormatException>(() => Read("x,y\n1,2\n3,4\n5,abc\n"));
        Assert.Equal(4, error.Line);
        Assert.Equal("y", error.Column);
    }

    [Fact]
    public void Read_DuplicateId_NamesBothLines()
    {
        var error = Assert.Throws<DataFormatException>(() => Read("id,x\na,1\na,2\n", id: "id"));
        Assert.Contains("the id 'a' already appeared on line 2", error.Message);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Read_NoFeatureColumns_Throws()
    {
        Assert.Throws<DataFormatException>(() => Read("id\na\n", id: "id"));
    }

    private static (FeatureMatrix Features, ColumnReport Columns) ReadReported(
        string text, IReadOnlyList<string>? columns = null, IList<string>? missingValues = null, bool invalidNumbersAsMissing = false) =>
        CsvTable.ReadFeaturesWithReport(new StringReader(text), "points.csv", columns, null, missingValues, invalidNumbersAsMissing);

    [Fact]
    public void Read_TextIdColumnNotNamed_IsLeftOutAndReported()
    {
        (FeatureMatrix Features, ColumnReport Columns) result = ReadReported("customer,x,y\nacme,1,2\nbeta,3,4\ngamma,5,6\n");
        Assert.Equal(["x", "y"], result.Features.Schema.Names);
        ColumnReportEntry customer = Assert.Single(result.Columns.LeftOut);
        Assert.Equal("customer", customer.Column);
        Assert.Equal(ColumnRole.Text, customer.Role);
        Assert.Contains("3 distinct values", customer.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AllMissingColumn_IsNeverAFeature()
    {
        (FeatureMatrix Features, ColumnReport Columns) result = ReadReported("x,empty,y\n1,,2\n3,NA,4\n");
        Assert.Equal(["x", "y"], result.Features.Schema.Names);
        ColumnReportEntry empty = Assert.Single(result.Columns.LeftOut);
        Assert.Equal(ColumnRole.AllMissing, empty.Role);
        Assert.Equal(2, empty.MissingCells);
    }

    [Theory]
    [InlineData("six")]
    [InlineData("\"1,5\"")]
    [InlineData("Infinity")]
    [InlineData("\"$1,200\"")]
    public void Read_NumericColumnWithABadCell_NamesLineColumnValueAndTheFix(string bad)
    {
        string rows = string.Join("\n", Enumerable.Range(0, 20).Select(i => i == 7 ? $"{i},{bad}" : $"{i},{i * 10}"));
        var error = Assert.Throws<DataFormatException>(() => ReadReported("x,y\n" + rows + "\n"));
        Assert.Equal(9, error.Line);
        Assert.Equal("y", error.Column);
        Assert.Contains($"'{bad.Trim('"')}' is not a number", error.Message);
        Assert.Contains("--invalid-numbers missing", error.Message);
    }

    [Fact]
    public void Read_InvalidNumbersMissing_ReadsThemAsMissingAndCountsThem()
    {
        string rows = string.Join("\n", Enumerable.Range(0, 20).Select(i => i is 3 or 11 ? $"{i},n/a?" : $"{i},{i}"));
        (FeatureMatrix Features, ColumnReport Columns) result = ReadReported("x,y\n" + rows + "\n", invalidNumbersAsMissing: true);
        Assert.Equal(["x", "y"], result.Features.Schema.Names);
        Assert.True(double.IsNaN(result.Features[3, 1]));
        Assert.Equal(2, result.Columns.Columns.Single(c => c.Column == "y").InvalidCells);
    }

    [Fact]
    public void Read_HeaderOnly_ThrowsDataFormatNamingTheFile()
    {
        var error = Assert.Throws<DataFormatException>(() => ReadReported("x,y\n"));
        Assert.Equal("points.csv", error.SourceName);
        Assert.Contains("no data rows", error.Message);
    }

    [Fact]
    public void Read_ChosenTextColumn_IsAnErrorNamingTheCell()
    {
        var error = Assert.Throws<DataFormatException>(() => ReadReported("x,name\n1,acme\n2,beta\n", columns: ["name"]));
        Assert.Equal(2, error.Line);
        Assert.Equal("name", error.Column);
    }

    [Fact]
    public void Read_NaValuesConfigured_OtherTokensAreInvalid()
    {
        string[] missingValues = ["-"];
        (FeatureMatrix Features, ColumnReport Columns) result = ReadReported("x,y\n1,-\n2,3\n4,5\n", missingValues: missingValues);
        Assert.True(double.IsNaN(result.Features[0, 1]));
        Assert.Throws<DataFormatException>(() => ReadReported("x,y\n1,NA\n2,3\n4,5\n", missingValues: missingValues));
    }
}
