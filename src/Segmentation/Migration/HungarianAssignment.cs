namespace Segmentation.Migration;

/// <summary>Minimum-cost assignment of rows to columns (Kuhn-Munkres with potentials, O(n²·m)).</summary>
internal static class HungarianAssignment
{
    /// <summary>
    /// For a cost matrix with <c>rows &lt;= columns</c>, the column assigned to each row so that the total cost is minimal.
    /// Ties resolve to the lower column index, so the result is deterministic.
    /// </summary>
    public static int[] Solve(double[,] cost)
    {
        int n = cost.GetLength(0);
        int m = cost.GetLength(1);
        if (n > m)
        {
            throw new ArgumentException($"The assignment needs at least as many columns ({m}) as rows ({n}).", nameof(cost));
        }

        // 1-based arrays as in the classic formulation: p[j] is the row matched to column j (0 = none).
        var u = new double[n + 1];
        var v = new double[m + 1];
        var p = new int[m + 1];
        var way = new int[m + 1];
        for (int i = 1; i <= n; i++)
        {
            p[0] = i;
            int j0 = 0;
            var minv = new double[m + 1];
            var used = new bool[m + 1];
            Array.Fill(minv, double.PositiveInfinity);
            do
            {
                used[j0] = true;
                int i0 = p[j0];
                double delta = double.PositiveInfinity;
                int j1 = 0;
                for (int j = 1; j <= m; j++)
                {
                    if (used[j])
                    {
                        continue;
                    }

                    double current = cost[i0 - 1, j - 1] - u[i0] - v[j];
                    if (current < minv[j])
                    {
                        minv[j] = current;
                        way[j] = j0;
                    }

                    if (minv[j] < delta)
                    {
                        delta = minv[j];
                        j1 = j;
                    }
                }

                for (int j = 0; j <= m; j++)
                {
                    if (used[j])
                    {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    }
                    else
                    {
                        minv[j] -= delta;
                    }
                }

                j0 = j1;
            }
            while (p[j0] != 0);

            do
            {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            }
            while (j0 != 0);
        }

        var assignment = new int[n];
        for (int j = 1; j <= m; j++)
        {
            if (p[j] != 0)
            {
                assignment[p[j] - 1] = j - 1;
            }
        }

        return assignment;
    }
}
