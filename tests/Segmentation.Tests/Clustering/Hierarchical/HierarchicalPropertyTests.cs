using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Segmentation.Clustering;
using Segmentation.Clustering.Hierarchical;

namespace Segmentation.Tests.Clustering.Hierarchical;

public sealed class HierarchicalPropertyTests
{
    private static readonly Linkage[] Monotone = [Linkage.Ward, Linkage.Complete, Linkage.Average, Linkage.Single, Linkage.Weighted];

    /// <summary>2-D data from integer coordinates (duplicates and exact ties are common) and a linkage.</summary>
    private static (FeatureMatrix Data, Linkage Linkage) Build(int[] coordinates, int linkageSeed)
    {
        int[] padded = coordinates.Length % 2 == 0 ? coordinates : [.. coordinates, 0];
        var data = FeatureMatrix.FromSpan([.. padded.Select(c => c / 4.0)], 2);
        return (data, Enum.GetValues<Linkage>()[Math.Abs(linkageSeed % 7)]);
    }

    [Property(MaxTest = 150)]
    public Property Fit_AnyData_TreeIsWellFormed(NonEmptyArray<int> coordinates, int linkageSeed)
    {
        (FeatureMatrix data, Linkage linkage) = Build(coordinates.Get, linkageSeed);
        int n = data.RowCount;
        IReadOnlyList<DendrogramMerge> merges = new HierarchicalClusterer(linkage, 1).Fit(data).Dendrogram.Merges;

        // Every id is used once as a child, children precede parents, sizes add up, the root holds every row.
        var used = new HashSet<int>();
        bool wellFormed = merges.Count == n - 1;
        int[] size = [.. Enumerable.Repeat(1, n), .. new int[Math.Max(n - 1, 0)]];
        for (int i = 0; i < merges.Count && wellFormed; i++)
        {
            DendrogramMerge m = merges[i];
            wellFormed = m.A < m.B && m.B < n + i && used.Add(m.A) && used.Add(m.B) && m.Size == size[m.A] + size[m.B];
            size[n + i] = m.Size;
        }

        bool sorted = !Monotone.Contains(linkage) || merges.Zip(merges.Skip(1)).All(p => p.First.Distance <= p.Second.Distance);
        return (wellFormed && sorted && (n == 1 || merges[^1].Size == n)).Label($"{linkage}, n={n}");
    }

    [Property(MaxTest = 150)]
    public Property Cut_FewerClusters_MergesWholeClusters(NonEmptyArray<int> coordinates, int linkageSeed)
    {
        (FeatureMatrix data, Linkage linkage) = Build(coordinates.Get, linkageSeed);
        Dendrogram tree = new HierarchicalClusterer(linkage, 1).Fit(data).Dendrogram;
        bool nested = true;
        bool bounded = true;
        for (int k = 2; k <= Math.Min(data.RowCount, 6) && nested; k++)
        {
            int[] finer = tree.Cut(k);
            int[] coarser = tree.Cut(k - 1);
            bounded &= finer.Max() < k && finer.Min() == 0;

            // Rows together in the finer cut stay together in the coarser one.
            nested = Enumerable.Range(0, finer.Length).GroupBy(i => finer[i]).All(g => g.Select(i => coarser[i]).Distinct().Count() == 1);
        }

        return (nested && bounded).Label($"{linkage}, n={data.RowCount}");
    }
}
