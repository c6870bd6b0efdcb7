using Segmentation.Data;
using Segmentation.Scoring.InRun;

namespace Segmentation.Tests.Scoring.InRun;

public sealed class OutcomeEventsCsvTests
{
    private static readonly DateOnly AsOf = new(2026, 10, 31);

    private static OutcomeHistory Read(string csv, IReadOnlyCollection<string>? customers = null, string? outcome = null)
        => OutcomeEventsCsv.Read(CsvTable.Read(new StringReader(csv), "outcomes.csv"), AsOf, customers, null, outcome);

    [Fact]
    public void Read_ChurnedAndExpandedRows_SplitsThemByOutcome()
    {
        OutcomeHistory history = Read("customer_id,date,outcome\na,2026-05-01,churned\nb,2026-06-01,Expanded\nb,2026-09-01T10:00:00Z,expansion\nc,2026-07-01,CHURN\n");

        Assert.Equal([new DateOnly(2026, 5, 1)], history.Churn.Of("a"));
        Assert.Equal([new DateOnly(2026, 6, 1), new DateOnly(2026, 9, 1)], history.Expansion.Of("b"));
        Assert.Equal(2, history.Churn.Count);
        Assert.Equal(2, history.Expansion.Count);
    }

    [Fact]
    public void Read_ThirdOutcomeValue_ThrowsNamingLineAndColumn()
    {
        DataFormatException error = Assert.Throws<DataFormatException>(() => Read("customer_id,date,outcome\na,2026-05-01,churned\nb,2026-06-01,downgraded\n"));

        Assert.Equal(3, error.Line);
        Assert.Equal("outcome", error.Column);
        Assert.Contains("'downgraded' is not an outcome; write churned or expanded", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DatesAfterAsOf_AreLeftOutAndCounted()
    {
        OutcomeHistory history = Read("customer_id,date,outcome\na,2026-10-31,churned\nb,2026-11-01,churned\nc,2027-01-01,expanded\n");

        Assert.Equal(1, history.Churn.Count);
        Assert.Equal(0, history.Expansion.Count);
        Assert.Equal(2, history.LaterEvents);
        Assert.Contains("2 dated after 2026-10-31 ignored", history.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnknownCustomers_AreLeftOutCountedAndNamed()
    {
        OutcomeHistory history = Read("customer_id,date,outcome\na,2026-05-01,churned\nx,2026-05-01,churned\nx,2026-06-01,expanded\ny,2026-06-01,churned\n", ["a", "b"]);

        Assert.Equal(1, history.Churn.Count);
        Assert.Equal(["x", "y"], history.UnknownCustomers);
        Assert.Equal(3, history.UnknownCustomerEvents);
        Assert.Contains("3 of 2 customers not in the input ignored ('x', 'y'; check the id column)", history.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NoOutcomeColumnWithOutcomeGiven_ReadsEveryRowAsThatOutcome()
    {
        OutcomeHistory history = Read("account_id,day\na,2026-05-01\nb,2026-06-01\n", outcome: "expansion");

        Assert.Equal(2, history.Expansion.Count);
        Assert.Equal(0, history.Churn.Count);
    }

    [Theory]
    [InlineData("customer_id,date\na,2026-05-01\n")]
    [InlineData("customer_id,outcome\na,churned\n")]
    [InlineData("who,date,outcome\na,2026-05-01,churned\n")]
    public void Read_MissingColumn_ThrowsListingTheColumns(string csv)
    {
        DataFormatException error = Assert.Throws<DataFormatException>(() => Read(csv));

        Assert.Equal(1, error.Line);
        Assert.Contains("an outcomes file needs a customer column", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DateNotADate_ThrowsNamingLineAndColumn()
    {
        DataFormatException error = Assert.Throws<DataFormatException>(() => Read("customer_id,date,outcome\na,31/05/2026,churned\n"));

        Assert.Equal(2, error.Line);
        Assert.Equal("date", error.Column);
    }
}
