using Microsoft.Extensions.DependencyInjection.Extensions;
using Segmentation.Migration;
using Segmentation.Sqlite;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses the SQLite snapshot store.</summary>
public static class SqliteSegmentationBuilderExtensions
{
    /// <summary>Keeps snapshots, models and delivered alerts in the SQLite file at <paramref name="path"/>.</summary>
    public static ISegmentationBuilder UseSqliteStore(this ISegmentationBuilder builder, string path)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        builder.Services.Replace(ServiceDescriptor.Singleton<ISnapshotStore>(_ => new SqliteSnapshotStore(path)));
        return builder;
    }
}
