using Microsoft.Extensions.DependencyInjection;
using Segmentation.Scoring;
using Segmentation.Scoring.Health;
using Segmentation.Scoring.Logistic;

namespace Segmentation.Tests.Scoring;

public class ScoringRegistrationTests
{
    [Fact]
    public void AddRiskScorers_ChurnFromFileAndExpansionTrainedInHost_ResolveByName()
    {
        string path = Path.Combine(Path.GetTempPath(), $"churn-{Guid.NewGuid():N}.json");
        new LogisticRegressionTrainer().Fit(ScoringFixtures.Small(), "churn").Save(path);
        try
        {
            var services = new ServiceCollection();
            services.AddSegmentation()
                .AddRiskScorerFromFile("churn", path)
                .AddTrainedRiskScorer("expansion", _ => ScoringFixtures.Small(), new LogisticRegressionTrainer(new LogisticRegressionOptions { C = 0.1 }));
            using ServiceProvider provider = services.BuildServiceProvider();

            IRiskScorer churn = provider.GetRequiredKeyedService<IRiskScorer>("churn");
            IRiskScorer expansion = provider.GetRequiredKeyedService<IRiskScorer>("expansion");

            Assert.Equal("churn", churn.Name);
            Assert.Equal("expansion", expansion.Name);
            FeatureMatrix customers = ScoringFixtures.Small().Features;
            Assert.Equal(customers.RowCount, churn.Score(customers).Count);
            Assert.NotEqual(churn.Score(customers)[0].Value, expansion.Score(customers)[0].Value);
            Assert.Same(churn, provider.GetRequiredKeyedService<IRiskScorer>("churn"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AddRiskScorer_HealthScoreUnderAnotherName_ReportsTheKey()
    {
        var services = new ServiceCollection();
        services.AddSegmentation().AddRiskScorer("onboarding", _ => WeightedHealthScore.FromJson(
            """{ "factors": [ { "feature": "logins", "weight": 100, "curve": [ { "value": 0, "points": 0 }, { "value": 10, "points": 100 } ] } ] }"""));
        using ServiceProvider provider = services.BuildServiceProvider();

        IRiskScorer scorer = provider.GetRequiredKeyedService<IRiskScorer>("onboarding");

        Assert.Equal("onboarding", scorer.Name);
        Assert.Equal(50, scorer.Score(FeatureMatrix.FromRows([[5.0]], ["logins"]))[0].Value, 12);
    }

    [Fact]
    public void AddRiskScorer_SameNameTwice_Throws()
    {
        ISegmentationBuilder builder = new ServiceCollection().AddSegmentation().AddRiskScorerFromFile("churn", "a.json");

        var error = Assert.Throws<ArgumentException>(() => builder.AddRiskScorerFromFile("churn", "b.json"));
        Assert.Contains("'churn' is already registered", error.Message, StringComparison.Ordinal);
    }
}
