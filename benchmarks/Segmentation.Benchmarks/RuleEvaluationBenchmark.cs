using BenchmarkDotNet.Attributes;
using Segmentation.Rules;

namespace Segmentation.Benchmarks;

/// <summary>
/// 1,000,000 customers × 20 rules in 4 dimensions (the target: well under a second). Text rules are compiled
/// to column-wise evaluators; the same rules as C# code rules (row by row through <see cref="RuleRow"/>) are the baseline.
/// Run: dotnet run -c Release --project benchmarks/Segmentation.Benchmarks -- --filter '*RuleEvaluation*' --job short
/// </summary>
[MemoryDiagnoser]
public class RuleEvaluationBenchmark
{
    private static readonly string[] Features = ["arr", "tenure_days", "usage_change_60d", "tickets_change_90d", "days_to_renewal", "days_since_last_active", "feature_adoption", "seat_utilisation"];

    private FeatureMatrix _customers = null!;
    private RuleBasedSegmenter _text = null!;
    private RuleBasedSegmenter _code = null!;

    internal FeatureMatrix Data => _customers;

    [Params(1_000_000)]
    public int Customers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var values = new double[Customers * Features.Length];
        for (int i = 0; i < Customers; i++)
        {
            Span<double> row = values.AsSpan(i * Features.Length, Features.Length);
            row[0] = Math.Round(Math.Exp(9 + (2 * random.NextDouble())) * 10);
            row[1] = random.Next(0, 2000);
            row[2] = (random.NextDouble() * 120) - 60;
            row[3] = (random.NextDouble() * 200) - 50;
            row[4] = random.Next(0, 365);
            row[5] = random.Next(0, 120);
            row[6] = random.NextDouble();
            row[7] = random.NextDouble();
            for (int j = 0; j < row.Length; j++)
            {
                if (random.NextDouble() < 0.05)
                {
                    row[j] = double.NaN; // 5% missing everywhere, so three-valued logic is exercised
                }
            }
        }

        _customers = FeatureMatrix.FromSpan(values, Features.Length, FeatureSchema.Numeric(Features));
        _text = new RuleBasedSegmenter(TextRules());
        _code = new RuleBasedSegmenter(CodeRules());
    }

    [Benchmark(Baseline = true, Description = "code rules, row by row")]
    public RuleSegmentation CodeRulesRowByRow() => _code.Segment(_customers);

    [Benchmark(Description = "text rules, compiled column-wise")]
    public RuleSegmentation TextRulesColumnWise() => _text.Segment(_customers);

    /// <summary>Twenty rules: the built-in tiers, value percentiles, lifecycle and triggers plus an activity dimension of five.</summary>
    internal static RuleSet TextRules() => RuleSet.Of(
        new RuleDimension("tier",
        [
            Rule.Parse("Strategic", "arr >= 500000"),
            Rule.Parse("Enterprise", "arr >= 100000"),
            Rule.Parse("Mid-market", "arr between 25000 and 100000"),
            Rule.Parse("SMB", "arr < 25000 and arr >= 1000"),
            Rule.Parse("Micro", "arr < 1000"),
        ]),
        new RuleDimension("lifecycle",
        [
            Rule.Parse("Onboarding", "tenure_days < 90"),
            Rule.Parse("Adoption", "tenure_days >= 90 and tenure_days < 365"),
            Rule.Parse("Growth", "tenure_days >= 365 and tenure_days < 730 and usage_change_60d > 0"),
            Rule.Parse("Mature", "tenure_days >= 365"),
            Rule.Parse("High value", "percentile(arr) > 0.8"),
        ]),
        new RuleDimension("trigger",
        [
            Rule.Parse("Churn risk", "usage_change_60d <= -20 or tickets_change_90d >= 50 or (days_to_renewal between 0 and 90 and usage_change_60d < 0)"),
            Rule.Parse("Onboarding struggling", "tenure_days between 30 and 90 and (feature_adoption < 0.5 or days_since_last_active >= 7)"),
            Rule.Parse("Expansion ready", "usage_change_60d >= 30 or (feature_adoption >= 0.7 and seat_utilisation >= 0.8)"),
            Rule.Parse("Renewal soon", "days_to_renewal < 60"),
            Rule.Parse("Quiet", "not (tickets_change_90d > 0)"),
        ], otherwise: "No trigger"),
        new RuleDimension("activity",
        [
            Rule.Parse("Dormant", "days_since_last_active > 30"),
            Rule.Parse("Declining", "usage_change_60d <= -20"),
            Rule.Parse("Power", "seat_utilisation > 0.9 and feature_adoption > 0.8"),
            Rule.Parse("Active", "days_since_last_active <= 30"),
            Rule.Parse("Unknown", "days_since_last_active is missing"),
        ]));

    /// <summary>The same twenty rules written in C# (percentile has no row-wise form: a precomputed threshold stands in).</summary>
    internal static RuleSet CodeRules() => RuleSet.Of(
        new RuleDimension("tier",
        [
            Rule.When("Strategic", f => f["arr"] >= 500_000),
            Rule.When("Enterprise", f => f["arr"] >= 100_000),
            Rule.When("Mid-market", f => f["arr"] >= 25_000 && f["arr"] <= 100_000),
            Rule.When("SMB", f => f["arr"] < 25_000 && f["arr"] >= 1000),
            Rule.When("Micro", f => f["arr"] < 1000),
        ]),
        new RuleDimension("lifecycle",
        [
            Rule.When("Onboarding", f => f["tenure_days"] < 90),
            Rule.When("Adoption", f => f["tenure_days"] >= 90 && f["tenure_days"] < 365),
            Rule.When("Growth", f => f["tenure_days"] >= 365 && f["tenure_days"] < 730 && f["usage_change_60d"] > 0),
            Rule.When("Mature", f => f["tenure_days"] >= 365),
            Rule.When("High value", f => f["arr"] > 1_000_000),
        ]),
        new RuleDimension("trigger",
        [
            Rule.When("Churn risk", f => f["usage_change_60d"] <= -20 || f["tickets_change_90d"] >= 50 || (f["days_to_renewal"] >= 0 && f["days_to_renewal"] <= 90 && f["usage_change_60d"] < 0)),
            Rule.When("Onboarding struggling", f => f["tenure_days"] >= 30 && f["tenure_days"] <= 90 && (f["feature_adoption"] < 0.5 || f["days_since_last_active"] >= 7)),
            Rule.When("Expansion ready", f => f["usage_change_60d"] >= 30 || (f["feature_adoption"] >= 0.7 && f["seat_utilisation"] >= 0.8)),
            Rule.When("Renewal soon", f => f["days_to_renewal"] < 60),
            Rule.When("Quiet", f => !(f["tickets_change_90d"] > 0)),
        ], otherwise: "No trigger"),
        new RuleDimension("activity",
        [
            Rule.When("Dormant", f => f["days_since_last_active"] > 30),
            Rule.When("Declining", f => f["usage_change_60d"] <= -20),
            Rule.When("Power", f => f["seat_utilisation"] > 0.9 && f["feature_adoption"] > 0.8),
            Rule.When("Active", f => f["days_since_last_active"] <= 30),
            Rule.When("Unknown", f => f.IsMissing("days_since_last_active")),
        ]));
}
