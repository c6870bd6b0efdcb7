using Microsoft.Extensions.DependencyInjection.Extensions;
using Segmentation.Features;
using Segmentation.Pipeline;

namespace Microsoft.Extensions.DependencyInjection;

/// <content>Registers the host's own customer type: its features and its id, declared once.</content>
public static partial class SegmentationBuilderExtensions
{
    /// <summary>
    /// Registers a <see cref="SegmentationEngine{TCustomer}"/> for the host's customer type: the features declared by
    /// <paramref name="features"/>, the id read by <paramref name="id"/>, and the <see cref="SegmentationEngine"/> of
    /// this builder (clusterer, rules, playbooks, scorers). Resolve it with
    /// <c>provider.GetRequiredService&lt;SegmentationEngine&lt;TCustomer&gt;&gt;()</c>.
    /// </summary>
    /// <typeparam name="TCustomer">The host's customer type.</typeparam>
    /// <param name="builder">The builder from <c>AddSegmentation()</c>.</param>
    /// <param name="features">Declares the features on an empty set, for example <c>f =&gt; f.Add("arr", a =&gt; a.Arr).Add("nps", a =&gt; a.Nps)</c>.</param>
    /// <param name="id">The customer id, unique per customer.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentException">Two features have the same name (thrown here, not when the engine is resolved).</exception>
    public static ISegmentationBuilder ForCustomers<TCustomer>(this ISegmentationBuilder builder, Func<FeatureSet<TCustomer>, FeatureSet<TCustomer>> features, Func<TCustomer, string> id)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(id);
        FeatureSet<TCustomer> set = features(new FeatureSet<TCustomer>())
            ?? throw new ArgumentException("The features callback returned no feature set; return the set it was given, with its Add calls.", nameof(features));
        builder.Services.RemoveAll<SegmentationEngine<TCustomer>>();
        builder.Services.AddSingleton(provider => new SegmentationEngine<TCustomer>(set, id, provider.GetRequiredService<SegmentationEngine>()));
        return builder;
    }
}
