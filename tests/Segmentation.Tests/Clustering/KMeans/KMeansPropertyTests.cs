using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Segmentation.Clustering;

namespace Segmentation.Tests.Clustering.KMeans;

public class KMeansPropertyTests
{
    /// <summary>Small 2-D data sets from integer coordinates (duplicates allowed), and a k that the data can support.</summary>
    private static (FeatureMatrix Data, int K) Build(int[] coordinates, int kSeed)
    {
        int[] padded = coordinates.Length % 2 == 0 ? coordinates : [.. coordinates, 0];
        var data = FeatureMatrix.FromSpan([.. padded.Select(c => c / 4.0)], 2);
        int distinct = Enumerable.Range(0, data.RowCount).Select(i => (data[i, 0], data[i, 1])).Distinct().Count();
        return (data, 1 + (Math.Abs(kSeed) % Math.Min(distinct, 8)));
    }

    [Property(MaxTest = 200)]
    public Property Fit_AnyData_LabelsInRange(NonEmptyArray<int> coordinates, int kSeed, int seed)
    {
        (FeatureMatrix data, int k) = Build(coordinates.Get, kSeed);
        KMeansModel model = new KMeansClusterer(new KMeansOptions { K = k, Seed = seed }).FitModel(data);
        bool inRange = model.Labels.All(l => l >= 0 && l < k);
        return (inRange && model.Labels.Count == data.RowCount).Label($"k={k}, labels={string.Join(",", model.Labels)}");
    }

    [Property(MaxTest = 200)]
    public Property Fit_AnyData_InertiaNeverRisesAcrossLloydSteps(NonEmptyArray<int> coordinates, int kSeed, int seed)
    {
        (FeatureMatrix data, int k) = Build(coordinates.Get, kSeed);
        KMeansModel model = new KMeansClusterer(new KMeansOptions { K = k, Seed = seed, Tolerance = 0 }).FitModel(data);
        IReadOnlyList<double> trace = model.InertiaByIteration;
        bool monotone = trace.Zip(trace.Skip(1)).All(p => p.Second <= p.First * (1 + 1e-12) + 1e-12);
        bool finalNoWorse = model.Inertia <= trace[^1] * (1 + 1e-12) + 1e-12;
        return (monotone && finalNoWorse).Label($"trace={string.Join(",", trace)}, final={model.Inertia}");
    }

    [Property(MaxTest = 100)]
    public Property Fit_AnyData_InertiaEqualsRecomputedFromLabels(NonEmptyArray<int> coordinates, int kSeed)
    {
        (FeatureMatrix data, int k) = Build(coordinates.Get, kSeed);
        KMeansModel model = new KMeansClusterer(k).FitModel(data);
        double recomputed = ClusterStatistics.Inertia(data, model.Labels, model.Centroids);
        return (Math.Abs(recomputed - model.Inertia) <= 1e-9 * Math.Max(1, recomputed)).ToProperty();
    }
}
