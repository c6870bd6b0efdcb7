using Microsoft.Extensions.DependencyInjection.Extensions;
using Segmentation;
using Segmentation.Playbooks;
using Segmentation.Pipeline;
using Segmentation.Scoring.InRun;

namespace Microsoft.Extensions.DependencyInjection;

/// <content>
/// Registers the daily step (scorers, playbooks, priority, capacity: <see cref="DailyRunOptions"/>) on the builder returned
/// by <c>AddSegmentation()</c>, so that the resolved <see cref="SegmentationEngine"/> and <see cref="TrackedSegmentation"/>
/// produce the worklist (<see cref="SegmentationRun.Worklist"/>).
/// </content>
/// <remarks>
/// The daily step is on once playbooks are registered (<see cref="AddPlaybooks"/> or <see cref="UseBuiltInPlaybooks"/>);
/// scorers, capacity and the other settings alone change nothing until then. Playbooks read triggers from rule
/// dimensions: register the rules too, for example <c>AddRules(KnownRuleSets.All)</c>. The options are one
/// <c>IOptions&lt;DailyRunOptions&gt;</c>, so <c>services.Configure&lt;DailyRunOptions&gt;(...)</c> works as well.
/// </remarks>
public static partial class SegmentationBuilderExtensions
{
    /// <summary>Adds a scorer to the daily step; the one named <c>churn</c> gives the churn probability, <c>expansion</c> the expansion probability.</summary>
    /// <param name="builder">The builder from <c>AddSegmentation()</c>.</param>
    /// <param name="scorer">The scorer, for example a trained model or one loaded with <c>ModelFiles.Load</c>.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ISegmentationBuilder AddScorer(this ISegmentationBuilder builder, IRiskScorer scorer)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(scorer);
        builder.Services.Configure<DailyRunOptions>(o => o.Scorers.Add(scorer));
        return builder;
    }

    /// <summary>Adds a scorer the container creates (once, when the daily options are first resolved).</summary>
    /// <param name="builder">The builder from <c>AddSegmentation()</c>.</param>
    /// <param name="factory">Creates the scorer, for example <c>p =&gt; p.GetRequiredKeyedService&lt;IRiskScorer&gt;("churn")</c>.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ISegmentationBuilder AddScorer(this ISegmentationBuilder builder, Func<IServiceProvider, IRiskScorer> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        builder.Services.AddOptions<DailyRunOptions>().Configure<IServiceProvider>((o, provider) =>
            o.Scorers.Add(factory(provider) ?? throw new InvalidOperationException("A scorer factory given to AddScorer returned null; return the scorer to add.")));
        return builder;
    }

    /// <summary>Turns the daily step on with <paramref name="playbooks"/> (replacing playbooks registered before).</summary>
    /// <param name="builder">The builder from <c>AddSegmentation()</c>.</param>
    /// <param name="playbooks">The playbooks, for example loaded with <c>PlaybookSet.Load</c>.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ISegmentationBuilder AddPlaybooks(this ISegmentationBuilder builder, PlaybookSet playbooks)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(playbooks);
        builder.Services.TryAddSingleton<DailyRunMarker>();
        AddValidatedOptions<DailyRunOptions>(builder.Services);
        builder.Services.Configure<DailyRunOptions>(o => o.Playbooks = playbooks);
        return builder;
    }

    /// <summary>Turns the daily step on with the built-in playbooks (<see cref="KnownPlaybooks.Default"/>), which read the rule dimensions of <c>KnownRuleSets.All</c>.</summary>
    /// <param name="builder">The builder from <c>AddSegmentation()</c>.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ISegmentationBuilder UseBuiltInPlaybooks(this ISegmentationBuilder builder) => builder.AddPlaybooks(KnownPlaybooks.Default);

    /// <summary>Changes any setting of the daily step: the capacity per owner role (<c>o =&gt; o.SetCapacity(OwnerRole.Csm, accountsPerOwner: 30, owners: 5)</c>; by default 30 accounts per CSM × 2 CSMs, other roles unlimited), the ranking weights, trigger dimensions, value and tenure features (the score bands come from a configuration's <c>scorers</c> section).</summary>
    /// <param name="builder">The builder from <c>AddSegmentation()</c>.</param>
    /// <param name="configure">Changes the options.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ISegmentationBuilder ConfigureDailyRun(this ISegmentationBuilder builder, Action<DailyRunOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(configure);
        return builder;
    }
}

/// <summary>Present in a container whose engine runs the daily step (playbooks registered).</summary>
internal sealed class DailyRunMarker;
