using System.Text;
using Segmentation.Data;

namespace Segmentation.Tests.Data;

/// <summary>Files from <see cref="CsvTable.HalvesMinimumBytes"/> on are read as two halves side by side: the table must be the one a single reader makes.</summary>
public sealed class CsvTableHalvesTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"halves-{Guid.NewGuid():N}.csv");

    public void Dispose() => File.Delete(_path);

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void Load_LargeFileWithQuotesLineBreaksAndBlankLines_SameTableAndLinesAsOneReader(string newline)
    {
        // Quoted fields with commas, doubled quotes and line breaks, blank lines and non-ASCII text on both sides of the middle.
        var text = new StringBuilder("id,plan,note,arr" + newline);
        for (int i = 0; text.Length < CsvTable.HalvesMinimumBytes + 100_000; i++)
        {
            string note = (i % 97) switch
            {
                0 => "\"two" + newline + "lines, and \"\"quotes\"\"\"",
                1 => "\"a, b\"",
                2 => "Zürich ✓",
                _ => "plain",
            };
            text.Append(i).Append(",Starter,").Append(note).Append(',').Append(i * 3.5).Append(newline);
            if (i % 1_001 == 0)
            {
                text.Append(newline);
            }
        }

        File.WriteAllText(_path, text.ToString());

        CsvTable halves = CsvTable.Load(_path);

        Assert.NotNull(CsvTable.LoadHalves(_path, new FileInfo(_path).Length));
        using var reader = new StreamReader(_path);
        CsvTable oneReader = CsvTable.Read(reader, _path);
        Assert.Equal(oneReader.Header, halves.Header);
        Assert.Equal(oneReader.RowCount, halves.RowCount);
        for (int row = 0; row < oneReader.RowCount; row++)
        {
            Assert.Equal(oneReader.LineOf(row), halves.LineOf(row));
            for (int column = 0; column < oneReader.Header.Count; column++)
            {
                Assert.Equal(oneReader.Cell(row, column), halves.Cell(row, column));
            }
        }
    }

    [Fact]
    public void Load_QuotedFieldAcrossTheMiddle_SameTableAsOneReader()
    {
        // One field holds most of the file, line breaks included: every split point from the middle on is inside it.
        string inside = string.Concat(Enumerable.Repeat("x,y\n", (int)(CsvTable.HalvesMinimumBytes / 4) + 1000));
        File.WriteAllText(_path, $"id,note\n1,\"{inside}\"\n2,last\n");

        CsvTable table = CsvTable.Load(_path);

        Assert.Null(CsvTable.LoadHalves(_path, new FileInfo(_path).Length));
        Assert.Equal(2, table.RowCount);
        Assert.Equal(inside, table.Cell(0, 1));
        Assert.Equal("last", table.Cell(1, 1));
        Assert.Equal(inside.Count(c => c == '\n') + 3, table.LineOf(1));
    }

    [Fact]
    public void Load_LargeFileWithBadRowInSecondHalf_NamesTheSameLineAsOneReader()
    {
        var text = new StringBuilder("id,arr\n");
        int rows = 0;
        while (text.Length < CsvTable.HalvesMinimumBytes + 50_000)
        {
            text.Append(rows++).Append(",12.5\n");
        }

        text.Append("bad,1,2\n");
        File.WriteAllText(_path, text.ToString());

        var error = Assert.Throws<DataFormatException>(() => CsvTable.Load(_path));

        Assert.Null(CsvTable.LoadHalves(_path, new FileInfo(_path).Length));
        Assert.Equal(rows + 2, error.Line);
        Assert.Contains("the row has 3 fields but the header has 2", error.Message);
    }
}
