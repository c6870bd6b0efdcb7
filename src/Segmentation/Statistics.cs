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

    /// <summary>The median of the non-missing values, or NaN when there are none.</summary>
    public static double Median(IEnumerable<double> values)
    {
        double[] present = [.. values.Where(v => !double.IsNaN(v))];
        Array.Sort(present);
        return SortedQuantile(present, 0.5);
    }
}
