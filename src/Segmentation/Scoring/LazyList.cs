using System.Collections;

namespace Segmentation.Scoring;

/// <summary>
/// A read-only list built on first use, by one small object per customer (no closure). At 1,000,000 customers most
/// customers' sorted contributions and drivers in words are never read (only the rows of the worklist show them), so a
/// run builds them only when something reads them. Safe to read from several threads: the list may be built twice, one
/// result is kept, both are equal.
/// </summary>
/// <remarks>
/// A writer that reads each list once (the reasons of worklist.csv) uses <see cref="LazyList.Peek{T}"/>: the list is
/// built without being kept, so the garbage collector does not have to carry it from then on.
/// </remarks>
/// <typeparam name="T">The item type.</typeparam>
internal abstract class LazyList<T> : IReadOnlyList<T>
{
    private IReadOnlyList<T>? _items;

    public int Count => Items.Count;

    private IReadOnlyList<T> Items => _items ??= Build();

    public T this[int index] => Items[index];

    public IEnumerator<T> GetEnumerator() => Items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The items: the kept ones when built already, otherwise built now and not kept.</summary>
    internal IReadOnlyList<T> Peek() => _items ?? Build();

    /// <summary>Builds the items.</summary>
    protected abstract IReadOnlyList<T> Build();
}

/// <summary>Reading a list once without keeping what a <see cref="LazyList{T}"/> builds.</summary>
internal static class LazyList
{
    /// <summary>The items of <paramref name="list"/>; a <see cref="LazyList{T}"/> not built yet is built and not kept.</summary>
    public static IReadOnlyList<T> Peek<T>(IReadOnlyList<T> list) => list is LazyList<T> lazy ? lazy.Peek() : list;
}

/// <summary>Deterministic parallel loops over customers: each index is written by exactly one worker, so the result does not depend on the scheduling.</summary>
internal static class CustomerLoop
{
    /// <summary>Below this many customers one thread is faster than starting workers.</summary>
    private const int MinChunk = 16_384;

    /// <summary>
    /// Runs <paramref name="body"/>(part, start, end) for <paramref name="parts"/> contiguous parts of [0, n) at once,
    /// so that each part can fill a buffer of its own; rethrows the first exception as it was (not wrapped).
    /// </summary>
    public static void ForParts(int n, int parts, Action<int, int, int> body, CancellationToken cancellationToken)
    {
        parts = Math.Clamp(parts, 1, Math.Max(1, n));
        if (parts == 1)
        {
            body(0, 0, n);
            return;
        }

        try
        {
            Parallel.For(0, parts, new ParallelOptions { CancellationToken = cancellationToken }, part =>
                body(part, (int)((long)n * part / parts), (int)((long)n * (part + 1) / parts)));
        }
        catch (AggregateException aggregate) when (aggregate.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(aggregate.InnerExceptions[0]).Throw();
            throw;
        }
    }

    /// <summary>Runs <paramref name="body"/> for every index in [0, n) in contiguous chunks, rethrowing the first exception as it was (not wrapped).</summary>
    public static void For(int n, Action<int> body, CancellationToken cancellationToken)
    {
        if (n <= MinChunk)
        {
            for (int i = 0; i < n; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                body(i);
            }

            return;
        }

        int chunks = (n + MinChunk - 1) / MinChunk;
        try
        {
            Parallel.For(0, chunks, new ParallelOptions { CancellationToken = cancellationToken }, chunk =>
            {
                int end = Math.Min(n, (chunk + 1) * MinChunk);
                for (int i = chunk * MinChunk; i < end; i++)
                {
                    body(i);
                }
            });
        }
        catch (AggregateException aggregate) when (aggregate.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(aggregate.InnerExceptions[0]).Throw();
            throw;
        }
    }
}
