using System.Diagnostics;

namespace Segmentation.Benchmarks;

/// <summary>Timing helpers shared by the console modes.</summary>
internal static class Timing
{
    /// <summary>Runs <paramref name="action"/> once to warm up, then <paramref name="repeats"/> times; the fastest run in milliseconds.</summary>
    public static double Min(int repeats, Action action)
    {
        action();
        double best = double.PositiveInfinity;
        for (int r = 0; r < repeats; r++)
        {
            var watch = Stopwatch.StartNew();
            action();
            best = Math.Min(best, watch.Elapsed.TotalMilliseconds);
        }

        return best;
    }

    /// <summary>The median (the mean of the middle two for an even count); the values are left as they are.</summary>
    public static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
