namespace Segmentation.Clustering.KMeans;

/// <summary>Reported by <see cref="KMeansClusterer.Fit(FeatureMatrix, IProgress{KMeansProgress}?, CancellationToken)"/> after each iteration.</summary>
/// <param name="Run">The run (0-based, up to <see cref="KMeansOptions.NInit"/>).</param>
/// <param name="Iteration">The iteration within the run (1-based).</param>
/// <param name="Inertia">The inertia of the iteration's assignment.</param>
internal readonly record struct KMeansProgress(int Run, int Iteration, double Inertia);
