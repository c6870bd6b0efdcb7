using Segmentation.Scoring.InRun;

namespace Segmentation.Tests.Scoring.InRun;

public class DriverWordingTests
{
    [Theory]
    [InlineData("usage_change_60d", -32.4, 0.0, "usage down 32% in 60 days")]
    [InlineData("usage_change_30d", 12.0, 0.0, "usage up 12% in 30 days")]
    [InlineData("tickets_change_90d", 50.0, 0.0, "tickets up 50% in 90 days")]
    [InlineData("tickets_90d", 12.0, 4.0, "12 tickets in 90 days, 3x the median")]
    [InlineData("tickets_90d", 3.0, 2.0, "3 tickets in 90 days, 1.5x the median")]
    [InlineData("tickets_90d", 1.0, 0.0, "1 ticket in 90 days (median 0)")]
    [InlineData("days_since_last_active", 41.0, 1.0, "no activity for 41 days")]
    [InlineData("days_since_active", 1.0, 1.0, "no activity for 1 day")]
    [InlineData("nps", 3.0, 8.0, "NPS 3")]
    [InlineData("days_to_renewal", 25.0, 180.0, "renewal in 25 days")]
    [InlineData("feature_adoption", 0.18, 0.55, "feature adoption 18% (median 55%)")]
    [InlineData("seat_utilisation", 0.35, 0.6, "seat utilisation 35% (median 60%)")]
    [InlineData("tenure_days", 45.0, 700.0, "customer for 45 days")]
    [InlineData("arr", 12000.0, 30000.0, "arr 12,000 (median 30,000)")]
    [InlineData("discount", 0.125, 0.1, "discount 0.13 (median 0.1)")]
    public void Phrase_KnownAndUnknownFeatures_ReadsInTheUsersUnits(string feature, double value, double median, string expected)
        => Assert.Equal(expected, DriverWording.Phrase(feature, value, median));

    [Theory]
    [InlineData("nps", "no NPS answer")]
    [InlineData("usage_change_60d", "usage trend over 60 days not known yet")]
    [InlineData("arr", "arr not known")]
    public void Phrase_MissingValue_SaysItIsNotKnown(string feature, string expected)
        => Assert.Equal(expected, DriverWording.Phrase(feature, double.NaN, 5));

    [Fact]
    public void Describe_MixedDrivers_ListsAtMostThreeThatPushUpStrongestFirst()
    {
        string[] names = ["arr", "nps", "tickets_90d", "usage_change_60d", "feature_adoption"];
        FeatureMatrix features = FeatureMatrix.FromRows(
            [[10_000, 3, 12, -32, 0.18], [50_000, 9, 4, 0, 0.55], [30_000, 8, 4, 5, 0.6]], names);
        var score = new RiskScore(0.8, "high",
        [
            new ScoreDriver("feature_adoption", -2.0),
            new ScoreDriver("usage_change_60d", 1.5),
            new ScoreDriver("nps", 0.2),
            new ScoreDriver("tickets_90d", 0.9),
            new ScoreDriver("arr", 0.1),
        ]);

        IReadOnlyList<string> phrases = DriverWording.Describe(score, features, 0, PopulationReference.Of(features));

        Assert.Equal(["usage down 32% in 60 days", "12 tickets in 90 days, 3x the median", "NPS 3"], phrases);
    }

    [Fact]
    public void Of_ColumnsWithMissingValues_MedianLeavesThemOut()
    {
        FeatureMatrix features = FeatureMatrix.FromRows([[1.0], [double.NaN], [5.0], [3.0]], ["nps"]);
        PopulationReference reference = PopulationReference.Of(features);
        Assert.Equal(3.0, reference.Median("nps"));
        Assert.True(double.IsNaN(reference.Median("absent")));
    }
}
