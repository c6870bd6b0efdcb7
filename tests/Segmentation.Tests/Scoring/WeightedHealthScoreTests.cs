using Segmentation.Scoring.Health;

namespace Segmentation.Tests.Scoring;

public class WeightedHealthScoreTests
{
    private const string Json = """
        {
          "name": "health",
          "factors": [
            { "feature": "logins_30d", "weight": 60, "thresholds": [ { "min": 0, "points": 0 }, { "min": 5, "points": 50 }, { "min": 20, "points": 100 } ] },
            { "feature": "open_tickets", "weight": 40, "curve": [ { "value": 0, "points": 100 }, { "value": 10, "points": 0 } ] }
          ],
          "bands": { "green": 70, "yellow": 40 }
        }
        """;

    private static FeatureMatrix Customers(params double[][] rows) => FeatureMatrix.FromRows(rows, ["open_tickets", "logins_30d", "arr"]);

    [Fact]
    public void Score_ThresholdsAndCurve_GiveWeightedPointsBandAndSignedDrivers()
    {
        WeightedHealthScore score = WeightedHealthScore.FromJson(Json);

        // logins 7 -> 50 points (step from 5), tickets 2.5 -> 75 points (linear): 0.6 * 50 + 0.4 * 75 = 60.
        RiskScore result = score.Score(Customers([2.5, 7, 1000]))[0];

        Assert.Equal(60, result.Value, 12);
        Assert.Equal("yellow", result.Band);
        Assert.Equal([new ScoreDriver("open_tickets", 10), new ScoreDriver("logins_30d", 0)], result.Drivers);
    }

    [Fact]
    public void Score_BelowFirstAndBeyondLastPoints_ClampAndBand()
    {
        WeightedHealthScore score = WeightedHealthScore.FromJson(Json);

        IReadOnlyList<RiskScore> results = score.Score(Customers([20, -3, 0], [0, 50, 0], [double.NaN, double.NaN, 0]));

        Assert.Equal(0, results[0].Value, 12);
        Assert.Equal("red", results[0].Band);
        Assert.Equal(100, results[1].Value, 12);
        Assert.Equal("green", results[1].Band);
        Assert.Equal(50, results[2].Value, 12); // missing values earn the neutral 50 points
    }

    [Fact]
    public void Constructor_InvalidConfig_ListsEveryProblem()
    {
        var config = new HealthScoreConfig
        {
            Factors =
            {
                new HealthFactor { Feature = "logins", Weight = 70, Thresholds = [new(10, 50), new(5, 100)] },
                new HealthFactor { Feature = "nps", Weight = 20, Curve = [new(0, 0), new(10, 120)] },
            },
            Bands = new HealthBands { Green = 30, Yellow = 60 },
        };

        var error = Assert.Throws<ArgumentException>(() => new WeightedHealthScore(config));

        Assert.Contains("threshold 2 (5) does not come after threshold 1 (10)", error.Message, StringComparison.Ordinal);
        Assert.Contains("points between 0 and 100", error.Message, StringComparison.Ordinal);
        Assert.Contains("weights sum to 90; they must sum to 100", error.Message, StringComparison.Ordinal);
        Assert.Contains("0 <= yellow < green <= 100", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_RoundTrip_ScoresTheSame()
    {
        WeightedHealthScore score = WeightedHealthScore.FromJson(Json);
        WeightedHealthScore again = WeightedHealthScore.FromJson(score.ToJson());
        FeatureMatrix customers = Customers([1, 12, 0], [7, 3, 0]);

        Assert.Contains("\"modelType\": \"health\"", score.ToJson(), StringComparison.Ordinal);
        Assert.Equal(score.Score(customers).Select(s => s.Value), again.Score(customers).Select(s => s.Value));
    }

    [Fact]
    public void Score_MissingFeature_NamesIt()
    {
        WeightedHealthScore score = WeightedHealthScore.FromJson(Json);
        var error = Assert.Throws<ArgumentException>(() => score.Score(FeatureMatrix.FromRows([[1.0]], ["logins_30d"])));
        Assert.Contains("open_tickets", error.Message, StringComparison.Ordinal);
    }
}
