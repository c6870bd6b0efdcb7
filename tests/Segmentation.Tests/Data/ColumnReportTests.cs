using System.Text.Json;
using Segmentation.Data;

namespace Segmentation.Tests.Data;

public class ColumnReportTests
{
    [Fact]
    public void ToJson_UsedAndLeftOutColumns_WritesKindLevelsCountsAndReason()
    {
        var report = new ColumnReport("x.csv", 3,
        [
            new ColumnReportEntry("arr", ColumnRole.Numeric, ["arr"], [], 1, 2, null),
            new ColumnReportEntry("region", ColumnRole.OneHot, ["region=EMEA", "region=NA"], ["EMEA", "NA"], 0, 0, null),
            new ColumnReportEntry("notes", ColumnRole.AllMissing, [], [], 3, 0, "every cell is missing"),
        ]);

        using JsonDocument json = JsonDocument.Parse(report.ToJson());
        JsonElement[] columns = [.. json.RootElement.GetProperty("columns").EnumerateArray()];
        Assert.Equal(3, json.RootElement.GetProperty("rows").GetInt32());
        Assert.Equal("numeric", columns[0].GetProperty("kind").GetString());
        Assert.Equal(2, columns[0].GetProperty("invalid").GetInt32());
        Assert.Equal(1, columns[0].GetProperty("missing").GetInt32());
        Assert.Equal(["EMEA", "NA"], columns[1].GetProperty("levels").EnumerateArray().Select(l => l.GetString()));
        Assert.False(columns[2].GetProperty("used").GetBoolean());
        Assert.Equal("all-missing", columns[2].GetProperty("kind").GetString());
        Assert.Equal("every cell is missing", columns[2].GetProperty("reason").GetString());
    }
}
