using Microsoft.Extensions.Options;
using Segmentation;
using Segmentation.Clustering;
using Segmentation.Pipeline;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Checks at start that <see cref="SegmentationOptions.Algorithm"/> names a registered clusterer.</summary>
internal sealed class SegmentationAlgorithmValidator(IServiceProvider provider) : IValidateOptions<SegmentationOptions>
{
    public ValidateOptionsResult Validate(string? name, SegmentationOptions options)
    {
        // Containers without keyed-service queries are checked when the engine is first resolved instead.
        if (options.Algorithm is null || string.IsNullOrWhiteSpace(options.Algorithm)
            || provider.GetService<IServiceProviderIsKeyedService>() is not IServiceProviderIsKeyedService keyed
            || keyed.IsKeyedService(typeof(IClusterer), options.Algorithm))
        {
            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail(UnknownAlgorithm(options.Algorithm));
    }

    internal static string UnknownAlgorithm(string key) =>
        $"SegmentationOptions.Algorithm is '{key}', but no clusterer is registered under that key; use kmeans, kmeans-auto, minibatch-kmeans, hierarchical or dbscan, or register yours with services.AddKeyedTransient<IClusterer>(\"{key}\", ...).";
}
