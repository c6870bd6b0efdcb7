using Segmentation;
using Segmentation.Scoring;
using Segmentation.Scoring.Logistic;

namespace Microsoft.Extensions.DependencyInjection;

/// <content>
/// Registers named risk scorers (keyed <see cref="IRiskScorer"/> singletons, for example <c>churn</c> and
/// <c>expansion</c>) on the builder returned by <c>AddSegmentation()</c>.
/// </content>
/// <remarks>
/// Resolve with <c>provider.GetRequiredKeyedService&lt;IRiskScorer&gt;("churn")</c>. A scorer is created (loaded or
/// trained) the first time it is resolved, then shared; scorers are thread-safe. A scorer whose own name differs from
/// the key reports the key as its <see cref="IRiskScorer.Name"/>.
/// </remarks>
public static partial class SegmentationBuilderExtensions
{
    /// <summary>Registers the scorer <paramref name="factory"/> creates under <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, or a scorer is already registered under it.</exception>
    public static ISegmentationBuilder AddRiskScorer(this ISegmentationBuilder builder, string name, Func<IServiceProvider, IRiskScorer> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        if (builder.Services.Any(d => d.ServiceType == typeof(IRiskScorer) && d.IsKeyedService && Equals(d.ServiceKey, name)))
        {
            throw new ArgumentException($"A risk scorer named '{name}' is already registered; use another name or remove the first registration.", nameof(name));
        }

        builder.Services.AddKeyedSingleton<IRiskScorer>(name, (provider, _) =>
        {
            IRiskScorer scorer = factory(provider) ?? throw new InvalidOperationException($"The factory of the risk scorer '{name}' returned null.");
            return scorer.Name == name ? scorer : new NamedRiskScorer(name, scorer);
        });
        return builder;
    }

    /// <summary>
    /// Registers a scorer loaded from a model file: by default a logistic model or a health score
    /// (<see cref="ModelFiles.Load"/>); pass <paramref name="loader"/> for other types, for example
    /// <c>GradientBoostedScorer.Load</c> from <c>Segmentation.MLNet</c>.
    /// </summary>
    public static ISegmentationBuilder AddRiskScorerFromFile(this ISegmentationBuilder builder, string name, string path, Func<string, IRiskScorer>? loader = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Func<string, IRiskScorer> load = loader ?? ModelFiles.Load;
        return builder.AddRiskScorer(name, _ => load(path));
    }

    /// <summary>
    /// Registers a scorer trained in the host on the outcomes <paramref name="data"/> provides (for example expansion:
    /// the same mechanism as churn with another outcome column), with <paramref name="trainer"/> or, by default, an
    /// L2 logistic regression.
    /// </summary>
    public static ISegmentationBuilder AddTrainedRiskScorer(this ISegmentationBuilder builder, string name, Func<IServiceProvider, TrainingTable> data, IScorerTrainer? trainer = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        IScorerTrainer chosen = trainer ?? new LogisticRegressionTrainer();
        return builder.AddRiskScorer(name, provider => chosen.Fit(data(provider), name));
    }

    /// <summary>A scorer registered under another name than its own.</summary>
    private sealed class NamedRiskScorer(string name, IRiskScorer inner) : IRiskScorer, Segmentation.Scoring.IColumnScorer
    {
        public Segmentation.Scoring.ScoreColumn? ScoreColumn(FeatureMatrix customers, CancellationToken cancellationToken)
            => inner is Segmentation.Scoring.IColumnScorer columns ? columns.ScoreColumn(customers, cancellationToken) : null;

        public string Name { get; } = name;

        public IReadOnlyList<string> RequiredFeatures => inner.RequiredFeatures;

        public IReadOnlyList<RiskScore> Score(FeatureMatrix customers, CancellationToken cancellationToken = default) => inner.Score(customers, cancellationToken);
    }
}
