using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Segmentation.Configuration;
using Segmentation.Features.Preprocessing;
using Segmentation.Playbooks;
using Segmentation.Rules;

namespace Segmentation.Tests.Configuration;

public class SegmentationConfigTests
{
    private const string Full = """
        {
          // Comments and trailing commas are part of the dialect.
          "_notes": ["edit me"],
          "columns": {
            "idColumn": "customer_id", "valueColumn": "arr", "outcome": "churned",
            "naValues": ["NA"], "invalidNumbers": "missing", "exclude": ["region"],
            "events": { "path": "usage.csv", "idColumn": "account" },
            "roles": { "tenure": "tenure_days", "usage": ["logins_30d"], "tickets": ["tickets_90d"] },
          },
          "clustering": { "algorithm": "kmeans", "k": 6, "minK": 3, "maxK": 9, "seed": 7, "scaling": "robust" },
          "rules": { "dimensions": [
            { "name": "tier", "rules": [
              { "segment": "Enterprise", "when": "arr >= 100000" },
              { "segment": "SMB", "when": "arr < 100000" } ] },
            { "name": "trigger", "otherwise": "No trigger", "rules": [
              { "segment": "Churn risk", "when": "logins_30d < 5" },
              { "segment": "Onboarding struggling", "when": "tenure_days < 90 and logins_30d < 10" },
              { "segment": "Expansion ready", "when": "logins_30d > 100" } ] },
            { "name": "activity", "rules": [
              { "segment": "Dormant", "when": "logins_30d == 0" },
              { "segment": "Active", "when": "logins_30d > 0" } ] } ] },
          "scorers": {
            "churn": { "kind": "in-run", "training": { "outcomeWindowDays": 60 }, "outcomeEvents": "churn-events.csv", "bands": { "high": 0.6, "medium": 0.3 } },
            "expansion": { "kind": "health", "health": { "factors": [ { "feature": "logins_30d", "weight": 100, "curve": [ { "value": 0, "points": 0 }, { "value": 50, "points": 100 } ] } ] } }
          },
          "builtInPlaybooks": true,
          "playbooks": [
            { "name": "Enterprise at risk", "when": { "ruleSegment": { "dimension": "tier", "segment": "Enterprise" }, "trigger": "Churn risk" },
              "action": { "name": "Call", "owner": "CSM", "dueInDays": 3, "reason": "Enterprise at risk" } }
          ],
          "alerts": { "highValueThreshold": 100000, "atRiskSegments": ["Churn risk"], "riskRatio": 2 },
          "capacity": { "csm": { "accountsPerOwner": 30, "owners": 4 }, "sales": { "accountsPerOwner": 20, "owners": 2 } },
          "priority": { "churnWeight": 1, "expansionWeight": 0.25, "expansionUplift": 0.3 },
        }
        """;

    private static readonly FeatureSchema Schema = FeatureMatrix.FromRows([[1, 2, 3, 4]], ["arr", "tenure_days", "logins_30d", "tickets_90d"]).Schema;

    private static SegmentationConfigException Fails(string json) =>
        Assert.Throws<SegmentationConfigException>(() => SegmentationConfig.FromJson(json, "segmentation.json"));

    private static string Error(SegmentationConfigException e, string path) =>
        Assert.Single(e.Problems, x => x.Path == path).Problem;

    [Fact]
    public void FromJson_FullConfig_ReadsEverySectionAndRoundTrips()
    {
        SegmentationConfig config = SegmentationConfig.FromJson(Full);

        Assert.Equal("customer_id", config.Columns.IdColumn);
        Assert.Equal(["region"], config.Columns.Exclude);
        Assert.Equal("account", config.Columns.Events!.IdColumn);
        Assert.Equal("6", config.Clustering.K);
        Assert.Equal(3, config.Rules!.Dimensions.Count);
        Assert.Equal(60, config.Scorers.Churn!.Training.OutcomeWindowDays);
        Assert.Equal(0.6, config.Scorers.Churn.Bands!.High);
        Assert.Equal("logins_30d", config.Scorers.Expansion!.Health!.Factors[0].Feature);
        Assert.Equal(4, config.Capacity["CSM"].Owners);
        Assert.Equal(0.25, config.Priority.ExpansionWeight);
        Assert.Equal(["edit me"], config.Notes);

        string json = config.ToJson();
        Assert.Equal(json, SegmentationConfig.FromJson(json).ToJson());
        Assert.Contains("\"k\": 6", json, StringComparison.Ordinal);
        Assert.DoesNotContain("total", json, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void FromJson_MalformedJson_NamesLineAndByte()
    {
        SegmentationConfigException e = Fails("{\n  \"columns\": { \"idColumn\": \"id\" \n  \"clustering\": {} }");

        Assert.Matches(@"^segmentation\.json has a problem: not valid JSON at line 3, byte \d+", e.Message);
    }

    [Fact]
    public void FromJson_UnknownProperties_NamesEveryPathWithTheClosestName()
    {
        SegmentationConfigException e = Fails("""{ "columns": { "idColum": "id" }, "capacity": { "csm": { "ownrs": 2 } }, "playbooks": [ { "name": "x", "wehn": {} } ] }""");

        Assert.Equal("unknown property 'idColum'; did you mean 'idColumn'?", Error(e, "columns.idColum"));
        Assert.Equal("unknown property 'ownrs'; did you mean 'owners'?", Error(e, "capacity.csm.ownrs"));
        Assert.Equal("unknown property 'wehn'; did you mean 'when'?", Error(e, "playbooks[0].wehn"));
        Assert.Contains(e.Problems, x => x.Path == "playbooks[0].when");
        Assert.StartsWith("segmentation.json has 5 problems: columns.idColum: unknown property", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_UnknownPropertyAndValueOutOfRange_ListsBoth()
    {
        SegmentationConfigException e = Fails("""{ "columns": { "idColum": "id" }, "capacity": { "csm": { "owners": -2 } } }""");

        Assert.Equal(2, e.Errors.Count);
        Assert.Equal("must be at least 0, but was -2", Error(e, "capacity.csm.owners"));
        Assert.Contains("columns.idColum: unknown property 'idColum'; did you mean 'idColumn'? capacity.csm.owners: must be at least 0, but was -2.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_RuleSetFileWithABadCondition_NamesThePathFromItsRoot()
    {
        SegmentationConfigException e = Fails("""{ "dimensions": [ { "name": "tier", "rules": [ { "segment": "Big", "when": "arr >= >= 5" } ] } ] }""");

        Assert.Contains("at position", Error(e, "dimensions[0].rules[0].when"), StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_DocumentationExample_Loads()
    {
        string markdown = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "configuration.md"));
        int start = markdown.IndexOf("```json\n", StringComparison.Ordinal) + "```json\n".Length;
        string example = markdown[start..markdown.IndexOf("```", start, StringComparison.Ordinal)];

        SegmentationConfig config = SegmentationConfig.FromJson(example);

        Assert.Equal(120, config.ToSettings().Capacity.CapacityOf(OwnerRole.Csm));
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Segmentation.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Segmentation.sln) was not found above the test folder.");
    }

    [Fact]
    public void FromJson_ValueOfTheWrongKind_NamesPathAndExpectedKind()
    {
        SegmentationConfigException e = Fails("""{ "clustering": { "minK": "three", "k": [5] }, "builtInPlaybooks": "yes" }""");

        Assert.Equal("must be a whole number, but was \"three\"", Error(e, "clustering.minK"));
        Assert.Equal("must be a whole number or text in quotes, but was a list", Error(e, "clustering.k"));
        Assert.Equal("must be true or false, but was \"yes\"", Error(e, "builtInPlaybooks"));
    }

    [Fact]
    public void FromJson_ValuesOutOfRange_NameThePathAndTheRange()
    {
        SegmentationConfigException e = Fails("""
            { "capacity": { "csm": { "owners": -2 }, "cms": { "owners": 1 } },
              "priority": { "churnWeight": 200 },
              "clustering": { "k": "0", "scaling": "robsut" },
              "scorers": { "churn": { "kind": "modle" } } }
            """);

        Assert.Equal("must be at least 0, but was -2", Error(e, "capacity.csm.owners"));
        Assert.Equal("no owner role named 'cms'; did you mean 'csm'?", Error(e, "capacity.cms"));
        Assert.Equal("must be between 0 and 100, but was 200", Error(e, "priority.churnWeight"));
        Assert.StartsWith("must be a whole number between 1 and", Error(e, "clustering.k"), StringComparison.Ordinal);
        Assert.Equal("must be one of standard, robust, minmax, none, but was 'robsut'; did you mean 'robust'?", Error(e, "clustering.scaling"));
        Assert.EndsWith("did you mean 'model'?", Error(e, "scorers.churn.kind"), StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_PlaybookNamesAnUnknownTrigger_NamesPathAndClosestTrigger()
    {
        string json = Full.Replace("\"trigger\": \"Churn risk\" }", "\"trigger\": \"Churn riks\" }", StringComparison.Ordinal);

        SegmentationConfigException e = Fails(json);

        Assert.Contains("'Churn riks'", Error(e, "playbooks[0].when.trigger"), StringComparison.Ordinal);
        Assert.Contains("did you mean 'Churn risk'?", Error(e, "playbooks[0].when.trigger"), StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_BuiltInPlaybooksWithoutTheirRules_SaysWhichRulesTheyNeed()
    {
        SegmentationConfigException e = Fails("""{ "builtInPlaybooks": true, "rules": { "dimensions": [ { "name": "tier", "rules": [ { "segment": "SMB", "when": "arr < 1" } ] } ] } }""");

        Assert.All(e.Problems, x => Assert.StartsWith("builtInPlaybooks[", x.Path, StringComparison.Ordinal));
        Assert.Contains(e.Problems, x => x.Problem.Contains("add them to \"rules\" or set \"builtInPlaybooks\": false", StringComparison.Ordinal));
    }

    [Fact]
    public void FromJson_RuleThatDoesNotParse_NamesTheRulePath()
    {
        SegmentationConfigException e = Fails("""{ "rules": { "dimensions": [ { "name": "tier", "rules": [ { "segment": "SMB", "when": "arr < 1" }, { "segment": "Big", "when": "arr >= >= 5" } ] } ] } }""");

        Assert.Contains("at position", Error(e, "rules.dimensions[0].rules[1].when"), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PlaybookNamesAnUnknownSegment_SuggestsTheClosestSegment()
    {
        string json = """
            { "playbooks": [
                { "name": "a", "when": { "segment": "Champions" }, "action": { "name": "Thank", "owner": "CSM", "reason": "r" } },
                { "name": "b", "when": { "segment": "Champions" }, "action": { "name": "Thank", "owner": "CSM", "reason": "r" } },
                { "name": "c", "when": { "segment": "At risk" }, "action": { "name": "Call", "owner": "CSM", "reason": "r" } } ] }
            """;
        SegmentationConfig config = SegmentationConfig.FromJson(json);

        var e = Assert.Throws<SegmentationConfigException>(() => config.Validate(Schema, ["At-risk", "Champions"]));

        ConfigError error = Assert.Single(e.Problems);
        Assert.Equal("playbooks[2].when.segment", error.Path);
        Assert.Contains("'At risk'; did you mean 'At-risk'?", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NamesTheDataLacks_AreAllReportedWithTheirPaths()
    {
        string json = """
            { "columns": { "idColumn": "custid", "valueColumn": "ar", "roles": { "usage": ["login_30d"] } },
              "rules": { "dimensions": [ { "name": "tier", "rules": [ { "segment": "SMB", "when": "arrr < 25000" } ] } ] },
              "scorers": { "churn": { "kind": "health", "health": { "factors": [ { "feature": "nps", "weight": 100, "thresholds": [ { "min": 0, "points": 50 } ] } ] } } },
              "alerts": { "atRiskSegments": ["Churn rsk"] } }
            """;
        SegmentationConfig config = SegmentationConfig.FromJson(json);

        var e = Assert.Throws<SegmentationConfigException>(() => config.Validate(Schema, ["Churn risk", "Loyal"], ["customer_id", "arr", "tenure_days", "logins_30d", "tickets_90d"]));

        Assert.StartsWith("no column named 'custid'", Error(e, "columns.idColumn"), StringComparison.Ordinal);
        Assert.Equal("no feature named 'ar'; did you mean 'arr'?", Error(e, "columns.valueColumn"));
        Assert.Equal("no column named 'login_30d'; did you mean 'logins_30d'?", Error(e, "columns.roles.usage[0]"));
        Assert.Contains("arr", Error(e, "rules.dimensions[0].rules[0].when"), StringComparison.Ordinal);
        Assert.StartsWith("no feature named 'nps'", Error(e, "scorers.churn.health.factors[0].feature"), StringComparison.Ordinal);
        Assert.Equal("no segment or rule segment named 'Churn rsk'; did you mean 'Churn risk'?", Error(e, "alerts.atRiskSegments[0]"));
    }

    [Fact]
    public void Validate_FullConfigOnMatchingData_Passes()
    {
        SegmentationConfig config = SegmentationConfig.FromJson(Full);

        config.Validate(Schema, ["Loyal", "Churn risk"], ["customer_id", "arr", "tenure_days", "logins_30d", "tickets_90d", "region", "churned"]);

        Assert.Equal("arr", config.Columns.ValueColumn);
    }

    [Fact]
    public void FromJson_RuleSetFileOfSegmentRules_LoadsAsAConfigWithOnlyRules()
    {
        const string ruleSet = """{ "dimensions": [ { "name": "tier", "rules": [ { "segment": "Enterprise", "when": "arr >= 100000" } ] } ], "exception": "Review" }""";

        SegmentationConfig config = SegmentationConfig.FromJson(ruleSet, "rules.json");

        Assert.Equal(RuleSet.FromJson(ruleSet).ToJson(), RuleSet.FromOptions(config.Rules!).ToJson());
        Assert.Empty(config.Playbooks);
        Assert.False(config.BuiltInPlaybooks);
    }

    [Fact]
    public void FromJson_RuleSetFileWithAMistake_NamesThePathFromItsRoot()
    {
        SegmentationConfigException e = Fails("""{ "dimensions": [ { "name": "tier", "rulez": [] } ] }""");

        Assert.Equal("unknown property 'rulez'; did you mean 'rules'?", Error(e, "dimensions[0].rulez"));
    }

    [Fact]
    public void FromJson_DimensionsAtTheRootOfAWholeConfig_SaysToMoveThemUnderRules()
    {
        SegmentationConfigException e = Fails("""{ "columns": { "idColumn": "id" }, "dimensions": [] }""");

        Assert.Equal("unknown property 'dimensions' at the root; move it under \"rules\": { \"dimensions\": [ ... ] }", Error(e, "dimensions"));
        Assert.Equal("segmentation.json", e.ConfigurationSource);
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFoundNamingTheFile()
    {
        var e = Assert.Throws<FileNotFoundException>(() => SegmentationConfig.Load(Path.Combine(Path.GetTempPath(), "no-such-dir-4711", "segmentation.json")));

        Assert.Contains("segment init", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToSettings_FullConfig_BuildsTheObjectsOfARun()
    {
        SegmentationSettings settings = SegmentationConfig.FromJson(Full).ToSettings();

        Assert.Equal(6, settings.KMeans!.K);
        Assert.Equal(7, settings.KMeans.Seed);
        Assert.Equal(9, settings.Selection.MaxK);
        Assert.Equal(ScalingMethod.Robust, settings.Preprocessing.Scaling);
        Assert.Equal("customer_id", settings.Reading.IdColumn);
        Assert.Equal(Segmentation.Data.InvalidNumberHandling.Missing, settings.Reading.InvalidNumbers);
        Assert.Equal(["region"], settings.Reading.ExcludeColumns);
        Assert.Equal(["tier", "trigger", "activity"], settings.Rules!.Dimensions.Select(d => d.Name));
        Assert.Equal([.. KnownPlaybooks.Default.Playbooks.Select(p => p.Name), "Enterprise at risk"], settings.Playbooks.Playbooks.Select(p => p.Name));
        Assert.Equal(120, settings.Capacity.CapacityOf(OwnerRole.Csm));
        Assert.Equal(40, settings.Capacity.CapacityOf(OwnerRole.Sales));
        Assert.Null(settings.Capacity.CapacityOf(OwnerRole.Leadership));
        Assert.Equal(0.3, settings.Priority.ExpansionUplift);
        Assert.Equal(0.6, settings.ChurnBands.High);
        Assert.Equal(ScoreBandsDefaults.ExpansionHigh, settings.ExpansionBands.High);
        Assert.IsType<Segmentation.Clustering.KMeans.KMeansClusterer>(settings.CreateClusterer());
    }

    [Fact]
    public void ToSettings_KAuto_ChoosesK()
    {
        SegmentationSettings settings = SegmentationConfig.FromJson("""{ "clustering": { "k": "auto", "minK": 4 } }""").ToSettings();

        Assert.Null(settings.KMeans);
        Assert.Equal(4, settings.Selection.MinK);
        Assert.IsType<Segmentation.Clustering.Selection.KSelectingClusterer>(settings.CreateClusterer());
    }

    [Fact]
    public void BindConfiguration_FromIConfiguration_EqualsLoadingTheSameJson()
    {
        string json = Full;
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(Flatten(json, "Segmentation")).Build();
        var services = new ServiceCollection();
        services.AddSegmentation().BindConfiguration(configuration.GetSection("Segmentation"));
        using ServiceProvider provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        SegmentationConfig bound = provider.GetRequiredService<IOptions<SegmentationConfig>>().Value;

        Assert.Equal(SegmentationConfig.FromJson(json).ToJson(), bound.ToJson());
    }

    [Fact]
    public void BindConfiguration_ValueOutOfRange_FailsAtStartNamingThePath()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(
            [new("capacity:csm:owners", "-2"), new("capacity:csm:accountsPerOwner", "30")]).Build();
        var services = new ServiceCollection();
        services.AddSegmentation().BindConfiguration(configuration);
        using ServiceProvider provider = services.BuildServiceProvider();

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("capacity.csm.owners: must be at least 0, but was -2", e.Message, StringComparison.Ordinal);
    }

    /// <summary>The key/value pairs of a JSON document as an <c>IConfiguration</c> JSON provider reads them.</summary>
    private static IEnumerable<KeyValuePair<string, string?>> Flatten(string json, string prefix)
    {
        using JsonDocument document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        var pairs = new List<KeyValuePair<string, string?>>();
        void Walk(JsonElement element, string path)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (JsonProperty p in element.EnumerateObject())
                    {
                        Walk(p.Value, $"{path}:{p.Name}");
                    }

                    break;
                case JsonValueKind.Array:
                    int i = 0;
                    foreach (JsonElement item in element.EnumerateArray())
                    {
                        Walk(item, $"{path}:{i++}");
                    }

                    break;
                case JsonValueKind.String:
                    pairs.Add(new(path, element.GetString()));
                    break;
                default:
                    pairs.Add(new(path, element.GetRawText()));
                    break;
            }
        }

        Walk(document.RootElement, prefix);
        return pairs;
    }

    private static class ScoreBandsDefaults
    {
        public const double ExpansionHigh = 0.4;
    }
}
