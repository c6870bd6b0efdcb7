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

        quantile = FromOrderStatistics(values.Length, q, rank => rank < zeros ? 0 : 1);
        return true;
    }

    /// <summary>
    /// The <paramref name="q"/>-quantile of <paramref name="count"/> values from their order statistics, with the
    /// arithmetic of <see cref="SelectedQuantile"/>: the ⌊q·(count − 1)⌋-th, interpolated towards the next.
    /// </summary>
    private static double FromOrderStatistics(int count, double q, Func<int, double> orderStatistic)
    {
        double position = q * (count - 1);
        int lower = (int)Math.Floor(position);
        double low = orderStatistic(lower);
        return lower + 1 >= count ? low : low + ((orderStatistic(lower + 1) - low) * (position - lower));
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
        bool last = lower + 1 >= values.Length;
        if (values.Length >= SampledSelectionMinimum && SampledOrderStatistics(values, lower, !last) is (double sampledLow, double sampledHigh))
        {
            return last ? sampledLow : sampledLow + ((sampledHigh - sampledLow) * (position - lower));
        }

        double low = Select(values, lower);
        if (last)
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

    /// <summary>The most distinct whole values <see cref="TryCountedMedians"/> counts.</summary>
    internal const int CountedValues = 1 << 16;

    /// <summary>
    /// The medians of <paramref name="columns"/> of the row-major <paramref name="values"/> (<paramref name="stride"/>
    /// values a row) by counting, in one pass over the rows, for each column whose present values are all whole numbers
    /// in [0, <see cref="CountedValues"/>) (+0, not -0): counts, logins, seats, one-hot columns. The order statistics
    /// are read off the counts, so neither a copy of the column nor a selection is needed, and the result is the one
    /// <see cref="MedianInPlace"/> gives (the same order statistics, the same arithmetic). NaN for a column
    /// the counting cannot take (another value, or none present).
    /// </summary>
    internal static double[] TryCountedMedians(ReadOnlySpan<double> values, int[] columns, int stride)
    {
        var medians = new double[columns.Length];
        medians.AsSpan().Fill(double.NaN);
        var counts = new int[columns.Length][];
        var present = new int[columns.Length];
        var countable = new bool[columns.Length];
        try
        {
            for (int c = 0; c < columns.Length; c++)
            {
                counts[c] = System.Buffers.ArrayPool<int>.Shared.Rent(CountedValues);
                Array.Clear(counts[c], 0, CountedValues);
                countable[c] = true;
            }

            int left = columns.Length;
            for (int start = 0; start + stride <= values.Length && left > 0; start += stride)
            {
                ReadOnlySpan<double> row = values.Slice(start, stride);
                for (int c = 0; c < columns.Length; c++)
                {
                    double value = row[columns[c]];
                    if (!countable[c] || double.IsNaN(value))
                    {
                        continue;
                    }

                    int whole = (int)value;
                    if ((uint)whole >= CountedValues || whole != value || double.IsNegative(value))
                    {
                        countable[c] = false;
                        left--;
                        continue;
                    }

                    counts[c][whole]++;
                    present[c]++;
                }
            }

            for (int c = 0; c < columns.Length; c++)
            {
                if (!countable[c] || present[c] == 0)
                {
                    continue;
                }

                int[] columnCounts = counts[c];
                medians[c] = FromOrderStatistics(present[c], 0.5, rank => CountedOrderStatistic(columnCounts, rank));
            }

            return medians;
        }
        finally
        {
            foreach (int[]? buffer in counts)
            {
                if (buffer is not null)
                {
                    System.Buffers.ArrayPool<int>.Shared.Return(buffer);
                }
            }
        }
    }

    /// <summary>The <paramref name="k"/>-th smallest (0-based) of the values counted in <paramref name="counts"/>.</summary>
    private static double CountedOrderStatistic(int[] counts, int k)
    {
        int below = 0;
        for (int value = 0; ; value++)
        {
            below += counts[value];
            if (below > k)
            {
                return value;
            }
        }
    }

    /// <summary>From this many values on, <see cref="SelectedQuantile"/> first tries <see cref="SampledOrderStatistics"/>.</summary>
    internal const int SampledSelectionMinimum = 16_384;

    /// <summary>The values sampled (evenly spaced) to bracket an order statistic.</summary>
    private const int SampleSize = 4096;

    /// <summary>How many sample ranks either side of the expected one the bracket spans: 8 standard deviations of a sample rank.</summary>
    private const int SampleMargin = 256;

    /// <summary>
    /// The <paramref name="k"/>-th smallest value and, when <paramref name="withNext"/>, the next one, found without
    /// reordering <paramref name="values"/>: two values of an evenly spaced sample bracket the k-th, one pass counts the
    /// values below, equal to and above the bracket and copies the few strictly inside it, and <see cref="Select"/> finishes
    /// on those. About one read of the data, where <see cref="Select"/> alone moves it around several times.
    /// </summary>
    /// <returns>
    /// The two order statistics, or <see langword="null"/> when the bracket missed them, too many values fell inside it,
    /// a value is NaN, or a result is zero: then <see cref="Select"/> must give them, because it alone decides which of
    /// +0.0 and -0.0 (equal, so either may be found) it returns, and results must not depend on the algorithm.
    /// </returns>
    internal static (double Low, double High)? SampledOrderStatistics(ReadOnlySpan<double> values, int k, bool withNext)
    {
        int n = values.Length;
        Span<double> sample = new double[SampleSize];
        for (int s = 0; s < sample.Length; s++)
        {
            sample[s] = values[(int)((long)s * n / sample.Length)];
        }

        sample.Sort();
        int rank = (int)((long)k * sample.Length / n);
        double lo = sample[Math.Max(0, rank - SampleMargin)];
        double hi = sample[Math.Min(sample.Length - 1, rank + SampleMargin)];
        if (double.IsNaN(lo) || double.IsNaN(hi))
        {
            return null;
        }

        // One pass: below the bracket, at each end, strictly inside (copied), above it (only the smallest is kept).
        double[] inside = System.Buffers.ArrayPool<double>.Shared.Rent(Math.Max(SampleSize, n / 8));
        try
        {
            int below = 0, atLo = 0, atHi = 0, between = 0, above = 0;
            double smallestAbove = double.PositiveInfinity;
            foreach (double v in values)
            {
                if (v < lo)
                {
                    below++;
                }
                else if (v > hi)
                {
                    above++;
                    smallestAbove = Math.Min(smallestAbove, v);
                }
                else if (v == lo)
                {
                    atLo++;
                }
                else if (v == hi)
                {
                    atHi++;
                }
                else if (!double.IsNaN(v) && between < inside.Length)
                {
                    inside[between++] = v;
                }
                else
                {
                    return null; // NaN, or more inside the bracket than the buffer holds
                }
            }

            // The ranks in order: below | at lo | strictly inside | at hi | above (when lo == hi, everything equal counts as at lo).
            Span<double> middle = inside.AsSpan(0, between);
            int insideStart = below + atLo;
            int aboveStart = insideStart + between + atHi;
            int selected = -1;
            double OrderStatistic(int r, Span<double> middle)
            {
                if (r < below)
                {
                    return double.NaN;
                }

                if (r < insideStart)
                {
                    return lo;
                }

                if (r < insideStart + between)
                {
                    // The k-th inside first; the next one is then the smallest after it.
                    int t = r - insideStart;
                    if (selected < 0)
                    {
                        selected = t;
                        return Select(middle, t);
                    }

                    double next = double.PositiveInfinity;
                    foreach (double v in middle[(selected + 1)..])
                    {
                        next = Math.Min(next, v);
                    }

                    return next;
                }

                return r < aboveStart ? hi : r == aboveStart ? smallestAbove : double.NaN;
            }

            double low = OrderStatistic(k, middle);
            double high = withNext ? OrderStatistic(k + 1, middle) : low;
            return double.IsNaN(low) || double.IsNaN(high) || low == 0 || high == 0 ? null : (low, high);
        }
        finally
        {
            System.Buffers.ArrayPool<double>.Shared.Return(inside);
        }
    }

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
