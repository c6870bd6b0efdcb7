using System.Globalization;
using Segmentation.Data;

namespace Segmentation.Scoring.InRun;

/// <summary>
/// Reads a CSV of dated outcome events (one row per event: customer id, date, outcome) into the churn and expansion
/// <see cref="OutcomeEvents"/> that scorers trained in the run learn from.
/// </summary>
/// <remarks>
/// <para>Columns are found by name: the customer in the given id column, else <c>customer_id</c>, <c>customer</c>,
/// <c>id</c> or <c>account_id</c>; the date in <c>date</c>, <c>day</c>, <c>timestamp</c>, <c>time</c> or <c>event_date</c>
/// (ISO 8601: <c>2026-05-01</c> or <c>2026-05-01T13:45:00Z</c>); the outcome in <c>outcome</c>, <c>event</c> or
/// <c>type</c>, whose cells are <c>churned</c> (or <c>churn</c>) and <c>expanded</c> (or <c>expansion</c>), any case.
/// A file without an outcome column holds the events of one outcome, named by the caller.</para>
/// <para>Events after the as-of date are not kept (counted in <see cref="OutcomeHistory.LaterEvents"/>), and events of
/// customers that are not in the input are not kept either (counted in <see cref="OutcomeHistory.UnknownCustomers"/>).</para>
/// </remarks>
internal static class OutcomeEventsCsv
{
    /// <summary>The outcome cells read as a churn event.</summary>
    public static readonly IReadOnlyList<string> ChurnValues = ["churned", "churn"];

    /// <summary>The outcome cells read as an expansion event.</summary>
    public static readonly IReadOnlyList<string> ExpansionValues = ["expanded", "expansion"];

    private static readonly string[] CustomerNames = ["customer_id", "customer", "id", "account_id"];
    private static readonly string[] DateNames = ["date", "day", "timestamp", "time", "event_date"];
    private static readonly string[] OutcomeNames = ["outcome", "event", "type"];

    /// <summary>Reads the outcome events in the file at <paramref name="path"/> known on <paramref name="asOf"/>.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="asOf">The as-of date: later events are counted and left out.</param>
    /// <param name="customers">The ids of the input's customers: events of other ids are counted and left out; <see langword="null"/> keeps every id.</param>
    /// <param name="idColumn">The customer id column (for example the customers file's); when the file lacks it, one of the usual names.</param>
    /// <param name="outcome">For a file without an outcome column: <c>churn</c> or <c>expansion</c>, the outcome of every row; <see langword="null"/> to require the column.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">A column is missing, or a cell is not a date or not a known outcome (names the line and column).</exception>
    public static OutcomeHistory Load(string path, DateOnly asOf, IReadOnlyCollection<string>? customers = null, string? idColumn = null, string? outcome = null)
        => Read(CsvTable.Load(path), asOf, customers, idColumn, outcome);

    /// <summary>Reads the outcome events of a loaded table.</summary>
    /// <inheritdoc cref="Load"/>
    public static OutcomeHistory Read(CsvTable table, DateOnly asOf, IReadOnlyCollection<string>? customers = null, string? idColumn = null, string? outcome = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        string source = table.SourceName;
        int id = (idColumn is null ? -1 : Find(table, [idColumn])) is int given and >= 0 ? given : Find(table, CustomerNames);
        int date = Find(table, DateNames);
        int kind = Find(table, OutcomeNames);
        if (id < 0 || date < 0 || (kind < 0 && outcome is null))
        {
            string customer = string.Join(", ", idColumn is null ? CustomerNames : [idColumn, .. CustomerNames]);
            throw new DataFormatException(source, 1, null, $"an outcomes file needs a customer column ({customer}), a date column ({string.Join(", ", DateNames)}) and an outcome column ({string.Join(", ", OutcomeNames)}) holding churned or expanded; its columns are: {string.Join(", ", table.Header)}.");
        }

        if (outcome is not null && outcome != "churn" && outcome != "expansion")
        {
            throw new ArgumentException($"The outcome of a file without an outcome column must be churn or expansion, but was '{outcome}'.", nameof(outcome));
        }

        var known = customers is null ? null : customers as IReadOnlySet<string> ?? new HashSet<string>(customers, StringComparer.Ordinal);
        var churn = new Dictionary<string, List<DateOnly>>(StringComparer.Ordinal);
        var expansion = new Dictionary<string, List<DateOnly>>(StringComparer.Ordinal);
        int later = 0;
        var unknown = new HashSet<string>(StringComparer.Ordinal);
        var unknownOrder = new List<string>();
        int unknownEvents = 0;
        for (int row = 0; row < table.RowCount; row++)
        {
            int line = table.LineOf(row);
            string customer = table.Cell(row, id).Trim();
            if (customer.Length == 0)
            {
                throw new DataFormatException(source, line, table.Header[id], "the customer id is empty; give each outcome event its customer's id.");
            }

            if (!TryParseDay(table.Cell(row, date), out DateOnly day))
            {
                throw new DataFormatException(source, line, table.Header[date], $"'{CsvValues.Excerpt(table.Cell(row, date))}' is not a date; use ISO 8601 such as 2026-05-01 or 2026-05-01T13:45:00Z.");
            }

            string name = kind < 0 ? outcome! : ParseOutcome(table, row, kind);
            if (day > asOf)
            {
                later++;
                continue;
            }

            if (known is not null && !known.Contains(customer))
            {
                unknownEvents++;
                if (unknown.Add(customer))
                {
                    unknownOrder.Add(customer);
                }

                continue;
            }

            Dictionary<string, List<DateOnly>> target = name == "churn" ? churn : expansion;
            if (!target.TryGetValue(customer, out List<DateOnly>? dates))
            {
                target[customer] = dates = [];
            }

            dates.Add(day);
        }

        return new OutcomeHistory(source, asOf, Events("churn", churn), Events("expansion", expansion))
        {
            LaterEvents = later,
            UnknownCustomers = unknownOrder,
            UnknownCustomerEvents = unknownEvents,
        };
    }

    private static string ParseOutcome(CsvTable table, int row, int column)
    {
        string cell = table.Cell(row, column).Trim();
        if (ChurnValues.Contains(cell, StringComparer.OrdinalIgnoreCase))
        {
            return "churn";
        }

        if (ExpansionValues.Contains(cell, StringComparer.OrdinalIgnoreCase))
        {
            return "expansion";
        }

        throw new DataFormatException(table.SourceName, table.LineOf(row), table.Header[column], $"'{CsvValues.Excerpt(cell)}' is not an outcome; write churned or expanded (one event per row; leave out rows of other events).");
    }

    private static OutcomeEvents Events(string name, Dictionary<string, List<DateOnly>> events)
        => new(name, events.Select(e => new KeyValuePair<string, IEnumerable<DateOnly>>(e.Key, e.Value)));

    private static int Find(CsvTable table, IEnumerable<string> names)
    {
        foreach (string name in names)
        {
            for (int j = 0; j < table.Header.Count; j++)
            {
                if (string.Equals(table.Header[j].Trim(), name, StringComparison.OrdinalIgnoreCase))
                {
                    return j;
                }
            }
        }

        return -1;
    }

    private static bool TryParseDay(string cell, out DateOnly day)
    {
        string text = cell.Trim();
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
        {
            return true;
        }

        // A timestamp keeps its own calendar day, so a day is the same on every machine.
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out DateTimeOffset moment))
        {
            day = DateOnly.FromDateTime(moment.DateTime);
            return true;
        }

        return false;
    }
}

/// <summary>The churn and expansion events of an outcomes file known on an as-of date (<see cref="OutcomeEventsCsv"/>), with what was left out.</summary>
internal sealed class OutcomeHistory
{
    /// <summary>Reads the churn and expansion events of an outcomes CSV known on <paramref name="asOf"/> (<c>customer_id,date,outcome</c>).</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="asOf">The as-of date: later events are counted and left out.</param>
    /// <param name="customers">The ids of the input's customers: events of other ids are counted and left out; <see langword="null"/> keeps every id.</param>
    /// <param name="idColumn">The customer id column (for example the customers file's); when the file lacks it, one of the usual names.</param>
    /// <param name="outcome">For a file without an outcome column: <c>churn</c> or <c>expansion</c>, the outcome of every row; <see langword="null"/> to require the column.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">A column is missing, or a cell is not a date or not a known outcome (names the line and column).</exception>
    public static OutcomeHistory Load(string path, DateOnly asOf, IReadOnlyCollection<string>? customers = null, string? idColumn = null, string? outcome = null) =>
        OutcomeEventsCsv.Load(path, asOf, customers, idColumn, outcome);

    /// <summary>Creates the history.</summary>
    /// <param name="source">The file it was read from, for messages.</param>
    /// <param name="asOf">The as-of date: no event after it is kept.</param>
    /// <param name="churn">The churn events.</param>
    /// <param name="expansion">The expansion events.</param>
    public OutcomeHistory(string source, DateOnly asOf, OutcomeEvents churn, OutcomeEvents expansion)
    {
        ArgumentNullException.ThrowIfNull(churn);
        ArgumentNullException.ThrowIfNull(expansion);
        Source = source;
        AsOf = asOf;
        Churn = churn.Through(asOf);
        Expansion = expansion.Through(asOf);
    }

    /// <summary>The file the events were read from.</summary>
    public string Source { get; }

    /// <summary>The as-of date: no event after it is kept.</summary>
    public DateOnly AsOf { get; }

    /// <summary>The churn events on or before <see cref="AsOf"/>.</summary>
    public OutcomeEvents Churn { get; }

    /// <summary>The expansion events on or before <see cref="AsOf"/>.</summary>
    public OutcomeEvents Expansion { get; }

    /// <summary>The events dated after <see cref="AsOf"/>, left out.</summary>
    /// <value>The default value is 0.</value>
    public int LaterEvents { get; init; }

    /// <summary>The ids, in file order, of customers that have events but are not in the input; their events were left out.</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<string> UnknownCustomers { get; init; } = [];

    /// <summary>The events of <see cref="UnknownCustomers"/>, left out.</summary>
    /// <value>The default value is 0.</value>
    public int UnknownCustomerEvents { get; init; }

    /// <summary>The events of the outcome a scorer is named after: <c>churn</c> or <c>expansion</c>; <see langword="null"/> for another name.</summary>
    public OutcomeEvents? Of(string scorer) => scorer switch
    {
        "churn" => Churn,
        "expansion" => Expansion,
        _ => null,
    };

    /// <summary>One sentence: the events kept, and those left out (later than the as-of date, unknown customers with a few of their ids).</summary>
    public string Describe()
    {
        var parts = new List<string> { $"{Source}: {Churn.Count} churn and {Expansion.Count} expansion events up to {AsOf:yyyy-MM-dd}" };
        if (LaterEvents > 0)
        {
            parts.Add($"{LaterEvents} dated after {AsOf:yyyy-MM-dd} ignored");
        }

        if (UnknownCustomers.Count > 0)
        {
            string examples = string.Join(", ", UnknownCustomers.Take(3).Select(id => $"'{id}'"));
            parts.Add($"{UnknownCustomerEvents} of {UnknownCustomers.Count} customer{(UnknownCustomers.Count == 1 ? string.Empty : "s")} not in the input ignored ({examples}{(UnknownCustomers.Count > 3 ? ", ..." : string.Empty)}; check the id column)");
        }

        return string.Join(", ", parts) + ".";
    }
}
