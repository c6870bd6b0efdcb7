using Segmentation.Options;
using Segmentation.Playbooks;
using Segmentation.Scoring.InRun;

namespace Segmentation.Pipeline;

/// <summary>
/// What the daily run adds after clusters, profiles and rule dimensions: scorers, triggers, playbooks, the ranking
/// weights and the capacity per owner role (see <see cref="SegmentationEngine.ScoreAndPlan"/>). Plain options, so a configuration file can fill them.
/// </summary>
/// <remarks>
/// <para>Scorers are told apart by <see cref="IRiskScorer.Name"/>: the one named <see cref="ChurnScorer"/> gives the
/// churn probability, the one named <see cref="ExpansionScorer"/> the expansion probability; others are scored and
/// carried on the assignments but do not enter the playbooks.</para>
/// <para>A customer is new (the playbook condition <c>isNew</c>) when the previous snapshot exists and does not hold it, or
/// when its <see cref="TenureFeature"/> is at most <see cref="NewCustomerDays"/>.</para>
/// </remarks>
public sealed class DailyRunOptions : IValidatableOptions
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

    /// <summary>
    /// The weight of ARR at risk in the worklist's ranking, which orders customers by the value at stake:
    /// <c>ChurnWeight × churn probability × ARR + ExpansionWeight × expansion probability × ARR × ExpansionUplift</c>.
    /// </summary>
    /// <remarks>
    /// A churn dollar is revenue already booked, so it counts in full; an expansion dollar is a forecast that closes far
    /// less often, so it counts half (<see cref="ExpansionWeight"/>), and a won expansion adds a part of the current ARR
    /// (<see cref="ExpansionUplift"/>). Rows without a known ARR follow the others, ranked by the same formula per dollar
    /// of ARR; a missing probability contributes 0.
    /// </remarks>
    /// <value>The default value is 1. Allowed: 0 to 100.</value>
    public double ChurnWeight { get => Priority.ChurnWeight; set => Priority.ChurnWeight = value; }

    /// <summary>The weight of the expansion upside (expansion probability × ARR × <see cref="ExpansionUplift"/>) in the worklist's ranking.</summary>
    /// <value>The default value is 0.5. Allowed: 0 to 100.</value>
    public double ExpansionWeight { get => Priority.ExpansionWeight; set => Priority.ExpansionWeight = value; }

    /// <summary>The share of current ARR a won expansion adds, in the worklist's ranking.</summary>
    /// <value>The default value is 0.2. Allowed: 0 to 10.</value>
    public double ExpansionUplift { get => Priority.ExpansionUplift; set => Priority.ExpansionUplift = value; }

    /// <summary>The ranking weights, as the planner reads them (<see cref="ChurnWeight"/>, <see cref="ExpansionWeight"/>, <see cref="ExpansionUplift"/>).</summary>
    internal PriorityOptions Priority { get; set; } = new();

    /// <summary>The capacity per owner role (set with <see cref="SetCapacity"/>, read with <see cref="CapacityOf"/>).</summary>
    /// <value>The default value is <see cref="DefaultCapacity"/>: 30 accounts per CSM × 2 CSMs = 60 CSM rows; other roles unlimited.</value>
    internal CapacityOptions Capacity { get; set; } = DefaultCapacity();

    /// <summary>The roles whose worklist rows are limited, in role order; the others are unlimited.</summary>
    /// <value>The default value is CSM alone (30 accounts per CSM × 2 CSMs).</value>
    public IReadOnlyList<OwnerRole> LimitedRoles => Capacity.LimitedRoles;

    /// <summary>
    /// Sets how many worklist rows <paramref name="role"/> takes per day: <paramref name="accountsPerOwner"/> ×
    /// <paramref name="owners"/>. The worklist keeps each role's highest-priority rows up to it; the rest is reported in
    /// <see cref="Worklist.Overflow"/>, never dropped.
    /// </summary>
    /// <param name="role">The role.</param>
    /// <param name="accountsPerOwner">How many accounts one person of the role handles (1 to 10,000).</param>
    /// <param name="owners">How many people have the role (0 to 10,000; 0: everything overflows).</param>
    /// <returns>These options, for chaining.</returns>
    public DailyRunOptions SetCapacity(OwnerRole role, int accountsPerOwner, int owners = 1)
    {
        Capacity.Set(role, accountsPerOwner, owners);
        return this;
    }

    /// <summary>Makes <paramref name="role"/> unlimited (by default only CSM is limited).</summary>
    /// <param name="role">The role.</param>
    /// <returns>These options, for chaining.</returns>
    public DailyRunOptions RemoveCapacity(OwnerRole role)
    {
        Capacity.Roles.Remove(role);
        return this;
    }

    /// <summary>The capacity of <paramref name="role"/> in worklist rows, or <see langword="null"/> when unlimited.</summary>
    /// <param name="role">The role.</param>
    public int? CapacityOf(OwnerRole role) => Capacity.CapacityOf(role);

    /// <summary>How many accounts one person of <paramref name="role"/> handles, or <see langword="null"/> when the role is unlimited.</summary>
    /// <param name="role">The role.</param>
    public int? AccountsPerOwnerOf(OwnerRole role) => Capacity.AccountsPerOwnerOf(role);

    /// <summary>How many people have <paramref name="role"/>, or <see langword="null"/> when the role is unlimited.</summary>
    /// <param name="role">The role.</param>
    public int? OwnersOf(OwnerRole role) => Capacity.OwnersOf(role);

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
    internal static CapacityOptions DefaultCapacity() => new CapacityOptions().Set(OwnerRole.Csm, accountsPerOwner: 30, owners: 2);

    /// <summary>The ranking weights and each role's capacity, checked as one options object: by the planner, and when a host starts (<c>ValidateOnStart</c>).</summary>
    IEnumerable<string> IValidatableOptions.GetValidationErrors()
        => ((IValidatableOptions)Priority).GetValidationErrors().Concat(((IValidatableOptions)Capacity).GetValidationErrors());
}

/// <summary>One scorer's result for one customer.</summary>
/// <param name="Scorer">The scorer's name, for example <c>churn</c>.</param>
/// <param name="Value">The probability (or score) the scorer gave.</param>
/// <param name="Band">The band (<c>low</c>, <c>medium</c>, <c>high</c>), or <see langword="null"/> when the value is missing.</param>
/// <param name="Drivers">What pushes the score up, worded for a CSM, strongest first (at most three; the value feature is left out, since every action shows the ARR).</param>
public sealed record CustomerScore(string Scorer, double Value, string? Band, IReadOnlyList<string> Drivers);
