using Microsoft.Extensions.DependencyInjection.Extensions;
using Segmentation;
using Segmentation.Clustering;
using Segmentation.Clustering.KMeans;
using Segmentation.Configuration;
using Segmentation.Features.Preprocessing;
using Segmentation.Migration;
using Segmentation.Pipeline;
using Segmentation.Rules;
using Segmentation.Samples;
using Segmentation.Scoring.InRun;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers a whole run at once: the objects of a <c>segmentation.json</c> (<see cref="SegmentationSettings"/>), a
/// clusterer or snapshot store built by the caller, or the daily run of the embedded sample. <c>segment run</c> builds its
/// engine with these calls.
/// </summary>
public static partial class SegmentationBuilderExtensions
{
    /// <summary>Clusters with <paramref name="clusterer"/> instead of the one <see cref="SegmentationOptions.Algorithm"/> names.</summary>
    /// <param name="builder">The builder from <c>AddSegmentation()</c>.</param>
    /// <param name="clusterer">The clusterer, for example <c>Clusterers.KMeans(new KMeansOptions { K = 5 })</c>.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ISegmentationBuilder UseClusterer(this ISegmentationBuilder builder, IClusterer clusterer)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(clusterer);
        builder.Services.Replace(ServiceDescriptor.Singleton(new ClustererChoice(clusterer)));
        return builder;
    }

    /// <summary>Keeps snapshots and models in <paramref name="store"/> (for example one created and disposed by the caller).</summary>
    /// <param name="builder">The builder from <c>AddSegmentation()</c>.</param>
    /// <param name="store">The store.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ISegmentationBuilder UseSnapshotStore(this ISegmentationBuilder builder, ISnapshotStore store)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(store);
        builder.Services.Replace(ServiceDescriptor.Singleton(store));
        return builder;
    }

    /// <summary>Reports each step of a run (<see cref="PipelineSteps"/>) to <paramref name="progress"/> when it is done, with its duration.</summary>
    /// <param name="builder">The builder from <c>AddSegmentation()</c>.</param>
    /// <param name="progress">Receives the steps, for example a progress bar; called on the thread that runs the step.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ISegmentationBuilder ReportProgress(this ISegmentationBuilder builder, IProgress<PipelineStepCompleted> progress)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(progress);
        builder.Services.Replace(ServiceDescriptor.Singleton(progress));
        return builder;
    }

    /// <summary>Reports how far each long step (scoring, planning) is while it runs, every 100,000 customers (<see cref="SegmentationEngine.StepProgress"/>).</summary>
    /// <param name="builder">The builder from <c>AddSegmentation()</c>.</param>
    /// <param name="progress">Receives the progress, for example a progress bar; called on the thread that runs the step.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ISegmentationBuilder ReportProgress(this ISegmentationBuilder builder, IProgress<PipelineStepProgress> progress)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(progress);
        builder.Services.Replace(ServiceDescriptor.Singleton(progress));
        return builder;
    }

    /// <summary>
    /// Registers what a loaded <c>segmentation.json</c> holds: preprocessing, the clusterer, the value feature, the rules,
    /// the scorers of its <c>scorers</c> section (<see cref="SegmentationSettings.Scorers"/>, named churn and expansion), and,
    /// when it has playbooks, the daily step (playbooks, priority, capacity, score bands).
    /// </summary>
    /// <param name="builder">The builder from <c>AddSegmentation()</c>.</param>
    /// <param name="settings">The settings, from <see cref="SegmentationConfig.ToSettings()"/>.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ISegmentationBuilder UseSettings(this ISegmentationBuilder builder, SegmentationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        builder.Services.Configure<SegmentationOptions>(o =>
        {
            CopyPreprocessing(settings.Preprocessing, o.Preprocessing);
            o.Profiling.ValueFeature = settings.ValueFeature;
        });
        // columns.valueColumn and columns.idColumn are also the tracked run's value feature and data set id column.
        builder.ConfigureTrackedRun(o =>
        {
            o.ValueFeature = settings.ValueFeature ?? o.ValueFeature;
            o.IdColumn = settings.Reading.IdColumn ?? o.IdColumn;
        });
        builder.UseClusterer(settings.CreateClusterer());
        if (settings.Rules is RuleSet rules)
        {
            builder.AddRules(rules);
        }

        foreach (IRiskScorer scorer in settings.Scorers)
        {
            builder.AddScorer(scorer);
        }

        if (settings.Playbooks.Playbooks.Count > 0)
        {
            builder.AddPlaybooks(settings.Playbooks).ConfigureDailyRun(o =>
            {
                o.Priority = settings.Priority;
                o.Capacity = settings.Capacity;
                o.ChurnBands = settings.ChurnBands;
                o.ExpansionBands = settings.ExpansionBands;
            });
        }

        return builder;
    }

    /// <summary>
    /// Registers the daily run of the embedded sample (<c>segment run</c> without arguments): the built-in rule sets
    /// (<see cref="KnownRuleSets.All"/>), the built-in playbooks and the scorers trained on its past.
    /// </summary>
    /// <param name="builder">The builder from <c>AddSegmentation()</c>.</param>
    /// <param name="scorers">The scorers, for example from <c>SaasSample.TrainScorers</c> (empty: a worklist from triggers and segments alone).</param>
    /// <returns>The builder, for chaining.</returns>
    public static ISegmentationBuilder UseSampleDailyRun(this ISegmentationBuilder builder, IEnumerable<TimeBasedModel> scorers)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(scorers);
        builder.AddRules(KnownRuleSets.All).UseBuiltInPlaybooks();
        foreach (TimeBasedModel model in scorers)
        {
            builder.AddScorer(model.Scorer);
        }

        return builder;
    }

    /// <summary>
    /// Registers the daily run of the embedded sample as of <paramref name="asOf"/>: the built-in rule sets and
    /// playbooks, and the churn and expansion scorers trained here on the sample's past
    /// (<see cref="SaasSample.TrainScorersFor"/>), which the container also holds as <see cref="TrainedScorers"/>.
    /// </summary>
    /// <param name="builder">The builder from <c>AddSegmentation()</c>.</param>
    /// <param name="asOf">The as-of date; the scorers read nothing after it.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ISegmentationBuilder UseSampleDailyRun(this ISegmentationBuilder builder, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddRules(KnownRuleSets.All).UseBuiltInPlaybooks();
        return builder.AddTrainedScorers(SaasSample.TrainScorersFor(asOf));
    }

    /// <summary>
    /// Adds scorers trained in the run to the daily step and registers them as the container's <see cref="TrainedScorers"/>
    /// (for reporting their holdout evaluation). A scorer registered before under the same name (a <c>model</c> or
    /// <c>health</c> scorer of the configuration) wins over the trained one.
    /// </summary>
    /// <param name="builder">The builder from <c>AddSegmentation()</c>.</param>
    /// <param name="trained">The trained scorers, for example from <see cref="InRunScorers"/> or <see cref="SaasSample.TrainScorersFor"/>.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ISegmentationBuilder AddTrainedScorers(this ISegmentationBuilder builder, TrainedScorers trained)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(trained);
        builder.Services.AddSingleton(trained);
        builder.Services.Configure<DailyRunOptions>(o =>
        {
            foreach (TimeBasedModel model in trained.Models.Where(m => !o.Scorers.Any(s => s.Name == m.Name)))
            {
                o.Scorers.Add(model.Scorer);
            }
        });
        return builder;
    }

    private static void CopyPreprocessing(PreprocessingOptions from, PreprocessingOptions to)
    {
        to.Imputation = from.Imputation;
        to.Scaling = from.Scaling;
        to.ImputationConstant = from.ImputationConstant;
        to.AddMissingIndicators = from.AddMissingIndicators;
        to.Log1pColumns.Clear();
        foreach (string column in from.Log1pColumns)
        {
            to.Log1pColumns.Add(column);
        }

        to.FeatureWeights.Clear();
        foreach ((string feature, double weight) in from.FeatureWeights)
        {
            to.FeatureWeights[feature] = weight;
        }
    }
}

/// <summary>The clusterer chosen with <see cref="SegmentationBuilderExtensions.UseClusterer"/>.</summary>
internal sealed record ClustererChoice(IClusterer Clusterer);
