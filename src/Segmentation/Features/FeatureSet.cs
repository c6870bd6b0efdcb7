namespace Segmentation.Features;

/// <summary>
/// Features of a host application's own customer type, declared once: <c>new FeatureSet&lt;Account&gt;().Add("arr", a =&gt; a.Arr)</c>.
/// </summary>
/// <typeparam name="TCustomer">The host's customer type; no conversion needed.</typeparam>
/// <remarks>Build it once at start-up; <see cref="Extract"/> is thread-safe when the selectors are.</remarks>
public sealed class FeatureSet<TCustomer>
{
    private readonly List<IFeatureExtractor<TCustomer>> _extractors = [];
    private readonly List<FeatureColumn> _columns = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>The columns declared so far, in order.</summary>
    public FeatureSchema Schema => new(_columns);

    /// <summary>Adds a numeric feature read from the customer.</summary>
    /// <exception cref="ArgumentException">The name is empty or already used.</exception>
    public FeatureSet<TCustomer> Add(string name, Func<TCustomer, double> selector) => Add(new FeatureColumn(name), selector);

    /// <summary>Adds a numeric feature that may be missing (<see langword="null"/> becomes NaN, imputed later).</summary>
    /// <exception cref="ArgumentException">The name is empty or already used.</exception>
    public FeatureSet<TCustomer> Add(string name, Func<TCustomer, double?> selector) => Add(new FeatureColumn(name), selector);

    /// <summary>
    /// Adds a numeric feature that depends on the as-of date (tenure, days to renewal, usage windows): the selector receives
    /// the last day it may read, so that features computed for a past date match what was knowable then.
    /// </summary>
    /// <exception cref="ArgumentException">The name is empty or already used.</exception>
    public FeatureSet<TCustomer> Add(string name, Func<TCustomer, DateOnly, double> selector) => Add(new FeatureColumn(name), selector);

    /// <summary>Adds a feature read from the customer, of the column's kind (<c>new FeatureColumn("has_sso", FeatureKind.Binary)</c>).</summary>
    /// <exception cref="ArgumentException">The name is empty or already used.</exception>
    public FeatureSet<TCustomer> Add(FeatureColumn column, Func<TCustomer, double> selector)
    {
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(selector);
        return Add(new SelectorExtractor(column, (c, _) => selector(c)));
    }

    /// <summary>Adds a feature that may be missing (<see langword="null"/> becomes NaN, imputed later), of the column's kind.</summary>
    /// <exception cref="ArgumentException">The name is empty or already used.</exception>
    public FeatureSet<TCustomer> Add(FeatureColumn column, Func<TCustomer, double?> selector)
    {
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(selector);
        return Add(new SelectorExtractor(column, (c, _) => selector(c) ?? double.NaN));
    }

    /// <summary>Adds a feature that depends on the as-of date (see <see cref="Add(string, Func{TCustomer, DateOnly, double})"/>), of the column's kind.</summary>
    /// <exception cref="ArgumentException">The name is empty or already used.</exception>
    public FeatureSet<TCustomer> Add(FeatureColumn column, Func<TCustomer, DateOnly, double> selector)
    {
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(selector);
        return Add(new SelectorExtractor(column, (c, context) => selector(c, context.AsOf)));
    }

    /// <summary>
    /// Adds the usage-trend features of each customer's usage events (joined by <paramref name="id"/>): 7/30/60/90-day
    /// totals, their change against the previous window, the 90-day slope, days since last activity, the share of
    /// active days and adoption breadth (docs/algorithms.md, "Features from histories").
    /// </summary>
    /// <param name="usage">The usage events, aggregated as of the extraction day.</param>
    /// <param name="id">The customer id used in <paramref name="usage"/>.</param>
    /// <exception cref="ArgumentException">A column name is already used.</exception>
    public FeatureSet<TCustomer> AddUsageTrends(History.ActivityHistory usage, Func<TCustomer, string> id) =>
        Add(new UsageTrendExtractor<TCustomer>(usage, id));

    /// <summary>Adds the support features of each customer's tickets: tickets in 30 and 90 days, their change against the previous 90, days since the last ticket.</summary>
    /// <param name="tickets">The support tickets, aggregated as of the extraction day.</param>
    /// <param name="id">The customer id used in <paramref name="tickets"/>.</param>
    /// <exception cref="ArgumentException">A column name is already used.</exception>
    public FeatureSet<TCustomer> AddSupport(History.ActivityHistory tickets, Func<TCustomer, string> id) =>
        Add(new SupportExtractor<TCustomer>(tickets, id));

    /// <summary>Adds recency, frequency and monetary value of each customer's transactions over the history's days.</summary>
    /// <param name="transactions">The transactions, aggregated as of the extraction day.</param>
    /// <param name="id">The customer id used in <paramref name="transactions"/>.</param>
    /// <exception cref="ArgumentException">A column name is already used.</exception>
    public FeatureSet<TCustomer> AddRfm(History.ActivityHistory transactions, Func<TCustomer, string> id) =>
        Add(new RfmExtractor<TCustomer>(transactions, id));

    /// <summary>Adds every column of an extractor.</summary>
    /// <exception cref="ArgumentException">A column name is already used.</exception>
    internal FeatureSet<TCustomer> Add(IFeatureExtractor<TCustomer> extractor)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        foreach (FeatureColumn column in extractor.Columns)
        {
            if (string.IsNullOrWhiteSpace(column.Name))
            {
                throw new ArgumentException("A feature needs a non-empty name.", nameof(extractor));
            }

            if (_names.Contains(column.Name))
            {
                throw new ArgumentException($"A feature named '{column.Name}' was already added; feature names must be unique.", nameof(extractor));
            }
        }

        foreach (FeatureColumn column in extractor.Columns)
        {
            _names.Add(column.Name);
            _columns.Add(column);
        }

        _extractors.Add(extractor);
        return this;
    }

    /// <summary>Extracts the features of every customer as of <paramref name="asOf"/>.</summary>
    /// <param name="customers">The customers, in the order the rows should have.</param>
    /// <param name="asOf">The last day whose data may be read.</param>
    /// <param name="id">The customer id, for row ids; rows are numbered from 1 when omitted.</param>
    /// <exception cref="InvalidOperationException">No feature was added.</exception>
    /// <exception cref="ArgumentException">Two customers share an id.</exception>
    public FeatureMatrix Extract(IEnumerable<TCustomer> customers, DateOnly asOf, Func<TCustomer, string>? id = null)
    {
        ArgumentNullException.ThrowIfNull(customers);
        if (_columns.Count == 0)
        {
            throw new InvalidOperationException("The feature set is empty; add features with Add(...) before extracting.");
        }

        var context = new FeatureContext(asOf);
        int d = _columns.Count;
        var values = new List<double>();
        var ids = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var row = new double[d];
        foreach (TCustomer customer in customers)
        {
            int offset = 0;
            foreach (IFeatureExtractor<TCustomer> extractor in _extractors)
            {
                extractor.Extract(customer, context, row.AsSpan(offset, extractor.Columns.Count));
                offset += extractor.Columns.Count;
            }

            values.AddRange(row);
            string rowId = id?.Invoke(customer) ?? (ids.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!seen.Add(rowId))
            {
                throw new ArgumentException($"Two customers have the id '{rowId}'; ids must be unique.", nameof(customers));
            }

            ids.Add(rowId);
        }

        return FeatureMatrix.Create([.. values], d, Schema, [.. ids]);
    }

    private sealed class SelectorExtractor(FeatureColumn column, Func<TCustomer, FeatureContext, double> selector) : IFeatureExtractor<TCustomer>
    {
        public IReadOnlyList<FeatureColumn> Columns { get; } = [column];

        public void Extract(TCustomer customer, FeatureContext context, Span<double> destination) => destination[0] = selector(customer, context);
    }
}
