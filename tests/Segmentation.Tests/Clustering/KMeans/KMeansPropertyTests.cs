using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Segmentation.Clustering;
using Segmentation.Clustering.KMeans;

namespace Segmentation.Tests.Clustering.KMeans;

public class KMeansPropertyTests
{
    [Property(MaxTest = 60)]
    public Property Fit_AnyData_LabelsInRangeAndInertiaNeverRises()
        => Prop.ForAll(Inputs().ToArbitrary(), input =>
        {
            (FeatureMatrix data, int k, int seed) = input;
            KMeansModel model = new KMeansClusterer(new KMeansOptions { K = k, Seed = seed, Algorithm = KMeansAlgorithm.Lloyd }).Fit(data);
            bool labelsInRange = model.Labels.All(l => l >= 0 && l < k);
            IReadOnlyList<double> trace = model.InertiaByIteration;
            bool monotone = trace.Zip(trace.Skip(1)).All(p => p.Second <= p.First * (1 + 1e-12) + 1e-12);
            bool finalNotWorse = model.Inertia <= trace[^1] * (1 + 1e-12) + 1e-12;
            return labelsInRange && monotone && finalNotWorse;
        });

    [Property(MaxTest = 60)]
    public Property Fit_AnyData_YinyangEqualsLloyd()
        => Prop.ForAll(Inputs(maxN: 300, maxK: 100).ToArbitrary(), input => // up to three groups of centers
        {
            (FeatureMatrix data, int k, int seed) = input;
            KMeansModel lloyd = new KMeansClusterer(new KMeansOptions { K = k, Seed = seed, Algorithm = KMeansAlgorithm.Lloyd }).Fit(data);
            KMeansModel yinyang = new KMeansClusterer(new KMeansOptions { K = k, Seed = seed, Algorithm = KMeansAlgorithm.Yinyang }).Fit(data);
            return lloyd.Labels.SequenceEqual(yinyang.Labels) && lloyd.Inertia == yinyang.Inertia && lloyd.Iterations == yinyang.Iterations;
        });

    [Property(MaxTest = 60)]
    public Property Fit_AnyData_HamerlyEqualsLloyd()
        => Prop.ForAll(Inputs().ToArbitrary(), input =>
        {
            (FeatureMatrix data, int k, int seed) = input;
            KMeansModel lloyd = new KMeansClusterer(new KMeansOptions { K = k, Seed = seed, Algorithm = KMeansAlgorithm.Lloyd }).Fit(data);
            KMeansModel hamerly = new KMeansClusterer(new KMeansOptions { K = k, Seed = seed, Algorithm = KMeansAlgorithm.Hamerly }).Fit(data);
            return lloyd.Labels.SequenceEqual(hamerly.Labels) && lloyd.Inertia == hamerly.Inertia && lloyd.Iterations == hamerly.Iterations;
        });

    /// <summary>Small data sets (with duplicates and integer grids, which make ties) and a k they can support.</summary>
    private static Gen<(FeatureMatrix Data, int K, int Seed)> Inputs(int maxN = 120, int maxK = 12) =>
        from n in Gen.Choose(1, maxN)
        from d in Gen.Choose(1, 6)
        from grid in Gen.Elements(true, false)
        from seed in Gen.Choose(0, 10_000)
        from kWanted in Gen.Choose(1, maxK)
        let data = Make(n, d, grid, seed)
        let distinct = data.Values.ToArray().Chunk(d).Select(r => string.Join(",", r)).Distinct().Count()
        select (data, Math.Min(kWanted, distinct), seed);

    private static FeatureMatrix Make(int n, int d, bool grid, int seed)
    {
        var random = new Random(seed);
        double[] values = [.. Enumerable.Range(0, n * d).Select(_ => grid ? random.Next(4) : (random.NextDouble() * 100) - 50)];
        return FeatureMatrix.FromSpan(values, d);
    }
}
