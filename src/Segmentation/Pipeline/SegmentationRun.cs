using Segmentation.Features.Preprocessing;
using Segmentation.Profiling;
using Segmentation.Rules;

namespace Segmentation.Pipeline;

/// <summary>One customer's segment.</summary>
/// <param name="CustomerId">The customer id.</param>
/// <param name="SegmentId">The cluster segment id (-1 for outliers).</param>
/// <param name="Segment">The segment's name: the cluster's, unless a rule dimension that overrides clusters placed the customer (see <see cref="OverriddenBy"/>).</param>
public sealed record SegmentAssignment(string CustomerId, int SegmentId, string Segment)
{
    /// <summary>The name of the cluster segment (equal to <see cref="Segment"/> unless a rule overrode it).</summary>
    public string? ClusterSegment { get; init; }

    /// <summary>The rule dimension whose segment replaced the cluster segment, or <see langword="null"/>.</summary>
    public string? OverriddenBy { get; init; }

    /// <summary>The segment in each rule dimension, in the order of <see cref="SegmentationRun.RuleDimensions"/>; empty without rules.</summary>
    public IReadOnlyList<string> RuleSegments { get; init; } = [];

    /// <summary>Each scorer's value, band and worded drivers, in the order of <see cref="SegmentationRun.Scorers"/>; empty when the run had no scorers.</summary>
    public IReadOnlyList<CustomerScore> Scores { get; init; } = [];

    /// <summary>The triggers that fired (rule segments of the trigger dimensions); empty when none fired or the run had no daily step.</summary>
    public IReadOnlyList<string> Triggers { get; init; } = [];

    /// <summary>The actions the playbooks recommend for this customer, by owner role, most urgent first; empty when none.</summary>
    public IReadOnlyList<Playbooks.PlannedAction> Actions { get; init; } = [];

    /// <summary>The value at stake that ranks the customer (see <see cref="DailyRunOptions.ChurnWeight"/>), or <see langword="null"/> without a daily step or without a known value.</summary>
    public double? Priority { get; init; }

    /// <summary>The score of the scorer named <paramref name="scorer"/>, or <see langword="null"/> when the run had no such scorer.</summary>
    public CustomerScore? ScoreOf(string scorer) => Scores.FirstOrDefault(s => string.Equals(s.Scorer, scorer, StringComparison.Ordinal));
}

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

    /// <summary>
    /// Assigns every customer with this model (no re-clustering) and profiles today's segments under the model's
    /// names, so that segment ids and names cannot drift between retrains.
    /// </summary>
    /// <param name="rawFeatures">Today's customers, with the features the model was trained on.</param>
    /// <param name="outcome">Optional outcome per customer (<see langword="null"/> where not known).</param>
    /// <exception cref="ArgumentException">The features differ from the model's (the message lists them).</exception>
    public SegmentationRun Apply(FeatureMatrix rawFeatures, IReadOnlyList<bool?>? outcome = null)
    {
        ArgumentNullException.ThrowIfNull(rawFeatures);
        return SegmentationEngine.ApplyModel(null, null, this, rawFeatures, outcome, null, null, null, CancellationToken.None);
    }
}

/// <summary>The result of one <see cref="SegmentationEngine.Run(FeatureMatrix, IReadOnlyList{bool?}?, FeatureMatrix?, CancellationToken)"/>: assignments, profiles and the reusable model.</summary>
public sealed class SegmentationRun
{
    internal SegmentationRun(FeatureMatrix rawFeatures, IReadOnlyList<SegmentAssignment> assignments, SegmentationModel model, TimeSpan fitTime, RuleSegmentation? rules = null)
    {
        Rules = rules;
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

    /// <summary>The rule segments, capacity overflows and traces, when the engine has rules; otherwise <see langword="null"/>.</summary>
    public RuleSegmentation? Rules { get; }

    /// <summary>The rule dimension names (the order of <see cref="SegmentAssignment.RuleSegments"/>); empty without rules.</summary>
    public IReadOnlyList<string> RuleDimensions => Rules?.Dimensions ?? [];

    /// <summary>The time spent preprocessing and clustering.</summary>
    public TimeSpan FitTime { get; }

    /// <summary>The names of the scorers the daily step ran (the order of <see cref="SegmentAssignment.Scores"/>); empty without a daily step.</summary>
    public IReadOnlyList<string> Scorers { get; private init; } = [];

    /// <summary>The day's worklist (ranked actions within capacity, and the overflow), or <see langword="null"/> when the run had no daily step (<see cref="SegmentationEngine.ScoreAndPlan"/>).</summary>
    public Playbooks.Worklist? Worklist { get; private init; }

    /// <summary>
    /// Writes assignments.csv, as <c>segment run</c> does: <c>ID, segment_id, segment</c>, one column per rule dimension,
    /// and after a daily step the scores, bands, triggers and actions (columns: docs/playbooks.md).
    /// </summary>
    /// <param name="writer">Where to write (the caller opens and closes it).</param>
    /// <param name="idColumn">The name of the id column, as in the input.</param>
    /// <param name="progress">Told every 50,000 rows how many are written (step <c>writing</c>), or <see langword="null"/>.</param>
    public void WriteAssignments(TextWriter writer, string idColumn = "customer_id", IProgress<PipelineStepProgress>? progress = null)
        => RunFiles.WriteAssignments(writer, this, idColumn, progress);

    /// <summary>Writes segments.json: every segment's id, name, size, share, outcome rate, value, engagement model, signature and feature summaries.</summary>
    /// <param name="json">Where to write.</param>
    public void WriteSegments(System.Text.Json.Utf8JsonWriter json) => RunFiles.WriteSegments(json, this);

    /// <summary>Writes worklist.csv: the ranked rows that fit each role's capacity (columns: docs/playbooks.md).</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="progress">Told every 50,000 rows how many are written, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The run has no worklist (no daily step).</exception>
    public void WriteWorklist(TextWriter writer, IProgress<PipelineStepProgress>? progress = null) => RunFiles.WriteWorklist(writer, this, progress);

    /// <summary>Writes worklist-overflow.csv: the rows that did not fit their role's capacity, same columns as worklist.csv, so nothing is dropped.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="progress">Told every 50,000 rows how many are written, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The run has no worklist (no daily step).</exception>
    public void WriteWorklistOverflow(TextWriter writer, IProgress<PipelineStepProgress>? progress = null) => RunFiles.WriteWorklistOverflow(writer, this, progress);

    /// <summary>An engagement model in the words of the run's files: <c>high-touch</c>, <c>mid-touch</c> or <c>tech-touch</c>.</summary>
    /// <param name="model">The engagement model of a segment (<see cref="SegmentProfile.Engagement"/>).</param>
    public static string Words(EngagementModel model) => RunFiles.Words(model);

    /// <summary>The segment id of customer <paramref name="row"/> (its <see cref="SegmentAssignment.SegmentId"/>), read without building the customer's assignment.</summary>
    /// <param name="row">The customer's row, in input order.</param>
    /// <remarks>For readers of every customer, such as the report: after a daily step each of <see cref="Assignments"/> is built, scores and actions included, when read.</remarks>
    public int SegmentIdOf(int row) => SegmentAssignments[row].SegmentId;

    /// <summary>
    /// The customers' assignments without the daily step's scores and actions: after a daily step, reading those of
    /// <see cref="Assignments"/> builds each customer's scores and actions.
    /// </summary>
    internal IReadOnlyList<SegmentAssignment> SegmentAssignments => Assignments is DailyAssignments daily ? daily.Segments : Assignments;

    /// <summary>
    /// The value scorer <paramref name="scorer"/> (an index into <see cref="Scorers"/>) gave customer
    /// <paramref name="row"/>, NaN when it gave none: its <see cref="CustomerScore.Value"/>, read from the score column
    /// without building the customer's scores and drivers.
    /// </summary>
    /// <param name="row">The customer's row, in input order.</param>
    /// <param name="scorer">The scorer's index in <see cref="Scorers"/>.</param>
    public double ScoreOf(int row, int scorer)
    {
        if (Assignments is DailyAssignments daily)
        {
            return daily.Facts.ScoreValue(scorer, row);
        }

        IReadOnlyList<CustomerScore> scores = Assignments[row].Scores;
        return scorer < scores.Count ? scores[scorer].Value : double.NaN;
    }

    /// <summary>The same run with the daily step's results.</summary>
    internal SegmentationRun WithDaily(IReadOnlyList<SegmentAssignment> assignments, IReadOnlyList<string> scorers, Playbooks.Worklist worklist)
        => new(RawFeatures, assignments, Model, FitTime, Rules) { Scorers = scorers, Worklist = worklist };
}

/// <summary>
/// What a run reads, extracted from a host's own customers by <see cref="SegmentationEngine{TCustomer}.Extract"/>:
/// the arguments of <see cref="SegmentationEngine.Run(FeatureMatrix, IReadOnlyList{bool?}?, FeatureMatrix?, CancellationToken)"/>
/// and of <see cref="TrackedSegmentation.RunAsync"/>.
/// </summary>
/// <param name="Features">The clustering features in original units, one row per customer, row ids = customer ids.</param>
/// <param name="RuleFeatures">The features the rules read, when they differ from <paramref name="Features"/>; otherwise <see langword="null"/>.</param>
/// <param name="Outcome">The outcome per customer (<see langword="null"/> where not known), or <see langword="null"/> when none was asked for.</param>
/// <param name="AsOf">The last day whose data was read.</param>
public sealed record SegmentationInputs(FeatureMatrix Features, FeatureMatrix? RuleFeatures, IReadOnlyList<bool?>? Outcome, DateOnly AsOf);
