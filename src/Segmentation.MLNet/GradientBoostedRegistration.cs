using Segmentation.MLNet;
using Segmentation.Scoring;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers gradient-boosted scorers on the builder returned by <c>AddSegmentation()</c>.</summary>
public static class GradientBoostedRegistration
{
    /// <summary>Registers a gbm model (manifest + zip written by <see cref="GradientBoostedScorer.Save"/>) under <paramref name="name"/>.</summary>
    public static ISegmentationBuilder AddGradientBoostedScorerFromFile(this ISegmentationBuilder builder, string name, string path)
        => builder.AddRiskScorerFromFile(name, path, GradientBoostedScorer.Load);

    /// <summary>Registers gradient-boosted trees trained in the host on the outcomes <paramref name="data"/> provides.</summary>
    internal static ISegmentationBuilder AddTrainedGradientBoostedScorer(this ISegmentationBuilder builder, string name, Func<IServiceProvider, TrainingTable> data, GradientBoostedOptions? options = null)
        => builder.AddTrainedRiskScorer(name, data, new GradientBoostedTrainer(options));
}
