using System.Numerics;
using System.Runtime.CompilerServices;
using Segmentation.Kernels;

namespace Segmentation.Clustering;

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

    // Per chunk: k high limbs, then k low limbs (weights, and Σ w·||x||²).
    private readonly long[] _weights;
    private readonly long[] _norms;
    private readonly long[] _totalSums;
    private readonly long[] _totalWeights;
    private readonly long[] _totalNorms;

    /// <param name="data">The prepared data.</param>
    /// <param name="k">The number of centers.</param>
    public KMeansSums(KMeansData<T> data, int k)
    {
        _data = data;
        _k = k;
        _d = data.D;
        (_scales, _weightScale, _normScale) = data.FixedPointScales;
        _sums = new long[data.ChunkCount * k * 2 * _d];
        _weights = new long[data.ChunkCount * 2 * k];
        _norms = new long[data.ChunkCount * 2 * k];
        _totalSums = new long[k * 2 * _d];
        _totalWeights = new long[2 * k];
        _totalNorms = new long[2 * k];
    }

    /// <summary>Empties every chunk's sums (before a run whose labels all start unassigned).</summary>
    public void Clear()
    {
        Array.Clear(_sums);
        Array.Clear(_weights);
        Array.Clear(_norms);
    }

    /// <summary>
    /// Moves <paramref name="point"/> from center <paramref name="from"/> (or from nowhere, when negative) to center
    /// <paramref name="to"/>. Only the worker that owns the point's chunk may call this during a pass.
    /// </summary>
    public void Move(int point, int from, int to) => Move(point / _data.ChunkSize, point, from, to);

    /// <summary>How many moves ahead <see cref="Move(int, ReadOnlySpan{int}, ReadOnlySpan{int}, ReadOnlySpan{int})"/> asks for a row.</summary>
    private const int MovePrefetchDistance = 8;

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
        for (int m = 0; m < rows.Length; m++)
        {
            // The moved rows are scattered once a fit settles: without asking for a row a few moves ahead, each move
            // waits on memory (measured: ~300 ns a move against ~25 ns when every row moves).
            if (m + MovePrefetchDistance < rows.Length)
            {
                DistanceKernels.PrefetchTile<T>(_data.Points, _d, offset + rows[m + MovePrefetchDistance], 1);
            }

            Move(chunk, offset + rows[m], from[m], labels[rows[m]]);
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
        Array.Clear(_totalWeights);
        Array.Clear(_totalNorms);
        int stride = _k * 2 * _d;
        for (int chunk = 0; chunk < _data.ChunkCount; chunk++)
        {
            AddTo(_totalSums, _sums.AsSpan(chunk * stride, stride));
            AddTo(_totalWeights, _weights.AsSpan(chunk * 2 * _k, 2 * _k));
            if (!squaredNorms.IsEmpty)
            {
                AddTo(_totalNorms, _norms.AsSpan(chunk * 2 * _k, 2 * _k));
            }
        }

        for (int c = 0; c < _k; c++)
        {
            for (int j = 0; j < _d; j++)
            {
                // Dividing by a power of two is exact.
                int high = (c * 2 * _d) + j;
                sums[(c * _d) + j] = RowOps.Join(_totalSums[high], _totalSums[high + _d]) / _scales[j];
            }

            weights[c] = RowOps.Join(_totalWeights[c], _totalWeights[_k + c]) / _weightScale;
            if (!squaredNorms.IsEmpty)
            {
                squaredNorms[c] = RowOps.Join(_totalNorms[c], _totalNorms[_k + c]) / _normScale;
            }
        }
    }

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

    /// <summary>Adds <paramref name="value"/>'s two limbs to (or removes them from) entry <paramref name="c"/> of a k-high, k-low array.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddLimbs(Span<long> limbs, int c, int k, double value, bool remove)
    {
        (long high, long low) = RowOps.Split(value);
        limbs[c] += remove ? -high : high;
        limbs[k + c] += remove ? -low : low;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double Weight(int point) => _data.Weights is null ? 1.0 : _data.Weights[point];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Move(int chunk, int point, int from, int to)
    {
        double w = Weight(point);
        double weight = w * _weightScale;
        Span<long> sums = _sums.AsSpan(chunk * _k * 2 * _d, _k * 2 * _d);
        Span<long> weights = _weights.AsSpan(chunk * 2 * _k, 2 * _k);
        Span<long> norms = _norms.AsSpan(chunk * 2 * _k, 2 * _k);
        RowOps.MoveFixedPoint(from >= 0 ? sums.Slice(from * 2 * _d, 2 * _d) : default, sums.Slice(to * 2 * _d, 2 * _d), _data.Points.AsSpan(point * _d, _d), w, _scales);
        if (from >= 0)
        {
            AddLimbs(weights, from, _k, weight, remove: true);
        }

        AddLimbs(weights, to, _k, weight, remove: false);
        double norm = w * _data.RowSquaredNorm(point) * _normScale;
        if (from >= 0)
        {
            AddLimbs(norms, from, _k, norm, remove: true);
        }

        AddLimbs(norms, to, _k, norm, remove: false);
    }
}
