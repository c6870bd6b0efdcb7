using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Segmentation.Clustering;

/// <summary>
/// Points (or cluster centroids) stored column by column, so that the distance from one point to a block of
/// points runs over contiguous lanes: the inner loop of every vector-based linkage.
/// </summary>
/// <remarks>
/// The distance kernels here are deliberately small and self-contained so that they can be swapped for the shared
/// SIMD kernels later. Each lane accumulates (xⱼ − pⱼ)² over j = 0..d−1 in order with fused multiply-add, which is
/// bit for bit what the scalar loop <see cref="SquaredDistance(int, int)"/> computes: the chosen pair and the
/// reported height never depend on whether the vector or the scalar path ran. A slot whose coordinates are NaN
/// (a merged-away cluster) yields NaN, which no comparison selects.
/// </remarks>
internal sealed class PointColumns
{
    private readonly double[] _values;

    public PointColumns(FeatureMatrix data)
    {
        Count = data.RowCount;
        Dimensions = data.ColumnCount;
        Stride = Count;
        _values = GC.AllocateUninitializedArray<double>(checked(Count * Dimensions));
        for (int i = 0; i < Count; i++)
        {
            ReadOnlySpan<double> row = data.Row(i);
            for (int j = 0; j < row.Length; j++)
            {
                _values[(j * Stride) + i] = row[j];
            }
        }
    }

    /// <summary>The number of slots in use (slots are only removed by <see cref="Compact"/>).</summary>
    public int Count { get; private set; }

    public int Dimensions { get; }

    private int Stride { get; }

    public double this[int slot, int dimension]
    {
        get => _values[(dimension * Stride) + slot];
        set => _values[(dimension * Stride) + slot] = value;
    }

    public void CopyPoint(int slot, Span<double> destination)
    {
        for (int j = 0; j < Dimensions; j++)
        {
            destination[j] = _values[(j * Stride) + slot];
        }
    }

    /// <summary>Marks a slot as gone: every distance to it becomes NaN.</summary>
    public void Invalidate(int slot)
    {
        for (int j = 0; j < Dimensions; j++)
        {
            _values[(j * Stride) + slot] = double.NaN;
        }
    }

    /// <summary>Moves the slots listed in <paramref name="keep"/> (ascending) to 0..keep.Length−1, keeping their order.</summary>
    public void Compact(ReadOnlySpan<int> keep)
    {
        for (int j = 0; j < Dimensions; j++)
        {
            Span<double> column = _values.AsSpan(j * Stride, Count);
            for (int k = 0; k < keep.Length; k++)
            {
                column[k] = column[keep[k]];
            }
        }

        Count = keep.Length;
    }

    /// <summary>The squared Euclidean distance between two slots, summed over dimensions in order.</summary>
    public double SquaredDistance(int a, int b)
    {
        double sum = 0;
        for (int j = 0; j < Dimensions; j++)
        {
            double diff = _values[(j * Stride) + b] - _values[(j * Stride) + a];
            sum = Math.FusedMultiplyAdd(diff, diff, sum);
        }

        return sum;
    }

    /// <summary>
    /// <c>output[i − start] = Σⱼ (slot i's coordinate j − point[j])²</c> for slots start..start+output.Length−1.
    /// </summary>
    public void SquaredDistances(ReadOnlySpan<double> point, int start, Span<double> output)
    {
        int count = output.Length;
        int d = Dimensions;
        ref double values = ref MemoryMarshal.GetArrayDataReference(_values);
        ref double result = ref MemoryMarshal.GetReference(output);
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            // Four independent accumulators hide the latency of the dependent adds along j.
            for (; i <= count - 32; i += 32)
            {
                Vector512<double> a0 = Vector512<double>.Zero, a1 = a0, a2 = a0, a3 = a0;
                for (int j = 0; j < d; j++)
                {
                    ref double column = ref Unsafe.Add(ref values, (j * Stride) + start + i);
                    var p = Vector512.Create(point[j]);
                    Vector512<double> d0 = Vector512.LoadUnsafe(ref column) - p;
                    Vector512<double> d1 = Vector512.LoadUnsafe(ref column, 8) - p;
                    Vector512<double> d2 = Vector512.LoadUnsafe(ref column, 16) - p;
                    Vector512<double> d3 = Vector512.LoadUnsafe(ref column, 24) - p;
                    a0 = Vector512.FusedMultiplyAdd(d0, d0, a0);
                    a1 = Vector512.FusedMultiplyAdd(d1, d1, a1);
                    a2 = Vector512.FusedMultiplyAdd(d2, d2, a2);
                    a3 = Vector512.FusedMultiplyAdd(d3, d3, a3);
                }

                a0.StoreUnsafe(ref result, (nuint)i);
                a1.StoreUnsafe(ref result, (nuint)(i + 8));
                a2.StoreUnsafe(ref result, (nuint)(i + 16));
                a3.StoreUnsafe(ref result, (nuint)(i + 24));
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= count - 8; i += 8)
            {
                Vector256<double> a0 = Vector256<double>.Zero, a1 = a0;
                for (int j = 0; j < d; j++)
                {
                    ref double column = ref Unsafe.Add(ref values, (j * Stride) + start + i);
                    var p = Vector256.Create(point[j]);
                    Vector256<double> d0 = Vector256.LoadUnsafe(ref column) - p;
                    Vector256<double> d1 = Vector256.LoadUnsafe(ref column, 4) - p;
                    a0 = Vector256.FusedMultiplyAdd(d0, d0, a0);
                    a1 = Vector256.FusedMultiplyAdd(d1, d1, a1);
                }

                a0.StoreUnsafe(ref result, (nuint)i);
                a1.StoreUnsafe(ref result, (nuint)(i + 4));
            }
        }

        for (; i < count; i++)
        {
            double sum = 0;
            for (int j = 0; j < d; j++)
            {
                double diff = Unsafe.Add(ref values, (j * Stride) + start + i) - point[j];
                sum = Math.FusedMultiplyAdd(diff, diff, sum);
            }

            Unsafe.Add(ref result, i) = sum;
        }
    }
    /// <summary>
    /// Ward's nearest neighbour of <paramref name="point"/> (weight <paramref name="scanningWeight"/>) among slots
    /// start..start+count−1 in one pass: the first slot with the smallest key
    /// <c>‖c_i − p‖² · w_i / (w_x + w_i)</c>, NaN keys (dead slots, NaN weight) never chosen; −1 if none.
    /// </summary>
    /// <remarks>Fused so that no row of keys is written: the scan is the whole cost of Ward's chain.</remarks>
    public int WardNearest(ReadOnlySpan<double> point, ReadOnlySpan<double> weights, double scanningWeight, int start, int count, out double minimum)
    {
        int d = Dimensions;
        ref double values = ref MemoryMarshal.GetArrayDataReference(_values);
        ref double w = ref MemoryMarshal.GetReference(weights);
        int best = -1;
        double min = double.PositiveInfinity;
        int i = 0;
        if (Vector512.IsHardwareAccelerated && count >= 32)
        {
            var wx = Vector512.Create(scanningWeight);
            Vector512<double> minV = Vector512.Create(double.PositiveInfinity);
            Vector512<long> bestV = Vector512.Create(-1L);
            Vector512<long> lane = Vector512.Create(0L, 1, 2, 3, 4, 5, 6, 7);
            for (; i <= count - 32; i += 32)
            {
                Vector512<double> a0 = Vector512<double>.Zero, a1 = a0, a2 = a0, a3 = a0;
                for (int j = 0; j < d; j++)
                {
                    ref double column = ref Unsafe.Add(ref values, (j * Stride) + start + i);
                    var p = Vector512.Create(point[j]);
                    Vector512<double> d0 = Vector512.LoadUnsafe(ref column) - p;
                    Vector512<double> d1 = Vector512.LoadUnsafe(ref column, 8) - p;
                    Vector512<double> d2 = Vector512.LoadUnsafe(ref column, 16) - p;
                    Vector512<double> d3 = Vector512.LoadUnsafe(ref column, 24) - p;
                    a0 = Vector512.FusedMultiplyAdd(d0, d0, a0);
                    a1 = Vector512.FusedMultiplyAdd(d1, d1, a1);
                    a2 = Vector512.FusedMultiplyAdd(d2, d2, a2);
                    a3 = Vector512.FusedMultiplyAdd(d3, d3, a3);
                }

                Keep(ref minV, ref bestV, WardKey(a0, ref w, start + i, wx), lane + Vector512.Create((long)i));
                Keep(ref minV, ref bestV, WardKey(a1, ref w, start + i + 8, wx), lane + Vector512.Create((long)i + 8));
                Keep(ref minV, ref bestV, WardKey(a2, ref w, start + i + 16, wx), lane + Vector512.Create((long)i + 16));
                Keep(ref minV, ref bestV, WardKey(a3, ref w, start + i + 24, wx), lane + Vector512.Create((long)i + 24));
            }

            for (int l = 0; l < 8; l++)
            {
                double v = minV[l];
                long at = bestV[l];
                if (at >= 0 && (v < min || (v == min && at < best)))
                {
                    min = v;
                    best = (int)at;
                }
            }
        }

        for (; i < count; i++)
        {
            int slot = start + i;
            double sum = 0;
            for (int j = 0; j < d; j++)
            {
                double diff = Unsafe.Add(ref values, (j * Stride) + slot) - point[j];
                sum = Math.FusedMultiplyAdd(diff, diff, sum);
            }

            double key = sum * weights[slot] / (scanningWeight + weights[slot]);
            if (key < min)
            {
                min = key;
                best = i;
            }
        }

        minimum = min;
        return best < 0 ? -1 : start + best;
    }

    /// <summary>
    /// One step of Prim's algorithm over slots start..start+count−1 in one pass: lowers <c>best[i]</c> to the
    /// Euclidean distance from <paramref name="point"/> when smaller (a NaN distance, a slot already in the tree,
    /// never lowers), and returns the first slot with the smallest <c>best</c> below +∞, or −1.
    /// </summary>
    public int LowerAndFindNearest(ReadOnlySpan<double> point, Span<double> best, int start, int count, out double minimum)
    {
        int d = Dimensions;
        ref double values = ref MemoryMarshal.GetArrayDataReference(_values);
        ref double b = ref MemoryMarshal.GetReference(best);
        int found = -1;
        double min = double.PositiveInfinity;
        int i = 0;
        if (Vector512.IsHardwareAccelerated && count >= 32)
        {
            Vector512<double> minV = Vector512.Create(double.PositiveInfinity);
            Vector512<long> bestV = Vector512.Create(-1L);
            Vector512<long> lane = Vector512.Create(0L, 1, 2, 3, 4, 5, 6, 7);
            for (; i <= count - 32; i += 32)
            {
                Vector512<double> a0 = Vector512<double>.Zero, a1 = a0, a2 = a0, a3 = a0;
                for (int j = 0; j < d; j++)
                {
                    ref double column = ref Unsafe.Add(ref values, (j * Stride) + start + i);
                    var p = Vector512.Create(point[j]);
                    Vector512<double> d0 = Vector512.LoadUnsafe(ref column) - p;
                    Vector512<double> d1 = Vector512.LoadUnsafe(ref column, 8) - p;
                    Vector512<double> d2 = Vector512.LoadUnsafe(ref column, 16) - p;
                    Vector512<double> d3 = Vector512.LoadUnsafe(ref column, 24) - p;
                    a0 = Vector512.FusedMultiplyAdd(d0, d0, a0);
                    a1 = Vector512.FusedMultiplyAdd(d1, d1, a1);
                    a2 = Vector512.FusedMultiplyAdd(d2, d2, a2);
                    a3 = Vector512.FusedMultiplyAdd(d3, d3, a3);
                }

                Keep(ref minV, ref bestV, Lower(a0, ref b, i), lane + Vector512.Create((long)i));
                Keep(ref minV, ref bestV, Lower(a1, ref b, i + 8), lane + Vector512.Create((long)i + 8));
                Keep(ref minV, ref bestV, Lower(a2, ref b, i + 16), lane + Vector512.Create((long)i + 16));
                Keep(ref minV, ref bestV, Lower(a3, ref b, i + 24), lane + Vector512.Create((long)i + 24));
            }

            for (int l = 0; l < 8; l++)
            {
                double v = minV[l];
                long at = bestV[l];
                if (at >= 0 && (v < min || (v == min && at < found)))
                {
                    min = v;
                    found = (int)at;
                }
            }
        }

        for (; i < count; i++)
        {
            double sum = 0;
            for (int j = 0; j < d; j++)
            {
                double diff = Unsafe.Add(ref values, (j * Stride) + start + i) - point[j];
                sum = Math.FusedMultiplyAdd(diff, diff, sum);
            }

            double dist = Math.Sqrt(sum);
            if (dist < best[i])
            {
                best[i] = dist;
            }

            if (best[i] < min)
            {
                min = best[i];
                found = i;
            }
        }

        minimum = min;
        return found < 0 ? -1 : start + found;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Lower(Vector512<double> squared, ref double best, int offset)
    {
        Vector512<double> dist = Vector512.Sqrt(squared);
        Vector512<double> old = Vector512.LoadUnsafe(ref best, (nuint)offset);
        Vector512<double> lowered = Vector512.ConditionalSelect(Vector512.LessThan(dist, old), dist, old);
        lowered.StoreUnsafe(ref best, (nuint)offset);
        return lowered;
    }

    /// <summary>Ward's key of one slot, computed exactly as <see cref="WardNearest"/> does.</summary>
    public double WardKey(ReadOnlySpan<double> point, int slot, double slotWeight, double scanningWeight)
    {
        double sum = 0;
        for (int j = 0; j < Dimensions; j++)
        {
            double diff = _values[(j * Stride) + slot] - point[j];
            sum = Math.FusedMultiplyAdd(diff, diff, sum);
        }

        return sum * slotWeight / (scanningWeight + slotWeight);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> WardKey(Vector512<double> squared, ref double weights, int slot, Vector512<double> wx)
    {
        Vector512<double> wi = Vector512.LoadUnsafe(ref weights, (nuint)slot);
        return squared * wi / (wx + wi);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Keep(ref Vector512<double> minV, ref Vector512<long> bestV, Vector512<double> keys, Vector512<long> index)
    {
        Vector512<double> less = Vector512.LessThan(keys, minV);
        minV = Vector512.ConditionalSelect(less, keys, minV);
        bestV = Vector512.ConditionalSelect(less.AsInt64(), index, bestV);
    }
}
