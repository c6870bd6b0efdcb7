using Segmentation.Data;
using Segmentation.Features;
using Segmentation.Features.History;

namespace Segmentation.Tests.Features.History;

public class ActivityHistoryTests
{
    private static readonly DateOnly AsOf = new(2024, 6, 30);

    private static DateTime Day(int daysBeforeAsOf, int hour = 12) => AsOf.AddDays(-daysBeforeAsOf).ToDateTime(new TimeOnly(hour, 0));

    private static double[] Extract(ActivityHistory history, string customer)
    {
        var extractor = new UsageTrendExtractor<string>(history, c => c);
        var row = new double[extractor.Columns.Count];
        extractor.Extract(customer, new FeatureContext(AsOf), row);
        return row;
    }

    [Fact]
    public void FromUsage_EventsAfterAsOf_AreSkippedAndChangeNothing()
    {
        UsageEvent[] past = [new("a", Day(0), "login", 3), new("a", Day(10), "report", 2)];
        UsageEvent[] future = [new("a", Day(-1), "login", 1000), new("a", AsOf.AddDays(1).ToDateTime(TimeOnly.MinValue), "export", 5), new("b", Day(-30), "login", 1)];
        ActivityHistory withFuture = ActivityHistory.FromUsage([.. past, .. future], UsageEvent.Select, AsOf);
        ActivityHistory without = ActivityHistory.FromUsage(past, UsageEvent.Select, AsOf);

        Assert.Equal(3, withFuture.EventsAfterAsOf);
        Assert.Equal(1, withFuture.CustomerCount); // b only has future events
        Assert.Equal(Extract(without, "a"), Extract(withFuture, "a"));
    }

    [Fact]
    public void UsageTrend_HandComputedHistory_GivesTotalsChangeRecencyActiveShareAndBreadth()
    {
        // Last 30 days: 2 units on each of days 0..9 (20); previous 30 days: 1 unit on each of days 30..69 (40 over 30..69, 30 in 30..59).
        var events = new List<UsageEvent>();
        for (int day = 0; day < 10; day++)
        {
            events.Add(new("a", Day(day), "login", 2));
        }

        for (int day = 30; day < 70; day++)
        {
            events.Add(new("a", Day(day), day < 35 ? "report" : "login", 1));
        }

        events.Add(new("a", Day(120), "api", 7)); // outside 90 days: counts in no window below 90 but in the previous 90
        double[] row = Extract(ActivityHistory.FromUsage(events, UsageEvent.Select, AsOf), "a");

        Assert.Equal(14, row[0]); // 7 days x 2
        Assert.Equal(20, row[1]);
        Assert.Equal(50, row[2]); // 20 + 30
        Assert.Equal(60, row[3]); // 20 + 40
        Assert.Equal(100 * (20.0 - 30) / 30, row[4], 10); // change 30d in percent: previous window 30..59 = 30
        Assert.Equal(100 * (50.0 - 10) / 60, row[5], 10); // change 60d: previous 60..119 = 10 < floor 60, so the floor divides
        Assert.Equal(100 * (60.0 - 7) / 90, row[6], 10); // previous 90 = 7 < floor 90, so the floor divides
        Assert.Equal(0, row[8]); // active today
        Assert.Equal(10.0 / 30, row[9], 12);
        Assert.Equal(2, row[10]); // login and report within 90 days; api is older
    }

    [Fact]
    public void UsageTrend_LinearGrowth_SlopeIsTheDailyIncrease()
    {
        // Day x (oldest = 0) has value 5 + 0.5 x over the last 90 days.
        UsageEvent[] events = [.. Enumerable.Range(0, 90).Select(x => new UsageEvent("a", Day(89 - x), "login", 5 + (0.5 * x)))];
        Assert.Equal(0.5, Extract(ActivityHistory.FromUsage(events, UsageEvent.Select, AsOf), "a")[7], 10);
    }

    [Fact]
    public void UsageTrend_CustomerWithoutEvents_HasZeroUsageAndMissingRecency()
    {
        double[] row = Extract(ActivityHistory.FromUsage([new UsageEvent("a", Day(3), "login", 1)], UsageEvent.Select, AsOf), "zz");
        Assert.Equal(0, row[3]);
        Assert.True(double.IsNaN(row[8]));
        Assert.Equal(0, row[10]);
    }

    [Fact]
    public void UsageTrend_OtherAsOfDate_ThrowsSayingToAggregateAgain()
    {
        ActivityHistory history = ActivityHistory.FromUsage([new UsageEvent("a", Day(3), "login", 1)], UsageEvent.Select, AsOf);
        var extractor = new UsageTrendExtractor<string>(history, c => c);
        var error = Assert.Throws<InvalidOperationException>(() => extractor.Extract("a", new FeatureContext(AsOf.AddDays(1)), new double[extractor.Columns.Count]));
        Assert.Contains("2024-06-30", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Support_TicketsAndTrend_CountedPerWindow()
    {
        SupportTicket[] tickets = [new("a", Day(1)), new("a", Day(40)), new("a", Day(100)), new("a", Day(150)), new("a", Day(-2))];
        var extractor = new SupportExtractor<string>(ActivityHistory.FromTickets(tickets, SupportTicket.Select, AsOf), c => c);
        var row = new double[4];
        extractor.Extract("a", new FeatureContext(AsOf), row);
        Assert.Equal([1.0, 2, 0, 1], row); // 30d: 1; 90d: 2; previous 90: 2, so no change; last ticket 1 day ago
    }

    [Fact]
    public void Rfm_Transactions_GiveRecencyFrequencyMonetary()
    {
        Transaction[] transactions = [new("a", Day(5), 100), new("a", Day(50), 40.5), new("a", Day(400), 1000), new("a", Day(-1), 99)];
        var extractor = new RfmExtractor<string>(ActivityHistory.FromTransactions(transactions, Transaction.Select, AsOf), c => c);
        Assert.Equal(["recency_days", "frequency_365d", "monetary_365d"], extractor.Columns.Select(c => c.Name));
        var row = new double[3];
        extractor.Extract("a", new FeatureContext(AsOf), row);
        Assert.Equal([5.0, 2, 140.5], row);
    }

    [Fact]
    public void UsageEventCsv_QuotedFieldsAndTimestamps_AreRead()
    {
        const string csv = "customer_id,timestamp,metric,value\n\"acme, inc\",2024-06-30T08:00:00Z,login,2\n\"acme, inc\",2024-06-29,\"report, weekly\",\n\"acme, inc\",2024-07-01,login,50\n";
        ActivityHistory history = UsageEventCsv.Read(new StringReader(csv), "usage.csv", AsOf);
        double[] row = Extract(history, "acme, inc");
        Assert.Equal(3, row[0]); // 2 + an empty value counted as 1; the July event is after the as-of day
        Assert.Equal(2, row[10]);
        Assert.Equal(1, history.EventsAfterAsOf);
    }

    [Fact]
    public void UsageEventCsv_BadTimestamp_NamesLineAndColumn()
    {
        const string csv = "customer,date,value\nacme,2024-06-30,1\nacme,yesterday,1\n";
        var error = Assert.Throws<DataFormatException>(() => UsageEventCsv.Read(new StringReader(csv), "usage.csv", AsOf));
        Assert.Equal(3, error.Line);
        Assert.Equal("date", error.Column);
    }

    [Fact]
    public void UsageTrend_Columns_UseTheNamesAndUnitsOfTheBuiltInRules()
    {
        var extractor = new UsageTrendExtractor<string>(ActivityHistory.FromUsage(Array.Empty<UsageEvent>(), UsageEvent.Select, AsOf), c => c);
        string[] names = [.. extractor.Columns.Select(c => c.Name)];

        Assert.Contains(UsageFeatureNames.UsageChange60d, names);
        Assert.Contains(UsageFeatureNames.DaysSinceLastActive, names);
        Assert.Equal("usage_change_60d", UsageFeatureNames.UsageChange60d);
        Assert.Equal("days_since_last_active", UsageFeatureNames.DaysSinceLastActive);
        Assert.Contains(UsageFeatureNames.UsageChange60d, Segmentation.Rules.KnownRuleSets.ExpectedFeatures);
        Assert.Contains(UsageFeatureNames.DaysSinceLastActive, Segmentation.Rules.KnownRuleSets.ExpectedFeatures);
    }

    [Fact]
    public void UsageTrend_UsageHalved_Change60dIsMinus50Percent()
    {
        UsageEvent[] events = [.. Enumerable.Range(0, 120).Select(d => new UsageEvent("a", Day(d), "login", d < 60 ? 5 : 10))];
        double[] row = Extract(ActivityHistory.FromUsage(events, UsageEvent.Select, AsOf), "a");
        Assert.Equal(-50, row[5], 10);
    }

    [Fact]
    public void UsageEventCsv_NamedCustomerColumn_JoinsOnIt()
    {
        const string csv = "event_id,account,date,value\n1,acme,2024-06-30,4\n2,globex,2024-06-29,1\n";
        ActivityHistory history = UsageEventCsv.Read(new StringReader(csv), "usage.csv", AsOf, "account");
        Assert.True(history.Contains("acme"));
        Assert.Equal(4, Extract(history, "acme")[0]);
    }

    [Fact]
    public void UsageEventCsv_NamedCustomerColumnAbsent_NamesItAndTheColumns()
    {
        const string csv = "customer_id,date\nacme,2024-06-30\n";
        var error = Assert.Throws<DataFormatException>(() => UsageEventCsv.Read(new StringReader(csv), "usage.csv", AsOf, "account"));
        Assert.Equal(1, error.Line);
        Assert.Contains("'account'", error.Message, StringComparison.Ordinal);
        Assert.Contains("customer_id, date", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AppendUsageTrends_BuiltInActivityRules_RunOnEventFeatures()
    {
        UsageEvent[] events = [.. Enumerable.Range(0, 120).Select(d => new UsageEvent("declining", Day(d), "login", d < 60 ? 1 : 10)),
            new UsageEvent("dormant", Day(100), "login", 1)];
        FeatureMatrix customers = FeatureMatrix.FromRows([[100.0], [200.0]], ["arr"]).WithRowIds(["declining", "dormant"]);
        FeatureMatrix features = HistoryFeatures.AppendUsageTrends(customers, ActivityHistory.FromUsage(events, UsageEvent.Select, AsOf));

        var segmenter = new Segmentation.Rules.RuleBasedSegmenter(Segmentation.Rules.RuleSet.Of(Segmentation.Rules.KnownRuleSets.ActivityStatus));
        Segmentation.Rules.RuleSegmentation result = segmenter.Segment(features);

        Assert.Equal(["Declining", "Dormant"], [result.Segment(0, 0), result.Segment(0, 1)]);
    }

    [Fact]
    public void UsageEventCsv_NoCustomerColumn_ListsTheAcceptedNames()
    {
        var error = Assert.Throws<DataFormatException>(() => UsageEventCsv.Read(new StringReader("who,when\na,2024-01-01\n"), "usage.csv", AsOf));
        Assert.Contains("customer_id", error.Message, StringComparison.Ordinal);
    }
}

public class ActivityHistoryShardingTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void Builder_AnyShardCount_GivesTheSameFeaturesAsOneShard(int shards)
    {
        var asOf = new DateOnly(2024, 6, 30);
        var random = new Random(3);
        UsageEvent[] events = [.. Enumerable.Range(0, 20_000).Select(_ => new UsageEvent(
            "c" + random.Next(300).ToString(System.Globalization.CultureInfo.InvariantCulture),
            asOf.ToDateTime(TimeOnly.MinValue).AddHours(-random.Next(200 * 24)),
            "m" + random.Next(6).ToString(System.Globalization.CultureInfo.InvariantCulture),
            random.NextDouble() * 10))];
        string[] ids = [.. Enumerable.Range(0, 300).Select(i => "c" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

        FeatureMatrix Features(int count)
        {
            using var builder = new ActivityHistory.Builder(asOf, 180, countEvents: false, shards: count);
            foreach (UsageEvent e in events)
            {
                builder.Add(e.CustomerId, e.Timestamp, e.Metric, e.Value);
            }

            return new FeatureSet<string>().Add(new UsageTrendExtractor<string>(builder.Build(), id => id)).Extract(ids, asOf, id => id);
        }

        Assert.Equal(Features(1).Values.ToArray(), Features(shards).Values.ToArray());
    }
}
