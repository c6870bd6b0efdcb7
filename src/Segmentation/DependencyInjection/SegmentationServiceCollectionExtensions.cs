using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Segmentation;
using Segmentation.Clustering;
using Segmentation.Clustering.Selection;
using Segmentation.Features.Preprocessing;
using Segmentation.Options;
using Segmentation.Pipeline;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the segmentation library in a host application's container.</summary>
public static class SegmentationServiceCollectionExtensions
{
    /// <summary>
    /// Registers the clusterers (keyed services: <c>GetRequiredKeyedService&lt;IClusterer&gt;("kmeans")</c>), their
    /// validated options, and the <see cref="SegmentationEngine"/>. Calling it again registers nothing twice.
    /// </summary>
    /// <remarks>
    /// Configure algorithms with the options pattern, for example <c>services.Configure&lt;KMeansOptions&gt;(o =&gt; o.K = 6)</c>.
    /// Invalid options fail when the host starts (<c>ValidateOnStart</c>), with a message naming the option and its range.
    /// </remarks>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Optional pipeline settings.</param>
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

        services.TryAddKeyedTransient<IClusterer>(
            KMeansClusterer.AlgorithmName,
            (provider, _) => new KMeansClusterer(provider.GetRequiredService<IOptionsMonitor<KMeansOptions>>().CurrentValue));

        services.TryAddKeyedTransient<IClusterer>(
            KSelectingClusterer.AlgorithmName,
            (provider, _) => new KSelectingClusterer(new KSelector(provider.GetRequiredService<IOptionsMonitor<KSelectionOptions>>().CurrentValue)));

        services.TryAddKeyedTransient<IClusterer>(
            HierarchicalClusterer.AlgorithmName,
            (provider, _) => new HierarchicalClusterer(provider.GetRequiredService<IOptionsMonitor<HierarchicalOptions>>().CurrentValue));

        services.TryAddKeyedTransient<IClusterer>(
            MiniBatchKMeansClusterer.AlgorithmName,
            (provider, _) => new MiniBatchKMeansClusterer(provider.GetRequiredService<IOptionsMonitor<MiniBatchKMeansOptions>>().CurrentValue));

        services.TryAddKeyedTransient<IClusterer>(
            DbscanClusterer.AlgorithmName,
            (provider, _) => new DbscanClusterer(provider.GetRequiredService<IOptionsMonitor<DbscanOptions>>().CurrentValue));

        MigrationSegmentationBuilderExtensions.AddMigrationDefaults(services);

        services.TryAddTransient(provider =>
        {
            SegmentationOptions options = provider.GetRequiredService<IOptionsMonitor<SegmentationOptions>>().CurrentValue;
            IClusterer clusterer = provider.GetKeyedService<IClusterer>(options.Algorithm)
                ?? throw new InvalidOperationException(
                    $"SegmentationOptions.Algorithm is '{options.Algorithm}', but no IClusterer is registered under that key; register one or use 'kmeans'.");
            // Rules registered with AddRules(...) are evaluated beside the clusters.
            return new SegmentationEngine(clusterer, new PreprocessingOptions { Imputation = options.Imputation, Scaling = options.Scaling }, provider.GetService<Segmentation.Rules.RuleSet>());
        });

        return builder;
    }

    private static void AddValidatedOptions<TOptions>(IServiceCollection services)
        where TOptions : class, IValidatableOptions
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, SegmentationOptionsValidator<TOptions>>());
        services.AddOptions<TOptions>().ValidateOnStart();
    }

    /// <summary>Marks a collection that already has the segmentation services, so a second call adds nothing.</summary>
    private sealed class SegmentationMarker;
}
