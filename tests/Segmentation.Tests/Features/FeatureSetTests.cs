using Segmentation.Features;

namespace Segmentation.Tests.Features;

public class FeatureSetTests
{
    private sealed record Account(string Id, double Arr, int Seats, int SeatsUsed, DateOnly Signup, double? Nps);

    private static readonly Account[] Accounts =
    [
        new("a", 120_000, 100, 80, new DateOnly(2024, 1, 1), 9),
        new("b", 8_000, 10, 2, new DateOnly(2026, 9, 1), null),
    ];

    [Fact]
    public void Extract_HostType_ReadsSelectorsAsOfTheDate()
    {
        FeatureSet<Account> features = new FeatureSet<Account>()
            .Add("arr", a => a.Arr)
            .Add("seat_utilisation", a => (double)a.SeatsUsed / a.Seats)
            .Add("tenure_days", (a, ctx) => ctx.AsOf.DayNumber - a.Signup.DayNumber)
            .Add("nps", a => a.Nps);

        FeatureMatrix matrix = features.Extract(Accounts, new DateOnly(2026, 10, 1), a => a.Id);

        Assert.Equal(["arr", "seat_utilisation", "tenure_days", "nps"], matrix.Schema.Names);
        Assert.Equal(["a", "b"], matrix.RowIds);
        Assert.Equal([120_000.0, 0.8, 1004, 9], matrix.Row(0).ToArray());
        Assert.Equal(30, matrix[1, 2]);
        Assert.True(double.IsNaN(matrix[1, 3]));
    }

    [Fact]
    public void Add_DuplicateName_Throws()
    {
        var features = new FeatureSet<Account>().Add("arr", a => a.Arr);
        var error = Assert.Throws<ArgumentException>(() => features.Add("arr", a => a.Seats));
        Assert.Contains("'arr' was already added", error.Message);
    }

    [Fact]
    public void Extract_DuplicateIds_Throws()
    {
        var features = new FeatureSet<Account>().Add("arr", a => a.Arr);
        Assert.Throws<ArgumentException>(() => features.Extract(Accounts, new DateOnly(2026, 1, 1), _ => "same"));
    }

    [Fact]
    public void Extract_EmptySet_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => new FeatureSet<Account>().Extract(Accounts, new DateOnly(2026, 1, 1)));
    }
}
