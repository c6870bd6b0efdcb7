using Segmentation.Playbooks;
using Segmentation.Scoring.InRun;

namespace Segmentation.Pipeline;

/// <summary>
/// What the daily run adds after clusters, profiles and rule dimensions: scorers, triggers, playbooks, priority and
/// capacity (see <see cref="SegmentationEngine.ScoreAndPlan"/>). Plain options, so a configuration file can fill them.
/// </summary>
/// <remarks>
/// <para>Scorers are told apart by <see cref="IRiskScorer.Name"/>: the one named <see cref="ChurnScorer"/> gives the
/// churn probability, the one named <see cref="ExpansionScorer"/> the expansion probability; others are scored and
/// carried on the assignments but do not enter the playbooks.</para>
/// <para>A customer is new (the playbook condition <c>isNew</c>) when the previous snapshot exists and does not hold it, or
/// when its <see cref="TenureFeature"/> is at most <see cref="NewCustomerDays"/>.</para>
/// </remarks>
public sealed class DailyRunOptions
{
    /// <summary>The scorers to run on every customer (zero or more).</summary>
    /// <value>The default value is empty: no scores; playbooks still see segments and triggers.</value>
    public IList<IRiskScorer> Scorers { get; } = new List<IRiskScorer>();

    /// <summary>The scorers trained in the run (<c>UseSampleDailyRun</c>, <c>TrainScorersOnOutcomes</c>), with their holdout evaluations; see <see cref="RunFiles.WriteTrainedScorers"/>.</summary>
    internal List<TimeBasedModel> Trained { get; } = [];

    /// <summary>The name of the scorer that gives the churn probability.</summary>
    /// <value>The default value is <c>churn</c>.</value>
    public string ChurnScorer { get; set; } = "churn";

    /// <summary>The name of the scorer that gives the expansion probability.</summary>
    /// <value>The default value is <c>expansion</c>.</value>
    public string ExpansionScorer { get; set; } = "expansion";

    /// <summary>The bands of churn probabilities.</summary>
    /// <value>The default value is <see cref="ScoreBands.Churn"/> (high ≥ 0.5, medium ≥ 0.2).</value>
    internal ScoreBands ChurnBands { get; set; } = ScoreBands.Churn;

    /// <summary>The bands of expansion probabilities and of any other scorer's.</summary>
    /// <value>The default value is <see cref="ScoreBands.Expansion"/> (high ≥ 0.4, medium ≥ 0.15).</value>
    internal ScoreBands ExpansionBands { get; set; } = ScoreBands.Expansion;

    /// <summary>The rule dimensions whose rule segments are triggers (the exception segment, such as <c>No trigger</c>, is not).</summary>
    /// <value>The default value is <c>trigger</c>, the dimension of <see cref="Rules.KnownRuleSets.BehaviouralTriggers"/>.</value>
    public IList<string> TriggerDimensions { get; } = new List<string> { "trigger" };

    /// <summary>The playbooks.</summary>
    /// <value>The default value is <see cref="KnownPlaybooks.Default"/>.</value>
    public PlaybookSet Playbooks { get; set; } = KnownPlaybooks.Default;

    /// <summary>The ranking weights.</summary>
    /// <value>The default value is a new <see cref="PriorityOptions"/>.</value>
    public PriorityOptions Priority { get; set; } = new();

    /// <summary>The capacity per owner role.</summary>
    /// <value>The default value is <see cref="DefaultCapacity"/>: 30 accounts per CSM × 2 CSMs = 60 CSM rows; other roles unlimited.</value>
    public CapacityOptions Capacity { get; set; } = DefaultCapacity();

    /// <summary>The raw feature holding each customer's value (ARR).</summary>
    /// <value>The default value is <see langword="null"/>: <c>arr</c> when the features have it, otherwise no value (absent, not 0).</value>
    public string? ValueFeature { get; set; }

    /// <summary>The feature holding days since signup, used to tell new customers.</summary>
    /// <value>The default value is <c>tenure_days</c>; ignored when the features lack it.</value>
    public string TenureFeature { get; set; } = "tenure_days";

    /// <summary>Customers with at most this many days of tenure are new.</summary>
    /// <value>The default value is 30.</value>
    public int NewCustomerDays { get; set; } = 30;

    /// <summary>The capacity of the daily run unless told otherwise: 30 high-touch accounts per CSM × 2 CSMs; other roles unlimited.</summary>
    public static CapacityOptions DefaultCapacity() => new CapacityOptions().Set(OwnerRole.Csm, accountsPerOwner: 30, owners: 2);
}

/// <summary>One scorer's result for one customer.</summary>
/// <param name="Scorer">The scorer's name, for example <c>churn</c>.</param>
/// <param name="Value">The probability (or score) the scorer gave.</param>
/// <param name="Band">The band (<c>low</c>, <c>medium</c>, <c>high</c>), or <see langword="null"/> when the value is missing.</param>
/// <param name="Drivers">What pushes the score up, worded for a CSM, strongest first (at most three; the value feature is left out, since every action shows the ARR).</param>
public sealed record CustomerScore(string Scorer, double Value, string? Band, IReadOnlyList<string> Drivers);
