namespace Segmentation;

/// <summary>Small order statistics shared by preprocessing and profiling.</summary>
internal static class Statistics
{
    /// <summary>The <paramref name="q"/>-quantile of ascending <paramref name="sorted"/> by linear interpolation (NumPy's default).</summary>
    public static double SortedQuantile(ReadOnlySpan<double> sorted, double q)
    {
        if (sorted.IsEmpty)
        {
            return double.NaN;
        }

        double position = q * (sorted.Length - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, sorted.Length - 1);
        double fraction = position - lower;
        return sorted[lower] + ((sorted[upper] - sorted[lower]) * fraction);
    }

    /// <summary>
    /// The <paramref name="q"/>-quantile exactly as <see cref="SortedQuantile"/> gives it on the sorted values, found by
    /// selection instead of sorting (linear time on average); reorders <paramref name="values"/>.
    /// </summary>
    public static double Quantile(Span<double> values, double q)
    {
        if (values.IsEmpty)
        {
            return double.NaN;
        }

        double position = q * (values.Length - 1);
        int lower = (int)Math.Floor(position);
        double low = Select(values, lower);
        if (lower + 1 >= values.Length)
        {
            return low;
        }

        // After selection every value beyond position lower is at least as large: the next order statistic is their minimum.
        double high = double.PositiveInfinity;
        for (int i = lower + 1; i < values.Length; i++)
        {
            high = Math.Min(high, values[i]);
        }

        return low + ((high - low) * (position - lower));
    }

    /// <summary>The sum of <paramref name="values"/> added in order (as <see cref="Enumerable.Sum(IEnumerable{double})"/> adds an array).</summary>
    public static double Sum(ReadOnlySpan<double> values)
    {
        double sum = 0;
        foreach (double v in values)
        {
            sum += v;
        }

        return sum;
    }

    /// <summary>The k-th smallest value (0-based), moving it to position k with no larger value before it and no smaller one after it.</summary>
    private static double Select(Span<double> a, int k)
    {
        int lo = 0, hi = a.Length - 1;
        while (lo < hi)
        {
            int mid = lo + ((hi - lo) / 2);
            double x = a[lo], y = a[mid], z = a[hi];
            double pivot = Math.Max(Math.Min(x, y), Math.Min(Math.Max(x, y), z));
            int i = lo, j = hi;
            while (i <= j)
            {
                while (a[i] < pivot)
                {
                    i++;
                }

                while (a[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (a[i], a[j]) = (a[j], a[i]);
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
                return a[k];
            }
        }

        return a[k];
    }

    /// <summary>The median of the non-missing values, or NaN when there are none.</summary>
    public static double Median(IEnumerable<double> values)
    {
        double[] present = [.. values.Where(v => !double.IsNaN(v))];
        Array.Sort(present);
        return SortedQuantile(present, 0.5);
    }
}
