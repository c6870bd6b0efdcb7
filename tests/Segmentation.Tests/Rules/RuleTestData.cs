namespace Segmentation.Tests.Rules;

/// <summary>Small hand-made feature matrices for rule tests.</summary>
internal static class RuleTestData
{
    /// <summary>A matrix of numeric columns from rows written inline (NaN = missing), with ids c1, c2, ...</summary>
    public static FeatureMatrix Matrix(string[] names, params double[][] rows) =>
        FeatureMatrix.FromRows(rows, names).WithRowIds([.. Enumerable.Range(1, rows.Length).Select(i => $"c{i}")]);

    /// <summary>arr plus the one-hot text feature plan (Enterprise, Growth, Starter); a null plan is missing (all levels 0).</summary>
    public static FeatureMatrix WithPlan(params (double Arr, string? Plan)[] rows)
    {
        string[] levels = ["Enterprise", "Growth", "Starter"];
        var schema = new FeatureSchema(
            new[] { new FeatureColumn("arr") }.Concat(levels.Select(l => new FeatureColumn("plan=" + l, FeatureKind.Categorical, "plan"))));
        double[] values = [.. rows.SelectMany(r => new[] { r.Arr }.Concat(levels.Select(l => l == r.Plan ? 1.0 : 0.0)))];
        return FeatureMatrix.FromSpan(values, schema.Count, schema);
    }
}
