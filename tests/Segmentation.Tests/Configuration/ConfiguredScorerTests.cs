using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Segmentation.Configuration;
using Segmentation.Pipeline;
using Segmentation.Scoring;
using Segmentation.Scoring.Logistic;

namespace Segmentation.Tests.Configuration;

public sealed class ConfiguredScorerTests : IDisposable
{
    private const string HealthOnUsage = """
        { "kind": "health", "health": { "factors": [ { "feature": "usage", "weight": 100,
          "curve": [ { "value": 0, "points": 0 }, { "value": 100, "points": 100 } ] } ] } }
        """;

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("configured-scorers-");

    public void Dispose() => _folder.Delete(recursive: true);

    /// <summary>A logistic model on (usage, calls): churn likelier with many calls and little usage.</summary>
    private static LogisticRegressionScorer TrainModel()
    {
        var random = new Random(5);
        var rows = new double[300][];
        var outcome = new bool[300];
        for (int i = 0; i < rows.Length; i++)
        {
            double usage = random.NextDouble() * 100;
            double calls = random.Next(0, 8);
            rows[i] = [usage, calls];
            outcome[i] = random.NextDouble() < 1 / (1 + Math.Exp(-(-1 + (0.6 * calls) - (0.04 * (usage - 50)))));
        }

        return new LogisticRegressionTrainer().Fit(new TrainingTable(FeatureMatrix.FromRows(rows, ["usage", "calls"]), outcome), "some-name");
    }

    private string WriteConfig(string scorers)
    {
        string path = Path.Combine(_folder.FullName, "segmentation.json");
        File.WriteAllText(path, $$"""{ "scorers": {{scorers}} }""");
        return path;
    }

    private static SegmentationConfigException FailsToSettings(string configPath) =>
        Assert.Throws<SegmentationConfigException>(() => SegmentationConfig.Load(configPath).ToSettings());

    [Fact]
    public void ToSettings_ModelScorer_LoadsTheModelRelativeToTheConfigFolderAsChurn()
    {
        LogisticRegressionScorer model = TrainModel();
        Directory.CreateDirectory(Path.Combine(_folder.FullName, "models"));
        model.Save(Path.Combine(_folder.FullName, "models", "churn.json"));
        string config = WriteConfig("""{ "churn": { "kind": "model", "model": "models/churn.json" } }""");
        FeatureMatrix customers = FeatureMatrix.FromRows([[10, 6], [90, 0], [50, 3]], ["usage", "calls"]);

        SegmentationSettings settings = SegmentationConfig.Load(config).ToSettings();

        IRiskScorer scorer = Assert.Single(settings.Scorers);
        Assert.Equal("churn", scorer.Name);
        Assert.Equal(model.PredictProbabilities(customers), scorer.Score(customers).Select(s => s.Value), (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Empty(settings.Notices);
    }

    [Fact]
    public void ToSettings_HealthScorers_BecomeProbabilitiesChurnInverted()
    {
        string config = WriteConfig($$"""{ "churn": {{HealthOnUsage}}, "expansion": {{HealthOnUsage}} }""");
        FeatureMatrix customers = FeatureMatrix.FromRows([[30], [80]], ["usage"]);

        SegmentationSettings settings = SegmentationConfig.Load(config).ToSettings();

        Assert.Equal(["churn", "expansion"], settings.Scorers.Select(s => s.Name));
        // Health 30 and 80 (a straight curve): churn = (100 - health) / 100, expansion = health / 100.
        Assert.Equal([0.7, 0.2], settings.Scorers[0].Score(customers).Select(s => Math.Round(s.Value, 10)));
        Assert.Equal([0.3, 0.8], settings.Scorers[1].Score(customers).Select(s => Math.Round(s.Value, 10)));
        // Low usage pulls health down, so it pushes churn up: a positive churn driver.
        Assert.True(settings.Scorers[0].Score(customers)[0].Drivers[0].Contribution > 0);
    }

    [Fact]
    public void ToSettings_MissingModelFile_NamesTheJsonPathAndTheFile()
    {
        string config = WriteConfig("""{ "churn": { "kind": "model", "model": "nope.json" } }""");

        SegmentationConfigException e = FailsToSettings(config);

        ConfigError error = Assert.Single(e.Problems);
        Assert.Equal("scorers.churn.model", error.Path);
        Assert.Contains(Path.Combine(_folder.FullName, "nope.json"), error.Problem, StringComparison.Ordinal);
        Assert.Contains("segment score train", error.Problem, StringComparison.Ordinal);
        Assert.StartsWith("segmentation.json has a problem: scorers.churn.model:", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "modelType": "gbm", "zip": "m.zip" }""", "is a gbm model")]
    [InlineData("not json", "cannot be read as a model file")]
    [InlineData("""{ "name": "x" }""", "cannot be read as a model file")]
    public void ToSettings_UnusableModelFile_IsAConfigErrorNamingThePath(string content, string expected)
    {
        File.WriteAllText(Path.Combine(_folder.FullName, "m.json"), content);
        string config = WriteConfig("""{ "expansion": { "kind": "model", "model": "m.json" } }""");

        SegmentationConfigException e = FailsToSettings(config);

        ConfigError error = Assert.Single(e.Problems);
        Assert.Equal("scorers.expansion.model", error.Path);
        Assert.Contains(expected, error.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToSettings_InRunScorer_IsLeftForTheRunWithItsOutcomesFileAndWindow()
    {
        string config = WriteConfig("""{ "churn": { "kind": "in-run", "outcomeEvents": "churn.csv", "training": { "outcomeWindowDays": 60 } } }""");

        SegmentationSettings settings = SegmentationConfig.Load(config).ToSettings();

        Assert.Empty(settings.Scorers);
        InRunScorer scorer = Assert.Single(settings.InRunScorers);
        Assert.Equal("churn", scorer.Name);
        Assert.Equal(60, scorer.Training.OutcomeWindowDays);
        Assert.Equal(Path.Combine(Path.GetDirectoryName(config)!, "churn.csv"), scorer.OutcomeEvents);
    }

    [Fact]
    public void FromJson_UnknownKind_NamesThePath()
    {
        var e = Assert.Throws<SegmentationConfigException>(() => SegmentationConfig.FromJson("""{ "scorers": { "churn": { "kind": "modle", "model": "m.json" } } }"""));

        Assert.Contains(e.Problems, x => x.Path == "scorers.churn.kind" && x.Problem.Contains("model", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ModelReadsAFeatureTheDataLacks_NamesScorerFeatureAndPath()
    {
        TrainModel().Save(Path.Combine(_folder.FullName, "churn.json"));
        SegmentationConfig config = SegmentationConfig.Load(WriteConfig("""{ "churn": { "kind": "model", "model": "churn.json" } }"""));
        FeatureSchema schema = FeatureMatrix.FromRows([[1, 2]], ["usage", "arr"]).Schema;

        var e = Assert.Throws<SegmentationConfigException>(() => config.Validate(schema));

        ConfigError error = Assert.Single(e.Problems);
        Assert.Equal("scorers.churn.model", error.Path);
        Assert.Contains("churn scorer", error.Problem, StringComparison.Ordinal);
        Assert.Contains("'calls'", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ModelWithEveryFeature_Passes()
    {
        TrainModel().Save(Path.Combine(_folder.FullName, "churn.json"));
        SegmentationConfig config = SegmentationConfig.Load(WriteConfig("""{ "churn": { "kind": "model", "model": "churn.json" } }"""));

        Exception? error = Record.Exception(() => config.Validate(FeatureMatrix.FromRows([[1, 2]], ["calls", "usage"]).Schema));

        Assert.Null(error);
    }

    [Fact]
    public void UseSettings_WithScorers_RegistersThemForTheDailyStep()
    {
        SegmentationSettings settings = SegmentationConfig.Load(WriteConfig($$"""{ "expansion": {{HealthOnUsage}} }""")).ToSettings();
        var services = new ServiceCollection();
        services.AddSegmentation().UseSettings(settings);
        using ServiceProvider provider = services.BuildServiceProvider();

        DailyRunOptions daily = provider.GetRequiredService<IOptions<DailyRunOptions>>().Value;

        Assert.Equal(["expansion"], daily.Scorers.Select(s => s.Name));
    }
}
