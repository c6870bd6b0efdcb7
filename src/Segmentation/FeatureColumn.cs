namespace Segmentation;

/// <summary>What a feature column holds, so that preprocessing and profiling treat it appropriately.</summary>
public enum FeatureKind
{
    /// <summary>A continuous or count value (ARR, logins, tenure days). Imputed and scaled.</summary>
    Numeric,

    /// <summary>A yes/no value stored as 0 or 1 (for example <c>churned</c> or <c>has_sso</c>).</summary>
    Binary,

    /// <summary>One level of a categorical column, one-hot encoded as 0 or 1 (for example <c>plan=pro</c>).</summary>
    Categorical,

    /// <summary>1 where the source column was missing, 0 otherwise; added by imputation.</summary>
    MissingIndicator,

    /// <summary>
    /// A text column kept whole for rules (for example <c>industry</c> or <c>country</c>, however many distinct values
    /// it has): the value is the position of the cell's text in <see cref="FeatureColumn.Levels"/>, NaN when the cell
    /// was missing. Not a feature for clustering; see <see cref="Features.TabularFeatures.RuleFeatures"/>.
    /// </summary>
    Text,
}

/// <summary>A named column of a <see cref="FeatureMatrix"/>.</summary>
/// <param name="Name">The column name, unique within its schema (for one-hot levels: <c>source=level</c>).</param>
/// <param name="Kind">What the column holds.</param>
/// <param name="Source">For a one-hot level or missing indicator: the column it was derived from; otherwise <see langword="null"/>.</param>
public sealed record FeatureColumn(string Name, FeatureKind Kind = FeatureKind.Numeric, string? Source = null)
{
    /// <summary>The name used in profiles and segment names: underscores become spaces.</summary>
    public string DisplayName => Name.Replace('_', ' ');

    /// <summary>
    /// For a <see cref="FeatureKind.Text"/> column: its distinct texts, where a cell's value is the position of its
    /// text in this list; <see langword="null"/> for other kinds.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public IReadOnlyList<string>? Levels { get; init; }

    /// <summary>Whether <paramref name="other"/> has the same name, kind, source and levels (compared in order).</summary>
    public bool Equals(FeatureColumn? other) =>
        other is not null && Name == other.Name && Kind == other.Kind && Source == other.Source
        && (ReferenceEquals(Levels, other.Levels) || (Levels is not null && other.Levels is not null && Levels.SequenceEqual(other.Levels, StringComparer.Ordinal)));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, Kind, Source, Levels?.Count);
}
