using System.Globalization;
using System.Text;
using Segmentation.Data;
using Segmentation.Features.History;
using Segmentation.Pipeline;
using Segmentation.Scoring.InRun;

namespace Segmentation.Tests.Pipeline;

public sealed class InRunScorersTests
{
    private static readonly DateOnly AsOf = new(2026, 10, 31);

    /// <summary>
    /// 120 customers with weekly usage since January; the first 40 churn (usage falling for 60 days before, then
    /// none), spread over both 90-day windows before <see cref="AsOf"/>.
    /// </summary>
    private static (FeatureMatrix Customers, string Usage, string Outcomes) History()
    {
        var random = new Random(5);
        var usage = new StringBuilder("customer_id,date,value\n");
        var outcomes = new StringBuilder("customer_id,date,outcome\n");
        var ids = new string[120];
        var rows = new double[120][];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = "c" + i.ToString("D3", CultureInfo.InvariantCulture);
            rows[i] = [5000 + (1000 * random.Next(0, 100))];
            double level = 10 + (30 * random.NextDouble());
            DateOnly? churn = i < 40 ? AsOf.AddDays(-4 - (i * 4)) : null;
            for (DateOnly day = new(2026, 1, 5); day <= AsOf && (churn is null || day <= churn); day = day.AddDays(7))
            {
                double factor = churn is DateOnly c && c.DayNumber - day.DayNumber < 60 ? 0.2 + (0.8 * (c.DayNumber - day.DayNumber) / 60.0) : 1;
                usage.Append(CultureInfo.InvariantCulture, $"{ids[i]},{day:yyyy-MM-dd},{Math.Round(level * factor * (0.9 + (0.2 * random.NextDouble())), 1)}\n");
            }

            if (churn is DateOnly churned)
            {
                outcomes.Append(CultureInfo.InvariantCulture, $"{ids[i]},{churned:yyyy-MM-dd},churned\n");
            }
        }

        return (FeatureMatrix.FromRows(rows, ["arr"]).WithRowIds(ids), usage.ToString(), outcomes.ToString());
    }

    private static TimeBasedModel Train(FeatureMatrix customers, string usage, string outcomes)
    {
        OutcomeHistory history = OutcomeEventsCsv.Read(CsvTable.Read(new StringReader(outcomes), "outcomes.csv"), AsOf, [.. customers.RowIds!]);
        return InRunScorers.Train(customers, day => UsageEventCsv.Read(new StringReader(usage), "usage.csv", day), history, AsOf, [new InRunScorer("churn", new TimeBasedTrainingOptions())]).Single();
    }

    [Fact]
    public void Train_RowsAfterAsOfPoisoned_GivesTheIdenticalModel()
    {
        (FeatureMatrix customers, string usage, string outcomes) = History();
        TimeBasedModel clean = Train(customers, usage, outcomes);

        // After T: every survivor churns, and usage that would separate them perfectly.
        var poisonedUsage = new StringBuilder(usage);
        var poisonedOutcomes = new StringBuilder(outcomes);
        foreach (string id in customers.RowIds!.Skip(40))
        {
            poisonedUsage.Append(CultureInfo.InvariantCulture, $"{id},2026-11-03,9999\n");
            poisonedOutcomes.Append(CultureInfo.InvariantCulture, $"{id},2026-11-05,churned\n");
        }

        TimeBasedModel poisoned = Train(customers, poisonedUsage.ToString(), poisonedOutcomes.ToString());

        FeatureMatrix today = InRunScorers.FeaturesAsOf(customers, day => UsageEventCsv.Read(new StringReader(usage), "usage.csv", day), new OutcomeEvents("churn", []))(AsOf);
        Assert.Equal(clean.TrainingRows, poisoned.TrainingRows);
        Assert.Equal(clean.TrainingPositives, poisoned.TrainingPositives);
        Assert.Equal(clean.Scorer.PredictProbabilities(today), poisoned.Scorer.PredictProbabilities(today));
        Assert.Equal(clean.Holdout!.RocAuc, poisoned.Holdout!.RocAuc);
    }

    [Fact]
    public void Train_DecliningUsageBeforeChurn_LearnsToRankDecliningCustomersHigher()
    {
        (FeatureMatrix customers, string usage, string outcomes) = History();

        TimeBasedModel model = Train(customers, usage, outcomes);

        // Trained on features as of T − 90 for the customers of that day: the 18 churned by then are not among them.
        Assert.Equal(120 - 18, model.TrainingRows);
        Assert.Equal(22, model.TrainingPositives);
        // The holdout model learnt one window earlier; usage only falls in the 60 days before a churn, so it ranks well but not perfectly.
        Assert.True(model.Holdout!.RocAuc > 0.65, $"holdout AUC {model.Holdout.RocAuc}");
    }

    [Fact]
    public void FeaturesAsOf_ChurnedAndNotYetActiveCustomers_AreLeftOut()
    {
        FeatureMatrix customers = FeatureMatrix.FromRows([[1.0], [2.0], [3.0]], ["arr"]).WithRowIds(["a", "b", "c"]);
        string usage = "customer_id,date\na,2026-01-01\nb,2026-01-01\nc,2026-06-01\n";
        var churn = new OutcomeEvents("churn", [new("b", [new DateOnly(2026, 3, 1)])]);

        FeatureMatrix april = InRunScorers.FeaturesAsOf(customers, day => UsageEventCsv.Read(new StringReader(usage), "usage.csv", day), churn)(new DateOnly(2026, 4, 1));

        Assert.Equal(["a"], april.RowIds!);
        Assert.Equal(1.0, april[0, 0]);
        Assert.True(april.ColumnCount > 1);
    }

    [Fact]
    public void Train_ScorerNamedOtherThanAnOutcome_Throws()
    {
        (FeatureMatrix customers, string usage, string outcomes) = History();
        OutcomeHistory history = OutcomeEventsCsv.Read(CsvTable.Read(new StringReader(outcomes), "outcomes.csv"), AsOf);

        ArgumentException error = Assert.Throws<ArgumentException>(() => InRunScorers.Train(customers, null, history, AsOf, [new InRunScorer("upsell", new TimeBasedTrainingOptions())]));

        Assert.Contains("must be named churn or expansion, not 'upsell'", error.Message, StringComparison.Ordinal);
    }
}
