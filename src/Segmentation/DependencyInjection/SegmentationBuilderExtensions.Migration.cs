using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Segmentation.Migration;
using Segmentation.Pipeline;

namespace Microsoft.Extensions.DependencyInjection;

/// <content>Registers migration tracking: the snapshot store, alert rules and the handlers that receive alerts.</content>
public static partial class SegmentationBuilderExtensions
{
    /// <summary>Keeps snapshots in process memory (the default when no store is chosen).</summary>
    internal static ISegmentationBuilder UseInMemorySnapshotStore(this ISegmentationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<ISnapshotStore, InMemorySnapshotStore>());
        return builder;
    }

    /// <summary>Adds an alert rule (several allowed; names must be unique).</summary>
    internal static ISegmentationBuilder AddAlertRule(this ISegmentationBuilder builder, IAlertRule rule)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(rule);
        builder.Services.AddSingleton(rule);
        return builder;
    }

    /// <summary>Adds a handler that receives each new alert once per snapshot pair (several allowed; each type once).</summary>
    internal static ISegmentationBuilder AddMigrationHandler<THandler>(this ISegmentationBuilder builder)
        where THandler : class, ISegmentMigrationHandler
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Transient<ISegmentMigrationHandler, THandler>());
        return builder;
    }

    /// <summary>The default registrations made by <c>AddSegmentation</c>.</summary>
    internal static void AddMigrationDefaults(IServiceCollection services)
    {
        services.TryAddSingleton<ISnapshotStore, InMemorySnapshotStore>();
        services.TryAddTransient(provider => new MigrationTracker(
            provider.GetRequiredService<ISnapshotStore>(),
            provider.GetServices<IAlertRule>(),
            provider.GetServices<ISegmentMigrationHandler>()));
        services.TryAddTransient(provider => new TrackedSegmentation(
            provider.GetRequiredService<SegmentationEngine>(),
            provider.GetRequiredService<ISnapshotStore>(),
            provider.GetRequiredService<MigrationTracker>())
        {
            DefaultRunOptions = provider.GetRequiredService<IOptions<TrackedRunOptions>>().Value,
        });
    }

    /// <summary>
    /// Sets the options of the tracked run (retraining, value feature, id column, the built-in alert, warm start) that the resolved <see cref="TrackedSegmentation"/> uses when a call passes none. Validated when the
    /// job is first resolved: an invalid value names the option.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Changes the options.</param>
    /// <returns>The builder.</returns>
    public static ISegmentationBuilder ConfigureTrackedRun(this ISegmentationBuilder builder, Action<TrackedRunOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>
    /// Binds the options of the tracked run from a configuration section, for example <c>Segmentation:TrackedRun</c>
    /// with <c>Retrain</c>, <c>ValueFeature</c>, <c>IdColumn</c>, <c>HighValueAlerts</c>, <c>WarmStart</c> and <c>Identity:CentroidWeight</c>,
    /// <c>Identity:MaxCost</c>, <c>Identity:LineageShare</c>. Validated like <see cref="ConfigureTrackedRun"/>.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="section">The section holding the options.</param>
    /// <returns>The builder.</returns>
    public static ISegmentationBuilder BindTrackedRun(this ISegmentationBuilder builder, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(section);
        builder.Services.AddOptions<TrackedRunOptions>().Bind(section, binder => binder.BindNonPublicProperties = true);
        return builder;
    }
}
