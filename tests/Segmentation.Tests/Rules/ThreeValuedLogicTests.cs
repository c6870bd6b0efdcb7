using Segmentation.Rules;

namespace Segmentation.Tests.Rules;

/// <summary>SQL's truth tables: x and y are true (1), false (0) or unknown (missing) through "x == 1".</summary>
public class ThreeValuedLogicTests
{
    private const RuleTruth T = RuleTruth.True;
    private const RuleTruth F = RuleTruth.False;
    private const RuleTruth U = RuleTruth.Unknown;

    private static readonly double[] Inputs = [1, 0, double.NaN]; // true, false, unknown

    private static RuleTruth[] Evaluate(string condition)
    {
        // All nine combinations of x and y in the order (T,T) (T,F) (T,U) (F,T) ... (U,U).
        double[][] rows = [.. Inputs.SelectMany(x => Inputs.Select(y => new[] { x, y }))];
        FeatureMatrix data = RuleTestData.Matrix(["x", "y"], rows);
        var results = new RuleTruth[data.RowCount];
        Rule.Parse("s", condition).Evaluate(data, results);
        return results;
    }

    [Fact]
    public void And_FollowsSqlTruthTable() =>
        Assert.Equal([T, F, U, F, F, F, U, F, U], Evaluate("x == 1 and y == 1"));

    [Fact]
    public void Or_FollowsSqlTruthTable() =>
        Assert.Equal([T, T, T, T, F, U, T, U, U], Evaluate("x == 1 or y == 1"));

    [Fact]
    public void Not_KeepsUnknown() =>
        Assert.Equal([F, F, F, T, T, T, U, U, U], Evaluate("not x == 1"));

    [Fact]
    public void IsMissing_IsNeverUnknown() =>
        Assert.Equal([F, F, F, F, F, F, T, T, T], Evaluate("x is missing"));

    [Fact]
    public void Comparison_WithMissingSide_IsUnknown() =>
        Assert.Equal([F, T, U, F, F, U, U, U, U], Evaluate("x > y"));

    [Fact]
    public void NotBetween_CombinedWithAndOr_FollowsSqlLogic() =>
        Assert.Equal([F, F, F, T, T, T, U, U, U], Evaluate("x not between 1 and 2 and y is not missing or x == 0"));

    [Fact]
    public void In_WithMissingValue_IsUnknown_AndBareNumberIsTrueWhenNotZero()
    {
        Assert.Equal([T, T, T, F, F, F, U, U, U], Evaluate("x in (1, 5)"));
        Assert.Equal([T, T, T, F, F, F, U, U, U], Evaluate("x"));
    }

    [Fact]
    public void Arithmetic_MissingPropagates_AndDivisionByZeroIsMissing()
    {
        FeatureMatrix data = RuleTestData.Matrix(["x", "y"], [6, 2], [6, 0], [double.NaN, 1]);
        var results = new RuleTruth[3];
        Rule.Parse("s", "x / y == 3").Evaluate(data, results);
        Assert.Equal([T, U, U], results);
    }

    [Fact]
    public void Percentile_IsShareWithValueAtMostThisOne_MissingStaysMissing()
    {
        FeatureMatrix data = RuleTestData.Matrix(["arr"], [10], [20], [20], [40], [double.NaN]);
        var results = new RuleTruth[5];
        // Shares: 10 -> 1/4, 20 -> 3/4 (ties count), 40 -> 4/4, missing -> unknown.
        Rule.Parse("s", "percentile(arr) == 0.75").Evaluate(data, results);
        Assert.Equal([F, T, T, F, U], results);
        Rule.Parse("s", "percentile(arr) == 0.25 or percentile(arr) == 1").Evaluate(data, results);
        Assert.Equal([T, F, F, T, U], results);
    }

    [Fact]
    public void MeanAndMedian_IgnoreMissingValues()
    {
        FeatureMatrix data = RuleTestData.Matrix(["arr"], [10], [20], [60], [double.NaN]);
        var results = new RuleTruth[4];
        Rule.Parse("s", "arr > mean(arr) and median(arr) == 20 and abs(0 - arr) >= 10").Evaluate(data, results);
        Assert.Equal([F, F, T, U], results);
    }
}
