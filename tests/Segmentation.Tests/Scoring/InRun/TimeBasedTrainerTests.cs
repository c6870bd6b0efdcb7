using Segmentation.Samples;
using Segmentation.Scoring;
using Segmentation.Scoring.InRun;
using Segmentation.Scoring.Logistic;

namespace Segmentation.Tests.Scoring.InRun;

public class TimeBasedTrainerTests
{
    internal static readonly DateOnly AsOf = new(2026, 9, 30);

    [Fact]
    public void BuildTable_EventsAroundTheWindow_OnlyEventsAfterFeatureDayThroughEndArePositive()
    {
        DateOnly featureDay = new(2026, 1, 31);
        DateOnly end = featureDay.AddDays(90);
        string[] ids = ["on-feature-day", "day-after", "last-day", "day-after-end", "none"];
        FeatureMatrix features = FeatureMatrix.FromRows([.. ids.Select((_, i) => new[] { (double)i })], ["x"]).WithRowIds(ids);
        var events = new OutcomeEvents("churn", new Dictionary<string, IEnumerable<DateOnly>>
        {
            ["on-feature-day"] = [featureDay],
            ["day-after"] = [featureDay.AddDays(1)],
            ["last-day"] = [end],
            ["day-after-end"] = [end.AddDays(1)],
        });
        var trainer = new TimeBasedTrainer(options: new TimeBasedTrainingOptions { MinimumOutcomes = 2 });

        TrainingTable table = trainer.BuildTable(_ => features, events, featureDay, end);

        Assert.Equal([false, true, true, false, false], table.Outcome);
        Assert.Equal("churn", table.Definition.Target);
    }

    [Fact]
    public void Train_DataAfterAsOfPoisoned_GivesTheIdenticalModelAndScores()
    {
        IReadOnlyList<SampleCustomer> clean = SampleCustomer.GenerateWithHistory(800, seed: 11);
        IReadOnlyList<SampleCustomer> poisoned = [.. clean.Select((c, i) => Poison(c, i))];
        var requested = new List<DateOnly>();
        FeatureMatrix Features(IReadOnlyList<SampleCustomer> customers, DateOnly day)
        {
            requested.Add(day);
            return SampleCustomer.Features().Extract(customers.Where(c => c.IsCustomerOn(day)), day, c => c.Id);
        }

        foreach (Func<IEnumerable<SampleCustomer>, OutcomeEvents> events in new Func<IEnumerable<SampleCustomer>, OutcomeEvents>[] { SampleCustomer.ChurnEvents, SampleCustomer.ExpansionEvents })
        {
            var trainer = new TimeBasedTrainer();
            TimeBasedModel a = trainer.Train(day => Features(clean, day), events(clean), AsOf);
            TimeBasedModel b = trainer.Train(day => Features(poisoned, day), events(poisoned), AsOf);

            var modelA = (LogisticRegressionScorer)((RangeClippedScorer)a.Scorer).Inner;
            var modelB = (LogisticRegressionScorer)((RangeClippedScorer)b.Scorer).Inner;
            Assert.Equal(modelA.Intercept, modelB.Intercept);
            Assert.Equal(modelA.Coefficients, modelB.Coefficients);
            Assert.Equal(a.Holdout!.RocAuc, b.Holdout!.RocAuc);
            Assert.Equal(
                a.Score(Features(clean, AsOf)).Select(s => s.Value),
                b.Score(Features(poisoned, AsOf)).Select(s => s.Value));
        }

        // The poison is real: after the as-of date the two samples differ.
        DateOnly later = AsOf.AddDays(30);
        Assert.NotEqual(Features(clean, later).Values.ToArray(), Features(poisoned, later).Values.ToArray());
        Assert.All(requested.Where(d => d != AsOf && d != later), d => Assert.True(d <= AsOf.AddDays(-90), $"features were read as of {d}"));
    }

    [Fact]
    public void Train_FewerPositivesThanTheMinimum_ThrowsNamingOutcomeWindowAndCounts()
    {
        IReadOnlyList<SampleCustomer> customers = SampleCustomer.Generate(300, seed: 5);
        var events = OutcomeEvents.From("expansion", customers.Where(c => c.IsCustomerOn(AsOf.AddDays(-90))).Take(4), c => c.Id, _ => [AsOf.AddDays(-10)]);

        var error = Assert.Throws<InsufficientOutcomesException>(() =>
            new TimeBasedTrainer().Train(customers, SampleCustomer.Features(), c => c.Id, (c, d) => c.IsCustomerOn(d), events, AsOf));

        Assert.Equal(4, error.Positives);
        Assert.Equal(10, error.Required);
        Assert.Contains("expansion", error.Message, StringComparison.Ordinal);
        Assert.Contains("only 4 customers", error.Message, StringComparison.Ordinal);
        Assert.Contains("between 2026-07-03 and 2026-09-30", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_EventsOnlyAfterAsOf_AreNotCountedAndTrainingIsRefused()
    {
        IReadOnlyList<SampleCustomer> customers = SampleCustomer.Generate(300, seed: 5);
        var events = OutcomeEvents.From("churn", customers, c => c.Id, _ => [AsOf.AddDays(1)]);

        var error = Assert.Throws<InsufficientOutcomesException>(() =>
            new TimeBasedTrainer().Train(customers, SampleCustomer.Features(), c => c.Id, (c, d) => c.IsCustomerOn(d), events, AsOf));

        Assert.Equal(0, error.Positives);
    }

    [Fact]
    public void Train_EarlierWindowTooThin_TrainsButExplainsTheMissingHoldout()
    {
        IReadOnlyList<SampleCustomer> customers = SampleCustomer.Generate(300, seed: 5);
        var events = OutcomeEvents.From("churn", customers.Where(c => c.IsCustomerOn(AsOf.AddDays(-90))).Take(40), c => c.Id, _ => [AsOf.AddDays(-5)]);

        TimeBasedModel model = new TimeBasedTrainer().Train(customers, SampleCustomer.Features(), c => c.Id, (c, d) => c.IsCustomerOn(d), events, AsOf);

        Assert.Null(model.Holdout);
        Assert.Contains("only 0 customers had a churn event", model.HoldoutNote, StringComparison.Ordinal);
        Assert.True(model.TrainingPositives >= 10);
    }

    [Fact]
    public void Score_ValueBeyondTheTrainingRange_ScoresLikeTheLargestValueSeen()
    {
        double[][] rows = [.. Enumerable.Range(0, 40).Select(i => new[] { (double)(i % 20) })];
        string[] ids = [.. Enumerable.Range(0, 40).Select(i => "c" + i)];
        FeatureMatrix features = FeatureMatrix.FromRows(rows, ["days_inactive"]).WithRowIds(ids);
        var events = OutcomeEvents.From("churn", Enumerable.Range(0, 40).Where(i => i % 20 >= 8 && i % 3 != 0), i => "c" + i, _ => [AsOf]);
        var trainer = new TimeBasedTrainer(options: new TimeBasedTrainingOptions { Validate = false });

        TimeBasedModel model = trainer.Train(_ => features, events, AsOf);
        double[] p = model.Scorer.PredictProbabilities(FeatureMatrix.FromRows([[19], [500], [double.NaN]], ["days_inactive"]));

        Assert.Equal(p[0], p[1]);
        Assert.True(p[0] > p[2]);
        Assert.Equal("The holdout evaluation was turned off.", model.HoldoutNote);
    }

    [Fact]
    public void Constructor_WindowOutOfRange_NamesTheOption()
    {
        var error = Assert.Throws<ArgumentException>(() => new TimeBasedTrainer(options: new TimeBasedTrainingOptions { OutcomeWindowDays = 0 }));
        Assert.Contains("OutcomeWindowDays", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The same customer, with usage ten times higher, a ticket a day, a churn and two expansions after <see cref="AsOf"/>.</summary>
    internal static SampleCustomer Poison(SampleCustomer c, int index)
    {
        int days = SampleCustomer.HistoryEnd.DayNumber - SampleCustomer.HistoryStart.DayNumber + 1;
        float[] usage = [.. Enumerable.Range(0, days).Select(t => SampleCustomer.HistoryStart.AddDays(t))
            .Select(d => (float)(d > AsOf ? (10 * c.ActiveUsers(d)) + 5 : c.ActiveUsers(d)))];
        DateOnly[] tickets = [.. Enumerable.Range(0, days).Select(t => SampleCustomer.HistoryStart.AddDays(t))
            .Where(d => c.Tickets(d, 1) > 0 || d > AsOf)];
        DateOnly? churn = c.ChurnDate is DateOnly gone && gone <= AsOf ? gone : index % 3 == 0 ? AsOf.AddDays(1) : null;
        DateOnly[] expansions = [.. c.ExpansionDates.Where(d => d <= AsOf), AsOf.AddDays(1), AsOf.AddDays(20)];
        return new SampleCustomer(c.Id, c.Plan, c.Industry, c.Arr, c.Seats, c.SignupDate, c.FeatureAdoption, c.Nps, c.Archetype, !c.Churned, usage, tickets, churn, expansions);
    }
}
