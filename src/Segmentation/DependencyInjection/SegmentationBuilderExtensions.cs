using Microsoft.Extensions.DependencyInjection.Extensions;
using Segmentation;
using Segmentation.Clustering;
using Segmentation.Clustering.KMeans;
using Segmentation.Configuration;
using Segmentation.Features.Preprocessing;
using Segmentation.Migration;
using Segmentation.Playbooks;
using Segmentation.Pipeline;
using Segmentation.Rules;
using Segmentation.Samples;
using Segmentation.Scoring.InRun;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers a whole run at once: a <c>segmentation.json</c> (<see cref="UseConfiguration"/>), a
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

    /// <summary>
    /// Reports how far each long step (scoring, planning) is while it runs, every 100,000 customers, and each step of a
    /// run (<see cref="PipelineSteps"/>) when it is done, with its duration (<see cref="SegmentationEngine.Progress"/>).
    /// </summary>
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
    /// Registers the run a <c>segmentation.json</c> describes: preprocessing, the clusterer, the value feature and id
    /// column, the rules, the <c>model</c> and <c>health</c> scorers of its <c>scorers</c> section (named churn and
    /// expansion), its <c>alerts</c> section (<see cref="TrackedRunOptions.HighValueAlerts"/>, when turned on), and, when it has
    /// playbooks, the daily step (playbooks, priority, capacity, score bands). Its <c>in-run</c> scorers are trained by
    /// <see cref="TrainScorersOnOutcomes"/>, once the customers are read.
    /// </summary>
    /// <remarks>The configuration is checked and its model files are loaded here, so a mistake is reported before any data is read.</remarks>
    /// <param name="builder">The builder from <c>AddSegmentation()</c>.</param>
    /// <param name="configuration">The configuration, for example from <see cref="SegmentationConfig.Load"/>.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="SegmentationConfigException">The configuration is invalid, or a model file cannot be loaded.</exception>
    public static ISegmentationBuilder UseConfiguration(this ISegmentationBuilder builder, SegmentationConfig configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        SegmentationSettings settings = configuration.ToSettings();
        builder.Services.Replace(ServiceDescriptor.Singleton(settings));
        builder.ConfigureTrackedRun(o => o.Alerts = settings.Alerts);
        return builder.UseSettings(settings);
    }

    /// <summary>
    /// Trains the scorers of a run on dated outcomes (time-based: features as of 90 days before the as-of date, outcomes
    /// of those 90 days; nothing after the as-of date is read) and adds them to the daily step: the <c>in-run</c> scorers
    /// of the configuration (<see cref="UseConfiguration"/>), each on its <c>outcomeEvents</c> file or on
    /// <paramref name="outcomesFile"/>; without a <c>scorers</c> section, churn (and expansion when the file has expansion
    /// events). Without a configuration, the scores alone start the actions (the built-in score playbooks).
    /// </summary>
    /// <param name="builder">The builder from <c>AddSegmentation()</c>.</param>
    /// <param name="today">Today's inputs: the features the run segments (row ids = customer ids), rule features, outcome and as-of date.</param>
    /// <param name="customers">The customer table's own columns as features (without usage columns), with customer ids as row ids.</param>
    /// <param name="usageAsOf">The usage history as of a date (the events file read as of that day), or <see langword="null"/> without usage events.</param>
    /// <param name="idColumn">The id column the customers were read with; <see langword="null"/> when they are numbered by row, which cannot be matched to outcomes.</param>
    /// <param name="outcomesFile">A CSV of dated outcome events (customer id, date, outcome: churned or expanded) for every scorer, or <see langword="null"/> for the configuration's files.</param>
    /// <param name="messages">Receives what a person should know: what each outcomes file held, and which scorer was not trained and why.</param>
    /// <param name="cancellationToken">Stops training.</param>
    /// <returns>Today's inputs without the customers who churned on or before the as-of date: trained on, but not segmented, scored or planned.</returns>
    /// <exception cref="ArgumentException">A scorer is to be trained and <paramref name="idColumn"/> is null.</exception>
    /// <exception cref="Segmentation.Data.DataFormatException">An outcomes file is missing or unreadable, or has too few outcomes in a scorer's window.</exception>
    public static SegmentationInputs TrainScorersOnOutcomes(this ISegmentationBuilder builder, SegmentationInputs today, FeatureMatrix customers,
        Func<DateOnly, Segmentation.Features.History.ActivityHistory>? usageAsOf, string? idColumn, string? outcomesFile, TextWriter messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(today);
        ArgumentNullException.ThrowIfNull(customers);
        ArgumentNullException.ThrowIfNull(messages);
        SegmentationSettings? settings = RegisteredSettings(builder.Services);
        (IReadOnlyList<TimeBasedModel> trained, SegmentationInputs current) = InRunScorers.TrainForRun(settings, today, customers, usageAsOf, idColumn, outcomesFile, messages, cancellationToken);
        if (settings is null && trained.Count > 0)
        {
            // Scores without a configuration: the scores alone start the actions.
            builder.AddPlaybooks(KnownPlaybooks.OnScores);
        }

        builder.AddTrainedScorers(new TrainedScorers(trained));
        return current;
    }

    /// <summary>The settings registered by <see cref="UseConfiguration"/>, or <see langword="null"/>.</summary>
    private static SegmentationSettings? RegisteredSettings(IServiceCollection services) =>
        services.LastOrDefault(d => d.ServiceType == typeof(SegmentationSettings))?.ImplementationInstance as SegmentationSettings;

    /// <summary>Registers the objects of a loaded <c>segmentation.json</c> (see <see cref="UseConfiguration"/>).</summary>
    internal static ISegmentationBuilder UseSettings(this ISegmentationBuilder builder, SegmentationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        builder.Services.Configure<SegmentationOptions>(o =>
        {
            CopyPreprocessing(settings.Preprocessing, o.Preprocessing);
            o.ValueFeature = settings.ValueFeature;
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
    /// <param name="scorers">The scorers, for example from <c>SampleCustomer.TrainScorers</c> (empty: a worklist from triggers and segments alone).</param>
    /// <returns>The builder, for chaining.</returns>
    internal static ISegmentationBuilder UseSampleDailyRun(this ISegmentationBuilder builder, IEnumerable<TimeBasedModel> scorers)
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
    /// playbooks, and the churn and expansion scorers trained here on the sample's past, which the container also holds
    /// (their holdout evaluations: <see cref="SegmentationEngine.WriteTrainedScorers"/>). After <see cref="UseConfiguration"/>, the configuration's rules and playbooks
    /// stay, and the scorers are added only when it has playbooks (a scorer of the configuration wins over the trained one).
    /// </summary>
    /// <param name="builder">The builder from <c>AddSegmentation()</c>.</param>
    /// <param name="asOf">The as-of date; the scorers read nothing after it.</param>
    /// <param name="messages">Receives why there are no scores, when the sample's past holds too few outcomes before <paramref name="asOf"/>; <see langword="null"/> to say nothing.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ISegmentationBuilder UseSampleDailyRun(this ISegmentationBuilder builder, DateOnly asOf, TextWriter? messages = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (RegisteredSettings(builder.Services) is SegmentationSettings settings && settings.Playbooks.Count == 0)
        {
            return builder;
        }

        if (RegisteredSettings(builder.Services) is null)
        {
            builder.AddRules(KnownRuleSets.All).UseBuiltInPlaybooks();
        }

        TrainedScorers trained = SampleCustomer.TrainScorersFor(asOf);
        if (trained.Note is string note)
        {
            messages?.WriteLine(note);
        }

        return builder.AddTrainedScorers(trained);
    }

    /// <summary>
    /// Adds scorers trained in the run to the daily step and registers them as the container's <see cref="TrainedScorers"/>
    /// (for reporting their holdout evaluation). A scorer registered before under the same name (a <c>model</c> or
    /// <c>health</c> scorer of the configuration) wins over the trained one.
    /// </summary>
    /// <param name="builder">The builder from <c>AddSegmentation()</c>.</param>
    /// <param name="trained">The trained scorers, for example from <see cref="InRunScorers"/> or <see cref="SampleCustomer.TrainScorersFor"/>.</param>
    /// <returns>The builder, for chaining.</returns>
    internal static ISegmentationBuilder AddTrainedScorers(this ISegmentationBuilder builder, TrainedScorers trained)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(trained);
        builder.Services.AddSingleton(trained);
        builder.Services.Configure<DailyRunOptions>(o =>
        {
            foreach (TimeBasedModel model in trained.Models.Where(m => !o.Scorers.Any(s => s.Name == m.Name)))
            {
                o.Scorers.Add(model.Scorer);
                o.Trained.Add(model);
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
