using Segmentation.Configuration;
using Segmentation.Rules;
using Segmentation.Rules.Language;

namespace Segmentation.Tests.Rules;

public class RuleParserTests
{
    private static FeatureRef F(string name) => new(name);

    private static NumberLiteral N(double value) => new(value);

    [Fact]
    public void Parse_Arithmetic_MultiplicationBindsTighterThanAddition()
    {
        Expr tree = RuleParser.Parse("a + b * 2 - c");
        Expr expected = new Arithmetic(ArithmeticOperator.Subtract, new Arithmetic(ArithmeticOperator.Add, F("a"), new Arithmetic(ArithmeticOperator.Multiply, F("b"), N(2))), F("c"));
        Assert.Equal(expected, tree);
    }

    [Fact]
    public void Parse_Logic_NotBindsTighterThanAndThanOr()
    {
        Expr tree = RuleParser.Parse("not a > 1 and b < 2 or c");
        Expr expected = new Logical(
            LogicalOperator.Or,
            new Logical(LogicalOperator.And, new Not(new Comparison(ComparisonOperator.Greater, F("a"), N(1))), new Comparison(ComparisonOperator.Less, F("b"), N(2))),
            F("c"));
        Assert.Equal(expected, tree);
    }

    [Fact]
    public void Parse_Between_BoundsDoNotSwallowTheFollowingAnd()
    {
        Expr tree = RuleParser.Parse("tenure_days between 30 and 90 and arr > 5");
        Expr expected = new Logical(LogicalOperator.And, new Between(F("tenure_days"), N(30), N(90), false), new Comparison(ComparisonOperator.Greater, F("arr"), N(5)));
        Assert.Equal(expected, tree);
    }

    [Fact]
    public void Parse_NotInAndIsNotMissing_AreNegatedPredicates()
    {
        Assert.Equal(new InList(F("plan"), [new TextLiteral("A"), new TextLiteral("B")], true), RuleParser.Parse("plan not in ('A', \"B\")"));
        Assert.Equal(new IsMissing(F("nps"), true), RuleParser.Parse("nps IS NOT MISSING"));
    }

    [Fact]
    public void Parse_NumberForms_UnderscoresDecimalsAndExponents()
    {
        Assert.Equal(new Comparison(ComparisonOperator.GreaterOrEqual, F("arr"), N(100_000)), RuleParser.Parse("arr >= 100_000"));
        Assert.Equal(new Comparison(ComparisonOperator.Less, F("x"), N(0.5)), RuleParser.Parse("x < .5"));
        Assert.Equal(new Comparison(ComparisonOperator.Equal, F("x"), N(1.5e3)), RuleParser.Parse("x = 1.5e3"));
        Assert.Equal(new Comparison(ComparisonOperator.NotEqual, F("x"), new Negate(N(2))), RuleParser.Parse("x <> -2"));
    }

    [Fact]
    public void Parse_BacktickName_ReadsAnyColumnName()
    {
        Assert.Equal(new Comparison(ComparisonOperator.Equal, F("plan=Big Co"), N(1)), RuleParser.Parse("`plan=Big Co` == 1"));
    }

    [Fact]
    public void Parse_Function_LowerCasesTheName()
    {
        Assert.Equal(new Comparison(ComparisonOperator.Greater, new FunctionCall("percentile", F("arr")), N(0.8)), RuleParser.Parse("PERCENTILE(arr) > 0.8"));
    }

    [Fact]
    public void Parse_Positions_PointAtTheFirstCharacterOfEachNode()
    {
        var tree = (Logical)RuleParser.Parse("arr >= 5 and  plan == 'A'");
        Assert.Equal(1, tree.Left.Position);
        Assert.Equal(15, tree.Right.Position);
        Assert.Equal(8, ((Comparison)tree.Left).Right.Position);
    }

    [Theory]
    [InlineData("arr >= >= 5", 8, "unexpected '>=' at position 8; expected a number, a feature name or '('")]
    [InlineData("arr >=", 7, "unexpected end of the condition at position 7")]
    [InlineData("(arr > 1", 9, "expected ')' to close the '(' at position 1")]
    [InlineData("plan == 'Ent", 9, "the text starting at position 9 has no closing '")]
    [InlineData("arr $ 1", 5, "unexpected character '$' at position 5")]
    [InlineData("arr >\u00001", 6, "unexpected character U+0000 at position 6; remove it")]
    [InlineData("percentil(arr) > 0.5", 1, "unknown function 'percentil' at position 1; did you mean 'percentile'?")]
    [InlineData("arr is 5", 8, "expected 'missing' after 'is'")]
    [InlineData("arr > 5 arr", 9, "unexpected 'arr' at position 9; expected 'and', 'or' or the end of the condition")]
    [InlineData("x between 1 or 2", 13, "expected 'and' between the two bounds of 'between'")]
    [InlineData("x in (1, 2", 11, "expected ',' or ')' in the list after 'in'")]
    [InlineData("  ", 1, "the condition is empty")]
    [InlineData("12abc > 1", 1, "'12a' at position 1 is neither a number nor a feature name")]
    [InlineData("and > 1", 1, "unexpected 'and' at position 1")]
    public void Parse_Malformed_ReportsPositionAndWhatWasExpected(string text, int position, string message)
    {
        var error = Assert.Throws<SegmentationConfigException>(() => Rule.Parse("Enterprise", text));
        RuleError only = Assert.Single(error.RuleProblems!);
        Assert.Equal(position, only.Position);
        Assert.Equal("Enterprise", only.Segment);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InRuleSet_MessageNamesDimensionSegmentAndPosition()
    {
        const string json = """{ "dimensions": [ { "name": "tier", "rules": [ { "segment": "Enterprise", "when": "arr >= >= 100000" } ] } ] }""";
        var error = Assert.Throws<SegmentationConfigException>(() => RuleSet.FromJson(json));
        Assert.StartsWith("tier/Enterprise: unexpected '>=' at position 8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NormalizedCondition_ReprintsWithCanonicalSpacingAndMinimalParentheses()
    {
        TextRule rule = (TextRule)Rule.Parse("s", "((arr>=5)AND(plan='A' OR x<>1))");
        Assert.Equal("arr >= 5 and (plan == \"A\" or x != 1)", rule.NormalizedCondition);
        Assert.Equal("((arr>=5)AND(plan='A' OR x<>1))", rule.Condition);
        Assert.Equal(["arr", "plan", "x"], rule.Features);
    }
}
