namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Returned by <c>AddSegmentation</c>, for chaining further segmentation registrations.</summary>
public interface ISegmentationBuilder
{
    /// <summary>The service collection the registrations go to.</summary>
    IServiceCollection Services { get; }
}

internal sealed class SegmentationBuilder(IServiceCollection services) : ISegmentationBuilder
{
    public IServiceCollection Services { get; } = services;
}
