namespace Segmentation.Clustering.Dbscan;

/// <summary>
/// A uniform grid of cells of side eps, for few features. Points are sorted by cell key (the last feature varies
/// fastest), so each cell is a contiguous block and the three cells along the last feature form one block; a query
/// scans 3^(d−1) such blocks. Empty cells cost nothing: occupied cells live in a hash table.
/// </summary>
internal sealed class GridIndex<TMetric> : NeighborIndex
    where TMetric : struct, IDbscanMetric
{
    private readonly double[] _origin;
    private readonly double _cellSide;
    private readonly long[] _radix; // key = Σ (cell_j + 1) · radix_j, so the neighbours cell_j ± 1 stay in range
    private readonly int[] _cellStart; // cell c holds positions [_cellStart[c], _cellStart[c + 1])
    private readonly CellTable _table;

    private GridIndex(double[] points, int[] order, int d, double threshold, double[] origin, double cellSide, long[] radix, long[] cellKeys, int[] cellStart)
        : base(points, order, d, threshold)
    {
        _origin = origin;
        _cellSide = cellSide;
        _radix = radix;
        _cellStart = cellStart;
        _table = new CellTable(cellKeys);
    }

    /// <summary>Builds the grid, or returns null when the cell keys would not fit in 62 bits (eps tiny against the spread).</summary>
    public static GridIndex<TMetric>? TryCreate(ReadOnlySpan<double> values, int d, double eps, double threshold)
    {
        int n = values.Length / d;
        var origin = new double[d];
        var top = new double[d];
        origin.AsSpan().Fill(double.PositiveInfinity);
        top.AsSpan().Fill(double.NegativeInfinity);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < d; j++)
            {
                double v = values[(i * d) + j];
                origin[j] = Math.Min(origin[j], v);
                top[j] = Math.Max(top[j], v);
            }
        }

        var radix = new long[d];
        double combined = 1;
        for (int j = d - 1; j >= 0; j--)
        {
            radix[j] = (long)combined;
            double cells = n == 0 ? 1 : Math.Floor((top[j] - origin[j]) / eps) + 3;
            combined *= cells;
            if (combined > (double)(1L << 62))
            {
                return null;
            }
        }

        var keys = new long[n];
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            long key = 0;
            for (int j = 0; j < d; j++)
            {
                key += ((long)Math.Floor((values[(i * d) + j] - origin[j]) / eps) + 1) * radix[j];
            }

            keys[i] = key;
            order[i] = i;
        }

        // Stable by construction: ties keep row order, because the sort is keyed on (cell, row).
        Array.Sort(keys, order);
        SortRowsWithinCells(keys, order);

        var cellKeys = new List<long>();
        var cellStart = new List<int>();
        for (int p = 0; p < n; p++)
        {
            if (p == 0 || keys[p] != keys[p - 1])
            {
                cellKeys.Add(keys[p]);
                cellStart.Add(p);
            }
        }

        cellStart.Add(n);
        return new GridIndex<TMetric>(Reorder(values, order, d), order, d, threshold, origin, eps, radix, [.. cellKeys], [.. cellStart]);
    }

    public override DbscanNeighborSearch Kind => DbscanNeighborSearch.Grid;

    public override bool Query<TVisitor>(ReadOnlySpan<double> query, int minPosition, ref TVisitor visitor)
    {
        int d = Dimensions;
        Span<long> cell = stackalloc long[d];
        for (int j = 0; j < d; j++)
        {
            cell[j] = (long)Math.Floor((query[j] - _origin[j]) / _cellSide) + 1;
        }

        long centre = 0;
        for (int j = 0; j < d; j++)
        {
            centre += cell[j] * _radix[j];
        }

        // The query's own row of cells first, so that early-stopping visitors (neighbour counts) stop sooner.
        if (!ScanRow(query, centre, minPosition, ref visitor))
        {
            return false;
        }

        // Then an odometer over the offsets −1, 0, +1 of the first d − 1 features, skipping the own row.
        Span<int> offset = stackalloc int[Math.Max(d - 1, 1)];
        offset.Fill(-1);
        while (d > 1)
        {
            long key = cell[d - 1] * _radix[d - 1];
            bool own = true;
            for (int j = 0; j < d - 1; j++)
            {
                key += (cell[j] + offset[j]) * _radix[j];
                own &= offset[j] == 0;
            }

            if (!own && !ScanRow(query, key, minPosition, ref visitor))
            {
                return false;
            }

            int k = 0;
            while (k < d - 1 && offset[k] == 1)
            {
                offset[k] = -1;
                k++;
            }

            if (k >= d - 1)
            {
                return true;
            }

            offset[k]++;
        }

        return true;
    }

    /// <summary>Scans the cells key − 1, key, key + 1 along the last feature: one contiguous block of positions.</summary>
    private bool ScanRow<TVisitor>(ReadOnlySpan<double> query, long key, int minPosition, ref TVisitor visitor)
        where TVisitor : struct, INeighborVisitor
    {
        long step = _radix[Dimensions - 1];
        int first = _table.Find(key - step);
        int middle = _table.Find(key);
        int last = _table.Find(key + step);
        int from = first >= 0 ? first : middle >= 0 ? middle : last;
        int to = last >= 0 ? last : middle >= 0 ? middle : first;
        if (from < 0)
        {
            return true;
        }

        int start = Math.Max(_cellStart[from], minPosition);
        int end = _cellStart[to + 1];
        return start >= end || BlockScan.Scan<TMetric, TVisitor>(Points, Dimensions, query, start, end, Threshold, ref visitor);
    }

    private static void SortRowsWithinCells(long[] keys, int[] order)
    {
        int start = 0;
        for (int p = 1; p <= keys.Length; p++)
        {
            if (p == keys.Length || keys[p] != keys[start])
            {
                Array.Sort(order, start, p - start);
                start = p;
            }
        }
    }

    /// <summary>Open addressing from cell key to cell number (keys are distinct and sorted).</summary>
    private sealed class CellTable
    {
        private readonly long[] _keys;
        private readonly int[] _cells;
        private readonly int _mask;
        private readonly int _shift;

        public CellTable(long[] cellKeys)
        {
            int capacity = (int)Math.Min(1L << 30, Math.Max(16, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(cellKeys.Length * 2))));
            _keys = new long[capacity];
            _cells = new int[capacity];
            _cells.AsSpan().Fill(-1);
            _mask = capacity - 1;
            _shift = 64 - System.Numerics.BitOperations.Log2((uint)capacity);
            for (int c = 0; c < cellKeys.Length; c++)
            {
                int slot = Slot(cellKeys[c]);
                while (_cells[slot] >= 0)
                {
                    slot = (slot + 1) & _mask;
                }

                _keys[slot] = cellKeys[c];
                _cells[slot] = c;
            }
        }

        public int Find(long key)
        {
            int slot = Slot(key);
            while (true)
            {
                int cell = _cells[slot];
                if (cell < 0 || _keys[slot] == key)
                {
                    return cell;
                }

                slot = (slot + 1) & _mask;
            }
        }

        private int Slot(long key) => (int)((ulong)(key * unchecked((long)0x9E3779B97F4A7C15)) >> _shift);
    }
}
