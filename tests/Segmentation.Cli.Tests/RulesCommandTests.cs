namespace Segmentation.Cli.Tests;

public sealed class RulesCommandTests : IDisposable
{
    private const string Customers = "id,arr,plan,tenure_days,signup\n"
        + "a,150000,Enterprise,40,2026-01-02\n"
        + "b,30000,Growth,,2025-03-04\n"
        + "c,,Starter,400,2024-05-06\n"
        + "d,5000,,10,2026-10-01\n";

    private const string Rules = """
        { "dimensions": [
            { "name": "tier", "rules": [
                { "segment": "Enterprise", "when": "plan == \"Enterprise\" or arr >= 100000" },
                { "segment": "Mid-market", "when": "arr between 25000 and 99999.99" },
                { "segment": "SMB", "when": "arr < 25000 or plan in ('Starter')" } ] },
            { "name": "lifecycle", "otherwise": "Unknown stage", "rules": [
                { "segment": "Onboarding", "when": "tenure_days < 90" },
                { "segment": "Mature", "when": "tenure_days >= 365" } ] } ],
          "exception": "Needs review" }
        """;

    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Rules_CustomerCsv_WritesIdAndOneColumnPerDimensionInInputOrder()
    {
        string input = _cli.Write("customers.csv", Customers);
        string rules = _cli.Write("rules.json", Rules);
        string output = _cli.PathOf("out/segments.csv");

        CliResult result = _cli.Run("rules", "--input", input, "--rules", rules, "--id-column", "id", "--output", output);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            [
                "id,tier,lifecycle",
                "a,Enterprise,Onboarding",
                "b,Mid-market,Unknown stage",
                "c,SMB,Mature",
                "d,SMB,Onboarding",
            ],
            File.ReadAllLines(output));
        Assert.Contains("tier: Enterprise 1, Mid-market 1, SMB 2, Needs review 0", result.Out);
        Assert.Contains("note: column 'signup' cannot be read by rules", result.Error);
    }

    [Fact]
    public void Rules_Explain_AddsTheMatchedRuleAndComparedValues()
    {
        string input = _cli.Write("customers.csv", Customers);
        string rules = _cli.Write("rules.json", Rules);
        string output = _cli.PathOf("out.csv");

        CliResult result = _cli.Run("rules", "--input", input, "--rules", rules, "--id-column", "id", "--output", output, "--explain");

        Assert.Equal(0, result.ExitCode);
        string[] lines = File.ReadAllLines(output);
        Assert.Equal("id,tier,lifecycle,tier_rule,tier_values,lifecycle_rule,lifecycle_values", lines[0]);
        Assert.Equal("b,Mid-market,Unknown stage,arr between 25000 and 99999.99,arr=30000,no rule matched,tenure_days=missing", lines[2]);
        Assert.Equal("c,SMB,Mature,arr < 25000 or plan in ('Starter'),\"arr=missing, plan=Starter\",tenure_days >= 365,tenure_days=400", lines[3]);
    }

    [Fact]
    public void Rules_WithoutIdColumn_NumbersRows()
    {
        string input = _cli.Write("customers.csv", "arr\n5\n500000\n");
        string rules = _cli.Write("rules.json", Rules.Replace("plan == \\\"Enterprise\\\" or ", "", StringComparison.Ordinal).Replace(" or plan in ('Starter')", "", StringComparison.Ordinal).Replace("tenure_days", "arr", StringComparison.Ordinal));
        string output = _cli.PathOf("out.csv");

        CliResult result = _cli.Run("rules", "--input", input, "--rules", rules, "--output", output);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["row,tier,lifecycle", "1,SMB,Onboarding", "2,Enterprise,Mature"], File.ReadAllLines(output));
    }

    [Fact]
    public void Rules_CapacityOverflow_IsReported()
    {
        string input = _cli.Write("customers.csv", "id,arr\na,100\nb,300\nc,200\n");
        string rules = _cli.Write("rules.json", """
            { "dimensions": [ { "name": "touch", "overflowBy": "arr", "rules": [
                { "segment": "High touch", "when": "arr >= 100", "capacity": 2 },
                { "segment": "Tech touch", "when": "true" } ] } ] }
            """);
        string output = _cli.PathOf("out.csv");

        CliResult result = _cli.Run("rules", "--input", input, "--rules", rules, "--id-column", "id", "--output", output);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["id,touch", "a,Tech touch", "b,High touch", "c,High touch"], File.ReadAllLines(output));
        Assert.Contains("over capacity: touch/High touch: 3 matched, capacity 2; 1 overflowed to Tech touch (1)", result.Out);
    }

    [Fact]
    public void Rules_MalformedCondition_Exit2NamingDimensionSegmentAndPosition()
    {
        string input = _cli.Write("customers.csv", Customers);
        string rules = _cli.Write("rules.json", """{ "dimensions": [ { "name": "tier", "rules": [ { "segment": "Enterprise", "when": "arr >= >= 100000" } ] } ] }""");

        CliResult result = _cli.RunProcess("rules", "--input", input, "--rules", rules, "--id-column", "id", "--output", _cli.PathOf("o.csv"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: tier/Enterprise: unexpected '>=' at position 8", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_cli.PathOf("o.csv")));
    }

    [Fact]
    public void Rules_UnknownFeatureOrLevel_Exit2WithSuggestions()
    {
        string input = _cli.Write("customers.csv", Customers);
        string rules = _cli.Write("rules.json", """
            { "dimensions": [ { "name": "tier", "rules": [
                { "segment": "Enterprise", "when": "plan == 'Enterprize'" },
                { "segment": "New", "when": "tenure_day < 90" } ] } ] }
            """);

        CliResult result = _cli.Run("rules", "--input", input, "--rules", rules, "--id-column", "id", "--output", _cli.PathOf("o.csv"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("tier/Enterprise: 'plan' has no level \"Enterprize\" (position 9); did you mean \"Enterprise\"?", result.Error);
        Assert.Contains("tier/New: unknown feature 'tenure_day' at position 1; did you mean 'tenure_days'?", result.Error);
    }

    [Fact]
    public void Rules_MissingInputOrRulesFile_Exit3()
    {
        string rules = _cli.Write("rules.json", Rules);
        string input = _cli.Write("customers.csv", Customers);
        Assert.Equal(3, _cli.Run("rules", "--input", _cli.PathOf("nope.csv"), "--rules", rules, "--output", _cli.PathOf("o.csv")).ExitCode);
        Assert.Equal(3, _cli.Run("rules", "--input", input, "--rules", _cli.PathOf("nope.json"), "--id-column", "id", "--output", _cli.PathOf("o.csv")).ExitCode);
    }

    [Fact]
    public void Rules_BadCsv_Exit3()
    {
        string input = _cli.Write("customers.csv", "id,arr\na,1\na,2\n");
        string rules = _cli.Write("rules.json", Rules);
        CliResult result = _cli.Run("rules", "--input", input, "--rules", rules, "--id-column", "id", "--output", _cli.PathOf("o.csv"));
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("already appeared", result.Error);
    }

    [Fact]
    public void Rules_MissingRequiredOption_Exit2()
    {
        Assert.Equal(2, _cli.Run("rules", "--input", "x.csv", "--output", "o.csv").ExitCode);
    }

    [Fact]
    public void Run_WithConfig_OnTheEmbeddedSample_AddsDimensionColumnsAfterSegment()
    {
        string rules = _cli.Write("rules.json", """
            { "dimensions": [
                { "name": "tier", "rules": [
                    { "segment": "Enterprise", "when": "arr >= 100000", "capacity": 50 },
                    { "segment": "Mid-market", "when": "arr >= 25000" },
                    { "segment": "SMB", "when": "arr < 25000" } ], "overflowBy": "arr" },
                { "name": "trigger", "overridesCluster": true, "otherwise": "No trigger", "rules": [
                    { "segment": "Churn risk", "when": "usage_change_60d <= -20 or days_to_renewal < 30 and usage_change_60d < 0" } ] } ] }
            """);
        string outDir = _cli.PathOf("out");

        CliResult result = _cli.Run("run", "--config", rules, "--out", outDir, "--store", _cli.PathOf("s.db"));

        Assert.Equal(0, result.ExitCode);
        string[] lines = File.ReadAllLines(Path.Combine(outDir, "assignments.csv"));
        Assert.Equal("customer_id,segment_id,segment,tier,trigger", lines[0]);
        string[][] rows = [.. lines.Skip(1).Select(l => l.Split(','))];
        Assert.Equal(50, rows.Count(r => r[^2] == "Enterprise"));
        Assert.All(rows.Where(r => r[^1] == "Churn risk"), r => Assert.Equal("Churn risk", r[2]));
        Assert.Contains(rows, r => r[^1] == "No trigger" && r[2] != "Churn risk");
        Assert.Contains("Over capacity: tier/Enterprise:", result.Out);
    }

    [Fact]
    public void Run_WithConfig_OnACsv_UsesItsFeatures()
    {
        string input = _cli.Write("customers.csv", "id,arr,logins\na,150000,5\nb,160000,6\nc,5000,90\nd,6000,95\n");
        string rules = _cli.Write("rules.json", """{ "dimensions": [ { "name": "tier", "rules": [ { "segment": "Enterprise", "when": "arr >= 100000" } ] } ], "exception": "Other" }""");
        string outDir = _cli.PathOf("out");

        CliResult result = _cli.Run("run", "--input", input, "--id-column", "id", "--k", "2", "--config", rules, "--out", outDir, "--store", _cli.PathOf("s.db"));

        Assert.Equal(0, result.ExitCode);
        string[] lines = File.ReadAllLines(Path.Combine(outDir, "assignments.csv"));
        Assert.Equal("id,segment_id,segment,tier", lines[0]);
        Assert.Equal(["Enterprise", "Enterprise", "Other", "Other"], lines.Skip(1).Select(l => l.Split(',')[^1]));
    }

    [Fact]
    public void Run_WithConfigReadingUnknownFeature_Exit2()
    {
        string rules = _cli.Write("rules.json", """{ "dimensions": [ { "name": "tier", "rules": [ { "segment": "E", "when": "revenue > 1" } ] } ] }""");
        CliResult result = _cli.Run("run", "--config", rules, "--out", _cli.PathOf("o"), "--store", _cli.PathOf("s.db"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("rules.dimensions[0].rules[0].when: unknown feature 'revenue'", result.Error);
    }
}
