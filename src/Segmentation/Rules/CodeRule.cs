namespace Segmentation.Rules;

/// <summary>
/// A rule written in C# (<c>Rule.When("Enterprise", f =&gt; f["arr"] &gt;= 100_000)</c>), evaluated row by row.
/// </summary>
/// <remarks>
/// <para>Missing values: a feature read through <see cref="RuleRow"/> is NaN when missing, and every comparison with
/// NaN is false in C#. So the result is <see cref="RuleTruth.True"/> when the predicate returns true,
/// <see cref="RuleTruth.Unknown"/> when it returns false after reading a missing value, and
/// <see cref="RuleTruth.False"/> otherwise. This matches SQL for conditions built from comparisons, <c>&amp;&amp;</c> and
/// <c>||</c>; a negation such as <c>!(f["arr"] &gt;= 5)</c> is true for a missing arr in C#, so test
/// <see cref="RuleRow.IsMissing"/> explicitly, or write the rule as text, when that matters.</para>
/// <para>Text rules are faster (column-wise) and are checked against the schema before evaluation; a code rule reading
/// a feature that is not there throws during evaluation. Thread-safe when the predicate is.</para>
/// </remarks>
internal sealed class CodeRule : Rule
{
    private readonly Func<RuleRow, bool> _predicate;
    private readonly List<string> _features = [];

    internal CodeRule(string segment, Func<RuleRow, bool> predicate, string condition, IReadOnlyList<string>? features)
    {
        Segment = segment;
        _predicate = predicate;
        Condition = condition;
        if (features is not null)
        {
            _features.AddRange(features);
        }
    }

    /// <inheritdoc />
    public override string Segment { get; }

    /// <inheritdoc />
    public override string Condition { get; }

    /// <summary>The features declared when the rule was created, plus those the predicate has read so far.</summary>
    public override IReadOnlyList<string> Features
    {
        get
        {
            lock (_features)
            {
                return [.. _features];
            }
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The predicate read a feature that is not in the schema.</exception>
    internal override void Evaluate(FeatureMatrix customers, Span<RuleTruth> results)
    {
        ArgumentNullException.ThrowIfNull(customers);
        TextRule.CheckLength(customers, results);
        var row = new RuleRow(customers);
        for (int i = 0; i < results.Length; i++)
        {
            row.MoveTo(i);
            bool matched = _predicate(row);
            results[i] = matched ? RuleTruth.True : row.ReadMissing ? RuleTruth.Unknown : RuleTruth.False;
        }

        lock (_features)
        {
            foreach (string name in row.FeaturesRead)
            {
                if (!_features.Contains(name))
                {
                    _features.Add(name);
                }
            }
        }
    }
}

/// <summary>One customer's features as a code rule reads them: <c>f["arr"]</c> (NaN when missing).</summary>
/// <remarks>Valid only during the call of the predicate; one instance is reused for every row.</remarks>
public sealed class RuleRow
{
    private readonly FeatureMatrix _matrix;
    private readonly Dictionary<string, int> _columns = new(StringComparer.Ordinal);
    private int _row;

    internal RuleRow(FeatureMatrix matrix) => _matrix = matrix;

    /// <summary>The row's position in the matrix.</summary>
    public int Index => _row;

    /// <summary>The row's id, when the matrix has ids.</summary>
    public string? Id => _matrix.RowIds?[_row];

    /// <summary>The value of <paramref name="feature"/> (NaN when missing).</summary>
    /// <exception cref="ArgumentException">No such feature; the message suggests close names.</exception>
    public double this[string feature]
    {
        get
        {
            double value = _matrix[_row, ColumnOf(feature)];
            if (double.IsNaN(value))
            {
                ReadMissing = true;
            }

            return value;
        }
    }

    /// <summary>Whether <paramref name="feature"/> is missing for this customer (does not count as reading a missing value).</summary>
    public bool IsMissing(string feature) => double.IsNaN(_matrix[_row, ColumnOf(feature)]);

    /// <summary>Whether text feature <paramref name="feature"/> has <paramref name="level"/> (its one-hot column <c>feature=level</c> is 1).</summary>
    /// <exception cref="ArgumentException">No such level column.</exception>
    internal bool Is(string feature, string level) => _matrix[_row, ColumnOf(feature + "=" + level)] == 1;

    internal bool ReadMissing { get; private set; }

    internal IEnumerable<string> FeaturesRead => _columns.Keys;

    internal void MoveTo(int row)
    {
        _row = row;
        ReadMissing = false;
    }

    private int ColumnOf(string feature)
    {
        ArgumentNullException.ThrowIfNull(feature);
        if (_columns.TryGetValue(feature, out int column))
        {
            return column;
        }

        column = _matrix.Schema.IndexOf(feature);
        if (column < 0)
        {
            IReadOnlyList<string> closest = Language.NameSuggestions.Closest(feature, _matrix.Schema.Names);
            string hint = closest.Count == 0 ? string.Empty : $" Did you mean {string.Join(" or ", closest.Select(c => $"'{c}'"))}?";
            throw new ArgumentException($"A code rule reads feature '{feature}', which is not in the data.{hint}", nameof(feature));
        }

        _columns[feature] = column;
        return column;
    }
}
