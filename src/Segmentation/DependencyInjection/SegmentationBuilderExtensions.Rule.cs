using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Segmentation;
using Segmentation.Configuration;
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

    /// <summary>
    /// Registers one rule dimension written as text, each rule as <c>"Segment: condition"</c> in the rule language
    /// (docs/rules.md), for example <c>AddRules("trigger", ["Churn risk: logins_30d &lt; 5"], otherwise: "No trigger")</c>.
    /// The segment name is the text before the first colon; for names with a colon, or several dimensions, use
    /// <see cref="AddRules(ISegmentationBuilder, RuleSet)"/>.
    /// </summary>
    /// <param name="builder">The builder from <c>AddSegmentation()</c>.</param>
    /// <param name="dimension">The dimension name, for example <c>trigger</c>; a column of the outputs.</param>
    /// <param name="rules">The rules, tried in order.</param>
    /// <param name="otherwise">The segment of customers no rule matches; the rule set's exception segment when null.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="SegmentationConfigException">A rule has no <c>Segment:</c> before its condition, or a condition is malformed; the message names the dimension, the segment and the position.</exception>
    public static ISegmentationBuilder AddRules(this ISegmentationBuilder builder, string dimension, IEnumerable<string> rules, string? otherwise = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(rules);
        var parsed = new List<Rule>();
        foreach (string rule in rules)
        {
            ArgumentNullException.ThrowIfNull(rule, nameof(rules));
            int colon = rule.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || rule[..colon].Trim().Length == 0)
            {
                throw new SegmentationConfigException([new RuleError(dimension, null, 0,
                    $"the rule '{rule}' has no segment name; write it as \"Segment: condition\", for example \"Churn risk: logins_30d < 5\"")]);
            }

            parsed.Add(Rule.Parse(rule[..colon].Trim(), rule[(colon + 1)..]));
        }

        return builder.AddRules(RuleSet.Of(new RuleDimension(dimension, parsed, otherwise)));
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
        return AddValidatedOptions<RuleSetOptions>(services);
    }
}
