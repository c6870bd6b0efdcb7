namespace Segmentation.Clustering.KMeans;

/// <summary>How <see cref="KMeansClusterer"/> chooses the starting centers.</summary>
public enum KMeansInit
{
    /// <summary>
    /// Greedy k-means++ (scikit-learn's default): each new center is the best of 2 + ln k candidates drawn with
    /// probability proportional to weight × squared distance to the nearest chosen center.
    /// </summary>
    KMeansPlusPlus,

    /// <summary>k distinct rows drawn with probability proportional to their weight.</summary>
    Random,

    /// <summary>
    /// k-means|| (scalable k-means++): five parallel rounds each sampling about 2k points with probability
    /// proportional to weight × squared distance, then greedy k-means++ on the weighted candidates. Much faster than
    /// <see cref="KMeansPlusPlus"/> for large n and k, with similar quality.
    /// </summary>
    KMeansParallel,

    /// <summary>The centers in <see cref="KMeansOptions.InitialCenters"/> (one run: <see cref="KMeansOptions.NInit"/> is ignored).</summary>
    Given,
}
