namespace Segmentation.Clustering.Dbscan;

/// <summary>Nearest-point search, whatever the metric.</summary>
internal interface INearestSearch
{
    /// <summary>The caller's row of each position.</summary>
    int[] Order { get; }

    /// <summary>The position of the nearest point within a threshold-space distance, the lowest row on ties; -1 when none.</summary>
    int Nearest(ReadOnlySpan<double> query, double maxThreshold, out double distance);
}

/// <summary>
/// A kd-tree with tight bounding boxes: split on the widest feature at the median position, leaves of up to
/// <see cref="LeafSize"/> points stored contiguously, so a leaf is scanned as one block.
/// </summary>
/// <remarks>
/// Subtrees whose box lies entirely inside the radius are handed to range-taking visitors whole (neighbour counts).
/// Queries are read-only: one tree serves any number of threads.
/// </remarks>
internal sealed partial class KdTree<TMetric> : NeighborIndex, INearestSearch, ICoreUnion
    where TMetric : struct, IDbscanMetric
{
    public const int LeafSize = 24;

    private readonly int[] _start;
    private readonly int[] _end;
    private readonly int[] _right; // -1 for a leaf; the left child is always node + 1
    private readonly int[] _splitDimension;
    private readonly double[] _splitValue;
    private readonly double[] _boxMin;
    private readonly double[] _boxMax;

    public KdTree(ReadOnlySpan<double> values, int d, double threshold)
        : this(Build(values, d, out Layout layout), layout, d, threshold)
    {
    }

    private KdTree(int[] order, Layout layout, int d, double threshold)
        : base(layout.Points, order, d, threshold)
    {
        _start = layout.Start;
        _end = layout.End;
        _right = layout.Right;
        _splitDimension = layout.SplitDimension;
        _splitValue = layout.SplitValue;
        _boxMin = layout.BoxMin;
        _boxMax = layout.BoxMax;
    }

    public override DbscanNeighborSearch Kind => DbscanNeighborSearch.KdTree;

    public override bool Query<TVisitor>(ReadOnlySpan<double> query, int minPosition, ref TVisitor visitor)
    {
        if (Count == 0)
        {
            return true;
        }

        int d = Dimensions;
        Span<int> stack = stackalloc int[128];
        int top = 0;
        stack[top++] = 0;
        while (top > 0)
        {
            int node = stack[--top];
            if (_end[node] <= minPosition)
            {
                continue;
            }

            ReadOnlySpan<double> min = _boxMin.AsSpan(node * d, d);
            ReadOnlySpan<double> max = _boxMax.AsSpan(node * d, d);
            if (TMetric.MinDistanceToBox(query, min, max) > Threshold)
            {
                continue;
            }

            if (TVisitor.AcceptsRanges && TMetric.MaxDistanceToBox(query, min, max) <= Threshold)
            {
                if (!visitor.VisitRange(Math.Max(_start[node], minPosition), _end[node]))
                {
                    return false;
                }

                continue;
            }

            int right = _right[node];
            if (right < 0)
            {
                if (!BlockScan.Scan<TMetric, TVisitor>(Points, d, query, Math.Max(_start[node], minPosition), _end[node], Threshold, ref visitor))
                {
                    return false;
                }

                continue;
            }

            // Near child last, so it is popped first: early-stopping visitors stop sooner.
            bool goLeft = query[_splitDimension[node]] < _splitValue[node];
            stack[top++] = goLeft ? right : node + 1;
            stack[top++] = goLeft ? node + 1 : right;
        }

        return true;
    }

    /// <summary>
    /// The position of the nearest point within <paramref name="maxThreshold"/> (threshold space), the lowest
    /// <see cref="NeighborIndex.Order"/> value on ties; -1 when none.
    /// </summary>
    public int Nearest(ReadOnlySpan<double> query, double maxThreshold, out double distance)
    {
        int best = -1;
        distance = maxThreshold;
        if (Count == 0)
        {
            return best;
        }

        int d = Dimensions;
        Span<int> stack = stackalloc int[128];
        int top = 0;
        stack[top++] = 0;
        while (top > 0)
        {
            int node = stack[--top];
            if (TMetric.MinDistanceToBox(query, _boxMin.AsSpan(node * d, d), _boxMax.AsSpan(node * d, d)) > distance)
            {
                continue;
            }

            int right = _right[node];
            if (right < 0)
            {
                for (int p = _start[node]; p < _end[node]; p++)
                {
                    double dist = TMetric.Distance(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(query), ref Points[p * d], d);
                    if (dist < distance || (dist == distance && (best < 0 || Order[p] < Order[best])))
                    {
                        distance = dist;
                        best = p;
                    }
                }

                continue;
            }

            bool goLeft = query[_splitDimension[node]] < _splitValue[node];
            stack[top++] = goLeft ? right : node + 1;
            stack[top++] = goLeft ? node + 1 : right;
        }

        return best;
    }

    /// <summary>
    /// The threshold-space distance to the <paramref name="k"/>-th nearest point other than position
    /// <paramref name="exclude"/> (infinity when there are fewer); <paramref name="heap"/> needs room for k values.
    /// </summary>
    public double KthNearest(ReadOnlySpan<double> query, int k, int exclude, Span<double> heap)
    {
        int d = Dimensions;
        int size = 0;
        Span<int> stack = stackalloc int[128];
        int top = 0;
        stack[top++] = 0;
        while (top > 0)
        {
            int node = stack[--top];
            double bound = size == k ? heap[0] : double.PositiveInfinity;
            if (TMetric.MinDistanceToBox(query, _boxMin.AsSpan(node * d, d), _boxMax.AsSpan(node * d, d)) > bound)
            {
                continue;
            }

            int right = _right[node];
            if (right < 0)
            {
                for (int p = _start[node]; p < _end[node]; p++)
                {
                    if (p == exclude)
                    {
                        continue;
                    }

                    double dist = TMetric.Distance(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(query), ref Points[p * d], d);
                    if (size < k)
                    {
                        heap[size++] = dist;
                        SiftUp(heap, size - 1);
                    }
                    else if (dist < heap[0])
                    {
                        heap[0] = dist;
                        SiftDown(heap, size);
                    }
                }

                continue;
            }

            bool goLeft = query[_splitDimension[node]] < _splitValue[node];
            stack[top++] = goLeft ? right : node + 1;
            stack[top++] = goLeft ? node + 1 : right;
        }

        return size == k ? heap[0] : double.PositiveInfinity;
    }

    private static void SiftUp(Span<double> heap, int i)
    {
        while (i > 0)
        {
            int parent = (i - 1) / 2;
            if (heap[parent] >= heap[i])
            {
                return;
            }

            (heap[parent], heap[i]) = (heap[i], heap[parent]);
            i = parent;
        }
    }

    private static void SiftDown(Span<double> heap, int size)
    {
        int i = 0;
        while (true)
        {
            int largest = i;
            int left = (2 * i) + 1;
            if (left < size && heap[left] > heap[largest])
            {
                largest = left;
            }

            if (left + 1 < size && heap[left + 1] > heap[largest])
            {
                largest = left + 1;
            }

            if (largest == i)
            {
                return;
            }

            (heap[largest], heap[i]) = (heap[i], heap[largest]);
            i = largest;
        }
    }

    private static int[] Build(ReadOnlySpan<double> values, int d, out Layout layout)
    {
        int n = d == 0 ? 0 : values.Length / d;
        int capacity = Math.Max(1, (4 * n / LeafSize) + 4);
        layout = new Layout(capacity, d);
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }

        if (n > 0)
        {
            var keys = new double[n];
            BuildNode(values, d, order, keys, 0, n, ref layout);
        }

        layout.Points = Reorder(values, order, d);
        return order;
    }

    private static int BuildNode(ReadOnlySpan<double> values, int d, int[] order, double[] keys, int start, int end, ref Layout layout)
    {
        int node = layout.Add(start, end);
        Span<double> min = layout.BoxMin.AsSpan(node * d, d);
        Span<double> max = layout.BoxMax.AsSpan(node * d, d);
        min.Fill(double.PositiveInfinity);
        max.Fill(double.NegativeInfinity);
        for (int i = start; i < end; i++)
        {
            ReadOnlySpan<double> row = values.Slice(order[i] * d, d);
            for (int j = 0; j < d; j++)
            {
                min[j] = Math.Min(min[j], row[j]);
                max[j] = Math.Max(max[j], row[j]);
            }
        }

        int widest = 0;
        for (int j = 1; j < d; j++)
        {
            if (max[j] - min[j] > max[widest] - min[widest])
            {
                widest = j;
            }
        }

        if (end - start <= LeafSize || max[widest] - min[widest] <= 0)
        {
            return node;
        }

        for (int i = start; i < end; i++)
        {
            keys[i] = values[(order[i] * d) + widest];
        }

        int middle = start + ((end - start) / 2);
        Select(keys, order, start, end - 1, middle);
        layout.SplitDimension[node] = widest;
        layout.SplitValue[node] = keys[middle];
        BuildNode(values, d, order, keys, start, middle, ref layout);
        layout.Right[node] = BuildNode(values, d, order, keys, middle, end, ref layout);
        return node;
    }

    /// <summary>Quickselect: afterwards keys[k] is the k-th smallest of keys[lo..hi], smaller ones before it, larger after.</summary>
    private static void Select(double[] keys, int[] order, int lo, int hi, int k)
    {
        while (hi > lo)
        {
            double pivot = keys[lo + ((hi - lo) / 2)];
            int i = lo;
            int j = hi;
            while (i <= j)
            {
                while (keys[i] < pivot)
                {
                    i++;
                }

                while (keys[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (keys[i], keys[j]) = (keys[j], keys[i]);
                    (order[i], order[j]) = (order[j], order[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>The node arrays while building; grown on demand.</summary>
    private struct Layout(int capacity, int d)
    {
        private int _count;

        public int[] Start = new int[capacity];
        public int[] End = new int[capacity];
        public int[] Right = new int[capacity];
        public int[] SplitDimension = new int[capacity];
        public double[] SplitValue = new double[capacity];
        public double[] BoxMin = new double[capacity * d];
        public double[] BoxMax = new double[capacity * d];
        public double[] Points = [];

        public int Add(int start, int end)
        {
            if (_count == Start.Length)
            {
                int size = _count * 2;
                Array.Resize(ref Start, size);
                Array.Resize(ref End, size);
                Array.Resize(ref Right, size);
                Array.Resize(ref SplitDimension, size);
                Array.Resize(ref SplitValue, size);
                Array.Resize(ref BoxMin, size * d);
                Array.Resize(ref BoxMax, size * d);
            }

            Start[_count] = start;
            End[_count] = end;
            Right[_count] = -1;
            return _count++;
        }
    }
}
