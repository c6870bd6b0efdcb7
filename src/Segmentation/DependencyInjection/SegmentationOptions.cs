using Segmentation.Features.Preprocessing;
using Segmentation.Options;

namespace Segmentation;

/// <summary>Settings of the segmentation pipeline registered by <c>AddSegmentation</c>.</summary>
public sealed class SegmentationOptions : IValidatableOptions
{
    /// <summary>The key of the <see cref="IClusterer"/> the pipeline uses (a keyed service such as <c>kmeans</c>).</summary>
    /// <value>The default value is <c>kmeans</c>.</value>
    public string Algorithm { get; set; } = "kmeans";

    /// <summary>How missing feature values are filled before clustering.</summary>
    /// <value>The default value is <see cref="ImputationStrategy.Median"/>.</value>
    public ImputationStrategy Imputation { get; set; } = ImputationStrategy.Median;

    /// <summary>How numeric features are scaled before clustering.</summary>
    /// <value>The default value is <see cref="ScalingMethod.Standard"/>.</value>
    public ScalingMethod Scaling { get; set; } = ScalingMethod.Standard;

    IEnumerable<string> IValidatableOptions.GetValidationErrors()
    {
        if (string.IsNullOrWhiteSpace(Algorithm))
        {
            yield return "SegmentationOptions.Algorithm must name a registered clusterer such as 'kmeans', but was empty.";
        }

        if (!Enum.IsDefined(Imputation))
        {
            yield return $"SegmentationOptions.Imputation must be one of {string.Join(", ", Enum.GetNames<ImputationStrategy>())}, but was {(int)Imputation}.";
        }

        if (!Enum.IsDefined(Scaling))
        {
            yield return $"SegmentationOptions.Scaling must be one of {string.Join(", ", Enum.GetNames<ScalingMethod>())}, but was {(int)Scaling}.";
        }
    }
}
