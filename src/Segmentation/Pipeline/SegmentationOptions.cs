using Segmentation.Features.Preprocessing;
using Segmentation.Options;
using Segmentation.Profiling;

namespace Segmentation.Pipeline;

/// <summary>Settings of the segmentation pipeline registered by <c>AddSegmentation</c>.</summary>
/// <remarks>
/// Set them in <c>AddSegmentation(o =&gt; ...)</c>, with <c>services.Configure&lt;SegmentationOptions&gt;(...)</c> or
/// by binding a configuration section (<c>{ "Algorithm": "hierarchical", "Preprocessing": { "Scaling": "Robust" },
/// "ValueFeature": "mrr" }</c>). Invalid values fail when the host starts, naming the option.
/// </remarks>
public sealed class SegmentationOptions : IValidatableOptions
{
    /// <summary>
    /// The key of the clusterer the pipeline uses: <c>kmeans</c>, <c>kmeans-auto</c>, <c>minibatch-kmeans</c>,
    /// <c>hierarchical</c>, <c>dbscan</c>, or the key of a clusterer the host registered
    /// (<c>services.AddKeyedTransient&lt;IClusterer&gt;("mine", ...)</c>).
    /// </summary>
    /// <value>
    /// The default value is <see langword="null"/>: k-means with the number of segments chosen between
    /// <c>KSelectionOptions.MinK</c> and <c>MaxK</c> (3 to 8; <c>kmeans-auto</c>), as <c>segment run</c> does, unless
    /// the host sets <c>KMeansOptions.K</c> (<c>services.Configure&lt;KMeansOptions&gt;(o =&gt; o.K = 6)</c> or a bound
    /// section with <c>K</c>), which means k-means with that many segments (<c>kmeans</c>).
    /// </value>
    public string? Algorithm { get; set; }

    /// <summary>How features are imputed, transformed, scaled and weighted before clustering.</summary>
    /// <value>The default value is a new <see cref="PreprocessingOptions"/>: median imputation, standard scaling.</value>
    public PreprocessingOptions Preprocessing { get; } = new();

    /// <summary>Feature names recognised as the customer's value when <see cref="ValueFeature"/> is not set, most specific first.</summary>
    public static IReadOnlyList<string> KnownValueFeatures { get; } =
    [
        "arr", "acv", "contract_value", "annual_contract_value", "annual_recurring_revenue", "mrr", "monthly_recurring_revenue",
        "monetary", "monetary_90d", "revenue", "annual_revenue", "monthly_charges", "spend", "total_revenue", "total_charges",
    ];

    /// <summary>
    /// The feature that measures a customer's value (ARR, contract value, monthly charges), used for
    /// <see cref="SegmentProfile.AverageValue"/> and <see cref="SegmentProfile.Engagement"/>.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: the first feature whose name is in <see cref="KnownValueFeatures"/> (case-insensitive), if any.</value>
    public string? ValueFeature { get; set; }

    /// <summary>
    /// Names chosen by the user, keyed by segment id (<c>"0"</c>, <c>"1"</c>, ...) or by <see cref="SegmentProfile.Signature"/>
    /// (which survives re-clustering as long as the segment is described by the same traits). A signature match wins over an id match.
    /// </summary>
    /// <value>The default value is empty.</value>
    public IDictionary<string, string> NameOverrides { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    IEnumerable<string> IValidatableOptions.GetValidationErrors()
    {
        if (Algorithm is not null && string.IsNullOrWhiteSpace(Algorithm))
        {
            yield return "SegmentationOptions.Algorithm must name a registered clusterer such as 'kmeans', or be left unset to choose k automatically, but was empty.";
        }

        foreach (string error in Preprocessing.GetValidationErrors("SegmentationOptions.Preprocessing"))
        {
            yield return error;
        }

        foreach (string error in SegmentProfilingOptions.From(this).GetValidationErrors(nameof(SegmentationOptions)))
        {
            yield return error;
        }
    }
}
