using Segmentation.Clustering;
using Segmentation.Clustering.Dbscan;
using Segmentation.Tests.TestData;

namespace Segmentation.Tests.Clustering.Dbscan;

/// <summary>Compares with scikit-learn 1.2.1's DBSCAN (fixtures from Fixtures/make_fixtures.py).</summary>
public sealed class DbscanReferenceTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string name in DbscanFixture.Names())
        {
            foreach (DbscanNeighborSearch search in Enum.GetValues<DbscanNeighborSearch>())
            {
                data.Add(name, search.ToString());
            }
        }

        return data;
    }

    private static (DbscanFixture Fixture, DbscanModel Model) Fit(string name, DbscanNeighborSearch search)
    {
        DbscanFixture fixture = DbscanFixture.Load(name);
        var clusterer = new DbscanClusterer(new DbscanOptions { Eps = fixture.Eps, MinPoints = fixture.MinPoints, Metric = fixture.Metric, NeighborSearch = search });
        DbscanModel model = fixture.Weights is null ? clusterer.Fit(fixture.Data) : clusterer.Fit(fixture.Data, fixture.Weights);
        return (fixture, model);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fit_SklearnFixture_SameCorePointsAndNoise(string name, string searchName)
    {
        DbscanNeighborSearch search = Enum.Parse<DbscanNeighborSearch>(searchName);
        (DbscanFixture fixture, DbscanModel model) = Fit(name, search);

        Assert.Equal(fixture.Core, model.IsCore);
        Assert.Equal(
            Enumerable.Range(0, fixture.Labels.Length).Where(i => fixture.Labels[i] < 0),
            Enumerable.Range(0, model.Labels.Count).Where(i => model.Labels[i] < 0));
        Assert.Equal(fixture.Labels.Where(l => l >= 0).Distinct().Count(), model.ClusterCount);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fit_SklearnFixture_SamePartitionOfCorePoints(string name, string searchName)
    {
        DbscanNeighborSearch search = Enum.Parse<DbscanNeighborSearch>(searchName);
        (DbscanFixture fixture, DbscanModel model) = Fit(name, search);
        int[] core = [.. Enumerable.Range(0, fixture.Labels.Length).Where(i => fixture.Core[i])];

        Assert.True(Blobs.SamePartition([.. core.Select(i => model.Labels[i])], [.. core.Select(i => fixture.Labels[i])]));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fit_SklearnFixture_BorderPointJoinsItsNearestCorePoint(string name, string searchName)
    {
        DbscanNeighborSearch search = Enum.Parse<DbscanNeighborSearch>(searchName);
        (DbscanFixture fixture, DbscanModel model) = Fit(name, search);
        int n = fixture.Labels.Length;
        for (int i = 0; i < n; i++)
        {
            if (fixture.Core[i] || fixture.Labels[i] < 0)
            {
                continue;
            }

            // The documented tie rule: the nearest core point within eps, the lowest row on ties.
            int nearest = Enumerable.Range(0, n).Where(j => fixture.Core[j] && fixture.Distance(i, j) <= fixture.Eps)
                .OrderBy(j => fixture.Distance(i, j)).ThenBy(j => j).First();
            Assert.Equal(model.Labels[nearest], model.Labels[i]);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fit_SklearnFixture_ClustersNumberedInOrderOfFirstRow(string name, string searchName)
    {
        DbscanNeighborSearch search = Enum.Parse<DbscanNeighborSearch>(searchName);
        (_, DbscanModel model) = Fit(name, search);
        int[] firstAppearance = [.. model.Labels.Where(l => l >= 0).Distinct()];

        Assert.Equal(Enumerable.Range(0, model.ClusterCount), firstAppearance);
    }
}
