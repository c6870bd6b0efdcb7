using Segmentation.Tests.Features.History;
using Segmentation.Features;
using Segmentation.Features.History;

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
            .Add("tenure_days", (a, asOf) => asOf.DayNumber - a.Signup.DayNumber)
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

    [Fact]
    public void AddUsageTrendsSupportAndRfm_HistoriesOfTheHost_AddTheSameColumnsAndValuesAsTheExtractors()
    {
        var asOf = new DateOnly(2026, 10, 1);
        ActivityHistory usage = ActivityHistory.FromUsage([new UsageEvent("a", new DateTime(2026, 9, 30), "logins", 3)], UsageEvent.Select, asOf);
        ActivityHistory tickets = ActivityHistory.FromTickets([new SupportTicket("b", new DateTime(2026, 9, 20))], SupportTicket.Select, asOf);
        ActivityHistory transactions = ActivityHistory.FromTransactions([new Transaction("a", new DateTime(2026, 9, 1), 500)], Transaction.Select, asOf);

        FeatureMatrix added = new FeatureSet<Account>().AddUsageTrends(usage, a => a.Id).AddSupport(tickets, a => a.Id).AddRfm(transactions, a => a.Id)
            .Extract(Accounts, asOf, a => a.Id);
        FeatureMatrix expected = new FeatureSet<Account>().Add(new UsageTrendExtractor<Account>(usage, a => a.Id)).Add(new SupportExtractor<Account>(tickets, a => a.Id))
            .Add(new RfmExtractor<Account>(transactions, a => a.Id)).Extract(Accounts, asOf, a => a.Id);

        Assert.Equal(expected.Schema.Names, added.Schema.Names);
        Assert.Contains("tickets_90d", added.Schema.Names);
        for (int i = 0; i < Accounts.Length; i++)
        {
            Assert.Equal(expected.Row(i).ToArray(), added.Row(i).ToArray());
        }
    }
}
