using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Segmentation.Kernels;

namespace Segmentation.Clustering.KMeans;

/// <summary>
/// The weighted sums, weights and <c>Σ w·||x||²</c> of the k-means update, kept per chunk across iterations in fixed
/// point: each row's <c>w · x</c> is scaled by a power of two per column (<see cref="KMeansData{T}.FixedPointScales"/>)
/// and rounded once to two int64 limbs (<see cref="RowOps.MoveFixedPoint{T}"/>). Integer addition is exact and
/// associative, so removing a row from its old center and adding it to its new one gives exactly the sums a full
/// pass would: an iteration touches only the rows whose label changed (the incremental update of Hamerly's paper,
/// without its floating-point drift), and the sums are the same whatever the thread count, the pass (Lloyd,
/// Hamerly, Yinyang) or the order of the moves.
/// </summary>
/// <remarks>
/// Each row is rounded to 2^-93 of its column's <c>Σ w·|x|</c>. A cluster whose sum is at least 2^-30 of the
/// column's total (for a million rows) therefore keeps float64 precision, however heavy the column's tail: with one
/// limb (2^-61) a cluster of small values beside a 1e15 outlier lost three digits.
/// </remarks>
internal sealed class KMeansSums<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly KMeansData<T> _data;
    private readonly int _k;
    private readonly int _d;
    private readonly double[] _scales;
    private readonly double _weightScale;
    private readonly double _normScale;

    // Per chunk and center: d high limbs, then d low limbs.
    private readonly long[] _sums;

    // Per chunk and center: the weight's high limb, Σ w·||x||²'s high limb, then their low limbs (one 256-bit add).
    private readonly long[] _counts;
    private readonly long[] _totalSums;
    private readonly long[] _totalCounts;

    /// <param name="data">The prepared data.</param>
    /// <param name="k">The number of centers.</param>
    public KMeansSums(KMeansData<T> data, int k)
    {
        _data = data;
        _k = k;
        _d = data.D;
        (_scales, _weightScale, _normScale) = data.FixedPointScales;
        _sums = new long[data.ChunkCount * k * 2 * _d];
        _counts = new long[data.ChunkCount * k * CountLimbs];
        _totalSums = new long[k * 2 * _d];
        _totalCounts = new long[k * CountLimbs];
    }

    /// <summary>Limbs per center in <see cref="_counts"/>: weight and <c>Σ w·||x||²</c>, high then low.</summary>
    private const int CountLimbs = 4;

    /// <summary>Empties every chunk's sums (before a run whose labels all start unassigned).</summary>
    public void Clear()
    {
        Array.Clear(_sums);
        Array.Clear(_counts);
    }

    /// <summary>
    /// Moves <paramref name="point"/> from center <paramref name="from"/> (or from nowhere, when negative) to center
    /// <paramref name="to"/>. Only the worker that owns the point's chunk may call this during a pass.
    /// </summary>
    public void Move(int point, int from, int to)
    {
        int chunk = point / _data.ChunkSize;
        Move(ChunkSums(chunk), ChunkCounts(chunk), point, from, to);
    }

    /// <summary>
    /// How many moves ahead <see cref="Move(int, ReadOnlySpan{int}, ReadOnlySpan{int}, ReadOnlySpan{int})"/> asks for a
    /// row, and how many rows it asks for at once before its first move.
    /// </summary>
    private const int MovePrefetchDistance = 16;

    /// <summary>
    /// Moves the rows <c>offset + rows[m]</c> (all in one chunk) from <c>from[m]</c> to <c>labels[rows[m]]</c>: the
    /// list a Lloyd pass makes of the rows whose label changed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Move(int offset, ReadOnlySpan<int> rows, ReadOnlySpan<int> from, ReadOnlySpan<int> labels)
    {
        if (rows.IsEmpty)
        {
            return;
        }

        int chunk = (offset + rows[0]) / _data.ChunkSize;
        Span<long> sums = ChunkSums(chunk);
        Span<long> counts = ChunkCounts(chunk);

        // The moved rows are scattered, and each would wait on memory: the first few are asked for at once (late
        // iterations move only a handful per chunk), then each a few moves ahead.
        for (int m = 0; m < Math.Min(rows.Length, MovePrefetchDistance); m++)
        {
            DistanceKernels.PrefetchTile<T>(_data.Points, _d, offset + rows[m], 1);
        }

        for (int m = 0; m < rows.Length; m++)
        {
            if (m + MovePrefetchDistance < rows.Length)
            {
                DistanceKernels.PrefetchTile<T>(_data.Points, _d, offset + rows[m + MovePrefetchDistance], 1);
            }

            Move(sums, counts, offset + rows[m], from[m], labels[rows[m]]);
        }
    }

    /// <summary>The weight of <paramref name="point"/> as the sums count it (its fixed-point value, back in float64).</summary>
    public double CountedWeight(int point)
    {
        (long high, long low) = RowOps.Split(Weight(point) * _weightScale);
        return RowOps.Join(high, low) / _weightScale;
    }

    /// <summary>
    /// Every center's sums (k × d), weights (k) and, when <paramref name="squaredNorms"/> is not empty, its
    /// <c>Σ w·||x||²</c> (k), the chunks added up, back in float64.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Total(Span<double> sums, Span<double> weights, Span<double> squaredNorms = default)
    {
        Array.Clear(_totalSums);
        Array.Clear(_totalCounts);
        for (int chunk = 0; chunk < _data.ChunkCount; chunk++)
        {
            AddTo(_totalSums, ChunkSums(chunk));
            AddTo(_totalCounts, ChunkCounts(chunk));
        }

        for (int c = 0; c < _k; c++)
        {
            for (int j = 0; j < _d; j++)
            {
                // Dividing by a power of two is exact.
                int high = (c * 2 * _d) + j;
                sums[(c * _d) + j] = RowOps.Join(_totalSums[high], _totalSums[high + _d]) / _scales[j];
            }

            int limbs = c * CountLimbs;
            weights[c] = RowOps.Join(_totalCounts[limbs], _totalCounts[limbs + 2]) / _weightScale;
            if (!squaredNorms.IsEmpty)
            {
                squaredNorms[c] = RowOps.Join(_totalCounts[limbs + 1], _totalCounts[limbs + 3]) / _normScale;
            }
        }
    }

    private Span<long> ChunkSums(int chunk) => _sums.AsSpan(chunk * _k * 2 * _d, _k * 2 * _d);

    private Span<long> ChunkCounts(int chunk) => _counts.AsSpan(chunk * _k * CountLimbs, _k * CountLimbs);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddTo(Span<long> total, ReadOnlySpan<long> values)
    {
        int index = 0;
        for (; index + Vector<long>.Count <= values.Length; index += Vector<long>.Count)
        {
            (new Vector<long>(total[index..]) + new Vector<long>(values[index..])).CopyTo(total[index..]);
        }

        for (; index < values.Length; index++)
        {
            total[index] += values[index];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double Weight(int point) => _data.Weights is null ? 1.0 : _data.Weights[point];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Move(Span<long> sums, Span<long> counts, int point, int from, int to)
    {
        double w = Weight(point);
        double squaredNorm = RowOps.MoveFixedPoint(
            from >= 0 ? sums.Slice(from * 2 * _d, 2 * _d) : default, sums.Slice(to * 2 * _d, 2 * _d), _data.Points.AsSpan(point * _d, _d), w, _scales);
        Vector256<long> limbs = RowOps.SplitPair(w * _weightScale, w * squaredNorm * _normScale);
        if (from >= 0)
        {
            Span<long> source = counts.Slice(from * CountLimbs, CountLimbs);
            (Vector256.Create<long>(source) - limbs).CopyTo(source);
        }

        Span<long> target = counts.Slice(to * CountLimbs, CountLimbs);
        (Vector256.Create<long>(target) + limbs).CopyTo(target);
    }
}
