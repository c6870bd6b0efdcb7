namespace Segmentation.Clustering;

/// <summary>
/// A clusterer that can start from given centres, so that a retrain begins where the previous model ended (fewer
/// iterations, and segments that stay where they were unless the data moved them).
/// </summary>
internal interface IWarmStartClusterer : IClusterer
{
    /// <summary>The same algorithm and settings, started from <paramref name="centers"/> (one row per cluster, model space).</summary>
    /// <exception cref="ArgumentException">The centres do not suit the algorithm (for example no rows).</exception>
    IClusterer WithInitialCenters(FeatureMatrix centers);
}
