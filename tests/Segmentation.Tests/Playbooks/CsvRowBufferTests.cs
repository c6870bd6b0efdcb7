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

    [Property(MaxTest = 300)]
    public Property Fields_FormattedBeforehand_WriteWhatTheFieldsWrite(bool edgeSpaces, int split) =>
        Prop.ForAll(Arb.From(Tables), rows =>
        {
            // Each row's fields from a split point on are formatted once into a text of their own and appended as it is.
            CsvQuoting quoting = edgeSpaces ? CsvQuoting.SeparatorsAndEdgeSpaces : CsvQuoting.Separators;
            using var writer = new StringWriter();
            using (var csv = new CsvRowBuffer(writer, quoting))
            {
                foreach (string[] row in rows)
                {
                    int first = Math.Abs(split % (row.Length + 1));
                    foreach (string cell in row[..first])
                    {
                        csv.Field(cell);
                    }

                    if (first < row.Length)
                    {
                        csv.Fields(CsvRowBuffer.Format(quoting, formatted =>
                        {
                            foreach (string cell in row[first..])
                            {
                                formatted.Field(cell);
                            }
                        }));
                    }

                    csv.EndRow();
                }
            }

            return writer.ToString() == Buffered(quoting, rows);
        });

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

    [Property(MaxTest = 300)]
    public Property Field_Number_IsWhatTheQuotingCheckWouldHaveLeftAsItIs(double value, bool edgeSpaces)
    {
        // Numbers and dates skip the quoting check: their text never holds a separator, quote or edge space.
        CsvQuoting quoting = edgeSpaces ? CsvQuoting.SeparatorsAndEdgeSpaces : CsvQuoting.Separators;
        double[] values = [value, double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, double.Epsilon, double.MaxValue];
        foreach (double v in values)
        {
            using var fast = new StringWriter();
            using var checkedWriter = new StringWriter();
            using (var a = new CsvRowBuffer(fast, quoting))
            using (var b = new CsvRowBuffer(checkedWriter, quoting))
            {
                a.Field(v);
                a.Field((int)Math.Clamp(v, int.MinValue, int.MaxValue));
                a.Field(new DateOnly(2026, 11, 30));
                b.BeginField().Append(v).EndField();
                b.BeginField().Append((int)Math.Clamp(v, int.MinValue, int.MaxValue)).EndField();
                b.BeginField().Append(new DateOnly(2026, 11, 30)).EndField();
                a.EndRow();
                b.EndRow();
            }

            if (fast.ToString() != checkedWriter.ToString())
            {
                return false.ToProperty();
            }
        }

        return true.ToProperty();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2_047)]
    [InlineData(70_001)]
    public void WriteBlocks_ManyBlocks_WritesWhatOneBufferWritesInRowOrder(int count)
    {
        // Rows formatted a block at a time on every core, written in order: the same text as one buffer row by row.
        static void Row(CsvRowBuffer csv, int i)
        {
            csv.Field(i);
            csv.Field(i % 7 == 0 ? $" quoted, {i} " : $"plain {i}");
            csv.Field(i / 3.0);
            csv.EndRow();
        }

        using var expected = new StringWriter();
        using (var csv = new CsvRowBuffer(expected, CsvQuoting.SeparatorsAndEdgeSpaces))
        {
            for (int i = 0; i < count; i++)
            {
                Row(csv, i);
            }
        }

        using var actual = new StringWriter();
        var told = new List<int>();
        CsvRowBuffer.WriteBlocks(actual, CsvQuoting.SeparatorsAndEdgeSpaces, "\n", count, (csv, from, to) =>
        {
            for (int i = from; i < to; i++)
            {
                Row(csv, i);
            }
        }, told.Add);

        Assert.Equal(expected.ToString(), actual.ToString());
        Assert.Equal(Enumerable.Range(1, count), told);
    }

    [Fact]
    public void WriteBlocks_FormatFails_ThrowsItsExceptionAsItWas()
    {
        using var writer = new StringWriter();

        var thrown = Assert.Throws<IOException>(() => CsvRowBuffer.WriteBlocks(writer, CsvQuoting.Separators, "\n", 100_000, (csv, from, to) =>
        {
            if (to > 60_000)
            {
                throw new IOException("disk full");
            }

            for (int i = from; i < to; i++)
            {
                csv.Field(i);
                csv.EndRow();
            }
        }, null));

        Assert.Equal("disk full", thrown.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EndField_QuotedFieldsAcrossTheFlushPoint_WrittenWhole(bool edgeSpaces)
    {
        CsvQuoting quoting = edgeSpaces ? CsvQuoting.SeparatorsAndEdgeSpaces : CsvQuoting.Separators;
        // Fields with commas (quoted in place) of every length around the buffer's hand-over point and beyond its size.
        string[][] rows = [.. Enumerable.Range(0, 300).Select(i => new[] { new string('x', i * 37) + ",$1,000", "a\"b", new string(',', i % 3 == 0 ? 140_000 : 1) })];
        string expected = string.Concat(rows.Select(row => string.Join(',', row.Select(CsvValues.Quote)) + "\n"));
        Assert.Equal(expected, Buffered(quoting, rows));
    }
}
