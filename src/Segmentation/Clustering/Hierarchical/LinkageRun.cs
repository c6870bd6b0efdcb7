namespace Segmentation.Clustering.Hierarchical;

/// <summary>What every linkage algorithm needs besides the data: cancellation, progress and threads.</summary>
internal sealed class LinkageRun(IProgress<double>? progress, int degreeOfParallelism, CancellationToken cancellationToken)
{
    private int _lastPercent = -1;

    public SlotParallelism Parallelism { get; } = new(degreeOfParallelism);

    public CancellationToken CancellationToken => cancellationToken;

    /// <summary>Checked once per merge (the outer loop): cheap next to the O(n) work of a merge.</summary>
    public void ThrowIfCancellationRequested() => cancellationToken.ThrowIfCancellationRequested();

    /// <summary>Reports the fraction of merges done, at most once per percent.</summary>
    public void Report(int done, int total)
    {
        if (progress is null || total <= 0)
        {
            return;
        }

        int percent = (int)(100L * done / total);
        if (percent != _lastPercent)
        {
            _lastPercent = percent;
            progress.Report(percent / 100.0);
        }
    }
}

/// <summary>
/// SciPy's binary min-heap keyed 0..n−1 (<c>scipy/cluster/_structures.pxi</c>), reproduced operation for operation
/// because which of two equal candidates comes out first decides ties in the generic algorithm.
/// </summary>
internal sealed class CandidateHeap
{
    private readonly int[] _indexByKey;
    private readonly int[] _keyByIndex;
    private readonly double[] _values;
    private int _size;

    public CandidateHeap(ReadOnlySpan<double> values)
    {
        _size = values.Length;
        _indexByKey = new int[_size];
        _keyByIndex = new int[_size];
        _values = values.ToArray();
        for (int i = 0; i < _size; i++)
        {
            _indexByKey[i] = i;
            _keyByIndex[i] = i;
        }

        for (int i = (_size / 2) - 1; i >= 0; i--)
        {
            SiftDown(i);
        }
    }

    public int MinKey => _keyByIndex[0];

    public double MinValue => _values[0];

    public void RemoveMin()
    {
        Swap(0, _size - 1);
        _size--;
        SiftDown(0);
    }

    public void ChangeValue(int key, double value)
    {
        int index = _indexByKey[key];
        double old = _values[index];
        _values[index] = value;
        if (value < old)
        {
            SiftUp(index);
        }
        else
        {
            SiftDown(index);
        }
    }

    private void SiftUp(int index)
    {
        int parent = (index - 1) >> 1;
        while (index > 0 && _values[parent] > _values[index])
        {
            Swap(index, parent);
            index = parent;
            parent = (index - 1) >> 1;
        }
    }

    private void SiftDown(int index)
    {
        int child = (index << 1) + 1;
        while (child < _size)
        {
            if (child + 1 < _size && _values[child + 1] < _values[child])
            {
                child++;
            }

            if (_values[index] > _values[child])
            {
                Swap(index, child);
                index = child;
                child = (index << 1) + 1;
            }
            else
            {
                break;
            }
        }
    }

    private void Swap(int i, int j)
    {
        (_values[i], _values[j]) = (_values[j], _values[i]);
        int keyI = _keyByIndex[i];
        int keyJ = _keyByIndex[j];
        _keyByIndex[i] = keyJ;
        _keyByIndex[j] = keyI;
        _indexByKey[keyI] = j;
        _indexByKey[keyJ] = i;
    }
}
