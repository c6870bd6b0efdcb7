using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Segmentation.Clustering.Hierarchical;

/// <summary>Small vector loops over one row of distances, shared by the vector-based linkages.</summary>
internal static class DistanceRow
{
    /// <summary>
    /// The first index of the smallest value strictly below +∞ (NaN never counts), or −1: exactly what a scan
    /// <c>if (v[i] &lt; min) { min = v[i]; best = i; }</c> from <c>min = +∞</c> finds.
    /// </summary>
    public static int ArgMin(ReadOnlySpan<double> values, out double minimum)
    {
        int best = -1;
        double min = double.PositiveInfinity;
        int i = 0;
        if (Vector512.IsHardwareAccelerated && values.Length >= 16)
        {
            ref double start = ref MemoryMarshal.GetReference(values);
            Vector512<double> minV = Vector512.Create(double.PositiveInfinity);
            Vector512<long> bestV = Vector512.Create(-1L);
            Vector512<long> index = Vector512.Create(0L, 1, 2, 3, 4, 5, 6, 7);
            Vector512<long> step = Vector512.Create(8L);
            for (; i <= values.Length - 8; i += 8)
            {
                Vector512<double> v = Vector512.LoadUnsafe(ref start, (nuint)i);
                Vector512<double> less = Vector512.LessThan(v, minV);
                minV = Vector512.ConditionalSelect(less, v, minV);
                bestV = Vector512.ConditionalSelect(less.AsInt64(), index, bestV);
                index += step;
            }

            // Each lane kept its first minimum; across lanes take the smallest value, then the smallest index.
            for (int lane = 0; lane < 8; lane++)
            {
                double v = minV[lane];
                long at = bestV[lane];
                if (at >= 0 && (v < min || (v == min && at < best)))
                {
                    min = v;
                    best = (int)at;
                }
            }
        }

        for (; i < values.Length; i++)
        {
            if (values[i] < min)
            {
                min = values[i];
                best = i;
            }
        }

        minimum = min;
        return best;
    }
}
