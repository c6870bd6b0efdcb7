using System.Globalization;
using Segmentation.Options;

namespace Segmentation.Features.Preprocessing;

/// <summary>How missing values are filled.</summary>
public enum ImputationStrategy
{
    /// <summary>The column's median: robust to the long tails of money and usage columns.</summary>
    Median,

    /// <summary>The column's mean.</summary>
    Mean,

    /// <summary>A fixed value, <see cref="PreprocessingOptions.ImputationConstant"/> (for example 0 for "no tickets recorded").</summary>
    Constant,
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

    /// <summary>Map the training minimum to 0 and the maximum to 1 (as scikit-learn's MinMaxScaler).</summary>
    MinMax,
}

/// <summary>Settings of <see cref="PreprocessingModel.Fit"/>.</summary>
public sealed class PreprocessingOptions : IValidatableOptions
{
    /// <summary>How missing values (NaN) are filled.</summary>
    /// <value>The default value is <see cref="ImputationStrategy.Median"/>.</value>
    public ImputationStrategy Imputation { get; set; } = ImputationStrategy.Median;

    /// <summary>How numeric columns are scaled. Binary and one-hot columns stay 0/1.</summary>
    /// <value>The default value is <see cref="ScalingMethod.Standard"/>.</value>
    public ScalingMethod Scaling { get; set; } = ScalingMethod.Standard;

    /// <summary>The fill value of <see cref="ImputationStrategy.Constant"/>, in original units.</summary>
    /// <value>The default value is 0.</value>
    public double ImputationConstant { get; set; }

    /// <summary>
    /// Adds a 0/1 column <c>{name}_missing</c> after the features for every column with a missing value in training,
    /// so "unknown" can itself separate customers (NPS never answered, for example).
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool AddMissingIndicators { get; set; }

    /// <summary>
    /// Columns transformed with <c>log(1 + x)</c> before imputation and scaling: money and usage columns are long-tailed,
    /// and without it a few large accounts dominate the distances. Values must be above -1.
    /// </summary>
    /// <value>The default value is empty.</value>
    public IList<string> Log1pColumns { get; } = [];

    /// <summary>
    /// Per-feature weights applied after scaling (a weight of 2 makes a feature count like two): domain knowledge about
    /// what should drive the segments. Features not listed weigh 1.
    /// </summary>
    /// <value>The default value is empty.</value>
    public IDictionary<string, double> FeatureWeights { get; } = new Dictionary<string, double>(StringComparer.Ordinal);

    IEnumerable<string> IValidatableOptions.GetValidationErrors() => GetValidationErrors(nameof(PreprocessingOptions));

    /// <summary>One sentence per invalid value, each starting with <paramref name="path"/> and the property.</summary>
    internal IEnumerable<string> GetValidationErrors(string path)
    {
        if (!Enum.IsDefined(Imputation))
        {
            yield return $"{path}.Imputation must be one of {string.Join(", ", Enum.GetNames<ImputationStrategy>())}, but was {(int)Imputation}.";
        }

        if (!Enum.IsDefined(Scaling))
        {
            yield return $"{path}.Scaling must be one of {string.Join(", ", Enum.GetNames<ScalingMethod>())}, but was {(int)Scaling}.";
        }

        if (!double.IsFinite(ImputationConstant))
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"{path}.ImputationConstant must be a finite number, but was {ImputationConstant}.");
        }

        if (Log1pColumns.Any(string.IsNullOrWhiteSpace))
        {
            yield return $"{path}.Log1pColumns must list feature names, but contains an empty name.";
        }

        foreach ((string feature, double weight) in FeatureWeights)
        {
            if (!double.IsFinite(weight) || weight <= 0)
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"{path}.FeatureWeights['{feature}'] must be a positive number, but was {weight}.");
            }
        }
    }
}
