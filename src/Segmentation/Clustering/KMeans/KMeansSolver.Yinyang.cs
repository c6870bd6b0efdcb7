using System.Runtime.CompilerServices;
using Segmentation.Kernels;

namespace Segmentation.Clustering.KMeans;

/// <summary>
/// Yinyang bounds (Ding et al., 2015): the centers are split once per run into groups of about 32, and each point keeps
/// an upper bound on the distance to its center and one lower bound per group on the distance to every other center of
/// that group. A point whose bounds rule out every group costs no kernel work; otherwise only the groups it cannot rule
/// out (and its own center's group) are scored. The bounds keep the same rounding margin as Hamerly's, so the labels
/// are exactly those of the plain pass.
/// </summary>
internal sealed partial class KMeansSolver<T>
{
    /// <summary>
    /// Centers per group. The paper uses t = k/10; with the blocked kernel, groups of ten cost more per scored point
    /// than they save (measured with `bounds`: groups of 32 were the fastest of 10, 16, 32 and 64 at k = 256 and 1024).
    /// </summary>
    private const int CentersPerGroup = 32;

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
        if (needed > Array.MaxLength)
        {
            throw new InvalidOperationException(
                $"Yinyang bounds for {_data.N} rows and {_groupMembers.Length} groups of centers need more than {Array.MaxLength} lower bounds; use KMeansAlgorithm.Hamerly (one bound per row) for data this large.");
        }

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
            // Padded to a multiple of eight centers, so that the kernel runs only its eight-center blocks (a lone
            // center is one chain of d dependent FMAs); a padding center scores +∞ and never wins or comes second.
            int[] members = _groupMembers[g];
            int padded = (members.Length + 7) / 8 * 8;
            var groupCenters = new double[padded * _d];
            for (int m = 0; m < members.Length; m++)
            {
                _centers.AsSpan(members[m] * _d, _d).CopyTo(groupCenters.AsSpan(m * _d));
                groupDrift[g] = Math.Max(groupDrift[g], drift?[members[m]] ?? 0);
            }

            groupPanels[g] = CenterPanel<T>.Create(groupCenters, _d);
            groupPanels[g].Norms.AsSpan(members.Length).Fill(T.PositiveInfinity);
        }

        // The drifts rounded up to float32, so that subtracting them keeps the bounds below the truth.
        float[] groupDriftUp = [.. groupDrift.Select(RoundUp)];
        double[] nearestOther = NearestOtherCenterDistances();
        float[] lower = _groupLower!;
        double[] upper = _upper!;
        double[] norms = _data.SquaredNorms;
        Parallel.For(0, _data.ChunkCount, _data.Parallel, RentScratch, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (chunk, _, scratch) =>
        {
            (int start, int end) = _data.Chunk(chunk);
            int count = end - start;
            ReadOnlySpan<T> slice = _data.Points.AsSpan(start * _d, count * _d);
            Span<bool> active = scratch.Active.AsSpan(0, count);

            // Per group, the points of the chunk to score against it, gathered in one sweep over the points.
            (int[] gather, int[] counts) = scratch.GroupGather(groups);
            Span<int> gathered = counts.AsSpan(0, groups);
            gathered.Clear();
            for (int t = 0; t < count; t++)
            {
                int i = start + t;
                int a = _labels[i];
                Span<float> pointLower = lower.AsSpan(i * groups, groups);
                double threshold = double.PositiveInfinity;
                if (drift is not null && a >= 0)
                {
                    // Every other center is at least nearestOther[a] − u away (triangle inequality), whatever the groups say.
                    double u = upper[i] + drift[a];
                    upper[i] = u;
                    double globalLower = Math.Max(MoveLowerBounds(pointLower, groupDriftUp), nearestOther[a] - u);
                    active[t] = false;
                    if (globalLower > ProofThreshold(u, margin))
                    {
                        continue;
                    }

                    // Tighten the upper bound with the exact distance to the (moved) center and try again.
                    u = Math.Sqrt(RowOps.SquaredDistance(_data.Row(i), _centers.AsSpan(a * _d, _d)));
                    upper[i] = u;
                    threshold = ProofThreshold(u, margin);
                    if (Math.Max(globalLower, nearestOther[a] - u) > threshold)
                    {
                        continue;
                    }
                }

                // The point's own group is always scored: its center's score is what the others must beat.
                active[t] = true;
                int own = a >= 0 ? _groupOf[a] : -1;
                for (int g = 0; g < groups; g++)
                {
                    // Branch-free (| rather than ||, and the bool's byte rather than a ternary, which the JIT turns
                    // back into a branch): whether a group is ruled out is close to a coin toss near a border.
                    gather[(g * count) + gathered[g]] = t;
                    gathered[g] += Unsafe.BitCast<bool, byte>((g == own) | (pointLower[g] <= threshold));
                }
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
                if (gathered[g] == 0)
                {
                    continue;
                }

                ReadOnlySpan<int> rows = gather.AsSpan(g * count, gathered[g]);
                DistanceKernels.FindNearest(slice, _d, rows, groupPanels[g], scratch.Labels, scratch.Best, scratch.Second, _data.Path);
                int[] members = _groupMembers[g];
                for (int m = 0; m < rows.Length; m++)
                {
                    int t = rows[m];
                    int i = start + t;
                    int center = members[scratch.Labels[m]];
                    T score = scratch.Best[m];

                    // A bound on every center of the group; the winner's group is corrected below to its runner-up.
                    lower[(i * groups) + g] = RoundDown(LowerBound(score, norms[i], margin));
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
                lower[(i * groups) + bestGroup[t]] = RoundDown(LowerBound(bestSecond[t], norms[i], margin));
                if (bestCenter[t] != _labels[i])
                {
                    changed++;
                    _sums.Move(i, _labels[i], bestCenter[t]);
                    _labels[i] = bestCenter[t];
                    if (drift is not null)
                    {
                        // The row was just read by the kernel: its exact distance to the new center is cheap now.
                        upper[i] = Math.Sqrt(RowOps.SquaredDistance(_data.Row(i), _centers.AsSpan(bestCenter[t] * _d, _d)));
                    }
                }
            }

            // The first pass sets every upper bound exactly; later passes read only the rows that failed their
            // bounds, and the inertia comes from the sums (Merge).
            if (drift is null)
            {
                Accumulate(chunk, changed);
            }
            else
            {
                SetPartial(chunk, double.NaN, changed);
            }

            return scratch;
        }, ReturnScratch);
    }

    /// <summary>
    /// Lowers a point's group bounds by the groups' drifts and returns the smallest. A float32 difference can round up
    /// by half an ulp, so each is shrunk by a few ulps; a bound at or below zero is valid whatever its value.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float MoveLowerBounds(Span<float> bounds, ReadOnlySpan<float> drifts)
    {
        // MinNative (one vminss) rather than MathF.Min: no NaN can occur here, and MathF.Min's NaN rules cost a chain
        // of three dependent instructions per group (a ternary compiles to an unpredictable branch).
        float smallest = float.PositiveInfinity;
        for (int g = 0; g < bounds.Length; g++)
        {
            float moved = (bounds[g] - drifts[g]) * Shrink;
            bounds[g] = moved;
            smallest = float.MinNative(moved, smallest);
        }

        return smallest;
    }

    /// <summary>
    /// 1 − 2⁻²²: a positive float32 times this, rounded, lands at least an ulp below the value it was rounded from, so
    /// a bound stays a lower bound at the cost of a few ulps of tightness.
    /// </summary>
    private const float Shrink = 1 - (1f / (1 << 22));

    /// <summary>A float32 not above <paramref name="value"/> (for a positive value; any bound ≤ 0 is valid anyway).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float RoundDown(double value) => (float)value * Shrink;

    /// <summary>A float32 not below <paramref name="value"/> (a non-negative drift).</summary>
    private static float RoundUp(double value)
    {
        float rounded = (float)value;
        return rounded < value ? MathF.BitIncrement(rounded) : rounded;
    }
}
