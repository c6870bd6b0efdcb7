namespace Segmentation.PublicApi.Tests;

/// <summary>Issue #22's done-when holds: the core library exports at most 90 types.</summary>
public sealed class SurfaceSizeTests
{
    /// <summary>
    /// The ceiling, counted by reflection (generic and non-generic forms such as <c>IClusterer</c> and
    /// <c>IClusterer&lt;TModel&gt;</c> are two types, nested types count). A new public type needs a host that names it
    /// (docs/architecture.md, "The surface and why each public concept exists") and another one made internal or folded.
    /// </summary>
    private const int MaxCoreExportedTypes = 90;

    [Fact]
    public void CoreAssembly_ExportedTypes_AtMostTheIssue22Ceiling()
    {
        Type[] exported = typeof(FeatureMatrix).Assembly.GetExportedTypes();

        Assert.True(
            exported.Length <= MaxCoreExportedTypes,
            $"The core exports {exported.Length} types, more than {MaxCoreExportedTypes}:{Environment.NewLine}"
                + string.Join(Environment.NewLine, exported.Select(t => t.FullName).Order(StringComparer.Ordinal)));
    }
}
