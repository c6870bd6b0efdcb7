using Segmentation.Data;
using Segmentation.Scoring;
using Segmentation.Scoring.Evaluation;
using Segmentation.Scoring.Logistic;

namespace Segmentation.Tests.Scoring;

public class OutcomeAndSplitTests
{
    private static CsvTable Table(string text) => CsvTable.Read(new StringReader(text), "history.csv");

    [Fact]
    public void Read_ThreeValues_ListsTheValuesFound()
    {
        var error = Assert.Throws<DataFormatException>(() => BinaryOutcome.Read(Table("x,status\n1,active\n2,churned\n3,paused\n"), "status", "churned"));
        Assert.Contains("3 were found: 'active', 'churned', 'paused'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OneClass_SaysTrainingNeedsBoth()
    {
        var error = Assert.Throws<DataFormatException>(() => BinaryOutcome.Read(Table("x,churned\n1,no\n2,no\n"), "churned"));
        Assert.Contains("one value only ('no')", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_PositiveThatDoesNotOccur_NamesTheValues()
    {
        var error = Assert.Throws<ArgumentException>(() => BinaryOutcome.Read(Table("x,churn\n1,Yes\n2,No\n"), "churn", "churned"));
        Assert.Contains("'No' and 'Yes'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_PositiveInOtherCase_MatchesAndTextNeedsPositive()
    {
        (OutcomeDefinition definition, bool[] values) = BinaryOutcome.Read(Table("x,churn\n1,Yes\n2,No\n"), "churn", "yes");
        Assert.Equal("Yes", definition.PositiveLabel);
        Assert.Equal([true, false], values);
        Assert.Throws<ArgumentException>(() => BinaryOutcome.Read(Table("x,tier\n1,gold\n2,silver\n"), "tier"));
    }

    [Fact]
    public void StratifiedHoldout_KeepsPositiveRateAndIsDeterministic()
    {
        double[] y = [.. Enumerable.Range(0, 100).Select(i => i % 5 == 0 ? 1.0 : 0)];

        DataSplit split = DataSplits.StratifiedHoldout(y, 0.3, seed: 4);

        Assert.Equal(30, split.Test.Count);
        Assert.Equal(6, split.Test.Count(i => y[i] == 1));
        Assert.Empty(split.Train.Intersect(split.Test));
        Assert.Equal(split.Test, DataSplits.StratifiedHoldout(y, 0.3, seed: 4).Test);
    }

    [Fact]
    public void StratifiedKFold_EveryRowTestedOnceWithBalancedPositives()
    {
        double[] y = [.. Enumerable.Range(0, 50).Select(i => i % 5 == 0 ? 1.0 : 0)];

        IReadOnlyList<DataSplit> folds = DataSplits.StratifiedKFold(y, 5, seed: 1);

        Assert.Equal(Enumerable.Range(0, 50), folds.SelectMany(f => f.Test).Order());
        Assert.All(folds, f => Assert.Equal(2, f.Test.Count(i => y[i] == 1)));
    }

    [Fact]
    public void ByDate_TrainsOnThePastTestsOnTheLaterPeriod()
    {
        DateOnly[] dates = [new(2024, 3, 1), new(2024, 1, 1), new(2024, 2, 1), new(2024, 2, 1), new(2024, 4, 1)];

        DataSplit split = DataSplits.ByDate(dates, new DateOnly(2024, 2, 1));

        Assert.Equal([1], split.Train);
        Assert.Equal([0, 2, 3, 4], split.Test);
        Assert.Throws<ArgumentException>(() => DataSplits.ByDate(dates, new DateOnly(2030, 1, 1)));
    }

    [Fact]
    public void CrossValidate_SmallTable_GivesOneEvaluationPerFoldAboveChance()
    {
        CrossValidationResult result = ScorerEvaluator.CrossValidate(new LogisticRegressionTrainer(), ScoringFixtures.Small(), folds: 3);

        Assert.Equal(3, result.Folds.Count);
        Assert.Equal(150, result.Folds.Sum(f => f.Rows));
        Assert.InRange(result.MeanRocAuc, 0.6, 1);
    }

    [Fact]
    public void TimeBased_SmallTable_EvaluatesTheLaterRows()
    {
        TrainingTable data = ScoringFixtures.Small();
        DateOnly[] dates = [.. Enumerable.Range(0, data.RowCount).Select(i => new DateOnly(2024, 1, 1).AddDays(i))];

        ScoreEvaluation evaluation = ScorerEvaluator.TimeBased(new LogisticRegressionTrainer(), data, dates, new DateOnly(2024, 1, 1).AddDays(100));

        Assert.Equal(50, evaluation.Rows);
    }

    [Fact]
    public void TrainingTable_BoolOutcomes_AreKeptAndSubsetWithTheirRows()
    {
        var table = new TrainingTable(FeatureMatrix.FromRows([[1.0], [2.0], [3.0]], ["x"]), [true, false, true]);

        Assert.Equal([true, false, true], table.Outcome);
        Assert.Equal([1.0, 0, 1], table.OutcomeValues);
        TrainingTable subset = table.Subset([2, 1]);
        Assert.Equal([true, false], subset.Outcome);
        Assert.Equal([3.0, 2.0], subset.Features.Column("x"));
    }

    [Fact]
    public void TrainingTable_OneClassOrWrongLength_Throws()
    {
        FeatureMatrix x = FeatureMatrix.FromRows([[1.0], [2.0]], ["x"]);

        var oneClass = Assert.Throws<ArgumentException>(() => new TrainingTable(x, [false, false]));
        Assert.Contains("All 2 rows have outcome False", oneClass.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new TrainingTable(x, [true, false, true]));
    }

    [Fact]
    public void Compute_BoolOutcomes_EqualsTheMetricsOnOneZero()
    {
        double[] scores = [0.9, 0.2, 0.6, 0.7];

        ScoreEvaluation evaluation = ScoreEvaluation.Compute([true, false, true, false], scores);

        Assert.Equal(2, evaluation.Positives);
        Assert.Equal(0.75, evaluation.RocAuc, 12);
        Assert.Equal(ScoreEvaluation.OfValues([1.0, 0, 1, 0], scores).ToText(), evaluation.ToText());
    }
}
