using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Segmentation.Data;
using Segmentation.Playbooks;

namespace Segmentation.Tests.Playbooks;

public class CsvRowBufferTests
{
    /// <summary>Short texts made mostly of the characters that decide quoting.</summary>
    private static readonly Gen<string> Cells =
        Gen.Elements('a', 'b', ' ', ',', '"', '\r', '\n', ';', 'é').ArrayOf().Select(chars => new string(chars));

    private static readonly Gen<string[][]> Tables = Cells.ArrayOf().Where(row => row.Length > 0).ArrayOf();

    private static string Buffered(CsvQuoting quoting, string[][] rows)
    {
        using var writer = new StringWriter();
        using (var csv = new CsvRowBuffer(writer, quoting))
        {
            foreach (string[] row in rows)
            {
                foreach (string cell in row)
                {
                    csv.Field(cell);
                }

                csv.EndRow();
            }
        }

        return writer.ToString();
    }

    [Property(MaxTest = 500)]
    public Property Field_EdgeSpaceQuoting_WritesWhatCsvHelperWrote() =>
        Prop.ForAll(Arb.From(Tables), rows =>
        {
            using var expected = new StringWriter();
            using (var csv = new CsvWriter(expected, new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\n" }))
            {
                foreach (string[] row in rows)
                {
                    foreach (string cell in row)
                    {
                        csv.WriteField(cell);
                    }

                    csv.NextRecord();
                }
            }

            return Buffered(CsvQuoting.SeparatorsAndEdgeSpaces, rows) == expected.ToString();
        });

    [Property(MaxTest = 500)]
    public Property Field_SeparatorQuoting_WritesWhatCsvValuesQuoteWrites() =>
        Prop.ForAll(Arb.From(Tables), rows =>
            Buffered(CsvQuoting.Separators, rows) == string.Concat(rows.Select(row => string.Join(',', row.Select(CsvValues.Quote)) + "\n")));

    [Fact]
    public void Field_RowLongerThanTheBuffer_IsWrittenWholeAndQuoted()
    {
        string longCell = string.Concat(Enumerable.Repeat("x\"y,", 100_000));

        string text = Buffered(CsvQuoting.Separators, [["a"], [longCell, "b"], ["c"]]);

        Assert.Equal("a\n\"" + longCell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\",b\nc\n", text);
    }

    [Fact]
    public void Field_NumbersAndDates_AreWrittenInTheInvariantCulture()
    {
        using var writer = new StringWriter();
        using (var csv = new CsvRowBuffer(writer, CsvQuoting.Separators))
        {
            csv.Field(-12345);
            csv.Field(0.1);
            csv.Field(1e-7);
            csv.Field((double?)null);
            csv.Field(123456789.125);
            csv.BeginField().Append(new DateOnly(2026, 3, 9)).Append(';').EndField();
            csv.EndRow();
        }

        Assert.Equal("-12345,0.1,1E-07,,123456789.125,2026-03-09;\n", writer.ToString());
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(999, 12, 31)]
    [InlineData(2026, 11, 30)]
    [InlineData(9999, 12, 31)]
    public void Append_Date_WritesWhatTheCustomFormatWrites(int year, int month, int day)
    {
        var date = new DateOnly(year, month, day);
        using var writer = new StringWriter();
        using (var csv = new CsvRowBuffer(writer, CsvQuoting.Separators))
        {
            csv.BeginField().Append(date).EndField();
            csv.EndRow();
        }

        Assert.Equal(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "\n", writer.ToString());
    }
}
