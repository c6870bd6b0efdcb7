namespace Segmentation.Clustering.Dbscan;

/// <summary>
/// Lock-free union-find: a root is linked under the smaller root with a compare-and-swap, so every component's
/// root is its smallest element and the final partition is the same whatever the order of the unions.
/// </summary>
/// <remarks>
/// Path halving writes only to non-roots, replacing a parent by one of its ancestors; a racing write can only
/// lose a shortcut, never change a component, so plain writes are safe there.
/// </remarks>
internal sealed class ConcurrentUnionFind
{
    private readonly int[] _parent;

    public ConcurrentUnionFind(int count)
    {
        _parent = new int[count];
        for (int i = 0; i < count; i++)
        {
            _parent[i] = i;
        }
    }

    public int Find(int x)
    {
        while (true)
        {
            int parent = Volatile.Read(ref _parent[x]);
            if (parent == x)
            {
                return x;
            }

            int grandparent = Volatile.Read(ref _parent[parent]);
            if (grandparent != parent)
            {
                _parent[x] = grandparent;
            }

            x = grandparent;
        }
    }

    public void Union(int a, int b)
    {
        while (true)
        {
            a = Find(a);
            b = Find(b);
            if (a == b)
            {
                return;
            }

            if (a < b)
            {
                (a, b) = (b, a);
            }

            // Link the larger root a under b, if a is still a root.
            if (Interlocked.CompareExchange(ref _parent[a], b, a) == a)
            {
                return;
            }
        }
    }
}
