using Segmentation.Features.Preprocessing;
using Segmentation.Profiling;

namespace Segmentation.Pipeline;

/// <summary>One customer's segment.</summary>
/// <param name="CustomerId">The customer id.</param>
/// <param name="SegmentId">The segment id (-1 for outliers).</param>
/// <param name="Segment">The segment's name.</param>
public sealed record SegmentAssignment(string CustomerId, int SegmentId, string Segment);

/// <summary>
/// What a run learned and can reuse: the preprocessing, the cluster model and the segment profiles. Tomorrow's run
/// assigns customers with <see cref="Assign"/> instead of re-clustering, so segment ids do not drift.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class SegmentationModel
{
    internal SegmentationModel(PreprocessingModel preprocessing, IClusterModel clusters, IReadOnlyList<SegmentProfile> profiles)
    {
        Preprocessing = preprocessing;
        Clusters = clusters;
        Profiles = profiles;
    }

    /// <summary>The fitted imputation and scaling.</summary>
    public PreprocessingModel Preprocessing { get; }

    /// <summary>The fitted clustering, in model space.</summary>
    public IClusterModel Clusters { get; }

    /// <summary>The segment profiles of the training run.</summary>
    public IReadOnlyList<SegmentProfile> Profiles { get; }

    /// <summary>The segment of a customer given its raw features (original units, NaN = missing).</summary>
    /// <exception cref="ArgumentException">The customer has the wrong number of features.</exception>
    public SegmentProfile Assign(ReadOnlySpan<double> rawFeatures)
    {
        var point = new double[Preprocessing.OutputColumnCount];
        Preprocessing.Transform(rawFeatures, point);
        int label = Clusters.Predict(point);
        return Profiles.First(p => p.Id == label);
    }
}

/// <summary>The result of one <see cref="SegmentationEngine.Run"/>: assignments, profiles and the reusable model.</summary>
public sealed class SegmentationRun
{
    internal SegmentationRun(FeatureMatrix rawFeatures, IReadOnlyList<SegmentAssignment> assignments, SegmentationModel model, TimeSpan fitTime)
    {
        RawFeatures = rawFeatures;
        Assignments = assignments;
        Model = model;
        FitTime = fitTime;
    }

    /// <summary>The features of every customer in original units, as clustered (after extraction, before preprocessing).</summary>
    public FeatureMatrix RawFeatures { get; }

    /// <summary>The segment of every customer, in input order.</summary>
    public IReadOnlyList<SegmentAssignment> Assignments { get; }

    /// <summary>The segments, described.</summary>
    public IReadOnlyList<SegmentProfile> Segments => Model.Profiles;

    /// <summary>The model to reuse for new customers.</summary>
    public SegmentationModel Model { get; }

    /// <summary>The time spent preprocessing and clustering.</summary>
    public TimeSpan FitTime { get; }
}
