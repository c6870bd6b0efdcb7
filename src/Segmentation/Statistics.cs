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

    private static readonly long OneBits = BitConverter.DoubleToInt64Bits(1.0);

    /// <summary>
    /// The <paramref name="q"/>-quantile exactly as <see cref="SortedQuantile"/> gives it on the sorted values: by counting
    /// when every value is 0 or 1 (yes/no and one-hot columns, <paramref name="values"/> keeps its order), otherwise by
    /// selection instead of sorting (linear time on average), which reorders <paramref name="values"/>.
    /// </summary>
    public static double Quantile(Span<double> values, double q) =>
        TryFlagQuantile(values, q, out double quantile) ? quantile : SelectedQuantile(values, q);

    /// <summary>
    /// The quantile by counting, when every value is +0.0 or 1.0 bit for bit (so that the result is too): the sorted values
    /// are the zeros then the ones, and selection over a million cells is not needed. Otherwise (or when empty) <see langword="false"/>.
    /// </summary>
    internal static bool TryFlagQuantile(ReadOnlySpan<double> values, double q, out double quantile)
    {
        quantile = double.NaN;
        if (values.IsEmpty)
        {
            return false;
        }

        int zeros = 0;
        foreach (double v in values)
        {
            long bits = BitConverter.DoubleToInt64Bits(v);
            if (bits == 0)
            {
                zeros++;
            }
            else if (bits != OneBits)
            {
                return false;
            }
        }

        // The arithmetic of SelectedQuantile on the order statistics lower and lower + 1.
        double position = q * (values.Length - 1);
        int lower = (int)Math.Floor(position);
        double low = lower < zeros ? 0 : 1;
        if (lower + 1 >= values.Length)
        {
            quantile = low;
            return true;
        }

        double high = lower + 1 < zeros ? 0 : 1;
        quantile = low + ((high - low) * (position - lower));
        return true;
    }

    /// <summary>The <paramref name="q"/>-quantile by selection, whatever the values; reorders <paramref name="values"/>.</summary>
    internal static double SelectedQuantile(Span<double> values, double q)
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

    /// <summary>The median of the non-missing values, or NaN when there are none.</summary>
    public static double Median(IEnumerable<double> values)
    {
        double[] present = [.. values.Where(v => !double.IsNaN(v))];
        return MedianInPlace(present);
    }

    /// <summary>
    /// The median of <paramref name="values"/> (no NaN), equal to <see cref="SortedQuantile"/> at 0.5 of the sorted
    /// values, found by selection in linear time instead of a sort; reorders <paramref name="values"/>.
    /// </summary>
    internal static double MedianInPlace(Span<double> values) => Quantile(values, 0.5);

    /// <summary>The k-th smallest value (0-based); on return values[k] holds it, smaller ones before and larger ones after.</summary>
    private static double Select(Span<double> values, int k)
    {
        int left = 0;
        int right = values.Length - 1;
        while (right > left)
        {
            // Median of three as the pivot, then a three-way partition (many equal values are common: counts, zeros).
            int middle = left + ((right - left) / 2);
            double a = values[left], b = values[middle], c = values[right];
            double pivot = a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
            int lt = left, i = left, gt = right;
            while (i <= gt)
            {
                double v = values[i];
                if (v < pivot)
                {
                    (values[lt], values[i]) = (values[i], values[lt]);
                    lt++;
                    i++;
                }
                else if (v > pivot)
                {
                    (values[gt], values[i]) = (values[i], values[gt]);
                    gt--;
                }
                else
                {
                    i++;
                }
            }

            if (k < lt)
            {
                right = lt - 1;
            }
            else if (k > gt)
            {
                left = gt + 1;
            }
            else
            {
                return values[k];
            }
        }

        return values[k];
    }
}
