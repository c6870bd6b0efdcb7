using Segmentation.Features.History;

namespace Segmentation.Features;

/// <summary>
/// Usage trend features from an <see cref="ActivityHistory"/> of usage events: totals over 7, 30, 60 and 90 days, percent
/// change against the previous window of equal length, least-squares slope, days since last activity, share of active
/// days and feature-adoption breadth.
/// </summary>
/// <typeparam name="TCustomer">The customer type; <c>id</c> maps it to the history's customer ids.</typeparam>
/// <remarks>
/// <para>Columns (with the default prefix <c>usage</c>): <c>usage_7d</c>, <c>usage_30d</c>, <c>usage_60d</c>,
/// <c>usage_90d</c> (totals); <c>usage_change_30d</c>, <c>usage_change_60d</c>, <c>usage_change_90d</c> (percent:
/// -35 = down 35%); <c>usage_slope_90d</c> (units per day, per day, over the daily totals of the last 90 days);
/// <c>days_since_last_active</c> (missing when the customer never used the product); <c>active_days_share_30d</c>
/// (days with usage above 0, over 30); <c>adoption_breadth_90d</c> (distinct metrics used in 90 days). The names and
/// units are those the built-in rule sets read (<see cref="UsageFeatureNames"/>).</para>
/// <para>Percent change is <c>(current - previous) / max(previous, floor × window days)</c> with
/// <paramref name="changeFloorPerDay"/> (default 1 unit a day): a customer going from 0 to 3 logins does not read as
/// an infinite or +200% surge. A change needs twice the window in the history (missing otherwise).</para>
/// <para>Thread-safe. Extracting as of another day than the history's throws, so features cannot read the future.</para>
/// </remarks>
/// <param name="history">Usage aggregated as of the extraction day.</param>
/// <param name="id">The customer's id in the history.</param>
/// <param name="prefix">The column-name prefix (use one per metric family, such as <c>logins</c> or <c>api_calls</c>).</param>
/// <param name="changeFloorPerDay">The smallest denominator of a percent change, per day of window.</param>
internal sealed class UsageTrendExtractor<TCustomer>(ActivityHistory history, Func<TCustomer, string> id, string prefix = UsageFeatureNames.DefaultPrefix, double changeFloorPerDay = 1.0)
    : IFeatureExtractor<TCustomer>
{
    private readonly ActivityHistory _history = history ?? throw new ArgumentNullException(nameof(history));
    private readonly Func<TCustomer, string> _id = id ?? throw new ArgumentNullException(nameof(id));
    private readonly double _floor = double.IsFinite(changeFloorPerDay) && changeFloorPerDay > 0
        ? changeFloorPerDay
        : throw new ArgumentOutOfRangeException(nameof(changeFloorPerDay), changeFloorPerDay, "The change floor must be a positive number of units per day.");

    /// <inheritdoc />
    public IReadOnlyList<FeatureColumn> Columns { get; } =
    [
        new($"{prefix}_7d", FeatureKind.Numeric),
        new($"{prefix}_30d", FeatureKind.Numeric),
        new($"{prefix}_60d", FeatureKind.Numeric),
        new($"{prefix}_90d", FeatureKind.Numeric),
        new(UsageFeatureNames.Change(prefix, 30), FeatureKind.Numeric),
        new(UsageFeatureNames.Change(prefix, 60), FeatureKind.Numeric),
        new(UsageFeatureNames.Change(prefix, 90), FeatureKind.Numeric),
        new($"{prefix}_slope_90d", FeatureKind.Numeric),
        new(UsageFeatureNames.DaysSinceLastActive, FeatureKind.Numeric),
        new("active_days_share_30d", FeatureKind.Numeric),
        new("adoption_breadth_90d", FeatureKind.Numeric),
    ];

    /// <inheritdoc />
    public void Extract(TCustomer customer, FeatureContext context, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(context);
        _history.CheckAsOf(context);
        ActivityHistory.Activity? activity = _history.Find(_id(customer));
        ReadOnlySpan<double> sums = activity is null ? new double[_history.Days] : activity.Sums;
        destination[0] = Window.Total(sums, 0, 7);
        destination[1] = Window.Total(sums, 0, 30);
        destination[2] = Window.Total(sums, 0, 60);
        destination[3] = Window.Total(sums, 0, 90);
        destination[4] = 100 * Window.Change(sums, 30, _floor * 30);
        destination[5] = 100 * Window.Change(sums, 60, _floor * 60);
        destination[6] = 100 * Window.Change(sums, 90, _floor * 90);
        destination[7] = Window.Slope(sums, 90);
        destination[8] = activity is null || activity.DaysSinceLast == int.MaxValue ? double.NaN : activity.DaysSinceLast;
        int active = 0;
        for (int day = 0; day < Math.Min(30, sums.Length); day++)
        {
            active += sums[day] > 0 ? 1 : 0;
        }

        destination[9] = active / 30.0;
        destination[10] = activity?.MetricsUsedWithin(90) ?? 0;
    }
}

/// <summary>Window arithmetic over daily buckets (index 0 = the as-of day), shared by the history extractors.</summary>
internal static class Window
{
    /// <summary>The total of days [start, start + length); NaN when the history is shorter.</summary>
    public static double Total(ReadOnlySpan<double> sums, int start, int length)
    {
        if (start + length > sums.Length)
        {
            return double.NaN;
        }

        double total = 0;
        foreach (double v in sums.Slice(start, length))
        {
            total += v;
        }

        return total;
    }

    /// <summary>(last window - previous window) / max(previous window, floor).</summary>
    public static double Change(ReadOnlySpan<double> sums, int length, double floor)
    {
        double current = Total(sums, 0, length);
        double previous = Total(sums, length, length);
        return double.IsNaN(previous) ? double.NaN : (current - previous) / Math.Max(previous, floor);
    }

    /// <summary>The least-squares slope of the daily totals over the last <paramref name="length"/> days, oldest day first.</summary>
    public static double Slope(ReadOnlySpan<double> sums, int length)
    {
        if (length > sums.Length || length < 2)
        {
            return double.NaN;
        }

        double meanX = (length - 1) / 2.0;
        double meanY = Total(sums, 0, length) / length;
        double sxy = 0;
        double sxx = 0;
        for (int x = 0; x < length; x++)
        {
            double y = sums[length - 1 - x]; // x = 0 is the oldest day
            sxy += (x - meanX) * (y - meanY);
            sxx += (x - meanX) * (x - meanX);
        }

        return sxy / sxx;
    }
}
