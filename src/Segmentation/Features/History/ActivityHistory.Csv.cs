using Segmentation.Data;

namespace Segmentation.Features.History;

/// <content>A usage-events CSV (<c>customer_id,date,events</c>) read into a history, and its trends added to CSV features.</content>
public sealed partial class ActivityHistory
{
    /// <summary>The id column names tried, in order, when a usage CSV's customer column is not named.</summary>
    public static IReadOnlyList<string> UsualCustomerColumns => UsageEventCsv.UsualCustomerColumns;

    /// <summary>Reads a usage-events CSV as of <paramref name="asOf"/> (events after it are left out).</summary>
    /// <param name="path">The CSV: a customer id, a yyyy-MM-dd date and an event count per row.</param>
    /// <param name="asOf">The last day whose events are read.</param>
    /// <param name="customerColumn">The customer id column; <see langword="null"/> for the first of <see cref="UsualCustomerColumns"/>.</param>
    /// <param name="days">How many days before <paramref name="asOf"/> are kept.</param>
    /// <exception cref="DataFormatException">A cell is malformed; the message names the file, line and column.</exception>
    public static ActivityHistory LoadUsageCsv(string path, DateOnly asOf, string? customerColumn = null, int days = DefaultDays) =>
        UsageEventCsv.Load(path, asOf, customerColumn, days);

    /// <summary>The latest event date of a usage-events CSV, or <see langword="null"/> when it has no events.</summary>
    /// <param name="path">The CSV.</param>
    /// <exception cref="DataFormatException">A date is malformed; the message names the file and line.</exception>
    public static DateOnly? LatestUsageDate(string path) => UsageEventCsv.LatestDate(path);

    /// <summary>The header of a usage-events CSV.</summary>
    /// <param name="path">The CSV.</param>
    public static IReadOnlyList<string> UsageCsvColumns(string path) => UsageEventCsv.Columns(path);

    /// <summary>
    /// Appends the usage-trend columns of each customer (joined on row ids) to <paramref name="features"/>, as of
    /// <see cref="AsOf"/>; customers without events get zero usage and missing recency.
    /// </summary>
    /// <param name="features">Customer features with row ids, for example read from a CSV export.</param>
    /// <exception cref="ArgumentException">The features have no row ids, or a usage column name is already a feature.</exception>
    public FeatureMatrix AppendUsageTrends(FeatureMatrix features) => HistoryFeatures.AppendUsageTrends(features, this);
}
