using System.Text.Json;
using Segmentation.Features.Preprocessing;

namespace Segmentation.Tests.Features.Preprocessing;

public class PreprocessingModelTests
{
    private static readonly FeatureMatrix Raw = FeatureMatrix.FromRows(
        [[1.0, 10], [2.0, double.NaN], [3.0, 30], [10.0, 40]],
        ["arr", "logins"]);

    [Fact]
    public void Fit_Median_FillsMissingWithMedianOfPresentValues()
    {
        PreprocessingModel model = PreprocessingModel.Fit(Raw, new PreprocessingOptions { Scaling = ScalingMethod.None });
        Assert.Equal(30, model.Columns[1].FillValue); // median of 10, 30, 40
        FeatureMatrix transformed = model.Transform(Raw);
        Assert.Equal(30, transformed[1, 1]);
        Assert.Equal(10, transformed[0, 1]);
    }

    [Fact]
    public void Fit_Standard_MatchesHandComputedMeanAndPopulationStd()
    {
        PreprocessingModel model = PreprocessingModel.Fit(Raw);
        // arr: mean 4, population variance ((9 + 4 + 1 + 36) / 4) = 12.5
        Assert.Equal(4, model.Columns[0].Center, 12);
        Assert.Equal(Math.Sqrt(12.5), model.Columns[0].Scale, 12);
        FeatureMatrix transformed = model.Transform(Raw);
        double[] arr = transformed.Column(0);
        Assert.Equal(0, arr.Average(), 12);
        Assert.Equal(1, Math.Sqrt(arr.Select(v => v * v).Average()), 12);
    }

    [Fact]
    public void Fit_Robust_UsesMedianAndInterquartileRange()
    {
        PreprocessingModel model = PreprocessingModel.Fit(Raw, new PreprocessingOptions { Scaling = ScalingMethod.Robust });
        // arr sorted 1, 2, 3, 10: median 2.5; q25 = 1.75, q75 = 4.75 (linear interpolation) so IQR = 3.
        Assert.Equal(2.5, model.Columns[0].Center, 12);
        Assert.Equal(3, model.Columns[0].Scale, 12);
    }

    [Fact]
    public void Fit_ConstantColumn_KeepsScaleOne()
    {
        PreprocessingModel model = PreprocessingModel.Fit(FeatureMatrix.FromRows([[5.0], [5.0]]));
        Assert.Equal(1, model.Columns[0].Scale);
        Assert.Equal(0, model.Transform(FeatureMatrix.FromRows([[5.0]]))[0, 0]);
    }

    [Fact]
    public void Fit_BinaryAndCategoricalColumns_AreNotScaled()
    {
        var schema = new FeatureSchema([new FeatureColumn("churned", FeatureKind.Binary), new FeatureColumn("plan=pro", FeatureKind.Categorical, "plan")]);
        FeatureMatrix raw = FeatureMatrix.FromRows([[0.0, 1], [1.0, 0], [1.0, 0]]).WithSchema(schema);
        PreprocessingModel model = PreprocessingModel.Fit(raw);
        Assert.All(model.Columns, c => Assert.Equal((0.0, 1.0), (c.Center, c.Scale)));
    }

    [Fact]
    public void Transform_NewCustomers_UsesTrainingStatistics()
    {
        PreprocessingModel model = PreprocessingModel.Fit(Raw);
        FeatureMatrix newcomer = FeatureMatrix.FromRows([[4.0, double.NaN]], ["arr", "logins"]);
        FeatureMatrix transformed = model.Transform(newcomer);
        Assert.Equal(0, transformed[0, 0], 12); // 4 is the training mean
        Assert.Equal((30 - model.Columns[1].Center) / model.Columns[1].Scale, transformed[0, 1], 12);
    }

    [Fact]
    public void Transform_DifferentColumns_ListsMissingAndExtra()
    {
        PreprocessingModel model = PreprocessingModel.Fit(Raw);
        var error = Assert.Throws<ArgumentException>(() => model.Transform(FeatureMatrix.FromRows([[1.0, 2]], ["arr", "nps"])));
        Assert.Contains("missing: [logins]; extra: [nps]", error.Message);
    }

    [Fact]
    public void Fit_InfiniteValue_ThrowsNamingRowAndColumn()
    {
        var error = Assert.Throws<ArgumentException>(() => PreprocessingModel.Fit(FeatureMatrix.FromRows([[1.0], [double.PositiveInfinity]], ["arr"])));
        Assert.Contains("Row 1, column 'arr' is infinite", error.Message);
    }

    [Fact]
    public void Fit_InfiniteValuesInSeveralColumns_NamesTheFirstColumn()
    {
        // Ten columns (fitted in groups side by side): the error is the first column's, as a column-by-column fit gives.
        double[] row = [.. Enumerable.Range(0, 10).Select(j => (double)j)];
        double[] bad = [.. row];
        bad[2] = double.PositiveInfinity;
        bad[9] = double.NegativeInfinity;
        FeatureMatrix raw = FeatureMatrix.FromRows([row, bad, row]);

        var error = Assert.Throws<ArgumentException>(() => PreprocessingModel.Fit(raw));

        Assert.Contains("Row 1, column 'x2' is infinite", error.Message);
        Assert.Equal("raw", error.ParamName);
    }

    [Fact]
    public void Transform_ManyRows_SameAsEachRowAloneAndFirstInfiniteRowNamed()
    {
        // 40,000 rows span several blocks transformed side by side.
        var rows = Enumerable.Range(0, 40_000).Select(i => new[] { i % 7 == 0 ? double.NaN : i * 0.5, (i * 37) % 101 }).ToList();
        FeatureMatrix raw = FeatureMatrix.FromRows(rows, ["arr", "logins"]);
        PreprocessingModel model = PreprocessingModel.Fit(raw, new PreprocessingOptions { AddMissingIndicators = true });

        FeatureMatrix transformed = model.Transform(raw);

        var one = new double[model.OutputColumnCount];
        for (int i = 0; i < rows.Count; i += 997)
        {
            model.Transform(rows[i], one);
            Assert.Equal(one, transformed.Row(i).ToArray());
        }

        rows[30_000][1] = double.PositiveInfinity;
        rows[20_000][0] = double.NegativeInfinity;
        var error = Assert.Throws<ArgumentException>(() => model.Transform(FeatureMatrix.FromRows(rows, ["arr", "logins"])));
        Assert.Contains("Feature 'arr' is infinite", error.Message);
    }

    [Theory]
    [InlineData(1, "f1")]
    [InlineData(6, "f6")]
    public void Transform_WithoutLogOrIndicators_SameBitsAsEachRowAloneAndInfiniteCellNamed(int infiniteColumn, string named)
    {
        // Seven columns: a vector of four and a tail of three are transformed by whole rows; weights and missing cells in both.
        string[] names = [.. Enumerable.Range(0, 7).Select(j => $"f{j}")];
        var rows = Enumerable.Range(0, 20_000).Select(i => Enumerable.Range(0, 7)
            .Select(j => (i + j) % 11 == 0 ? double.NaN : ((i * 7919L * (j + 1)) % 10_007) / 3.0 - 1_000).ToArray()).ToList();
        FeatureMatrix raw = FeatureMatrix.FromRows(rows, names);
        var options = new PreprocessingOptions();
        options.FeatureWeights["f2"] = 1.7;
        options.FeatureWeights["f5"] = 0.3;
        PreprocessingModel model = PreprocessingModel.Fit(raw, options);

        FeatureMatrix transformed = model.Transform(raw);

        var one = new double[model.OutputColumnCount];
        for (int i = 0; i < rows.Count; i++)
        {
            model.Transform(rows[i], one);
            Assert.Equal(one.Select(BitConverter.DoubleToInt64Bits), transformed.Row(i).ToArray().Select(BitConverter.DoubleToInt64Bits));
        }

        rows[12_345][infiniteColumn] = double.NegativeInfinity;
        var error = Assert.Throws<ArgumentException>(() => model.Transform(FeatureMatrix.FromRows(rows, names)));
        Assert.Contains($"Feature '{named}' is infinite", error.Message);
    }

    [Fact]
    public void Serialize_RoundTrip_TransformsIdentically()
    {
        PreprocessingModel model = PreprocessingModel.Fit(Raw);
        string json = JsonSerializer.Serialize(model);
        PreprocessingModel restored = JsonSerializer.Deserialize<PreprocessingModel>(json)!;
        Assert.Equal(model.Transform(Raw).Values.ToArray(), restored.Transform(Raw).Values.ToArray());
    }

    [Fact]
    public void InverseTransform_UndoesScaling()
    {
        PreprocessingModel model = PreprocessingModel.Fit(Raw);
        double[] original = [7.0, 25];
        var scaled = new double[2];
        model.Transform(original, scaled);
        Assert.Equal(original[0], model.InverseTransform(scaled)[0], 12);
        Assert.Equal(original[1], model.InverseTransform(scaled)[1], 12);
    }
}
