namespace Segmentation.Scoring;

/// <summary>
/// One scorer's scores of every customer as a column: the values in an array and each customer's drivers computed when
/// read, so that the daily run at 1,000,000 customers keeps no score object per customer.
/// </summary>
internal abstract class ScoreColumn
{
    /// <summary>How many customers.</summary>
    public abstract int Count { get; }

    /// <summary>The score of row <paramref name="row"/>.</summary>
    public abstract double Value(int row);

    /// <summary>The signed contributions behind the score of row <paramref name="row"/>, strongest first; built now and not kept.</summary>
    public abstract IReadOnlyList<ScoreDriver> Drivers(int row);

    /// <summary>The features of <see cref="Contributions"/>, in order, or <see langword="null"/> when this column gives only sorted <see cref="Drivers"/>.</summary>
    public virtual IReadOnlyList<string>? FeatureNames => null;

    /// <summary>Writes the signed contribution of each of <see cref="FeatureNames"/> to row <paramref name="row"/>'s score into <paramref name="into"/> (unsorted, no object per driver).</summary>
    public virtual void Contributions(int row, Span<double> into) => throw new NotSupportedException("This score column has no contributions by feature; read Drivers.");

    /// <summary>
    /// Asks for the cache lines the score of row <paramref name="row"/> (and, with <paramref name="drivers"/>, its
    /// <see cref="Contributions"/>) is read from, without waiting for them (see <see cref="Playbooks.FactTable.Prefetch"/>);
    /// nothing by default.
    /// </summary>
    public virtual void Prefetch(int row, bool drivers)
    {
    }

    /// <summary>The scores of <paramref name="scorer"/> on <paramref name="customers"/>: as a column when the scorer can give one, else its <see cref="RiskScore"/> list.</summary>
    public static ScoreColumn Of(IRiskScorer scorer, FeatureMatrix customers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        return scorer is IColumnScorer columns && columns.ScoreColumn(customers, cancellationToken) is ScoreColumn column
            ? column
            : new RiskScoreColumn(scorer.Score(customers, cancellationToken));
    }

    /// <summary>The scores a scorer returned as records.</summary>
    private sealed class RiskScoreColumn(IReadOnlyList<RiskScore> scores) : ScoreColumn
    {
        public override int Count => scores.Count;

        public override double Value(int row) => scores[row].Value;

        public override IReadOnlyList<ScoreDriver> Drivers(int row) => LazyList.Peek(scores[row].Drivers);
    }
}

/// <summary>A scorer (or a wrapper of one) that can score into a <see cref="ScoreColumn"/> without a record per customer.</summary>
internal interface IColumnScorer
{
    /// <summary>The scores as a column, or <see langword="null"/> when this scorer cannot give one (then <see cref="IRiskScorer.Score"/> is used).</summary>
    ScoreColumn? ScoreColumn(FeatureMatrix customers, CancellationToken cancellationToken);
}
