using Segmentation.Configuration;
using Segmentation.Data;

namespace Segmentation.Tests.Configuration;

public class StarterConfigTests
{
    private static CsvTable Table(string csv) => CsvTable.Read(new StringReader(csv), "customers.csv");

    [Fact]
    public void Guess_NamesOtherThanTheBuiltInOnes_RulesReadTheColumnsFound()
    {
        CsvTable table = Table("AccountId,annual_revenue,days_since_signup,TicketCount\na,120000,400,3\nb,5000,20,0\nc,30000,100,9\n");

        StarterConfig result = StarterConfig.Guess(table);

        Assert.Equal("AccountId", result.Config.Columns.IdColumn);
        Assert.Equal("annual_revenue", result.Config.Columns.ValueColumn);
        Assert.Equal("days_since_signup", result.Config.Columns.Roles.Tenure);
        Assert.Equal(["TicketCount"], result.Config.Columns.Roles.Tickets);
        Assert.Equal("annual_revenue >= 100000", result.Config.Rules!.Dimensions[0].Rules[0].When);
        Assert.Equal("days_since_signup < 90", result.Config.Rules.Dimensions.Single(d => d.Name == "lifecycle").Rules[0].When);
        Assert.Empty(result.Unplaced);
    }

    [Fact]
    public void Guess_MonthlyValueAndNoUniqueId_LeavesTiersOutAndSaysWhy()
    {
        CsvTable table = Table("id,mrr,segment_score\na,100,1\na,200,2\nb,300,3\n");

        StarterConfig result = StarterConfig.Guess(table);

        Assert.Null(result.Config.Columns.IdColumn);
        Assert.Equal("mrr", result.Config.Columns.ValueColumn);
        Assert.Null(result.Config.Rules);
        Assert.Contains(result.Notes, n => n.Contains("'tier' rules are left out: they read arr", StringComparison.Ordinal));
        Assert.Contains(result.Notes, n => n.Contains("No column looks like a customer id", StringComparison.Ordinal));
        Assert.Contains(result.Unplaced, u => u.Column == "id");
    }

    [Fact]
    public void Guess_ChurnColumnWithAThirdValue_IsNotTheOutcome()
    {
        CsvTable table = Table("customer_id,arr,churn\na,1,yes\nb,2,no\nc,3,maybe\n");

        StarterConfig result = StarterConfig.Guess(table);

        Assert.Null(result.Config.Columns.Outcome);
        Assert.DoesNotContain(result.Placed, p => p.Role == "outcome");
    }
}
