using System.Text.Json;
using Segmentation.Features.Preprocessing;

namespace Segmentation.Tests.Features.Preprocessing;

public class PreprocessingExtensionsTests
{
    private static readonly FeatureMatrix Raw = FeatureMatrix.FromRows(
        [[1_000.0, 10, 1], [9_999.0, double.NaN, 0], [99.0, 30, 1], [999_999.0, 40, 0]],
        ["arr", "nps", "has_sso"]);

    private static PreprocessingOptions AllOptions()
    {
        var options = new PreprocessingOptions { Imputation = ImputationStrategy.Constant, ImputationConstant = -5, Scaling = ScalingMethod.MinMax, AddMissingIndicators = true };
        options.Log1pColumns.Add("arr");
        options.FeatureWeights["nps"] = 2;
        return options;
    }

    [Fact]
    public void Fit_ConstantImputationWithIndicator_FillsAndFlagsMissing()
    {
        PreprocessingModel model = PreprocessingModel.Fit(Raw, new PreprocessingOptions { Imputation = ImputationStrategy.Constant, ImputationConstant = 0, Scaling = ScalingMethod.None, AddMissingIndicators = true });
        FeatureMatrix transformed = model.Transform(Raw);
        Assert.Equal(["arr", "nps", "has_sso", "nps_missing"], transformed.Schema.Names);
        Assert.Equal(FeatureKind.MissingIndicator, transformed.Schema[3].Kind);
        Assert.Equal(0, transformed[1, 1]);
        Assert.Equal([0.0, 1, 0, 0], transformed.Column(3));
    }

    [Fact]
    public void Fit_MinMax_MapsTrainingRangeToZeroOne()
    {
        PreprocessingModel model = PreprocessingModel.Fit(Raw, new PreprocessingOptions { Scaling = ScalingMethod.MinMax });
        double[] nps = model.Transform(Raw).Column(1);
        Assert.Equal(0, nps[0], 12); // 10 is the minimum
        Assert.Equal(1, nps[3], 12); // 40 is the maximum
        Assert.Equal([1.0, 0, 1, 0], model.Transform(Raw).Column(2)); // binary columns stay 0/1
    }

    [Fact]
    public void Fit_Log1pAndWeight_AreAppliedAndInverted()
    {
        PreprocessingModel model = PreprocessingModel.Fit(Raw, AllOptions());
        FeatureMatrix transformed = model.Transform(Raw);
        // arr after log1p: min log(100), max log(1,000,000) -> 0 and 1.
        Assert.Equal(0, transformed[2, 0], 12);
        Assert.Equal(1, transformed[3, 0], 12);
        Assert.Equal(2, transformed[3, 1], 12); // nps max, weighted by 2
        double[] back = model.InverseTransform(transformed.Row(0));
        Assert.Equal(3, back.Length); // the indicator is dropped
        Assert.Equal(1_000, back[0], 6);
        Assert.Equal(10, back[1], 9);
    }

    [Fact]
    public void Json_RoundTrip_WithEveryOption_TransformsNewCustomersIdentically()
    {
        PreprocessingModel model = PreprocessingModel.Fit(Raw, AllOptions());
        PreprocessingModel restored = JsonSerializer.Deserialize<PreprocessingModel>(JsonSerializer.Serialize(model))!;
        FeatureMatrix newcomers = FeatureMatrix.FromRows([[5_000.0, double.NaN, 1], [10.0, 25, 0]], ["arr", "nps", "has_sso"]);
        Assert.Equal(model.Transform(newcomers).Values.ToArray(), restored.Transform(newcomers).Values.ToArray());
        Assert.Equal(4, restored.OutputColumnCount);
    }

    [Fact]
    public void Fit_UnknownLog1pColumn_ThrowsListingTheFeatures()
    {
        var options = new PreprocessingOptions();
        options.Log1pColumns.Add("revenue");
        var error = Assert.Throws<ArgumentException>(() => PreprocessingModel.Fit(Raw, options));
        Assert.Contains("revenue", error.Message, StringComparison.Ordinal);
        Assert.Contains("arr, nps, has_sso", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_Log1pOfValueBelowMinusOne_ThrowsNamingRowAndColumn()
    {
        var options = new PreprocessingOptions();
        options.Log1pColumns.Add("arr");
        var error = Assert.Throws<ArgumentException>(() => PreprocessingModel.Fit(FeatureMatrix.FromRows([[5.0], [-3.0]], ["arr"]), options));
        Assert.Contains("Row 1, column 'arr'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_NonPositiveWeight_Throws()
    {
        var options = new PreprocessingOptions();
        options.FeatureWeights["arr"] = 0;
        var error = Assert.Throws<ArgumentException>(() => PreprocessingModel.Fit(Raw, options));
        Assert.StartsWith("PreprocessingOptions.FeatureWeights['arr'] must be a positive number, but was 0.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_InfiniteImputationConstant_ThrowsBeforeReadingTheData()
    {
        // The same check as the DI path (SegmentationOptions.Preprocessing), now also on a direct call, whatever the strategy.
        var options = new PreprocessingOptions { Imputation = ImputationStrategy.Median, ImputationConstant = double.PositiveInfinity };
        var error = Assert.Throws<ArgumentException>(() => PreprocessingModel.Fit(Raw, options));
        Assert.StartsWith("PreprocessingOptions.ImputationConstant must be a finite number, but was", error.Message, StringComparison.Ordinal);
        Assert.Equal("options", error.ParamName);
    }
}
