using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Segmentation;
using Segmentation.Clustering;
using Segmentation.Clustering.Dbscan;
using Segmentation.Clustering.Hierarchical;
using Segmentation.Clustering.KMeans;
using Segmentation.Clustering.MiniBatchKMeans;
using Segmentation.Clustering.Selection;
using Segmentation.Options;
using Segmentation.Pipeline;

namespace Microsoft.Extensions.DependencyInjection;

/// <content>Registers the segmentation library in a host application's container (<c>AddSegmentation</c>, the start of every registration).</content>
public static partial class SegmentationBuilderExtensions
{
    /// <summary>
    /// Registers the clusterers (keyed services: <c>GetRequiredKeyedService&lt;IClusterer&gt;("kmeans")</c>), their
    /// validated options, the <see cref="SegmentationEngine"/> and the daily <see cref="TrackedSegmentation"/> (with
    /// an in-memory snapshot store until another is chosen). Calling it again registers nothing twice. The engine logs
    /// each step with its duration to <c>ILogger&lt;SegmentationEngine&gt;</c> when the container has logging; scorers and
    /// playbooks (<c>AddScorer</c>, <c>UseBuiltInPlaybooks</c>) add the worklist.
    /// </summary>
    /// <remarks>
    /// <para>As <c>segment run</c>, the engine chooses the number of segments between 3 and 8 unless told otherwise:
    /// set <c>KMeansOptions.K</c> (<c>services.Configure&lt;KMeansOptions&gt;(o =&gt; o.K = 6)</c>) for a fixed number,
    /// <c>KSelectionOptions</c> for the range, or <see cref="SegmentationOptions.Algorithm"/> for another algorithm.</para>
    /// <para>Every setting is an options class: <see cref="SegmentationOptions"/> (algorithm, preprocessing, value feature, segment names)
    /// through <paramref name="configure"/>, and <c>KMeansOptions</c>, <c>KSelectionOptions</c>, <c>MiniBatchKMeansOptions</c>,
    /// <c>HierarchicalOptions</c> and <c>DbscanOptions</c> through <c>services.Configure&lt;T&gt;</c> or a bound configuration
    /// section. Invalid options fail when the host starts (<c>ValidateOnStart</c>), with a message naming the option and its range.
    /// <c>TrackedRunOptions</c> (retrain, value feature) are passed to each <c>RunAsync</c>.</para>
    /// </remarks>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Optional pipeline settings: algorithm, preprocessing, value feature, segment names.</param>
    /// <returns>A builder for further segmentation registrations.</returns>
    public static ISegmentationBuilder AddSegmentation(this IServiceCollection services, Action<SegmentationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = new SegmentationBuilder(services);
        if (configure is not null)
        {
            services.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(SegmentationMarker)))
        {
            return builder;
        }

        services.AddSingleton<SegmentationMarker>();
        AddValidatedOptions<SegmentationOptions>(services);
        AddValidatedOptions<KMeansOptions>(services);
        AddValidatedOptions<MiniBatchKMeansOptions>(services);
        AddValidatedOptions<DbscanOptions>(services);
        AddValidatedOptions<HierarchicalOptions>(services);
        AddValidatedOptions<KSelectionOptions>(services);
        AddValidatedOptions<TrackedRunOptions>(services);

        services.TryAddKeyedTransient<IClusterer>(
            KMeansClusterer.AlgorithmName,
            (provider, _) => new KMeansClusterer(provider.GetRequiredService<IOptionsMonitor<KMeansOptions>>().CurrentValue));

        services.TryAddKeyedTransient<IClusterer>(
            KSelectingClusterer.AlgorithmName,
            (provider, _) => new KSelectingClusterer(provider.GetRequiredService<IOptionsMonitor<KSelectionOptions>>().CurrentValue));

        services.TryAddKeyedTransient<IClusterer>(
            HierarchicalClusterer.AlgorithmName,
            (provider, _) => new HierarchicalClusterer(provider.GetRequiredService<IOptionsMonitor<HierarchicalOptions>>().CurrentValue));

        services.TryAddKeyedTransient<IClusterer>(
            MiniBatchKMeansClusterer.AlgorithmName,
            (provider, _) => new MiniBatchKMeansClusterer(provider.GetRequiredService<IOptionsMonitor<MiniBatchKMeansOptions>>().CurrentValue));

        services.TryAddKeyedTransient<IClusterer>(
            DbscanClusterer.AlgorithmName,
            (provider, _) => new DbscanClusterer(provider.GetRequiredService<IOptionsMonitor<DbscanOptions>>().CurrentValue));

        SegmentationBuilderExtensions.AddMigrationDefaults(services);

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SegmentationOptions>, SegmentationAlgorithmValidator>());
        services.TryAddTransient(provider =>
        {
            SegmentationOptions options = provider.GetRequiredService<IOptionsMonitor<SegmentationOptions>>().CurrentValue;
            IClusterer clusterer = provider.GetService<ClustererChoice>()?.Clusterer ?? ClustererOf(provider, options);
            // Rules registered with AddRules(...) are evaluated beside the clusters; playbooks turn the daily step on.
            return new SegmentationEngine(clusterer, options, provider.GetService<Segmentation.Rules.RuleSet>())
            {
                Daily = provider.GetService<DailyRunMarker>() is null ? null : provider.GetRequiredService<IOptions<DailyRunOptions>>().Value,
                Logger = provider.GetService<ILoggerFactory>()?.CreateLogger<SegmentationEngine>(),
                Progress = provider.GetService<IProgress<PipelineStepProgress>>(),
            };
        });

        return builder;
    }

    /// <summary>Registers <typeparamref name="TOptions"/> with the shared validator (once), checked when the host starts.</summary>
    internal static OptionsBuilder<TOptions> AddValidatedOptions<TOptions>(IServiceCollection services)
        where TOptions : class, IValidatableOptions
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, SegmentationOptionsValidator<TOptions>>());
        return services.AddOptions<TOptions>().ValidateOnStart();
    }

    private static IClusterer ClustererOf(IServiceProvider provider, SegmentationOptions options)
    {
        string key = ClustererKey(provider, options);
        return provider.GetKeyedService<IClusterer>(key)
            ?? throw new InvalidOperationException(SegmentationAlgorithmValidator.UnknownAlgorithm(key));
    }

    /// <summary>The clusterer the engine uses: the configured key, else k-means when the host set its K, else k chosen automatically.</summary>
    private static string ClustererKey(IServiceProvider provider, SegmentationOptions options)
        => options.Algorithm ?? (KMeansKIsConfigured(provider) ? KMeansClusterer.AlgorithmName : KSelectingClusterer.AlgorithmName);

    /// <summary>
    /// Whether a <c>Configure&lt;KMeansOptions&gt;</c> callback or bound section assigns <c>K</c>: the configurations are
    /// replayed on options whose K is 0, a value no valid configuration leaves in place.
    /// </summary>
    private static bool KMeansKIsConfigured(IServiceProvider provider)
    {
        var probe = new KMeansOptions { K = 0 };
        foreach (IConfigureOptions<KMeansOptions> configure in provider.GetServices<IConfigureOptions<KMeansOptions>>())
        {
            if (configure is IConfigureNamedOptions<KMeansOptions> named)
            {
                // string.Empty is the default (unnamed) options instance the engine reads.
                named.Configure(string.Empty, probe);
            }
            else
            {
                configure.Configure(probe);
            }
        }

        return probe.K != 0;
    }

    /// <summary>Marks a collection that already has the segmentation services, so a second call adds nothing.</summary>
    private sealed class SegmentationMarker;
}
