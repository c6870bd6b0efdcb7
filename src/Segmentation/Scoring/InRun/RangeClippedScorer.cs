namespace Segmentation.Scoring.InRun;

/// <summary>
/// A trained scorer that first clips each feature into the range seen in training, so that today's values beyond
/// anything in the past (a customer inactive for longer than any before) do not extrapolate the model without bound.
/// </summary>
/// <remarks>Drivers are the inner scorer's, computed on the clipped values; <see cref="Save"/> writes the inner model (without the ranges).</remarks>
internal sealed class RangeClippedScorer : ITrainedScorer, IColumnScorer
{
    private readonly ITrainedScorer _inner;
    private readonly Dictionary<string, (double Low, double High)> _ranges;

    public RangeClippedScorer(ITrainedScorer inner, FeatureMatrix training)
    {
        _inner = inner;
        _ranges = new Dictionary<string, (double, double)>(StringComparer.Ordinal);
        for (int j = 0; j < training.ColumnCount; j++)
        {
            double[] present = [.. training.Column(j).Where(double.IsFinite)];
            if (present.Length > 0)
            {
                _ranges[training.Schema[j].Name] = (present.Min(), present.Max());
            }
        }
    }

    public string Name => _inner.Name;

    public IReadOnlyList<string> RequiredFeatures => _inner.RequiredFeatures;

    public string ModelType => _inner.ModelType;

    public OutcomeDefinition Outcome => _inner.Outcome;

    public TabularEncoder? Encoder => _inner.Encoder;

    public IReadOnlyList<ScoreDriver> GlobalImportance => _inner.GlobalImportance;

    /// <summary>The inner (unclipped) scorer.</summary>
    public ITrainedScorer Inner => _inner;

    public IReadOnlyList<RiskScore> Score(FeatureMatrix customers, CancellationToken cancellationToken = default)
        => _inner.Score(Clip(customers), cancellationToken);

    public double[] PredictProbabilities(FeatureMatrix customers, CancellationToken cancellationToken = default)
        => _inner.PredictProbabilities(Clip(customers), cancellationToken);

    public ScoreColumn? ScoreColumn(FeatureMatrix customers, CancellationToken cancellationToken)
        => _inner is IColumnScorer columns ? columns.ScoreColumn(Clip(customers), cancellationToken) : null;

    public void Save(string path) => _inner.Save(path);

    private FeatureMatrix Clip(FeatureMatrix customers)
    {
        ArgumentNullException.ThrowIfNull(customers);
        int d = customers.ColumnCount;
        double[] values = customers.Values.ToArray();
        for (int j = 0; j < d; j++)
        {
            if (_ranges.TryGetValue(customers.Schema[j].Name, out (double Low, double High) range))
            {
                for (int i = j; i < values.Length; i += d)
                {
                    // NaN stays NaN (missing, imputed by the model).
                    values[i] = double.IsNaN(values[i]) ? values[i] : Math.Clamp(values[i], range.Low, range.High);
                }
            }
        }

        FeatureMatrix clipped = FeatureMatrix.Create(values, d, customers.Schema, customers.RowIds is null ? null : [.. customers.RowIds]);
        return customers.RowWeights is ReadOnlyMemory<double> weights ? clipped.WithRowWeights(weights.Span) : clipped;
    }
}
