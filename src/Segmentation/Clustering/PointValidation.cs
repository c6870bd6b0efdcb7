using System.Globalization;

namespace Segmentation.Clustering;

/// <summary>The checks every <see cref="IClusterModel.Predict(ReadOnlySpan{double})"/> makes on a new point.</summary>
internal static class PointValidation
{
    public static void Check(ReadOnlySpan<double> point, int featureCount)
    {
        if (point.Length != featureCount)
        {
            throw new ArgumentException($"The point has {point.Length} features but the model was fitted on {featureCount}.", nameof(point));
        }

        for (int j = 0; j < point.Length; j++)
        {
            if (!double.IsFinite(point[j]))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Feature {j} of the point is {point[j]}; impute missing values before predicting."),
                    nameof(point));
            }
        }
    }
}
