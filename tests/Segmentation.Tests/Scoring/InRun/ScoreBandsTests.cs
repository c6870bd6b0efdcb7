using Segmentation.Scoring.InRun;

namespace Segmentation.Tests.Scoring.InRun;

public class ScoreBandsTests
{
    [Theory]
    [InlineData(0.0, "low")]
    [InlineData(0.1999, "low")]
    [InlineData(0.2, "medium")]
    [InlineData(0.4999, "medium")]
    [InlineData(0.5, "high")]
    [InlineData(1.0, "high")]
    public void Band_ChurnDefaults_CutAtPointTwoAndPointFive(double probability, string expected)
        => Assert.Equal(expected, ScoreBands.Churn.Band(probability));

    [Fact]
    public void Band_CustomCutOffsAndNaN_FollowTheOptions()
    {
        var bands = new ScoreBands { High = 0.8, Medium = 0.6 };
        Assert.Equal("medium", bands.Band(0.7));
        Assert.Equal("low", bands.Band(0.5));
        Assert.Equal("medium", ScoreBands.Expansion.Band(0.2));
        Assert.Null(bands.Band(double.NaN));
    }

    [Fact]
    public void Apply_Scores_SetsEachBandAndKeepsTheRest()
    {
        RiskScore[] scores = [new(0.7, null, [new ScoreDriver("nps", 1)]), new(0.05, "old", [])];
        IReadOnlyList<RiskScore> banded = ScoreBands.Churn.Apply(scores);
        Assert.Equal(["high", "low"], banded.Select(s => s.Band));
        Assert.Equal(scores[0].Drivers, banded[0].Drivers);
    }

    [Fact]
    public void Band_MediumNotBelowHigh_ThrowsNamingBothOptions()
    {
        var error = Assert.Throws<ArgumentException>(() => new ScoreBands { High = 0.3, Medium = 0.3 }.Band(0.5));
        Assert.Contains("ScoreBands.Medium must be below ScoreBands.High", error.Message, StringComparison.Ordinal);
    }
}
