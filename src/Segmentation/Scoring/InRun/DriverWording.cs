using System.Globalization;
using System.Text.RegularExpressions;

namespace Segmentation.Scoring.InRun;

/// <summary>The median of each feature over the customers scored, so that a driver can be set against it.</summary>
internal sealed class PopulationReference
{
    private readonly Dictionary<string, Lazy<double>> _medians;

    /// <summary>Creates a reference from medians by feature name.</summary>
    public PopulationReference(IReadOnlyDictionary<string, double> medians)
    {
        ArgumentNullException.ThrowIfNull(medians);
        _medians = medians.ToDictionary(m => m.Key, m => new Lazy<double>(m.Value), StringComparer.Ordinal);
    }

    private PopulationReference(Dictionary<string, Lazy<double>> medians) => _medians = medians;

    /// <summary>The median of every column of <paramref name="population"/> (missing values left out).</summary>
    /// <remarks>
    /// Each median is computed the first time it is asked for. The columns whose phrases show a median
    /// (<see cref="DriverWording.UsesMedian"/>) are counted together at the first such request, in one pass over the
    /// rows (<see cref="Statistics.TryCountedMedians"/>): a strided pass per column read the whole matrix once per median, and a
    /// run at 1,000,000 customers words nearly all of them. A column the counting cannot take is gathered on its own.
    /// </remarks>
    public static PopulationReference Of(FeatureMatrix population)
    {
        ArgumentNullException.ThrowIfNull(population);
        int[] shown = [.. Enumerable.Range(0, population.ColumnCount).Where(j => DriverWording.UsesMedian(population.Schema[j].Name))];
        var counted = new Lazy<double[]>(() => Statistics.TryCountedMedians(population.Values, shown, population.ColumnCount), LazyThreadSafetyMode.ExecutionAndPublication);
        var medians = new Dictionary<string, Lazy<double>>(StringComparer.Ordinal);
        for (int j = 0; j < population.ColumnCount; j++)
        {
            int column = j;
            int at = Array.IndexOf(shown, j);
            medians[population.Schema[j].Name] = new Lazy<double>(
                () => at < 0 ? ColumnMedian(population, column, tryCounting: true)
                    : counted.Value[at] is double median && !double.IsNaN(median) ? median : ColumnMedian(population, column, tryCounting: false),
                LazyThreadSafetyMode.ExecutionAndPublication);
        }

        return new PopulationReference(medians);
    }

    /// <summary>The median of one column's present values, counted when it can be, else gathered once into a pooled buffer (as <see cref="Statistics.Median(IEnumerable{double})"/>, without copying the column twice).</summary>
    private static double ColumnMedian(FeatureMatrix population, int column, bool tryCounting)
    {
        ReadOnlySpan<double> values = population.Values;
        int stride = population.ColumnCount;
        if (tryCounting && Statistics.TryCountedMedians(values, [column], stride)[0] is double counted && !double.IsNaN(counted))
        {
            return counted;
        }

        double[] present = System.Buffers.ArrayPool<double>.Shared.Rent(population.RowCount);
        try
        {
            int count = 0;
            for (int i = column; i < values.Length; i += stride)
            {
                double value = values[i];
                if (!double.IsNaN(value))
                {
                    present[count++] = value;
                }
            }

            return Statistics.MedianInPlace(present.AsSpan(0, count));
        }
        finally
        {
            System.Buffers.ArrayPool<double>.Shared.Return(present);
        }
    }

    /// <summary>The median of <paramref name="feature"/>, or NaN when unknown.</summary>
    public double Median(string feature) => _medians.TryGetValue(feature, out Lazy<double>? median) ? median.Value : double.NaN;
}

/// <summary>
/// Words a customer's score drivers for a CSM, in the users' units: "usage down 32% in 60 days",
/// "12 tickets in 90 days, 3x the median", not log-odds.
/// </summary>
/// <remarks>
/// <para>Only drivers that push the score up (toward the outcome) are worded, strongest first, at most three.</para>
/// <para>Known feature names (as <see cref="Rules.KnownRuleSets"/> and <see cref="Samples.SampleCustomer"/> use them;
/// N is a number of days):</para>
/// <list type="table">
/// <listheader><term>Feature</term><description>Phrase</description></listheader>
/// <item><term><c>usage_change_Nd</c> (percent)</term><description>usage down 32% in 60 days / usage up 12% in 60 days</description></item>
/// <item><term><c>tickets_change_Nd</c> (percent)</term><description>tickets up 50% in 90 days</description></item>
/// <item><term><c>tickets_Nd</c></term><description>12 tickets in 90 days, 3x the median (or "(median 0)")</description></item>
/// <item><term><c>days_since_last_active</c>, <c>days_since_active</c>, <c>days_inactive</c></term><description>no activity for 41 days</description></item>
/// <item><term><c>nps</c></term><description>NPS 3 (or "no NPS answer")</description></item>
/// <item><term><c>days_to_renewal</c></term><description>renewal in 25 days</description></item>
/// <item><term><c>feature_adoption</c> (share 0-1)</term><description>feature adoption 18% (median 55%)</description></item>
/// <item><term><c>seat_utilisation</c>, <c>seat_utilization</c> (share 0-1)</term><description>seat utilisation 35% (median 60%)</description></item>
/// <item><term><c>tenure_days</c></term><description>customer for 45 days</description></item>
/// <item><term>any other feature</term><description>arr 12,000 (median 30,000); a missing value reads "arr not known"</description></item>
/// </list>
/// </remarks>
internal static partial class DriverWording
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (FeatureKind Kind, string Days)> Kinds = new(StringComparer.Ordinal);

    /// <summary>The most drivers worded per customer.</summary>
    public const int MaxDrivers = 3;

    /// <summary>
    /// Words the drivers of row <paramref name="row"/> that push its score up, strongest first, at most
    /// <paramref name="max"/>.
    /// </summary>
    /// <param name="score">The customer's score (its drivers are signed contributions).</param>
    /// <param name="features">The raw features the score was computed from.</param>
    /// <param name="row">The customer's row in <paramref name="features"/>.</param>
    /// <param name="reference">The population medians.</param>
    /// <param name="max">The most phrases.</param>
    /// <param name="excluded">A feature whose drivers are not worded (the value feature), or null.</param>
    public static IReadOnlyList<string> Describe(RiskScore score, FeatureMatrix features, int row, PopulationReference reference, int max = MaxDrivers, string? excluded = null)
    {
        ArgumentNullException.ThrowIfNull(score);
        return Describe(score.Drivers, features, row, reference, max, excluded);
    }

    /// <summary>As <see cref="Describe(RiskScore, FeatureMatrix, int, PopulationReference, int, string?)"/>, given the drivers (signed contributions) themselves.</summary>
    public static IReadOnlyList<string> Describe(IReadOnlyList<ScoreDriver> drivers, FeatureMatrix features, int row, PopulationReference reference, int max = MaxDrivers, string? excluded = null)
    {
        ArgumentNullException.ThrowIfNull(drivers);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        return [.. drivers
            .Where(d => d.Contribution > 0 && d.Feature != excluded && features.Schema.IndexOf(d.Feature) >= 0)
            .OrderByDescending(d => d.Contribution)
            .Take(max)
            .Select(d => Phrase(d.Feature, features[row, features.Schema.IndexOf(d.Feature)], reference.Median(d.Feature)))];
    }

    /// <summary>
    /// As <see cref="Describe(IReadOnlyList{ScoreDriver}, FeatureMatrix, int, PopulationReference, int, string?)"/>, from
    /// each feature's unsorted contribution: the strongest positive ones, ties in feature order (the order the sorted
    /// drivers give), without a driver object per feature.
    /// </summary>
    /// <param name="contributions">The contribution of each of <paramref name="names"/>.</param>
    /// <param name="names">The features.</param>
    /// <param name="columns">Each feature's column in <paramref name="features"/>, or -1 to leave it out (absent, or the excluded value feature).</param>
    /// <param name="features">The raw features the score was computed from.</param>
    /// <param name="row">The customer's row.</param>
    /// <param name="reference">The population medians.</param>
    /// <param name="max">The most phrases, at most <see cref="MaxDrivers"/>.</param>
    /// <param name="phrases">The phrases worded so far for <paramref name="features"/>, reused and added to; or <see langword="null"/>.</param>
    public static IReadOnlyList<string> DescribeStrongest(ReadOnlySpan<double> contributions, IReadOnlyList<string> names, ReadOnlySpan<int> columns, FeatureMatrix features, int row, PopulationReference reference, int max = MaxDrivers, DriverPhrases? phrases = null)
    {
        Span<int> best = stackalloc int[MaxDrivers];
        max = Math.Min(max, MaxDrivers);
        int count = 0;
        for (int j = 0; j < contributions.Length && max > 0; j++)
        {
            // Kept: best[0..count), strongest first; a later feature must be stronger to pass one already kept.
            double c = contributions[j];
            if (!(c > 0) || columns[j] < 0 || (count == max && !(c > contributions[best[max - 1]])))
            {
                continue;
            }

            int at = count == max ? max - 1 : count++;
            while (at > 0 && c > contributions[best[at - 1]])
            {
                best[at] = best[at - 1];
                at--;
            }

            best[at] = j;
        }

        var worded = new string[count];
        for (int i = 0; i < count; i++)
        {
            string name = names[best[i]];
            int column = columns[best[i]];
            double value = features[row, column];
            worded[i] = phrases is null ? Phrase(name, value, reference.Median(name)) : phrases.Get(name, column, value, reference);
        }

        return worded;
    }

    /// <summary>One phrase for a feature value, using the table of known features or the generic fallback.</summary>
    /// <param name="feature">The feature name.</param>
    /// <param name="value">The customer's raw value (NaN = missing).</param>
    /// <param name="median">The population median (NaN = unknown).</param>
    public static string Phrase(string feature, double value, double median)
    {
        ArgumentNullException.ThrowIfNull(feature);
        (FeatureKind kind, string days) = KindOf(feature);
        switch (kind)
        {
            case FeatureKind.UsageChange:
                return Change("usage", value, days);
            case FeatureKind.TicketChange:
                return Change("tickets", value, days);
            case FeatureKind.Tickets:
                return TicketCount(value, median, days);
            case FeatureKind.Inactive:
                return double.IsNaN(value) ? "no activity recorded" : value < 1 ? "active in the last day" : $"no activity for {Days(value)}";
            default:
                break;
        }

        return feature switch
        {
            "nps" => double.IsNaN(value) ? "no NPS answer" : $"NPS {Number(value)}",
            "days_to_renewal" => double.IsNaN(value) ? "renewal date not known" : value < 0 ? $"renewal {Days(-value)} overdue" : $"renewal in {Days(value)}",
            "feature_adoption" => Share("feature adoption", value, median),
            "seat_utilisation" or "seat_utilization" => Share("seat utilisation", value, median),
            "tenure_days" => double.IsNaN(value) ? "tenure not known" : $"customer for {Days(value)}",
            _ => double.IsNaN(value) ? $"{feature} not known"
                : double.IsNaN(median) ? $"{feature} {Number(value)}" : $"{feature} {Number(value)} (median {Number(median)})",
        };
    }

    /// <summary>Whether the phrase of <paramref name="feature"/> sets the value against the population median (<see cref="Phrase"/> reads it); when not, the median need not be computed.</summary>
    public static bool UsesMedian(string feature) => KindOf(feature).Kind switch
    {
        FeatureKind.Tickets => true,
        FeatureKind.Other => feature is not ("nps" or "days_to_renewal" or "tenure_days"),
        _ => false,
    };

    private static string Change(string what, double percent, string days)
        => double.IsNaN(percent) ? $"{what} trend over {days} days not known yet"
            : $"{what} {(percent < 0 ? "down" : "up")} {Number(Math.Abs(Math.Round(percent)))}% in {days} days";

    private static string TicketCount(double count, double median, string days)
    {
        if (double.IsNaN(count))
        {
            return $"tickets in {days} days not known";
        }

        string tickets = $"{Number(count)} ticket{(count == 1 ? string.Empty : "s")} in {days} days";
        if (double.IsNaN(median))
        {
            return tickets;
        }

        return median > 0 && count > 0
            ? $"{tickets}, {(count / median).ToString(count / median >= 10 ? "0" : "0.#", CultureInfo.InvariantCulture)}x the median"
            : $"{tickets} (median {Number(median)})";
    }

    private static string Share(string what, double share, double median)
    {
        if (double.IsNaN(share))
        {
            return $"{what} not known";
        }

        string percent = $"{what} {Number(Math.Round(100 * share))}%";
        return double.IsNaN(median) ? percent : $"{percent} (median {Number(Math.Round(100 * median))}%)";
    }

    private static string Days(double days) => $"{Number(Math.Round(days))} day{(Math.Round(days) == 1 ? string.Empty : "s")}";

    /// <summary>Whole numbers with thousands separators (12,000); others with up to two decimals (0.35).</summary>
    private static string Number(double value)
        => value == Math.Round(value) || Math.Abs(value) >= 100
            ? Data.GroupedNumbers.Format(Math.Round(value))
            : value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>Which phrase a feature name takes, matched once per name (a run words the same few features for many customers).</summary>
    private static (FeatureKind Kind, string Days) KindOf(string feature) => Kinds.GetOrAdd(feature, static f =>
    {
        Match match;
        return (match = UsageChange().Match(f)).Success ? (FeatureKind.UsageChange, match.Groups[1].Value)
            : (match = TicketChange().Match(f)).Success ? (FeatureKind.TicketChange, match.Groups[1].Value)
            : (match = Tickets().Match(f)).Success ? (FeatureKind.Tickets, match.Groups[1].Value)
            : Inactive().IsMatch(f) ? (FeatureKind.Inactive, string.Empty)
            : (FeatureKind.Other, string.Empty);
    });

    [GeneratedRegex(@"^usage_change_(\d+)d$", RegexOptions.CultureInvariant)]
    private static partial Regex UsageChange();

    [GeneratedRegex(@"^tickets_change_(\d+)d$", RegexOptions.CultureInvariant)]
    private static partial Regex TicketChange();

    [GeneratedRegex(@"^tickets_(\d+)d$", RegexOptions.CultureInvariant)]
    private static partial Regex Tickets();

    [GeneratedRegex(@"^(days_since_last_active|days_since_active|days_inactive|days_since_last_activity)$", RegexOptions.CultureInvariant)]
    private static partial Regex Inactive();

    private enum FeatureKind
    {
        Other,
        UsageChange,
        TicketChange,
        Tickets,
        Inactive,
    }
}

/// <summary>
/// The driver phrases worded so far, by feature column and value: at 1,000,000 customers most worded drivers repeat
/// one (the same feature at the same value, against the same median), and wording it is most of a reason's cost.
/// Bounded per column, so that a feature with a distinct value per customer soon stops being kept. Thread-safe.
/// </summary>
/// <param name="columns">How many feature columns the phrases are for.</param>
internal sealed class DriverPhrases(int columns)
{
    /// <summary>The most phrases kept per column.</summary>
    private const int MaxPerColumn = 4096;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, string>?[] _byColumn = new System.Collections.Concurrent.ConcurrentDictionary<long, string>?[columns];
    private readonly int[] _counts = new int[columns];

    /// <summary>The phrase <see cref="DriverWording.Phrase"/> words for <paramref name="feature"/> (in column <paramref name="column"/>) at <paramref name="value"/>.</summary>
    public string Get(string feature, int column, double value, PopulationReference reference)
    {
        // Keyed by the exact bits: -0 and 0 (or two NaNs) may word differently.
        long key = BitConverter.DoubleToInt64Bits(value);
        System.Collections.Concurrent.ConcurrentDictionary<long, string> phrases = Volatile.Read(ref _byColumn[column])
            ?? Interlocked.CompareExchange(ref _byColumn[column], new(), null) ?? _byColumn[column]!;
        if (phrases.TryGetValue(key, out string? phrase))
        {
            return phrase;
        }

        // A median is a pass over every customer: computed only for a phrase that shows it.
        phrase = DriverWording.Phrase(feature, value, DriverWording.UsesMedian(feature) ? reference.Median(feature) : double.NaN);
        if (Volatile.Read(ref _counts[column]) < MaxPerColumn && phrases.TryAdd(key, phrase))
        {
            Interlocked.Increment(ref _counts[column]);
        }

        return phrase;
    }
}
