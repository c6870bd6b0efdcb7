using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Segmentation.Clustering;
using Segmentation.Clustering.Dbscan;

namespace Segmentation.Tests.Clustering.Dbscan;

public sealed class DbscanPropertyTests
{
    /// <summary>Random small 2-4 dimensional data on a coarse lattice (so duplicates and exact-eps distances occur).</summary>
    private static Arbitrary<(FeatureMatrix Data, double Eps, int MinPoints)> Cases()
    {
        Gen<(FeatureMatrix, double, int)> gen =
            from d in Gen.Choose(2, 4)
            from n in Gen.Choose(1, 120)
            from cells in Gen.ArrayOf(Gen.Choose(0, 20), n * d)
            from eps in Gen.Elements(0.5, 1.0, 1.5, 2.5)
            from minPoints in Gen.Choose(1, 8)
            select (FeatureMatrix.FromSpan([.. cells.Select(c => c * 0.5)], d), eps, minPoints);
        return gen.ToArbitrary();
    }

    private static double Distance(FeatureMatrix data, int a, int b)
    {
        double sum = 0;
        for (int j = 0; j < data.ColumnCount; j++)
        {
            double diff = data[a, j] - data[b, j];
            sum += diff * diff;
        }

        return Math.Sqrt(sum);
    }

    [Property(MaxTest = 60)]
    public Property Fit_AnyThreadCountAndSearch_SameLabels() => Prop.ForAll(Cases(), c =>
    {
        int[] reference = [.. new DbscanClusterer(new DbscanOptions { Eps = c.Eps, MinPoints = c.MinPoints, MaxDegreeOfParallelism = 1, NeighborSearch = DbscanNeighborSearch.BruteForce }).Fit(c.Data).Labels];
        return Enum.GetValues<DbscanNeighborSearch>().All(search =>
            new[] { -1, 1, 2, 4 }.All(threads =>
                new DbscanClusterer(new DbscanOptions { Eps = c.Eps, MinPoints = c.MinPoints, MaxDegreeOfParallelism = threads, NeighborSearch = search }).Fit(c.Data).Labels.SequenceEqual(reference)));
    });

    [Property(MaxTest = 60)]
    public Property Fit_CoreNeighboursOfACorePoint_ShareItsLabel() => Prop.ForAll(Cases(), c =>
    {
        DbscanModel model = new DbscanClusterer(c.Eps, c.MinPoints).Fit(c.Data);
        int n = c.Data.RowCount;
        return Enumerable.Range(0, n).Where(i => model.IsCore[i]).All(i =>
            Enumerable.Range(0, n).Where(j => model.IsCore[j] && Distance(c.Data, i, j) <= c.Eps).All(j => model.Labels[j] == model.Labels[i]));
    });

    [Property(MaxTest = 60)]
    public Property Fit_CoreFlags_MatchTheDefinition() => Prop.ForAll(Cases(), c =>
    {
        DbscanModel model = new DbscanClusterer(c.Eps, c.MinPoints).Fit(c.Data);
        int n = c.Data.RowCount;
        return Enumerable.Range(0, n).All(i =>
            model.IsCore[i] == (Enumerable.Range(0, n).Count(j => Distance(c.Data, i, j) <= c.Eps) >= c.MinPoints));
    });

    [Property(MaxTest = 60)]
    public Property Fit_NoisePoints_HaveNoCoreNeighbour_AndOthersDo() => Prop.ForAll(Cases(), c =>
    {
        DbscanModel model = new DbscanClusterer(c.Eps, c.MinPoints).Fit(c.Data);
        int n = c.Data.RowCount;
        return Enumerable.Range(0, n).All(i =>
            (model.Labels[i] < 0) == !Enumerable.Range(0, n).Any(j => model.IsCore[j] && Distance(c.Data, i, j) <= c.Eps));
    });
}
