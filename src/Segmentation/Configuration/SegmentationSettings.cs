using System.Globalization;
using Segmentation.Clustering;
using Segmentation.Clustering.KMeans;
using Segmentation.Clustering.Selection;
using Segmentation.Data;
using Segmentation.Features;
using Segmentation.Features.Preprocessing;
using Segmentation.Migration;
using Segmentation.Pipeline;
using Segmentation.Playbooks;
using Segmentation.Rules;
using Segmentation.Scoring.InRun;

namespace Segmentation.Configuration;

/// <summary>
/// The objects a run needs, built from a checked <see cref="SegmentationConfig"/> by <see cref="SegmentationConfig.ToSettings()"/>:
/// how to read the input, how to cluster, the rules, the playbooks, priority and capacity, the score bands.
/// </summary>
/// <param name="Reading">How the customers CSV is read (id, outcome, excluded columns, missing tokens, invalid numbers).</param>
/// <param name="ValueFeature">The value feature, or <see langword="null"/> for <c>arr</c> when present.</param>
/// <param name="Preprocessing">Scaling before clustering.</param>
/// <param name="KMeans">The k-means settings when k is fixed; <see langword="null"/> when k is chosen (see <paramref name="Selection"/>).</param>
/// <param name="Selection">The range k is chosen in when it is not fixed.</param>
/// <param name="Rules">The rule set, or <see langword="null"/> without rules.</param>
/// <param name="Playbooks">The playbooks: the built-in ones first when switched on, then the configuration's own.</param>
/// <param name="Priority">How the worklist is ranked.</param>
/// <param name="Capacity">How many rows each owner role takes.</param>
/// <param name="ChurnBands">The bands of the churn score.</param>
/// <param name="ExpansionBands">The bands of the expansion score.</param>
/// <remarks>
/// <see cref="Scorers"/> holds the <c>model</c> and <c>health</c> scorers of the <c>scorers</c> section, named <c>churn</c> and
/// <c>expansion</c>; <c>in-run</c> scorers need dated outcome history and are in <see cref="InRunScorers"/>.
/// </remarks>
internal sealed record SegmentationSettings(
    TabularFeatureOptions Reading,
    string? ValueFeature,
    PreprocessingOptions Preprocessing,
    KMeansOptions? KMeans,
    KSelectionOptions Selection,
    RuleSet? Rules,
    PlaybookSet Playbooks,
    PriorityOptions Priority,
    CapacityOptions Capacity,
    ScoreBands ChurnBands,
    ScoreBands ExpansionBands)
{
    /// <summary>The scorers loaded from the <c>scorers</c> section (<c>model</c> and <c>health</c>), named <c>churn</c> and <c>expansion</c>.</summary>
    /// <value>The default value is empty: no scorer.</value>
    public IReadOnlyList<IRiskScorer> Scorers { get; init; } = [];

    /// <summary>The <c>in-run</c> scorers of the <c>scorers</c> section: trained by the run on a dated outcomes file (see <see cref="Pipeline.InRunScorers"/>).</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<InRunScorer> InRunScorers { get; init; } = [];

    /// <summary>The <c>alerts</c> section: who is high value and which segments are at risk.</summary>
    /// <value>The default value is a new <see cref="AlertOptions"/>: the top 20% by value entering a segment whose outcome rate is 1.5 times the overall.</value>
    public AlertOptions Alerts { get; init; } = new();

    /// <summary>What the run should tell the user about the configuration; one sentence each.</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<string> Notices { get; init; } = [];

    /// <summary>The clusterer of these settings: k-means with the fixed k, or k-means with k chosen between the configured bounds.</summary>
    public IClusterer CreateClusterer() => KMeans is KMeansOptions fixedK
        ? new KMeansClusterer(fixedK)
        : new KSelectingClusterer(Selection);
}

/// <content>Turning a configuration into the objects of a run.</content>
public sealed partial class SegmentationConfig
{
    /// <summary>Builds the objects a run needs (see <see cref="SegmentationSettings"/>), after checking every value.</summary>
    /// <remarks>
    /// The <c>model</c> scorers are loaded here, from paths relative to the folder of the file given to <see cref="Load"/>
    /// (or to the current folder for a configuration from <see cref="FromJson"/> or <c>IConfiguration</c>). A model file
    /// that is missing, unreadable or of a type the core cannot load (gbm) is a configuration error naming
    /// <c>scorers.NAME.model</c> and the file.
    /// </remarks>
    /// <exception cref="SegmentationConfigException">The configuration is invalid (see <see cref="GetErrors()"/>), or a model file cannot be loaded.</exception>
    internal SegmentationSettings ToSettings() => ToSettings(null);

    /// <summary>As <see cref="ToSettings()"/>, with the names playbooks may use.</summary>
    /// <param name="vocabulary">The names playbooks may use; by default those of <see cref="VocabularyOf"/> (triggers and rule segments of the rules, segment names not checked).</param>
    /// <remarks>
    /// The <c>model</c> scorers are loaded here, from paths relative to the folder of the file given to <see cref="Load"/>
    /// (or to the current folder for a configuration from <see cref="FromJson"/> or <c>IConfiguration</c>). A model file
    /// that is missing, unreadable or of a type the core cannot load (gbm) is a configuration error naming
    /// <c>scorers.NAME.model</c> and the file.
    /// </remarks>
    /// <exception cref="SegmentationConfigException">The configuration is invalid (see <see cref="GetErrors()"/>), or a model file cannot be loaded.</exception>
    internal SegmentationSettings ToSettings(PlaybookVocabulary? vocabulary)
    {
        ThrowIfInvalid("the configuration", null);
        TabularFeatureOptions reading = CreateReadingOptions();

        var preprocessing = new PreprocessingOptions
        {
            Scaling = Clustering.Scaling.ToLowerInvariant() switch
            {
                "robust" => ScalingMethod.Robust,
                "minmax" => ScalingMethod.MinMax,
                "none" => ScalingMethod.None,
                _ => ScalingMethod.Standard,
            },
        };
        KMeansOptions? kmeans = int.TryParse(Clustering.K, NumberStyles.None, CultureInfo.InvariantCulture, out int k)
            ? new KMeansOptions { K = k, Seed = Clustering.Seed }
            : null;
        var selection = new KSelectionOptions { MinK = Clustering.MinK, MaxK = Clustering.MaxK, Seed = Clustering.Seed };

        RuleSet? rules = Rules is null ? null : RuleSet.FromOptions(Rules);
        PlaybookVocabulary names = vocabulary ?? VocabularyOf(rules);
        PlaybookSet own = PlaybookSet.FromOptions(Playbooks, names);
        PlaybookSet playbooks = BuiltInPlaybooks ? PlaybookSet.Of(KnownPlaybooks.Default.Playbooks.Concat(own.Playbooks)) : own;

        var capacity = new CapacityOptions();
        foreach ((string role, OwnerCapacity value) in Capacity)
        {
            // Validation has already refused an unknown role name.
            if (PlaybookTerms.TryParseOwnerRole(role, out OwnerRole parsed))
            {
                capacity.Set(parsed, value.AccountsPerOwner, value.Owners);
            }
        }

        var notices = new List<string>();
        var inRun = new List<InRunScorer>();
        IReadOnlyList<IRiskScorer> scorers = BuildScorers(inRun);
        var priority = new PriorityOptions { ChurnWeight = Priority.ChurnWeight, ExpansionWeight = Priority.ExpansionWeight, ExpansionUplift = Priority.ExpansionUplift };
        return new SegmentationSettings(
            reading, Columns.ValueColumn, preprocessing, kmeans, selection, rules, playbooks, priority, capacity,
            Scorers.Churn?.Bands ?? ScoreBands.Churn,
            Scorers.Expansion?.Bands ?? ScoreBands.Expansion)
        {
            Scorers = scorers,
            InRunScorers = inRun,
            Alerts = AlertOptionsOf(Alerts),
            Notices = notices,
        };
    }

    private static AlertOptions AlertOptionsOf(AlertsConfig config)
    {
        var options = new AlertOptions { HighValueThreshold = config.HighValueThreshold, HighValueQuantile = config.HighValueQuantile, RiskRatio = config.RiskRatio };
        foreach (string segment in config.AtRiskSegments)
        {
            options.AtRiskSegments.Add(segment);
        }

        return options;
    }
}
