using System.Globalization;
using Segmentation.Data;

namespace Segmentation.Features.History;

/// <summary>
/// Streams a usage-events CSV (one event per row: customer, timestamp, metric, value) into an
/// <see cref="ActivityHistory"/> without holding the events in memory.
/// </summary>
/// <remarks>
/// Columns are found by name: the customer in <c>customer_id</c>, <c>customer</c> or <c>id</c>; the time in
/// <c>timestamp</c>, <c>date</c>, <c>day</c> or <c>time</c> (ISO 8601 such as <c>2024-05-01</c> or
/// <c>2024-05-01T13:45:00Z</c>); the metric in <c>metric</c>, <c>event</c> or <c>feature</c> (optional: without it every
/// row is metric "usage"); the value in <c>value</c>, <c>count</c> or <c>quantity</c> (optional: 1 per row, and an empty cell is 1).
/// </remarks>
internal static class UsageEventCsv
{
    private static readonly string[] CustomerNames = ["customer_id", "customer", "id", "account_id"];
    private static readonly string[] TimeNames = ["timestamp", "date", "day", "time"];
    private static readonly string[] MetricNames = ["metric", "event", "feature"];
    private static readonly string[] ValueNames = ["value", "count", "quantity"];

    /// <summary>Aggregates the events in the file at <paramref name="path"/> as of <paramref name="asOf"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">A required column is absent or a cell cannot be read (names the line and column).</exception>
    public static ActivityHistory Load(string path, DateOnly asOf, int days = ActivityHistory.DefaultDays) => Load(path, asOf, null, days);

    /// <summary>
    /// Aggregates the events in the file at <paramref name="path"/> as of <paramref name="asOf"/> (later events are
    /// skipped), reading customer ids from <paramref name="customerColumn"/>.
    /// </summary>
    /// <param name="path">The events file.</param>
    /// <param name="asOf">The last day included.</param>
    /// <param name="customerColumn">The customer id column (for example the customers file's id column); <see langword="null"/> to find one of the usual names.</param>
    /// <param name="days">The number of daily buckets kept.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">A required column is absent or a cell cannot be read (names the line and column).</exception>
    public static ActivityHistory Load(string path, DateOnly asOf, string? customerColumn, int days = ActivityHistory.DefaultDays)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The usage events file '{path}' does not exist.", path);
        }

        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        return Read(reader, path, asOf, customerColumn, days);
    }

    /// <summary>Aggregates the events read from <paramref name="reader"/>.</summary>
    /// <exception cref="DataFormatException">A required column is absent or a cell cannot be read (names the line and column).</exception>
    public static ActivityHistory Read(TextReader reader, string source, DateOnly asOf, int days = ActivityHistory.DefaultDays) => Read(reader, source, asOf, null, days);

    /// <summary>Aggregates the events read from <paramref name="reader"/>, reading customer ids from <paramref name="customerColumn"/> when given.</summary>
    /// <exception cref="DataFormatException">A required column is absent or a cell cannot be read (names the line and column).</exception>
    public static ActivityHistory Read(TextReader reader, string source, DateOnly asOf, string? customerColumn, int days = ActivityHistory.DefaultDays)
    {
        ArgumentNullException.ThrowIfNull(reader);
        using var records = new CsvRecordReader(reader, source);
        if (!records.Read())
        {
            throw new DataFormatException(source, 1, null, "the file is empty; it needs a header row such as customer_id,timestamp,metric,value.");
        }

        string[] header = [.. records.Fields.Select(h => h.Trim())];
        int customer = customerColumn is null ? Find(header, CustomerNames) : Find(header, [customerColumn]);
        if (customerColumn is not null && customer < 0)
        {
            throw new DataFormatException(source, 1, null, $"the usage events file has no customer id column '{customerColumn}' (its columns are: {string.Join(", ", header)}); name its id column (segment run: --events-id-column).");
        }

        int time = Find(header, TimeNames);
        int metric = Find(header, MetricNames);
        int value = Find(header, ValueNames);
        if (customer < 0 || time < 0)
        {
            throw new DataFormatException(
                source,
                1,
                null,
                $"a usage events file needs a customer column ({string.Join(", ", CustomerNames)}) and a time column ({string.Join(", ", TimeNames)}); the columns are: {string.Join(", ", header)}.");
        }

        using var builder = new ActivityHistory.Builder(asOf, days, countEvents: false);
        while (records.Read())
        {
            string[] fields = records.Fields;
            if (fields.Length != header.Length)
            {
                throw new DataFormatException(source, records.Line, null, $"the row has {fields.Length} fields but the header has {header.Length}.");
            }

            if (!TryParseTime(fields[time], out DateTime timestamp))
            {
                throw new DataFormatException(source, records.Line, header[time], $"'{CsvValues.Excerpt(fields[time])}' is not a date or timestamp; use ISO 8601 such as 2024-05-01 or 2024-05-01T13:45:00Z.");
            }

            double amount = 1;
            if (value >= 0 && !CsvValues.IsMissing(fields[value]) && !CsvValues.TryParseNumber(fields[value], out amount))
            {
                throw new DataFormatException(source, records.Line, header[value], $"'{CsvValues.Excerpt(fields[value])}' is not a number ('.' decimal separator).");
            }

            string id = fields[customer].Trim();
            if (id.Length == 0)
            {
                throw new DataFormatException(source, records.Line, header[customer], "the customer id is empty.");
            }

            builder.Add(id, timestamp, metric >= 0 ? fields[metric].Trim() : "usage", amount);
        }

        return builder.Build();
    }

    /// <summary>The column names in the header of the events file at <paramref name="path"/> (empty for an empty file).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static IReadOnlyList<string> Columns(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The usage events file '{path}' does not exist.", path);
        }

        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        using var records = new CsvRecordReader(reader, path);
        return records.Read() ? [.. records.Fields.Select(h => h.Trim())] : [];
    }

    /// <summary>The usual names of the customer column, tried in order when none is named.</summary>
    public static IReadOnlyList<string> UsualCustomerColumns => CustomerNames;

    /// <summary>The day of the latest event in the file (a quick first pass, for "as of the end of the export").</summary>
    /// <exception cref="DataFormatException">The time column is absent or a timestamp cannot be read.</exception>
    public static DateOnly? LatestDate(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The usage events file '{path}' does not exist.", path);
        }

        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        using var records = new CsvRecordReader(reader, path);
        if (!records.Read())
        {
            return null;
        }

        int time = Find([.. records.Fields.Select(h => h.Trim())], TimeNames);
        if (time < 0)
        {
            throw new DataFormatException(path, 1, null, $"a usage events file needs a time column ({string.Join(", ", TimeNames)}).");
        }

        DateOnly? latest = null;
        while (records.Read())
        {
            string cell = time < records.Fields.Length ? records.Fields[time] : string.Empty;
            if (!TryParseTime(cell, out DateTime timestamp))
            {
                throw new DataFormatException(path, records.Line, null, $"'{CsvValues.Excerpt(cell)}' is not a date or timestamp; use ISO 8601 such as 2024-05-01 or 2024-05-01T13:45:00Z.");
            }

            DateOnly day = DateOnly.FromDateTime(timestamp);
            latest = latest is null || day > latest ? day : latest;
        }

        return latest;
    }

    private static int Find(string[] header, string[] names)
    {
        foreach (string name in names)
        {
            int index = Array.FindIndex(header, h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                return index;
            }
        }

        return -1;
    }

    private static bool TryParseTime(string cell, out DateTime timestamp)
    {
        string text = cell.Trim();
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly day))
        {
            timestamp = day.ToDateTime(TimeOnly.MinValue);
            return true;
        }

        // Timestamps keep their own calendar day (no conversion to local time), so a day is the same on every machine.
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out DateTimeOffset moment))
        {
            timestamp = moment.DateTime;
            return true;
        }

        timestamp = default;
        return false;
    }
}

/// <summary>Adds history-based features to customers that are already features (for example a CSV export), joined on row ids.</summary>
internal static class HistoryFeatures
{
    /// <summary>
    /// Appends the <see cref="UsageTrendExtractor{TCustomer}"/> columns of each customer (by row id) to
    /// <paramref name="features"/>; customers without events get zero usage and missing recency.
    /// </summary>
    /// <param name="features">Customer features with row ids.</param>
    /// <param name="usage">Usage aggregated as of the segmentation day (the extraction is as of <see cref="ActivityHistory.AsOf"/>).</param>
    /// <exception cref="ArgumentException">The features have no row ids, or a usage column name is already a feature.</exception>
    public static FeatureMatrix AppendUsageTrends(FeatureMatrix features, ActivityHistory usage)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(usage);
        IReadOnlyList<string> ids = features.RowIds ?? throw new ArgumentException("The features need row ids (customer ids) to join usage events on.", nameof(features));
        var extractor = new UsageTrendExtractor<string>(usage, id => id);
        string[] clash = [.. extractor.Columns.Select(c => c.Name).Where(n => features.Schema.Names.Contains(n, StringComparer.Ordinal))];
        if (clash.Length > 0)
        {
            throw new ArgumentException($"The usage features {string.Join(", ", clash)} are already columns of the input; rename or drop them.", nameof(features));
        }

        int d = features.ColumnCount + extractor.Columns.Count;
        var values = new double[features.RowCount * d];
        var context = new FeatureContext(usage.AsOf);
        for (int i = 0; i < features.RowCount; i++)
        {
            Span<double> row = values.AsSpan(i * d, d);
            features.Row(i).CopyTo(row);
            extractor.Extract(ids[i], context, row[features.ColumnCount..]);
        }

        return FeatureMatrix.Create(values, d, new FeatureSchema([.. features.Schema, .. extractor.Columns]), [.. ids], features.RowWeights?.ToArray());
    }
}
