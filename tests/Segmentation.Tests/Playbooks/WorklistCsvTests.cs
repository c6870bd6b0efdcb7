using Segmentation.Playbooks;

namespace Segmentation.Tests.Playbooks;

public class WorklistCsvTests
{
    private static string Csv(Action<TextWriter, Worklist> write, Worklist worklist)
    {
        using var writer = new StringWriter();
        write(writer, worklist);
        return writer.ToString();
    }

    [Fact]
    public void Write_WorkedExample_QuotesAndLeavesAbsentValuesEmpty()
    {
        Worklist worklist = new WorklistPlanner(KnownPlaybooks.Default, capacity: WorkedExample.Capacity()).Plan(WorkedExample.All, WorkedExample.AsOf);

        string[] lines = Csv(WorklistCsv.Write, worklist).Split("\n");

        Assert.Equal("rank,customer_id,owner,action,channel,due,why,playbook,segment,triggers,churn_probability,churn_band,expansion_probability,expansion_band,arr,priority,also", lines[0]);
        Assert.Equal("1,A,CSM,Executive business review,task,2026-12-21,\"Churn risk 72% (usage down 32% in 60 days); ARR $84,000\",Churn risk,At risk,Churn risk,0.72,high,,,84000,60480,", lines[1]);
        Assert.Equal("2,B,Leadership,Welcome from leadership,email,2026-12-14,\"New customer with ARR $150,000 in Enterprise growth\",New high-value customer,Enterprise growth,Churn risk,0.3,,0.1,,150000,46500,", lines[2]);
        Assert.Equal("5,D,Marketing automation,Win-back sequence,email sequence,2026-12-07,Dormant: no activity in the last 30 days,Dormant,At risk,Churn risk,0.9,,,,,,", lines[5]);
        Assert.Equal(7, lines.Length); // header, five rows, and the empty string after the last line break
        Assert.Equal(string.Empty, lines[6]);
    }

    [Fact]
    public void WriteOverflow_WorkedExample_WritesTheRowsThatDidNotFit()
    {
        Worklist worklist = new WorklistPlanner(KnownPlaybooks.Default, capacity: WorkedExample.Capacity()).Plan(WorkedExample.All, WorkedExample.AsOf);

        string[] lines = Csv(WorklistCsv.WriteOverflow, worklist).Split("\n");

        Assert.Equal(["E", "D"], lines[1..3].Select(l => l.Split(',')[1]));
        Assert.StartsWith("1,E,CSM,Activation call,task,2026-12-14,", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Write_OtherActionsAndQuotesInText_AreListedAndEscaped()
    {
        var set = PlaybookSet.Of(
            new Playbook("p1", PlaybookCondition.Trigger("t"), new PlaybookAction("Call \"now\"", OwnerRole.Csm, 1, ActionChannel.Task, "line one")),
            new Playbook("p2", PlaybookCondition.Trigger("t"), new PlaybookAction("Send deck", OwnerRole.Csm, 5, ActionChannel.Email, "deck")));
        var facts = new CustomerFacts("x,y", "Seg") { Triggers = ["t", "u"] };

        string[] cells = Csv(WorklistCsv.Write, new WorklistPlanner(set).Plan([facts], new DateOnly(2026, 1, 30))).Split("\n")[1].Split(',');

        Assert.Equal(["1", "\"x", "y\"", "CSM", "\"Call \"\"now\"\"\"", "task", "2026-01-31", "line one", "p1", "Seg", "t; u", "", "", "", "", "", "", "\"Send deck (email", " due 2026-02-04)\""], cells);
    }
}
