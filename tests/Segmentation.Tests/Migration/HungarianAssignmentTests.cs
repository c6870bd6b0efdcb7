using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Segmentation.Migration;

namespace Segmentation.Tests.Migration;

public class HungarianAssignmentTests
{
    [Fact]
    public void Solve_ClassicExample_FindsTheOptimum()
    {
        double[,] cost = { { 4, 1, 3 }, { 2, 0, 5 }, { 3, 2, 2 } };
        int[] assignment = HungarianAssignment.Solve(cost);
        Assert.Equal([1, 0, 2], assignment); // 1 + 2 + 2 = 5
    }

    [Property(MaxTest = 300)]
    public Property Solve_RandomSmallMatrices_MatchesBruteForceOptimum(PositiveInt sizeSeed, int seed)
    {
        int n = 1 + (sizeSeed.Get % 6);
        var random = new Random(seed);
        var cost = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                cost[i, j] = random.Next(10); // small integers: many ties
            }
        }

        int[] assignment = HungarianAssignment.Solve(cost);
        double found = Enumerable.Range(0, n).Sum(i => cost[i, assignment[i]]);
        bool permutation = assignment.Distinct().Count() == n;
        double best = Permutations(Enumerable.Range(0, n).ToArray()).Min(p => Enumerable.Range(0, n).Sum(i => cost[i, p[i]]));
        return (permutation && Math.Abs(found - best) < 1e-12).Label($"found={found}, best={best}");
    }

    private static IEnumerable<int[]> Permutations(int[] items)
    {
        if (items.Length <= 1)
        {
            yield return items;
            yield break;
        }

        for (int i = 0; i < items.Length; i++)
        {
            int[] rest = [.. items.Where((_, k) => k != i)];
            foreach (int[] tail in Permutations(rest))
            {
                yield return [items[i], .. tail];
            }
        }
    }
}
