namespace Segmentation.Features.Preprocessing;

/// <summary>How missing values are filled.</summary>
public enum ImputationStrategy
{
    /// <summary>The column's median: robust to the long tails of money and usage columns.</summary>
    Median,

    /// <summary>The column's mean.</summary>
    Mean,
}

/// <summary>How numeric columns are put on a common scale before clustering.</summary>
public enum ScalingMethod
{
    /// <summary>Subtract the mean, divide by the standard deviation (population, as scikit-learn's StandardScaler).</summary>
    Standard,

    /// <summary>Subtract the median, divide by the interquartile range (as scikit-learn's RobustScaler): outliers weigh less.</summary>
    Robust,

    /// <summary>Leave values as they are.</summary>
    None,
}

/// <summary>Settings of <see cref="PreprocessingModel.Fit"/>.</summary>
public sealed class PreprocessingOptions
{
    /// <summary>How missing values (NaN) are filled.</summary>
    /// <value>The default value is <see cref="ImputationStrategy.Median"/>.</value>
    public ImputationStrategy Imputation { get; set; } = ImputationStrategy.Median;

    /// <summary>How numeric columns are scaled. Binary and one-hot columns stay 0/1.</summary>
    /// <value>The default value is <see cref="ScalingMethod.Standard"/>.</value>
    public ScalingMethod Scaling { get; set; } = ScalingMethod.Standard;
}
