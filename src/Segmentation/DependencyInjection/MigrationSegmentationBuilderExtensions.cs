using Microsoft.Extensions.DependencyInjection.Extensions;
using Segmentation.Migration;
using Segmentation.Pipeline;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers migration tracking: the snapshot store, alert rules and the handlers that receive alerts.</summary>
public static class MigrationSegmentationBuilderExtensions
{
    /// <summary>Keeps snapshots in process memory (the default when no store is chosen).</summary>
    public static ISegmentationBuilder UseInMemorySnapshotStore(this ISegmentationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<ISnapshotStore, InMemorySnapshotStore>());
        return builder;
    }

    /// <summary>Adds an alert rule (several allowed; names must be unique).</summary>
    public static ISegmentationBuilder AddAlertRule(this ISegmentationBuilder builder, IAlertRule rule)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(rule);
        builder.Services.AddSingleton(rule);
        return builder;
    }

    /// <summary>Adds a handler that receives each new alert once per snapshot pair (several allowed; each type once).</summary>
    public static ISegmentationBuilder AddMigrationHandler<THandler>(this ISegmentationBuilder builder)
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
            provider.GetRequiredService<MigrationTracker>()));
    }
}
