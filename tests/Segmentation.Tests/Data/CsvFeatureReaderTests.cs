using Segmentation.Data;

namespace Segmentation.Tests.Data;

public class CsvFeatureReaderTests
{
    private static FeatureMatrix Read(string text, IReadOnlyList<string>? columns = null, string? id = null) =>
        CsvFeatureReader.Read(new StringReader(text), "points.csv", columns, id);

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
        var error = Assert.Throws<ColumnNotFoundException>(() => Read("x,y\n1,2\n", ["q"]));
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
}
