using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Segmentation.Configuration;
using Segmentation.Rules;

namespace Segmentation.Tests.Rules;

/// <summary>Random rule texts (random tokens, random nesting) fail only as <see cref="SegmentationConfigException"/>, never a crash.</summary>
public class RuleFuzzPropertyTests
{
    private static readonly string[] Tokens =
    [
        "(", "(", ")", ")", "and", "or", "not", "between", "in", "is", "missing", "true", "false",
        "a", "b", "plan", "churned", "industry", "`plan=A`", "`x", "nope", "\"A\"", "'Retail'", "\"yes\"", "'maybe'", "\"",
        "0", "1", "2.5", "1e999", "1_000", "1x", ".5", "-", "+", "*", "/", "==", "!=", "=", "<>", "<", "<=", ">", ">=", ",",
        "percentile", "mean", "median", "abs", "percentil", "@", "#", "é", " ",
    ];

    private static readonly FeatureSchema Schema = new(
    [
        new FeatureColumn("a"),
        new FeatureColumn("b"),
        new FeatureColumn("churned", FeatureKind.Binary),
        new FeatureColumn("plan=A", FeatureKind.Categorical, "plan"),
        new FeatureColumn("plan=B", FeatureKind.Categorical, "plan"),
        new FeatureColumn("industry", FeatureKind.Text) { Levels = ["Bank", "Retail"] },
    ]);

    private static readonly FeatureMatrix Data = FeatureMatrix.FromSpan(
        [
            1, 2, 1, 1, 0, 0,
            double.NaN, 0, 0, 0, 1, 1,
            -3, double.NaN, double.NaN, 0, 0, double.NaN,
        ],
        Schema.Count,
        Schema);

    /// <summary>A sequence of tokens, sometimes wrapped in up to 150 unbalanced or balanced parentheses.</summary>
    private static Gen<string> Texts =>
        from tokens in Gen.ListOf(Gen.Elements(Tokens))
        from open in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(1, 150)))
        from close in Gen.Frequency((1, Gen.Constant(open)), (1, Gen.Choose(0, 150)))
        select new string('(', open) + string.Join(" ", tokens) + new string(')', close);

    [Property(MaxTest = 2000)]
    public Property ParseCompileEvaluate_RandomText_FailsOnlyWithSegmentationConfigException() =>
        Prop.ForAll(Arb.From(Texts), text =>
        {
            try
            {
                TextRule rule = (TextRule)Rule.Parse("s", text);
                RuleSet.Of(new RuleDimension("d", [rule])).Validate(Schema);
                var results = new RuleTruth[Data.RowCount];
                rule.Evaluate(Data, results);
                _ = rule.NormalizedCondition;
                return true.Label(text);
            }
            catch (SegmentationConfigException e)
            {
                // The message names the rule (dimension/segment once bound), so the user knows which one to fix.
                return (e.Message.StartsWith("s: ", StringComparison.Ordinal) || e.Message.StartsWith("d/s: ", StringComparison.Ordinal)).Label($"{text} → {e.Message}");
            }
        });

    [Property(MaxTest = 300)]
    public Property Parse_RandomDeepNesting_FailsCleanlyBeyondTheLimit() =>
        Prop.ForAll(Arb.From(Gen.Choose(1, 400)), Arb.From(Gen.Elements("(", "not ", "-", "abs(", "not (")), (depth, opener) =>
        {
            string closers = new(')', opener.Contains('(', StringComparison.Ordinal) ? depth : 0);
            string text = string.Concat(Enumerable.Repeat(opener, depth)) + "a" + closers + " > 0";
            try
            {
                Rule.Parse("s", text);
                return (depth * (opener == "not (" ? 2 : 1) <= 100).Label(text);
            }
            catch (SegmentationConfigException e)
            {
                return (depth * (opener == "not (" ? 2 : 1) > 100 && e.Message.Contains("nests more than 100 levels deep", StringComparison.Ordinal)).Label(e.Message);
            }
        });
}
