namespace Segmentation;

/// <summary>
/// A clustering algorithm with its hyperparameters: fits a <see cref="FeatureMatrix"/> and returns an immutable model.
/// </summary>
/// <remarks>
/// An <see cref="IClusterer"/> holds settings only; everything learned lives in the returned <see cref="IClusterModel"/>.
/// <see cref="Fit"/> may be called any number of times, from several threads.
/// </remarks>
public interface IClusterer
{
    /// <summary>The algorithm's name as the CLI and DI know it (for example <c>kmeans</c>).</summary>
    string Name { get; }

    /// <summary>Clusters the rows of <paramref name="data"/> (already in model space: imputed and scaled).</summary>
    /// <param name="data">The points; must be finite. Row weights, when present, weigh each point.</param>
    /// <param name="cancellationToken">Stops a long fit.</param>
    /// <exception cref="ArgumentException">The data cannot be clustered with these settings (the message says why).</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    IClusterModel Fit(FeatureMatrix data, CancellationToken cancellationToken = default);
}

/// <summary>
/// An <see cref="IClusterer"/> whose fit returns its own model type (<c>KMeansModel</c>, <c>HierarchicalModel</c>, ...):
/// one <c>Fit</c> for both uses, typed when the caller knows the algorithm, <see cref="IClusterModel"/> when it does not.
/// </summary>
/// <typeparam name="TModel">The fitted model's type.</typeparam>
public interface IClusterer<out TModel> : IClusterer
    where TModel : IClusterModel
{
    /// <summary>Clusters the rows of <paramref name="data"/> (already in model space: imputed and scaled) and returns the typed model.</summary>
    /// <param name="data">The points; must be finite. Row weights, when present, weigh each point.</param>
    /// <param name="cancellationToken">Stops a long fit.</param>
    /// <exception cref="ArgumentException">The data cannot be clustered with these settings (the message says why).</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    new TModel Fit(FeatureMatrix data, CancellationToken cancellationToken = default);
}

/// <summary>A fitted clustering: the labels of the training rows, and assignment of new points.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public interface IClusterModel
{
    /// <summary>The name of the algorithm that produced the model.</summary>
    string Algorithm { get; }

    /// <summary>The number of clusters, not counting noise.</summary>
    int ClusterCount { get; }

    /// <summary>The number of features a point must have.</summary>
    int FeatureCount { get; }

    /// <summary>The cluster of each training row, in [0, <see cref="ClusterCount"/>), or -1 for noise.</summary>
    IReadOnlyList<int> Labels { get; }

    /// <summary>
    /// The centre of each cluster in model space (<see cref="ClusterCount"/> rows): the fitted centres for k-means,
    /// the (weighted) mean of the members otherwise. Used to describe clusters and to match them across retrains.
    /// </summary>
    FeatureMatrix Centroids { get; }

    /// <summary>
    /// What the algorithm knows about its fit, by snake_case name (for example <c>inertia</c>, <c>iterations</c>);
    /// written into the CLI's metrics.json.
    /// </summary>
    IReadOnlyDictionary<string, double> FitMetrics { get; }

    /// <summary>The cluster of a new point, or -1 when the algorithm calls it noise.</summary>
    /// <exception cref="ArgumentException">The point has the wrong length or a non-finite value.</exception>
    int Predict(ReadOnlySpan<double> point);

    /// <summary>The cluster of every row of <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentException">The data has the wrong number of columns or a non-finite value.</exception>
    int[] Predict(FeatureMatrix data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var labels = new int[data.RowCount];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = Predict(data.Row(i));
        }

        return labels;
    }
}
