using Segmentation.Clustering;
using Segmentation.Clustering.KMeans;
using Segmentation.Pipeline;
using Segmentation.Playbooks;
using Segmentation.Rules;

namespace Segmentation.Tests.Pipeline;

public class RunFilesTests
{
    private static readonly DateOnly AsOf = new(2026, 12, 7);

    /// <summary>Four customers, a trigger dimension, no scorer: the worklist comes from the triggers alone.</summary>
    private static SegmentationRun Run(bool daily)
    {
        FeatureMatrix features = FeatureMatrix.FromRows([[84_000.0, -40], [90_000.0, 5], [5_000.0, -30], [6_000.0, 2]], ["arr", "usage_change_60d"])
            .WithRowIds(["a", "b, Ltd", "c", "d"]);
        var triggers = new RuleDimension("trigger", [Rule.Parse("Churn risk", "usage_change_60d <= -20")], otherwise: "No trigger");
        var engine = new SegmentationEngine(new KMeansClusterer(new KMeansOptions { K = 2, Seed = 1 }), null, RuleSet.Of(triggers));
        SegmentationRun run = engine.Run(features);
        return daily ? SegmentationEngine.ScoreAndPlan(run, AsOf, new DailyRunOptions()) : run;
    }

    [Fact]
    public void WriteAssignments_WithoutDailyStep_WritesSegmentsAndRuleDimensionsOnly()
    {
        var writer = new StringWriter();

        Run(daily: false).WriteAssignments(writer, "id");

        string[] lines = writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,segment_id,segment,trigger", lines[0]);
        Assert.Equal(5, lines.Length);
        Assert.StartsWith("\"b, Ltd\",", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void WriteAssignments_AfterDailyStepWithoutScorers_LeavesScoreCellsEmptyAndWritesTriggersAndActions()
    {
        var writer = new StringWriter();

        Run(daily: true).WriteAssignments(writer);

        string[] lines = writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("customer_id,segment_id,segment,trigger,churn_risk,churn_band,expansion_potential,expansion_band,triggers,action", lines[0]);
        Assert.EndsWith(",Churn risk,,,,,Churn risk,\"Executive business review (CSM, due 2026-12-21)\"", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",No trigger,,,,,,", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void WriteWorklist_AfterDailyStep_WritesTheTriggeredCustomersAndAnEmptyOverflow()
    {
        SegmentationRun run = Run(daily: true);
        var worklist = new StringWriter();
        var overflow = new StringWriter();

        run.WriteWorklist(worklist);
        run.WriteWorklistOverflow(overflow);

        string[] rows = worklist.ToString().Split("\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, rows.Length);
        // Without a churn score nothing is at stake: ties are broken by customer id.
        Assert.StartsWith("1,a,CSM,Executive business review,task,2026-12-21,Churn risk; ARR $84,000,", rows[1].Replace("\"", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.StartsWith("2,c,CSM,", rows[2], StringComparison.Ordinal);
        Assert.Single(overflow.ToString().Split("\n", StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void WriteWorklist_RunWithoutDailyStep_ThrowsSayingHowToGetOne()
    {
        var error = Assert.Throws<ArgumentException>(() => Run(daily: false).WriteWorklist(new StringWriter()));

        Assert.Contains("DailyRunOptions", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteFiles_WithProgress_ReportsEachFileUpToItsLastRow()
    {
        SegmentationRun run = Run(daily: true);
        var reported = new List<PipelineStepProgress>();
        var progress = new ListProgress(reported);

        run.WriteAssignments(new StringWriter(), "id", progress);
        run.WriteWorklist(new StringWriter(), progress);
        run.WriteWorklistOverflow(new StringWriter(), progress);

        int rows = run.Worklist!.Rows.Count;
        Assert.Equal(
            [
                new PipelineStepProgress(PipelineSteps.Writing, 4, 4, "rows of assignments.csv"),
                new PipelineStepProgress(PipelineSteps.Writing, rows, rows, "rows of worklist.csv"),
            ],
            reported);
    }

    /// <summary>Records each report on the calling thread.</summary>
    private sealed class ListProgress(List<PipelineStepProgress> reported) : IProgress<PipelineStepProgress>
    {
        public void Report(PipelineStepProgress value) => reported.Add(value);
    }
}
