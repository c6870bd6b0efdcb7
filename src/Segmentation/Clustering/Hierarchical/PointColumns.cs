using Segmentation.Kernels;

namespace Segmentation.Clustering.Hierarchical;

/// <summary>
/// Points (or cluster centroids) stored column by column, so that the distance from one point to a block of
/// points runs over contiguous lanes: the inner loop of every vector-based linkage.
/// </summary>
/// <remarks>
/// The storage only: every distance loop is <see cref="ColumnDistances"/>'s, whose vector paths equal its scalar
/// reference bit for bit, so the chosen pair and the reported height never depend on the register width. A slot whose
/// coordinates are NaN (a merged-away cluster) yields NaN, which no comparison selects.
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
        Span<double> point = Dimensions <= 64 ? stackalloc double[Dimensions] : new double[Dimensions];
        CopyPoint(a, point);
        return ColumnDistances.SquaredDistance(_values, Stride, b, point);
    }

    /// <summary>
    /// <c>output[i − start] = Σⱼ (slot i's coordinate j − point[j])²</c> for slots start..start+output.Length−1.
    /// </summary>
    public void SquaredDistances(ReadOnlySpan<double> point, int start, Span<double> output) =>
        ColumnDistances.SquaredDistances(_values, Stride, point, start, output);

    /// <summary>
    /// Ward's nearest neighbour of <paramref name="point"/> (weight <paramref name="scanningWeight"/>) among slots
    /// start..start+count−1: the first slot with the smallest key <c>‖c_i − p‖² · w_i / (w_x + w_i)</c>, NaN keys
    /// (dead slots, NaN weight) never chosen; −1 if none.
    /// </summary>
    public int WardNearest(ReadOnlySpan<double> point, ReadOnlySpan<double> weights, double scanningWeight, int start, int count, out double minimum) =>
        ColumnDistances.WardNearest(_values, Stride, point, weights, scanningWeight, start, count, out minimum);

    /// <summary>
    /// One step of Prim's algorithm over slots start..start+count−1: lowers <c>best[i]</c> to the Euclidean distance
    /// from <paramref name="point"/> when smaller, and returns the first slot with the smallest <c>best</c> below +∞, or −1.
    /// </summary>
    public int LowerAndFindNearest(ReadOnlySpan<double> point, Span<double> best, int start, int count, out double minimum) =>
        ColumnDistances.LowerAndFindNearest(_values, Stride, point, best[..count], start, out minimum);

    /// <summary>Ward's key of one slot, computed exactly as <see cref="WardNearest"/> does.</summary>
    public double WardKey(ReadOnlySpan<double> point, int slot, double slotWeight, double scanningWeight) =>
        ColumnDistances.WardKey(ColumnDistances.SquaredDistance(_values, Stride, slot, point), slotWeight, scanningWeight);
}
