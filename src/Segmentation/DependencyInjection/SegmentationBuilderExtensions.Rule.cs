using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Segmentation.Options;
using Segmentation.Rules;

namespace Microsoft.Extensions.DependencyInjection;

/// <content>Registers rule-based segmentation on the builder returned by <c>AddSegmentation()</c>.</content>
/// <remarks>
/// Each overload registers a singleton <see cref="RuleSet"/> (its <see cref="RuleSet.Segment"/> applies it); the
/// <c>SegmentationEngine</c> registered by <c>AddSegmentation()</c> then evaluates the rules beside the clusters.
/// Calling an overload again replaces the rules.
/// </remarks>
public static partial class SegmentationBuilderExtensions
{
    /// <summary>Registers rules built in code (for example <c>RuleSet.Of(KnownRuleSets.ArrTiers)</c>).</summary>
    /// <param name="builder">The builder from <c>AddSegmentation()</c>.</param>
    /// <param name="rules">The rules.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ISegmentationBuilder AddRules(this ISegmentationBuilder builder, RuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(rules);
        builder.Services.RemoveAll<RuleSet>();
        builder.Services.AddSingleton(rules);
        builder.Services.TryAddSingleton(provider => new RuleBasedSegmenter(provider.GetRequiredService<RuleSet>()));
        return builder;
    }

    /// <summary>
    /// Registers rules bound from a configuration section of the JSON shape of <see cref="RuleSetOptions"/>
    /// (<c>{ "Dimensions": [ { "Name": "tier", "Rules": [ { "Segment": "Enterprise", "When": "arr &gt;= 100000" } ] } ] }</c>).
    /// Malformed conditions fail when the host starts (<c>ValidateOnStart</c>), naming dimension, segment and position.
    /// </summary>
    /// <param name="builder">The builder from <c>AddSegmentation()</c>.</param>
    /// <param name="configuration">The section, for example <c>configuration.GetSection("Segmentation:Rules")</c>.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ISegmentationBuilder AddRules(this ISegmentationBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        AddRuleOptions(builder.Services).Bind(configuration);
        return builder;
    }

    /// <summary>Registers rules configured in code through <see cref="RuleSetOptions"/>, validated when the host starts.</summary>
    /// <param name="builder">The builder from <c>AddSegmentation()</c>.</param>
    /// <param name="configure">Fills the options.</param>
    /// <returns>The builder, for chaining.</returns>
    internal static ISegmentationBuilder AddRules(this ISegmentationBuilder builder, Action<RuleSetOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        AddRuleOptions(builder.Services).Configure(configure);
        return builder;
    }

    private static OptionsBuilder<RuleSetOptions> AddRuleOptions(IServiceCollection services)
    {
        services.RemoveAll<RuleSet>();
        services.AddSingleton(provider => RuleSet.FromOptions(provider.GetRequiredService<IOptions<RuleSetOptions>>().Value));
        services.TryAddSingleton(provider => new RuleBasedSegmenter(provider.GetRequiredService<RuleSet>()));
        return SegmentationServiceCollectionExtensions.AddValidatedOptions<RuleSetOptions>(services);
    }
}
