using System.Runtime.CompilerServices;
using Segmentation.Kernels;

namespace Segmentation.Clustering;

/// <summary>
/// Yinyang bounds (Ding et al., 2015): the centers are split once per run into about k/10 groups, and each point keeps
/// an upper bound on the distance to its center and one lower bound per group on the distance to every other center of
/// that group. A point whose bounds rule out every group costs no kernel work; otherwise only the groups it cannot rule
/// out (and its own center's group) are scored. The bounds keep the same rounding margin as Hamerly's, so the labels
/// are exactly those of the plain pass.
/// </summary>
internal sealed partial class KMeansSolver<T>
{
    /// <summary>Centers per group, as in the paper (t = k/10).</summary>
    private const int CentersPerGroup = 10;

    /// <summary>Iterations of the k-means run that groups the initial centers.</summary>
    private const int GroupingIterations = 5;

    /// <summary>For each group, its centers in ascending order (so that ties inside a group go to the lowest index).</summary>
    private int[][] _groupMembers = [];

    /// <summary>The group of each center.</summary>
    private int[] _groupOf = [];

    /// <summary>n × groups lower bounds, point-major, in float32 rounded down (half the memory of float64, still safe).</summary>
    private float[]? _groupLower;

    /// <summary>Splits the initial centers into groups with a short k-means over the centers themselves.</summary>
    private void GroupCenters(double[] centers)
    {
        int groups = Math.Max(1, _k / CentersPerGroup);
        var seeds = new double[groups * _d];
        for (int g = 0; g < groups; g++)
        {
            // Evenly spaced centers as seeds: deterministic, and seeding order follows the (random) initial centers.
            centers.AsSpan(g * _k / groups * _d, _d).CopyTo(seeds.AsSpan(g * _d));
        }

        var groupOf = new int[_k];
        for (int iteration = 0; iteration < GroupingIterations; iteration++)
        {
            for (int c = 0; c < _k; c++)
            {
                double best = double.PositiveInfinity;
                for (int g = 0; g < groups; g++)
                {
                    double distance = RowOps.SquaredDistance(centers.AsSpan(c * _d, _d), seeds.AsSpan(g * _d, _d));
                    if (distance < best)
                    {
                        (best, groupOf[c]) = (distance, g);
                    }
                }
            }

            var counts = new int[groups];
            var means = new double[groups * _d];
            for (int c = 0; c < _k; c++)
            {
                counts[groupOf[c]]++;
                RowOps.AddScaled(means.AsSpan(groupOf[c] * _d, _d), centers.AsSpan(c * _d, _d), 1.0);
            }

            for (int g = 0; g < groups; g++)
            {
                // An empty group keeps its seed; it is dropped below if it stays empty.
                if (counts[g] > 0)
                {
                    seeds.AsSpan(g * _d, _d).Clear();
                    RowOps.AddScaled(seeds.AsSpan(g * _d, _d), means.AsSpan(g * _d, _d), 1.0 / counts[g]);
                }
            }
        }

        // Empty groups are dropped; the rest are renumbered in order of their lowest center.
        _groupMembers = [.. Enumerable.Range(0, _k).GroupBy(c => groupOf[c]).Select(group => group.ToArray())];
        _groupOf = new int[_k];
        for (int g = 0; g < _groupMembers.Length; g++)
        {
            foreach (int c in _groupMembers[g])
            {
                _groupOf[c] = g;
            }
        }

        // Lower bounds for the new grouping; the first pass scores every group, so their values do not matter yet.
        long needed = (long)_data.N * _groupMembers.Length;
        if (_groupLower is null || _groupLower.LongLength < needed)
        {
            _groupLower = new float[needed];
        }
    }

    /// <summary>
    /// One Yinyang iteration: bounds moved by the centers' drift, then the kernel for each group only for the points
    /// whose bounds do not rule it out; on the first pass (<paramref name="drift"/> null) every point meets every group.
    /// </summary>
    private void GroupedPass(CenterPanel<T> panel, double[]? drift)
    {
        double margin = RoundingMargin(panel);
        int groups = _groupMembers.Length;
        var groupPanels = new CenterPanel<T>[groups];
        var groupDrift = new double[groups];
        for (int g = 0; g < groups; g++)
        {
            int[] members = _groupMembers[g];
            var groupCenters = new double[members.Length * _d];
            for (int m = 0; m < members.Length; m++)
            {
                _centers.AsSpan(members[m] * _d, _d).CopyTo(groupCenters.AsSpan(m * _d));
                groupDrift[g] = Math.Max(groupDrift[g], drift?[members[m]] ?? 0);
            }

            groupPanels[g] = CenterPanel<T>.Create(groupCenters, _d);
        }

        float[] lower = _groupLower!;
        double[] upper = _upper!;
        Parallel.For(0, _data.ChunkCount, _data.Parallel, () => new Scratch(_data.ChunkSize), [MethodImpl(MethodImplOptions.AggressiveOptimization)] (chunk, _, scratch) =>
        {
            (int start, int end) = _data.Chunk(chunk);
            int count = end - start;
            ReadOnlySpan<T> slice = _data.Points.AsSpan(start * _d, count * _d);
            Span<bool> known = scratch.Known.AsSpan(0, count);
            Span<bool> active = scratch.Active.AsSpan(0, count);
            Span<double> bound = scratch.Upper.AsSpan(0, count);
            known.Clear();
            for (int t = 0; t < count; t++)
            {
                int i = start + t;
                int a = _labels[i];
                Span<float> pointLower = lower.AsSpan(i * groups, groups);
                if (drift is null || a < 0)
                {
                    active[t] = true;
                    bound[t] = double.PositiveInfinity;
                    continue;
                }

                double u = upper[i] + drift[a];
                double globalLower = double.PositiveInfinity;
                for (int g = 0; g < groups; g++)
                {
                    pointLower[g] = RoundDown(pointLower[g] - groupDrift[g]);
                    globalLower = Math.Min(globalLower, pointLower[g]);
                }

                active[t] = false;
                if (Proves(u, globalLower, margin))
                {
                    continue;
                }

                // Tighten the upper bound with the exact distance to the (moved) center and try again.
                double exact = RowOps.SquaredDistance(_data.Row(i), _centers.AsSpan(a * _d, _d));
                _distances![i] = exact;
                known[t] = true;
                u = Math.Sqrt(exact);
                active[t] = !Proves(u, globalLower, margin);
                bound[t] = u;
            }

            // The best center over the groups scored so far, per point, with its group and that group's runner-up.
            Span<T> bestScore = scratch.BestScore.AsSpan(0, count);
            Span<int> bestCenter = scratch.BestCenter.AsSpan(0, count);
            Span<int> bestGroup = scratch.BestGroup.AsSpan(0, count);
            Span<T> bestSecond = scratch.BestSecond.AsSpan(0, count);
            bestScore.Fill(T.PositiveInfinity);
            bestCenter.Fill(int.MaxValue);
            for (int g = 0; g < groups; g++)
            {
                int gathered = 0;
                for (int t = 0; t < count; t++)
                {
                    int i = start + t;
                    int a = _labels[i];

                    // The point's own group is always scored: its center's score is what the others must beat.
                    if (active[t] && (a < 0 || _groupOf[a] == g || !Proves(bound[t], lower[(i * groups) + g], margin)))
                    {
                        scratch.Gather[gathered++] = t;
                    }
                }

                if (gathered == 0)
                {
                    continue;
                }

                ReadOnlySpan<int> rows = scratch.Gather.AsSpan(0, gathered);
                DistanceKernels.FindNearest(slice, _d, rows, groupPanels[g], scratch.Labels, scratch.Best, scratch.Second, _data.Path);
                int[] members = _groupMembers[g];
                for (int m = 0; m < gathered; m++)
                {
                    int t = rows[m];
                    int i = start + t;
                    int center = members[scratch.Labels[m]];
                    T score = scratch.Best[m];

                    // A bound on every center of the group; the winner's group is corrected below to its runner-up.
                    lower[(i * groups) + g] = RoundDown(LowerBound(score, _data.Row(i), margin));
                    if (score < bestScore[t] || (score == bestScore[t] && center < bestCenter[t]))
                    {
                        bestScore[t] = score;
                        bestCenter[t] = center;
                        bestGroup[t] = g;
                        bestSecond[t] = scratch.Second[m];
                    }
                }
            }

            long changed = 0;
            for (int t = 0; t < count; t++)
            {
                if (!active[t])
                {
                    continue;
                }

                int i = start + t;
                lower[(i * groups) + bestGroup[t]] = RoundDown(LowerBound(bestSecond[t], _data.Row(i), margin));
                if (bestCenter[t] != _labels[i])
                {
                    changed++;
                    _labels[i] = bestCenter[t];
                    known[t] = false;
                }
            }

            Accumulate(chunk, changed, known);
            return scratch;
        }, _ => { });
    }

    /// <summary>The largest float32 not above <paramref name="value"/>, so that a stored lower bound stays a lower bound.</summary>
    private static float RoundDown(double value)
    {
        float rounded = (float)value;
        return rounded > value ? MathF.BitDecrement(rounded) : rounded;
    }
}
