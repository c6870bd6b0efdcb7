using System.Collections;

namespace Segmentation;

/// <summary>
/// The ordered, uniquely named columns of a <see cref="FeatureMatrix"/>.
/// </summary>
/// <remarks>Immutable and safe to share between threads.</remarks>
public sealed class FeatureSchema : IReadOnlyList<FeatureColumn>, IEquatable<FeatureSchema>
{
    private readonly FeatureColumn[] _columns;
    private readonly Dictionary<string, int> _indexByName;

    /// <summary>Creates a schema from columns whose names are unique (ordinal comparison).</summary>
    /// <exception cref="ArgumentException">A column name is empty or repeated.</exception>
    public FeatureSchema(IEnumerable<FeatureColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        _columns = [.. columns];
        _indexByName = new Dictionary<string, int>(_columns.Length, StringComparer.Ordinal);
        for (int i = 0; i < _columns.Length; i++)
        {
            FeatureColumn column = _columns[i] ?? throw new ArgumentException($"Column {i} is null.", nameof(columns));
            if (string.IsNullOrWhiteSpace(column.Name))
            {
                throw new ArgumentException($"Column {i} has an empty name; give every feature a name.", nameof(columns));
            }

            if (!_indexByName.TryAdd(column.Name, i))
            {
                throw new ArgumentException(
                    $"Column name '{column.Name}' appears twice (positions {_indexByName[column.Name]} and {i}); feature names must be unique.",
                    nameof(columns));
            }
        }
    }

    /// <summary>Creates a schema of numeric columns with the given names.</summary>
    public static FeatureSchema Numeric(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        return new FeatureSchema(names.Select(n => new FeatureColumn(n)));
    }

    /// <summary>A schema of numeric columns named <c>x0</c>, <c>x1</c>, ...</summary>
    public static FeatureSchema Default(int columnCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(columnCount);
        return Numeric(Enumerable.Range(0, columnCount).Select(i => "x" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>The number of columns.</summary>
    public int Count => _columns.Length;

    /// <summary>The column at <paramref name="index"/>.</summary>
    public FeatureColumn this[int index] => _columns[index];

    /// <summary>The column names in order.</summary>
    public IReadOnlyList<string> Names => _columns.Select(c => c.Name).ToArray();

    /// <summary>The position of the column named <paramref name="name"/>, or -1.</summary>
    public int IndexOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _indexByName.TryGetValue(name, out int index) ? index : -1;
    }

    /// <summary>The position of the column named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such column; the message lists the known names.</exception>
    public int GetIndex(string name)
    {
        int index = IndexOf(name);
        if (index < 0)
        {
            throw new KeyNotFoundException($"No feature named '{name}'. Known features: {string.Join(", ", _columns.Select(c => c.Name))}.");
        }

        return index;
    }

    /// <inheritdoc />
    public IEnumerator<FeatureColumn> GetEnumerator() => ((IEnumerable<FeatureColumn>)_columns).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public bool Equals(FeatureSchema? other) => other is not null && _columns.AsSpan().SequenceEqual(other._columns);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as FeatureSchema);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        HashCode hash = default;
        foreach (FeatureColumn column in _columns)
        {
            hash.Add(column);
        }

        return hash.ToHashCode();
    }
}
