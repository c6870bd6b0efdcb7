using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Segmentation.Configuration;
using Segmentation.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <content>Registers a <see cref="SegmentationConfig"/> (the object behind <c>segmentation.json</c>) on the builder returned by <c>AddSegmentation()</c>.</content>
/// <remarks>
/// The configuration is checked when the host starts (<c>ValidateOnStart</c>) with the same messages as
/// <see cref="SegmentationConfig.Load"/>, each naming its path (<c>capacity.csm.owners: must be at least 0, but was -2</c>).
/// Resolve it with <c>IOptions&lt;SegmentationConfig&gt;</c> and call <see cref="SegmentationConfig.ToSettings()"/> for the
/// objects of a run. These calls register the configuration only; they change no other registration.
/// </remarks>
public static partial class SegmentationBuilderExtensions
{
    /// <summary>Binds the configuration from a section of the host's configuration, for example <c>configuration.GetSection("Segmentation")</c>.</summary>
    /// <param name="builder">The builder from <c>AddSegmentation()</c>.</param>
    /// <param name="section">The section, in the shape of <c>segmentation.json</c>.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ISegmentationBuilder BindConfiguration(this ISegmentationBuilder builder, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(section);
        AddConfigOptions(builder.Services).Bind(section, binder => binder.BindNonPublicProperties = true);
        return builder;
    }

    /// <summary>Registers a configuration filled in code, or loaded with <see cref="SegmentationConfig.Load"/> and copied in.</summary>
    /// <param name="builder">The builder from <c>AddSegmentation()</c>.</param>
    /// <param name="configure">Fills the configuration.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ISegmentationBuilder ConfigureSegmentation(this ISegmentationBuilder builder, Action<SegmentationConfig> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        AddConfigOptions(builder.Services).Configure(configure);
        return builder;
    }

    private static OptionsBuilder<SegmentationConfig> AddConfigOptions(IServiceCollection services) =>
        AddValidatedOptions<SegmentationConfig>(services);
}
