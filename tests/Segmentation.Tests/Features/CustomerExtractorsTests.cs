using Segmentation.Features;

namespace Segmentation.Tests.Features;

public class CustomerExtractorsTests
{
    private static readonly DateOnly AsOf = new(2024, 6, 30);

    [Fact]
    public void Lifecycle_TenureAndDaysToRenewal_CountDaysFromAsOf()
    {
        var customer = new CustomerRecord("a") { SignupDate = new DateOnly(2024, 6, 1), RenewalDate = new DateOnly(2024, 7, 30) };
        var row = new double[2];
        LifecycleExtractor.Instance.Extract(customer, new FeatureContext(AsOf), row);
        Assert.Equal([29.0, 30], row);
    }

    [Fact]
    public void Lifecycle_SignupAfterAsOf_IsMissingNotNegative()
    {
        var row = new double[2];
        LifecycleExtractor.Instance.Extract(new CustomerRecord("a") { SignupDate = AsOf.AddDays(3) }, new FeatureContext(AsOf), row);
        Assert.True(double.IsNaN(row[0]));
        Assert.True(double.IsNaN(row[1]));
    }

    [Fact]
    public void Value_SeatUtilizationAndMissingFields()
    {
        var row = new double[4];
        ValueExtractor.Instance.Extract(new CustomerRecord("a") { Arr = 120_000, SeatsPurchased = 50, SeatsUsed = 20 }, new FeatureContext(AsOf), row);
        Assert.Equal(120_000, row[0]);
        Assert.Equal(0.4, row[2], 12);
        Assert.True(double.IsNaN(row[3]));
    }

    [Fact]
    public void FeatureSet_CombinesRecordExtractors()
    {
        FeatureMatrix matrix = new FeatureSet<CustomerRecord>()
            .Add(ValueExtractor.Instance)
            .Add(LifecycleExtractor.Instance)
            .Extract([new CustomerRecord("a") { Arr = 10 }, new CustomerRecord("b") { Arr = 20 }], AsOf, c => c.Id);
        Assert.Equal(["arr", "seats_purchased", "seat_utilization", "nps", "tenure_days", "days_to_renewal"], matrix.Schema.Names);
        Assert.Equal(20, matrix[1, 0]);
    }
}
