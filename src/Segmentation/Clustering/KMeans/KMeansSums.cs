using System.Numerics;
using System.Runtime.CompilerServices;
using Segmentation.Kernels;

namespace Segmentation.Clustering;

/// <summary>
/// The weighted sums and weights of the k-means update, kept per chunk across iterations in fixed point: each row's
/// <c>w · x</c> is scaled by a power of two per column (<see cref="KMeansData{T}.FixedPointScales"/>) and rounded to
/// int64 once. Integer addition is exact and associative, so removing a row from its old center and adding it to its
/// new one gives exactly the sums a full pass would: an iteration touches only the rows whose label changed (the
/// incremental update of Hamerly's paper, without its floating-point drift), and the sums are the same whatever the
/// thread count, the pass (Lloyd, Hamerly, Yinyang) or the order of the moves.
/// </summary>
/// <remarks>
/// The resolution is about 2^-61 of the column's <c>Σ w·|x|</c>: for a million rows, 2^-41 of the column's largest
/// value, finer than the rounding of a float64 running sum over the same rows.
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
    private readonly long[] _sums;
    private readonly long[] _weights;
    private readonly long[] _norms;
    private readonly long[] _totalSums;
    private readonly long[] _totalWeights;
    private readonly long[] _totalNorms;

    public KMeansSums(KMeansData<T> data, int k)
    {
        _data = data;
        _k = k;
        _d = data.D;
        (_scales, _weightScale, _normScale) = data.FixedPointScales;
        _sums = new long[data.ChunkCount * k * _d];
        _weights = new long[data.ChunkCount * k];
        _norms = new long[data.ChunkCount * k];
        _totalSums = new long[k * _d];
        _totalWeights = new long[k];
        _totalNorms = new long[k];
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
            Move(chunk, offset + rows[m], from[m], labels[rows[m]]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Move(int chunk, int point, int from, int to)
    {
        double[]? rowWeights = _data.Weights;
        double w = rowWeights is null ? 1.0 : rowWeights[point];
        long weight = rowWeights is null ? 1 : QuantizedWeight(w);
        long norm = (long)Math.Round(w * _data.RowSquaredNorm(point) * _normScale);
        Span<long> sums = _sums.AsSpan(chunk * _k * _d, _k * _d);
        Span<long> weights = _weights.AsSpan(chunk * _k, _k);
        Span<long> norms = _norms.AsSpan(chunk * _k, _k);
        RowOps.MoveFixedPoint(from >= 0 ? sums.Slice(from * _d, _d) : default, sums.Slice(to * _d, _d), _data.Points.AsSpan(point * _d, _d), w, _scales);
        if (from >= 0)
        {
            weights[from] -= weight;
            norms[from] -= norm;
        }

        weights[to] += weight;
        norms[to] += norm;
    }

    /// <summary>The weight of <paramref name="point"/> as the sums count it (its fixed-point value, back in float64).</summary>
    public double CountedWeight(int point) => _data.Weights is null ? 1.0 : QuantizedWeight(_data.Weights[point]) / _weightScale;

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
        int kd = _k * _d;
        for (int chunk = 0; chunk < _data.ChunkCount; chunk++)
        {
            AddTo(_totalSums, _sums.AsSpan(chunk * kd, kd));
            AddTo(_totalWeights, _weights.AsSpan(chunk * _k, _k));
            if (!squaredNorms.IsEmpty)
            {
                AddTo(_totalNorms, _norms.AsSpan(chunk * _k, _k));
            }
        }

        for (int c = 0; c < _k && !squaredNorms.IsEmpty; c++)
        {
            squaredNorms[c] = _totalNorms[c] / _normScale;
        }

        for (int index = 0; index < kd; index++)
        {
            // Dividing by a power of two is exact; converting an int64 beyond 2^53 rounds once.
            sums[index] = _totalSums[index] / _scales[index % _d];
        }

        for (int c = 0; c < _k; c++)
        {
            weights[c] = _totalWeights[c] / _weightScale;
        }
    }

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
    private long QuantizedWeight(double weight) => (long)Math.Round(weight * _weightScale);
}
