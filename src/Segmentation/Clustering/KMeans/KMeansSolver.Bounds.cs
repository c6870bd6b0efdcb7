using System.Numerics;
using System.Runtime.CompilerServices;
using Segmentation.Kernels;

namespace Segmentation.Clustering.KMeans;

/// <summary>Hamerly bounds, the rounding margin all bounds share, and empty-cluster relocation.</summary>
internal sealed partial class KMeansSolver<T>
{
    /// <summary>Relative slack for the rounding of the bounds' own arithmetic (square roots, drift sums).</summary>
    private const double BoundSlack = 1e-9;

    /// <summary>The kernel's rounding margin for the data's points against <paramref name="panel"/>.</summary>
    private double RoundingMargin(CenterPanel<T> panel) => KernelMargin(_d, KMeansData<T>.Epsilon, _data.MaxSquaredNorm + panel.MaxNorm);

    /// <summary>
    /// A bound on the error of a kernel score <c>||c||² − 2x·c</c> in d columns: each of the d fused steps and the
    /// rounding of the center add at most a few ulps (<paramref name="epsilon"/>) of <c>||x||² + ||c||²</c>, bounded
    /// by <paramref name="squaredNorms"/>. Doubled for safety.
    /// </summary>
    private static double KernelMargin(int d, double epsilon, double squaredNorms) => 2 * ((2 * d) + 8) * epsilon * squaredNorms;

    /// <summary>
    /// Whether an upper bound <paramref name="upper"/> on the distance to the assigned center and a lower bound
    /// <paramref name="lower"/> on the distance to every other center prove that the kernel would keep the center:
    /// the squared gap must exceed twice the kernel's rounding margin.
    /// </summary>
    private static bool Proves(double upper, double lower, double margin) => lower > ProofThreshold(upper, margin);

    /// <summary>
    /// The value a lower bound must exceed to prove the center kept, given the upper bound: <c>l² (1 − s) − u² (1 + s)
    /// > 2 · margin</c> solved for l, so that Yinyang's per-group tests are one comparison each.
    /// </summary>
    private static double ProofThreshold(double upper, double margin)
        => Math.Sqrt(((upper * upper * (1 + BoundSlack)) + (2 * margin)) / (1 - BoundSlack));

    /// <summary>A lower bound on the distance to a center from its kernel score and the point's <c>||x||²</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double LowerBound(T score, double squaredNorm, double margin)
    {
        if (T.IsPositiveInfinity(score))
        {
            return double.PositiveInfinity;
        }

        return DistanceBelow(double.CreateTruncating(score) + squaredNorm - margin);
    }

    /// <summary>A distance not above the square root of <paramref name="squared"/>, itself already lowered by the margin.</summary>
    private static double DistanceBelow(double squared) => squared > 0 ? Math.Sqrt(squared) * (1 - BoundSlack) : 0;

    /// <summary>
    /// For each center, a lower bound on the distance to its nearest other center. Every center is scored against all
    /// centers with the blocked kernel in float64: the best is the center itself (or a duplicate at distance 0), so
    /// the runner-up bounds the nearest other center from below, whichever of the two it is. O(k²·d) per iteration,
    /// which at k = 1024 took a quarter of a Hamerly fit as a scalar pairwise loop.
    /// </summary>
    private double[] NearestOtherCenterDistances()
    {
        var panel = CenterPanel<double>.Create(_centers, _d);
        var labels = new int[_k];
        var best = new double[_k];
        var second = new double[_k];
        DistanceKernels.FindNearest<double>(_centers.AsSpan(0, _k * _d), _d, [], panel, labels, best, second, DistanceKernels.BestPath);
        double margin = KernelMargin(_d, KMeansData<double>.Epsilon, 2 * panel.MaxNorm);
        var nearest = new double[_k];
        for (int a = 0; a < _k; a++)
        {
            nearest[a] = double.IsPositiveInfinity(second[a])
                ? double.PositiveInfinity
                : DistanceBelow(second[a] + KMeansData<double>.SquaredNorm(_centers.AsSpan(a * _d, _d)) - margin);
        }

        return nearest;
    }

    /// <summary>
    /// Moves each empty cluster onto one of the points farthest from their center (farthest first, lowest index on
    /// ties), taking that point out of its old cluster's sums, as scikit-learn does; returns the number of points moved.
    /// </summary>
    private int RelocateEmptyClusters(double[] sums, double[] weights)
    {
        int[] empty = [.. Enumerable.Range(0, _k).Where(c => weights[c] <= 0)];
        if (empty.Length == 0)
        {
            return 0;
        }

        // Rare, so the exact distances to the centers of this iteration are computed only now (scikit-learn does the same).
        double[] distances = _distances ??= new double[_data.N];
        Parallel.For(0, _data.ChunkCount, _data.Parallel, chunk =>
        {
            (int start, int end) = _data.Chunk(chunk);
            for (int i = start; i < end; i++)
            {
                distances[i] = RowOps.SquaredDistance(_data.Row(i), _centers.AsSpan(_labels[i] * _d, _d));
            }
        });

        IEnumerable<int> byDistance = Enumerable.Range(0, _data.N)
            .Where(i => _sums.CountedWeight(i) > 0)
            .OrderByDescending(i => distances[i])
            .ThenBy(i => i);
        int filled = 0;
        foreach (int point in byDistance)
        {
            if (filled == empty.Length)
            {
                break;
            }

            int oldCluster = _labels[point];
            double w = _sums.CountedWeight(point);

            // Never empty the donor cluster: that would only move the problem.
            if (weights[oldCluster] - w <= 0)
            {
                continue;
            }

            int target = empty[filled++];
            _sums.Move(point, oldCluster, target);
            weights[oldCluster] -= w;
            weights[target] = w;
            _labels[point] = target;
            // The bounds described the old center: force a full assignment next time.
            if (_upper is not null)
            {
                _upper[point] = double.PositiveInfinity;
            }

            if (_lower is not null)
            {
                _lower[point] = 0;
            }

            if (_groupLower is not null)
            {
                _groupLower.AsSpan(point * _groupMembers.Length, _groupMembers.Length).Clear();
            }
        }

        // The moves above changed the fixed-point sums exactly; read them back rather than patch the float64 copies.
        _sums.Total(sums, weights);
        return filled;
    }
}
