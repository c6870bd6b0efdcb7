namespace Segmentation.Features;

/// <summary>
/// Quantiles of yes/no and one-hot columns by counting: every value is 0 or 1, so the sorted values are the zeros then the
/// ones, and selection over a million cells (as <see cref="Statistics.Quantile"/> does) is not needed.
/// </summary>
internal static class FlagQuantile
{
    private static readonly long OneBits = BitConverter.DoubleToInt64Bits(1.0);

    /// <summary>
    /// The <paramref name="q"/>-quantile exactly as <see cref="Statistics.Quantile"/> gives it; by counting when every value
    /// is exactly 0 or 1 (then <paramref name="values"/> keeps its order), by selection otherwise (which reorders it).
    /// </summary>
    public static double Quantile(Span<double> values, double q) =>
        TryQuantile(values, q, out double quantile) ? quantile : Statistics.Quantile(values, q);

    /// <summary>The quantile by counting, when every value is +0.0 or 1.0 bit for bit (so that the result is too); otherwise <see langword="false"/>.</summary>
    internal static bool TryQuantile(ReadOnlySpan<double> values, double q, out double quantile)
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

        // The arithmetic of Statistics.Quantile on the order statistics lower and lower + 1.
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
}
