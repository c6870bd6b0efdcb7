using Microsoft.Extensions.DependencyInjection;
using Segmentation.Data;
using Segmentation.Scoring;

namespace Segmentation.MLNet.Tests;

public class GradientBoostedRegistrationTests
{
    [Fact]
    public void AddGradientBoostedScorerFromFile_ResolvesKeyedScorerThatScoresLikeTheSavedModel()
    {
        TrainingTable data = TrainingTable.FromCsv(CsvTable.Load(Path.Combine(AppContext.BaseDirectory, "Fixtures", "logistic_small.csv")), "churned", idColumn: "customer_id");
        GradientBoostedScorer model = new GradientBoostedTrainer(new GradientBoostedOptions { Trees = 10, Leaves = 4, MinRowsPerLeaf = 5 }).Fit(data);
        string directory = Directory.CreateTempSubdirectory("gbm-di-").FullName;
        try
        {
            string path = Path.Combine(directory, "churn.json");
            model.Save(path);
            var services = new ServiceCollection();
            services.AddSegmentation().AddGradientBoostedScorerFromFile("churn", path);
            using ServiceProvider provider = services.BuildServiceProvider();

            IRiskScorer scorer = provider.GetRequiredKeyedService<IRiskScorer>("churn");

            Assert.Equal("churn", scorer.Name);
            Assert.Equal(model.PredictProbabilities(data.Features), scorer.Score(data.Features).Select(s => s.Value));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
