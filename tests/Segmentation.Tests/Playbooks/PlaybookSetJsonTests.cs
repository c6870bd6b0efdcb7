using Segmentation.Configuration;
using Segmentation.Playbooks;

namespace Segmentation.Tests.Playbooks;

public class PlaybookSetJsonTests
{
    private static readonly PlaybookVocabulary Known = new(
        Segments: ["Champions", "At risk", "Core"],
        Triggers: ["Churn risk", "Onboarding struggling", "Expansion ready", "No trigger"],
        RuleSegments: new Dictionary<string, IReadOnlyCollection<string>>
        {
            ["tier"] = ["Enterprise", "Mid-market", "SMB"],
            ["activity"] = ["Dormant", "Declining", "Active"],
        });

    private const string Three = """
        {
          // a whole segmentation.json: other properties are not the playbooks' business
          "k": 5,
          "playbooks": [
            { "name": "Onboarding", "when": { "trigger": "Onboarding struggling" },
              "action": { "name": "Activation call", "owner": "CSM", "dueInDays": 7, "reason": "Onboarding struggling" } },
            { "name": "High value at risk",
              "when": { "migrates": { "from": ["Champions"], "to": ["At risk"], "minValue": 100000 }, "churnBandAtLeast": "medium" },
              "action": { "name": "Alert leadership", "owner": "leadership", "dueInDays": 1, "channel": "Slack alert", "reason": "{customer} moved into {segment}[; ARR {arr}]" } },
            { "name": "Churn", "when": { "trigger": "Churn riks" },
              "action": { "name": "EBR", "owner": "CSM", "dueInDays": 14, "reason": "Churn risk {churn}" } },
          ],
        }
        """;

    private static SegmentationConfigException Fails(string json, PlaybookVocabulary? vocabulary = null) =>
        Assert.Throws<SegmentationConfigException>(() => PlaybookSet.FromJson(json, vocabulary ?? Known));

    private static string One(string when, string action = """{ "name": "Call", "owner": "CSM", "dueInDays": 7, "reason": "r" }""") =>
        $$"""{ "playbooks": [ { "name": "p", "when": {{when}}, "action": {{action}} } ] }""";

    [Fact]
    public void FromJson_TriggerTypo_NamesPathAndSuggestsClosest()
    {
        string error = Assert.Single(Fails(Three).Errors);
        Assert.Equal("playbooks[2].when.trigger: no trigger named 'Churn riks'; did you mean 'Churn risk'?", error);
    }

    [Fact]
    public void FromJson_Valid_ReadsEveryField()
    {
        PlaybookSet set = PlaybookSet.FromJson(Three.Replace("Churn riks", "Churn risk", StringComparison.Ordinal), Known);

        Playbook alert = set.Playbooks[1];
        Assert.Equal(["Onboarding", "High value at risk", "Churn"], set.Playbooks.Select(p => p.Name));
        Assert.Equal((OwnerRole.Leadership, ActionChannel.SlackAlert, 1), (alert.Action.Owner, alert.Action.Channel, alert.Action.DueInDays));
        Assert.Equal(ActionChannel.Task, set.Playbooks[0].Action.Channel); // the default channel
        Assert.Equal("churn band at least medium and moves from 'Champions' into 'At risk' with value at least $100,000", alert.When.ToString());
        var mover = new CustomerFacts("m", "At risk") { PreviousSegment = "Champions", Value = 100_000, ChurnBand = ScoreBand.High };
        Assert.True(alert.When.Matches(mover));
        Assert.False(alert.When.Matches(mover with { ChurnBand = ScoreBand.Low }));
    }

    [Fact]
    public void FromJson_BareArray_IsAccepted()
    {
        PlaybookSet set = PlaybookSet.FromJson("""[ { "name": "p", "when": { "isNew": true }, "action": { "name": "Hi", "owner": "Sales", "reason": "new" } } ]""");
        Assert.Equal(7, Assert.Single(set.Playbooks).Action.DueInDays);
    }

    [Theory]
    [InlineData("""{ "trigers": "Churn risk" }""", "playbooks[0].when.trigers: unknown property 'trigers'; did you mean 'trigger'?")]
    [InlineData("""{ "churnProbabilityAtLeast": "high" }""", "playbooks[0].when.churnProbabilityAtLeast: expected a number between 0 and 1, such as 0.6")]
    [InlineData("""{ "churnProbabilityAtLeast": 60 }""", "playbooks[0].when.churnProbabilityAtLeast: must be a probability between 0 and 1, but was 60; write 60% as 0.6")]
    [InlineData("""{ "churnBandAtLeast": "hgh" }""", "playbooks[0].when.churnBandAtLeast: no band named 'hgh'; did you mean 'high'?")]
    [InlineData("""{ "segment": "At rsk" }""", "playbooks[0].when.segment: no segment named 'At rsk'; did you mean 'At risk'?")]
    [InlineData("""{ "enters": "Zzzzzzzzzzzz" }""", "playbooks[0].when.enters: no segment named 'Zzzzzzzzzzzz'; known: 'Champions', 'At risk', 'Core'")]
    [InlineData("""{ "ruleSegment": { "dimension": "activty", "segment": "Dormant" } }""", "playbooks[0].when.ruleSegment.dimension: no rule dimension named 'activty'; did you mean 'activity'?")]
    [InlineData("""{ "ruleSegment": { "dimension": "activity", "segment": "Dormnt" } }""", "playbooks[0].when.ruleSegment.segment: no segment of dimension 'activity' named 'Dormnt'; did you mean 'Dormant'?")]
    [InlineData("""{ "migrates": { "to": ["At risk", "Chmpions"] } }""", "playbooks[0].when.migrates.to[1]: no segment named 'Chmpions'; did you mean 'Champions'?")]
    [InlineData("""{ "migrates": { "from": ["Core"] } }""", "playbooks[0].when.migrates.to: the migration names no segment to move into; list at least one, for example [\"At risk\"]")]
    [InlineData("""{ "migrates": { "to": "At risk" } }""", "playbooks[0].when.migrates.to: expected a list of segment names, such as [\"At risk\"]")]
    [InlineData("""{ "minValue": -1 }""", "playbooks[0].when.minValue: must be a value (ARR) of at least 0, but was -1")]
    [InlineData("""{ "allOf": [ { "isNew": true }, { "trigger": "Expansion redy" } ] }""", "playbooks[0].when.allOf[1].trigger: no trigger named 'Expansion redy'; did you mean 'Expansion ready'?")]
    [InlineData("""{ }""", "playbooks[0].when: the condition is empty; set at least one of \"segment\", \"enters\", \"ruleSegment\", \"trigger\", \"churnBandAtLeast\", \"churnProbabilityAtLeast\", \"expansionBandAtLeast\", \"expansionProbabilityAtLeast\", \"migrates\", \"isNew\", \"minValue\" or \"allOf\"")]
    [InlineData("""{ "isNew": "yes" }""", "playbooks[0].when.isNew: expected true or false")]
    public void FromJson_BadCondition_OneErrorWithPath(string when, string expected)
    {
        Assert.Equal(expected, Assert.Single(Fails(One(when)).Errors).ToString());
    }

    [Theory]
    [InlineData("""{ "name": "Call", "owner": "Sale", "reason": "r" }""", "playbooks[0].action.owner: no owner role named 'Sale'; did you mean 'Sales'?")]
    [InlineData("""{ "name": "Call", "owner": "CSM", "channel": "slack", "reason": "r" }""", "playbooks[0].action.channel: no channel named 'slack'; did you mean 'Slack alert'?")]
    [InlineData("""{ "name": "Call", "owner": "CSM", "dueInDays": -3, "reason": "r" }""", "playbooks[0].action.dueInDays: must be between 0 and 3650 days, but was -3")]
    [InlineData("""{ "name": "Call", "owner": "CSM", "dueInDays": 1.5, "reason": "r" }""", "playbooks[0].action.dueInDays: expected a whole number of days, such as 14")]
    [InlineData("""{ "name": "Call", "owner": "CSM", "reason": "Risk {chrun}" }""", "playbooks[0].action.reason: unknown placeholder {chrun} at position 6; did you mean {churn}?")]
    [InlineData("""{ "name": "Call", "owner": "CSM", "reason": "Tier {rule:teir}" }""", "playbooks[0].action.reason: no rule dimension named {rule:teir}; did you mean {rule:tier}?")]
    [InlineData("""{ "name": " ", "owner": "CSM", "reason": "r" }""", "playbooks[0].action.name: the action has no name; name it, for example \"Executive business review\"")]
    [InlineData("""{ "name": "Call", "owner": "CSM" }""", "playbooks[0].action.reason: the action has no reason; write one such as \"Churn risk {churn}[; ARR {arr}]\"")]
    public void FromJson_BadAction_OneErrorWithPath(string action, string expected)
    {
        Assert.Equal(expected, Assert.Single(Fails(One("""{ "trigger": "Churn risk" }""", action)).Errors).ToString());
    }

    [Fact]
    public void FromJson_SeveralProblems_ReportsEveryOneInOrder()
    {
        const string json = """
            { "playbooks": [
                { "name": "a", "when": { "trigger": "Churn riks" }, "action": { "name": "x", "owner": "CSMs", "reason": "r" } },
                { "name": "A", "action": { "name": "x", "owner": "CSM", "reason": "r" } },
                null ] }
            """;

        SegmentationConfigException error = Fails(json);

        Assert.Equal(
            [
                "playbooks[0].when.trigger", "playbooks[0].action.owner", "playbooks[1].name", "playbooks[1].when", "playbooks[2]",
            ],
            error.PlaybookProblems!.Select(e => e.Path));
        Assert.Equal("playbooks[1].name: 'A' is also the name of playbooks[0]; give each playbook its own name", error.Errors[2].ToString());
        Assert.StartsWith("playbooks[0].when.trigger: no trigger named 'Churn riks'; did you mean 'Churn risk'? (4 more: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_WithoutVocabulary_AcceptsAnyName()
    {
        PlaybookSet set = PlaybookSet.FromJson(Three, vocabulary: null);
        Assert.Equal(3, set.Playbooks.Count);
    }

    [Fact]
    public void FromJson_Malformed_NamesSourceAndLine()
    {
        var error = Assert.Throws<SegmentationConfigException>(() => PlaybookSet.FromJson("{ \"playbooks\": [\n  { \"name\": \"p\" \"when\": {} } ] }", source: "segmentation.json"));
        Assert.StartsWith("segmentation.json is not valid JSON at line 2, byte ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "rules": [] }""", "segmentation.json has no \"playbooks\" array;")]
    [InlineData("""{ "playbooks": { } }""", "playbooks: must be an array of playbooks")]
    [InlineData("""{ "playbooks": [ 5 ] }""", "playbooks[0]: expected an object { ... }")]
    public void FromJson_WrongShape_SaysWhatIsExpected(string json, string start)
    {
        var error = Assert.Throws<SegmentationConfigException>(() => PlaybookSet.FromJson(json, source: "segmentation.json"));
        Assert.StartsWith(start, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_KnownPlaybooks_RoundTrips()
    {
        string json = KnownPlaybooks.Default.ToJson();
        PlaybookSet back = PlaybookSet.FromJson(json, KnownPlaybooksTests.KnownRuleSetVocabulary);

        Assert.Equal(json, back.ToJson());
        Assert.Equal(KnownPlaybooks.Default.Playbooks.Select(p => p.ToString()), back.Playbooks.Select(p => p.ToString()));
        Assert.Contains("\"owner\": \"Marketing automation\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("[]", json, StringComparison.Ordinal); // empty lists are left out
    }

    [Fact]
    public void Validate_CodeBuiltSetWithUnknownTrigger_NamesPathAndSuggests()
    {
        var set = PlaybookSet.Of(new Playbook("p", PlaybookCondition.AllOf(PlaybookCondition.IsNew(), PlaybookCondition.Trigger("Churn-risk")), new PlaybookAction("x", OwnerRole.Csm, 1, ActionChannel.Task, "r")));

        var error = Assert.Throws<SegmentationConfigException>(() => set.Validate(Known));
        Assert.Equal("playbooks[0].when.allOf[1].trigger: no trigger named 'Churn-risk'; did you mean 'Churn risk'?", error.Message);
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFoundNamingIt()
    {
        var error = Assert.Throws<FileNotFoundException>(() => PlaybookSet.Load("no-such-playbooks.json"));
        Assert.Contains("'no-such-playbooks.json' does not exist", error.Message, StringComparison.Ordinal);
    }
}
