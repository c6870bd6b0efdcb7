using System.Globalization;
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

        foreach (string error in PreprocessingErrors(Preprocessing, "SegmentationOptions.Preprocessing"))
        {
            yield return error;
        }

        foreach (string error in ProfilingErrors(Profiling, "SegmentationOptions.Profiling"))
        {
            yield return error;
        }
    }

    private static IEnumerable<string> PreprocessingErrors(PreprocessingOptions options, string path)
    {
        if (!Enum.IsDefined(options.Imputation))
        {
            yield return $"{path}.Imputation must be one of {string.Join(", ", Enum.GetNames<ImputationStrategy>())}, but was {(int)options.Imputation}.";
        }

        if (!Enum.IsDefined(options.Scaling))
        {
            yield return $"{path}.Scaling must be one of {string.Join(", ", Enum.GetNames<ScalingMethod>())}, but was {(int)options.Scaling}.";
        }

        if (!double.IsFinite(options.ImputationConstant))
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"{path}.ImputationConstant must be a finite number, but was {options.ImputationConstant}.");
        }

        if (options.Log1pColumns.Any(string.IsNullOrWhiteSpace))
        {
            yield return $"{path}.Log1pColumns must list feature names, but contains an empty name.";
        }

        foreach ((string feature, double weight) in options.FeatureWeights)
        {
            if (!double.IsFinite(weight) || weight <= 0)
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"{path}.FeatureWeights['{feature}'] must be a positive number, but was {weight}.");
            }
        }
    }

    private static IEnumerable<string> ProfilingErrors(SegmentProfilingOptions options, string path)
    {
        if (options.ValueFeature is not null && string.IsNullOrWhiteSpace(options.ValueFeature))
        {
            yield return $"{path}.ValueFeature must name a feature such as 'arr', or be left unset to find it by name, but was empty.";
        }

        foreach ((string key, string name) in options.NameOverrides)
        {
            if (string.IsNullOrWhiteSpace(key) || string.IsNullOrWhiteSpace(name))
            {
                yield return $"{path}.NameOverrides['{key}'] must map a segment id or signature to a non-empty name, but was '{name}'.";
            }
        }
    }
}
