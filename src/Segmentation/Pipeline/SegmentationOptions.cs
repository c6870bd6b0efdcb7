using Segmentation.Features.Preprocessing;
using Segmentation.Options;
using Segmentation.Profiling;

namespace Segmentation.Pipeline;

/// <summary>Settings of the segmentation pipeline registered by <c>AddSegmentation</c>.</summary>
/// <remarks>
/// Set them in <c>AddSegmentation(o =&gt; ...)</c>, with <c>services.Configure&lt;SegmentationOptions&gt;(...)</c> or
/// by binding a configuration section (<c>{ "Algorithm": "hierarchical", "Preprocessing": { "Scaling": "Robust" },
/// "Profiling": { "ValueFeature": "mrr" } }</c>). Invalid values fail when the host starts, naming the option.
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

    /// <summary>Which feature measures a customer's value, and the segment names the user chose.</summary>
    /// <value>The default value is a new <see cref="SegmentProfilingOptions"/>: the value feature found by name, no renames.</value>
    public SegmentProfilingOptions Profiling { get; } = new();

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

        foreach (string error in Profiling.GetValidationErrors("SegmentationOptions.Profiling"))
        {
            yield return error;
        }
    }
}
