using System.Runtime.InteropServices;

namespace Segmentation.Clustering.Hierarchical;

/// <summary>
/// The condensed Euclidean distance matrix (SciPy's <c>pdist</c> layout: row i holds d(i, i+1..n−1)) in native
/// memory, so that it is not limited by the largest .NET array and is freed as soon as the fit ends.
/// </summary>
internal sealed unsafe class CondensedDistances : IDisposable
{
    private double* _values;

    public CondensedDistances(FeatureMatrix data, LinkageRun run)
    {
        int n = data.RowCount;
        N = n;
        long length = ByteCount(n) / sizeof(double);
        _values = (double*)NativeMemory.Alloc((nuint)Math.Max(length, 1), sizeof(double));
        try
        {
            Fill(data, run);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public int N { get; }

    public double this[int i, int j]
    {
        get => _values[Index(Math.Min(i, j), Math.Max(i, j))];
        set => _values[Index(Math.Min(i, j), Math.Max(i, j))] = value;
    }

    /// <summary>The bytes the matrix takes for <paramref name="n"/> points: 8·n·(n−1)/2.</summary>
    public static long ByteCount(int n) => (long)n * (n - 1) / 2 * sizeof(double);

    /// <summary>The position of (i, j), i &lt; j: SciPy's <c>condensed_index</c>.</summary>
    public long Index(int i, int j) => ((long)N * i) - ((long)i * (i + 1) / 2) + (j - i - 1);

    private void Fill(FeatureMatrix data, LinkageRun run)
    {
        int n = N;
        var points = new PointColumns(data);
        double* values = _values;

        // Rows shrink with i: hand them out one by one so both threads stay busy.
        var options = new ParallelOptions { MaxDegreeOfParallelism = run.Parallelism.Degree, CancellationToken = run.CancellationToken };
        Parallel.For(0, Math.Max(n - 1, 0), options, () => new double[data.ColumnCount], (i, _, point) =>
        {
            points.CopyPoint(i, point);
            var row = new Span<double>(values + Index(i, i + 1), n - i - 1);
            points.SquaredDistances(point, i + 1, row);
            for (int j = 0; j < row.Length; j++)
            {
                row[j] = Math.Sqrt(row[j]);
            }

            return point;
        }, _ => { });
    }

    public void Dispose()
    {
        if (_values is not null)
        {
            NativeMemory.Free(_values);
            _values = null;
        }
    }
}
