using System.Runtime.InteropServices;

namespace Segmentation.Clustering.Dbscan;

/// <summary>An index that can run DBSCAN's cluster-merging pass itself, faster than through a visitor.</summary>
internal interface ICoreUnion
{
    /// <summary>Prepares the per-node state the pass shares between threads.</summary>
    int[] CreateUnionState(bool[] core);

    /// <summary>Unions core point <paramref name="position"/> with every core point at a later position within the radius.</summary>
    void UnionCoreNeighbors(int position, bool[] core, ConcurrentUnionFind unionFind, int[] state);
}

/// <summary>
/// The merging pass on the kd-tree, with "connected subtree" pruning: once every core point of a subtree is known to
/// be in one component, the subtree is remembered by one representative, and a later query from that component skips
/// it with one find, without a box test or a distance. Components only grow, so a recorded subtree stays valid; racing
/// threads may record different representatives, all of them correct, so the result does not depend on timing.
/// </summary>
internal sealed partial class KdTree<TMetric>
{
    private const int NoCore = -2;
    private const int Unknown = -1;

    public int[] CreateUnionState(bool[] core)
    {
        int nodes = _start.Length;
        var state = new int[nodes];
        var hasCore = new bool[nodes];

        // Children have larger ids than their parent (preorder), so one backward sweep is bottom-up.
        for (int node = nodes - 1; node >= 0; node--)
        {
            if (_end[node] <= _start[node] && node != 0)
            {
                continue; // unused capacity
            }

            hasCore[node] = _right[node] < 0
                ? Array.IndexOf(core, true, _start[node], _end[node] - _start[node]) >= 0
                : hasCore[node + 1] || hasCore[_right[node]];
            state[node] = hasCore[node] ? Unknown : NoCore;
        }

        return state;
    }

    public void UnionCoreNeighbors(int position, bool[] core, ConcurrentUnionFind unionFind, int[] state)
    {
        int d = Dimensions;
        ReadOnlySpan<double> query = Point(position);
        ref double q = ref MemoryMarshal.GetReference(query);
        Span<int> stack = stackalloc int[128];
        int top = 0;
        stack[top++] = 0;
        while (top > 0)
        {
            int node = stack[--top];
            int representative = Volatile.Read(ref state[node]);
            if (representative == NoCore || _end[node] <= position + 1)
            {
                continue;
            }

            if (representative >= 0 && unionFind.Find(representative) == unionFind.Find(position))
            {
                continue;
            }

            if (TMetric.MinDistanceToBox(query, _boxMin.AsSpan(node * d, d), _boxMax.AsSpan(node * d, d)) > Threshold)
            {
                continue;
            }

            int right = _right[node];
            if (right >= 0)
            {
                if (representative == Unknown)
                {
                    RecordIfConnected(node, node + 1, right, unionFind, state);
                }

                stack[top++] = right;
                stack[top++] = node + 1;
                continue;
            }

            bool allConnected = true;
            for (int p = _start[node]; p < _end[node]; p++)
            {
                if (!core[p] || unionFind.Find(p) == unionFind.Find(position))
                {
                    continue;
                }

                if (p > position && TMetric.Distance(ref q, ref Points[p * d], d) <= Threshold)
                {
                    unionFind.Union(position, p);
                    continue;
                }

                allConnected = false;
            }

            if (allConnected)
            {
                Volatile.Write(ref state[node], position);
            }
        }
    }

    /// <summary>Records an inner node once both children are recorded in the same component.</summary>
    private static void RecordIfConnected(int node, int left, int right, ConcurrentUnionFind unionFind, int[] state)
    {
        int a = Volatile.Read(ref state[left]);
        int b = Volatile.Read(ref state[right]);
        if (a == Unknown || b == Unknown)
        {
            return;
        }

        if (a == NoCore || b == NoCore || unionFind.Find(a) == unionFind.Find(b))
        {
            Volatile.Write(ref state[node], a == NoCore ? b : a);
        }
    }
}
