using Segmentation.Clustering;

namespace Segmentation.Pipeline;

/// <summary>
/// A stored model's clusters: assigns each point to the nearest centroid (lowest index on ties). Exact for k-means;
/// for other algorithms it is the nearest-centre reading of their segments.
/// </summary>
internal sealed class NearestCentroidModel(string algorithm, FeatureMatrix centroids) : IClusterModel
{
    public string Algorithm { get; } = algorithm;

    public int ClusterCount => Centroids.RowCount;

    public int FeatureCount => Centroids.ColumnCount;

    public IReadOnlyList<int> Labels { get; } = [];

    public FeatureMatrix Centroids { get; } = centroids;

    public IReadOnlyDictionary<string, double> FitMetrics { get; } = new Dictionary<string, double>();

    public int Predict(ReadOnlySpan<double> point)
    {
        PointValidation.Check(point, FeatureCount);
        int best = 0;
        double bestDistance = double.PositiveInfinity;
        for (int c = 0; c < ClusterCount; c++)
        {
            double distance = ClusterStatistics.SquaredDistance(point, Centroids.Row(c));
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = c;
            }
        }

        return best;
    }
}
