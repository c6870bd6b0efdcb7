using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Segmentation.Data;

namespace Segmentation.Tests.Data;

public sealed class CsvTableChunkTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("csv-chunks-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string text)
    {
        string path = Path.Combine(_directory, $"{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, text);
        return path;
    }

    private static void AssertSameTable(CsvTable expected, CsvTable actual)
    {
        Assert.Equal(expected.Header, actual.Header);
        Assert.Equal(expected.RowCount, actual.RowCount);
        for (int i = 0; i < expected.RowCount; i++)
        {
            Assert.Equal(expected.LineOf(i), actual.LineOf(i));
            for (int j = 0; j < expected.Header.Count; j++)
            {
                Assert.Equal(expected.Cell(i, j), actual.Cell(i, j));
            }
        }
    }

    [Property(MaxTest = 200)]
    public Property ReadInChunks_RandomRowsBlankLinesAndLineEnds_SameCellsAndLinesAsOnePiece()
    {
        Gen<string> cell = Gen.Elements("", "1", "-2.5", "é", "NA", "Acme Inc", "x y", "0.61", "日本");
        Gen<string> row = Gen.ArrayOf(cell, 3).Select(cells => string.Join(",", cells));
        Gen<string> lineEnd = Gen.Elements("\n", "\r\n", "\n\n", "\r\n\r\n", "\r");
        Gen<(string Text, int Chunks)> files =
            from rows in Gen.ListOf(Gen.Zip(row, lineEnd))
            from last in Gen.Elements("", "\n")
            from chunks in Gen.Choose(2, 6)
            select ("a,b,c\n" + string.Concat(rows.Select(r => r.Item1 + r.Item2)) + "1,2,3" + last, chunks);
        return Prop.ForAll(Arb.From(files), file =>
        {
            string path = Write(file.Text);
            CsvTable? chunked = CsvTable.ReadInChunks(path, file.Chunks, threshold: 0);

            // Only a file without a line feed after the first share (but its last byte) has no second chunk.
            byte[] bytes = File.ReadAllBytes(path);
            bool splittable = bytes.AsSpan(bytes.Length / file.Chunks, bytes.Length - 1 - (bytes.Length / file.Chunks)).Contains((byte)'\n');
            Assert.Equal(splittable, chunked is not null);
            if (chunked is null)
            {
                return;
            }

            AssertSameTable(CsvTable.Read(new StringReader(file.Text), path), chunked);
            Assert.Equal(path, chunked.SourceName);
        });
    }

    [Fact]
    public void ReadInChunks_QuotedField_LeavesTheFileToOnePiece()
    {
        string text = "id,note\n" + string.Concat(Enumerable.Range(0, 50).Select(i => $"{i},plain\n")) + "50,\"two\nlines\"\n" + "51,plain\n";
        string path = Write(text);
        Assert.Null(CsvTable.ReadInChunks(path, 4, threshold: 0));
        AssertSameTable(CsvTable.Read(new StringReader(text), path), CsvTable.Load(path));
    }

    [Fact]
    public void ReadInChunks_BadRowInALaterChunk_LoadNamesItsExactLine()
    {
        string text = "id,arr\n" + string.Concat(Enumerable.Range(0, 100).Select(i => i % 7 == 0 ? $"{i},1\n\n" : $"{i},1\r\n")) + "x,1,2\n";
        string path = Write(text);
        Assert.Null(CsvTable.ReadInChunks(path, 3, threshold: 0));
        var error = Assert.Throws<DataFormatException>(() => CsvTable.Load(path));
        Assert.Equal(1 + 100 + 15 + 1, error.Line);
        Assert.Contains("the row has 3 fields but the header has 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadInChunks_SmallFile_IsReadInOnePiece()
    {
        Assert.Null(CsvTable.ReadInChunks(Write("id,arr\n1,2\n"), 2));
    }
}
