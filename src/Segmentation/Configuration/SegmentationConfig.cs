using System.Text.Json.Serialization;
using Microsoft.Extensions.Configuration;
using Segmentation.Data;
using Segmentation.Features;
using Segmentation.Options;
using Segmentation.Playbooks;
using Segmentation.Rules;
using Segmentation.Scoring.Health;
using Segmentation.Scoring.InRun;

namespace Segmentation.Configuration;

/// <summary>
/// The whole configuration of a segmentation run, the object behind one <c>segmentation.json</c>: columns and
/// features, clustering, rules, scorers, playbooks, alert rules, capacity and priority (see docs/configuration.md).
/// </summary>
/// <remarks>
/// <para>Load it with <see cref="Load"/> or <see cref="FromJson"/> (every mistake is reported with its JSON path, all at
/// once, in a <see cref="SegmentationConfigException"/>), or bind it from an <c>IConfiguration</c> section in a host
/// (<c>services.AddSegmentation().BindConfiguration(section)</c>, validated on start). <see cref="Validate"/> then checks
/// the names against the data, and <c>services.AddSegmentation().UseConfiguration(config)</c> registers the run it describes.</para>
/// <para>A file whose root holds only <c>dimensions</c> (and <c>exception</c>), the rule-set JSON of
/// <c>segment rules</c>, loads as a configuration with only <see cref="Rules"/>.</para>
/// </remarks>
public sealed partial class SegmentationConfig : IValidatableOptions
{
    /// <summary>Explanations for the person editing the file (JSON has no comments); ignored by the library.</summary>
    /// <value>The default value is empty.</value>
    [JsonPropertyName("_notes")]
    [ConfigurationKeyName("_notes")]
    public IList<string> Notes { get; } = [];

    /// <summary>Which input columns are the id, the value, the outcome, and which to leave out.</summary>
    /// <value>The default value is a new <see cref="ColumnsConfig"/>: every column read as a feature.</value>
    [JsonInclude]
    internal ColumnsConfig Columns { get; } = new();

    /// <summary>The customer id column (<c>columns.idColumn</c>), when the file names one or <see cref="StarterConfig.Guess"/> found one.</summary>
    [JsonIgnore]
    public string? IdColumn => Columns.IdColumn;

    /// <summary>
    /// The usage events file (<c>columns.events.path</c>), resolved against the configuration file's folder as the
    /// scorers' files are; null when the configuration names none.
    /// </summary>
    [JsonIgnore]
    public string? EventsPath => Columns.Events?.Path is not string path ? null
        : Path.IsPathRooted(path) || _directory is null ? path : Path.Combine(_directory, path);

    /// <summary>The feature holding each customer's value (<c>columns.valueColumn</c>), when the configuration names one.</summary>
    [JsonIgnore]
    public string? ValueColumn => Columns.ValueColumn;

    /// <summary>
    /// How the customers CSV is read, as the <c>columns</c> section says: the id and outcome columns, the excluded
    /// columns, the missing-value tokens and what an invalid number is.
    /// </summary>
    /// <returns>New options on each call, for the caller to change (for example with command-line flags).</returns>
    public TabularFeatureOptions CreateReadingOptions()
    {
        var reading = new TabularFeatureOptions
        {
            IdColumn = Columns.IdColumn,
            OutcomeColumn = Columns.Outcome,
            MissingValues = Columns.NaValues is null ? null : [.. Columns.NaValues],
            InvalidNumbersAsMissing = string.Equals(Columns.InvalidNumbers, "missing", StringComparison.OrdinalIgnoreCase),
        };
        foreach (string column in Columns.Exclude)
        {
            reading.ExcludeColumns.Add(column);
        }

        return reading;
    }

    /// <summary>The customer id column of the usage events file (<c>columns.events.idColumn</c>), when the configuration names one.</summary>
    [JsonIgnore]
    public string? EventsIdColumn => Columns.Events?.IdColumn;

    /// <summary>How customers are clustered.</summary>
    /// <value>The default value is a new <see cref="ClusteringConfig"/>: k-means, k chosen between 3 and 8.</value>
    [JsonInclude]
    internal ClusteringConfig Clustering { get; } = new();

    /// <summary>The rule dimensions (tiers, lifecycle, triggers), in the JSON shape of <c>segment rules --rules</c>.</summary>
    /// <value>The default value is <see langword="null"/>: no rules.</value>
    [JsonInclude]
    internal RuleSetOptions? Rules { get; set; }

    /// <summary>The churn and expansion scorers.</summary>
    /// <value>The default value is a new <see cref="ScorersConfig"/>: no scorer.</value>
    [JsonInclude]
    internal ScorersConfig Scorers { get; } = new();

    /// <summary>Whether the built-in playbooks (<see cref="KnownPlaybooks.Default"/>) run, before <see cref="Playbooks"/>.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool BuiltInPlaybooks { get; set; }

    /// <summary>Your playbooks (<c>when</c> → <c>action</c>), in the JSON shape of docs/playbooks.md.</summary>
    /// <value>The default value is empty.</value>
    [JsonInclude]
    internal IList<PlaybookOptions> Playbooks { get; } = [];

    /// <summary>When a migration raises an alert.</summary>
    /// <value>The default value is a new <see cref="AlertsConfig"/>: high value = top 20% by value, at-risk segments rated by outcome.</value>
    [JsonInclude]
    internal AlertsConfig Alerts { get; } = new();

    /// <summary>How many worklist rows each owner role takes per day, keyed by role (<c>csm</c>, <c>sales</c>, <c>marketingAutomation</c>, <c>leadership</c>).</summary>
    /// <value>The default value is empty: every role is unlimited.</value>
    [JsonInclude]
    internal IDictionary<string, OwnerCapacity> Capacity { get; } = new Dictionary<string, OwnerCapacity>(StringComparer.OrdinalIgnoreCase);

    /// <summary>How the worklist is ranked.</summary>
    /// <value>The default value is a new <see cref="PriorityOptions"/>.</value>
    [JsonInclude]
    internal PriorityOptions Priority { get; } = new();

    IEnumerable<string> IValidatableOptions.GetValidationErrors() => GetErrors();
}

/// <summary>The <c>"columns"</c> section: how the customers CSV is read.</summary>
internal sealed class ColumnsConfig
{
    /// <summary>The column holding customer ids; it is not a feature.</summary>
    /// <value>The default value is <see langword="null"/>: rows are numbered.</value>
    public string? IdColumn { get; set; }

    /// <summary>The feature measuring a customer's value (ARR), for profiles, alerts and priority.</summary>
    /// <value>The default value is <see langword="null"/>: <c>arr</c> when present.</value>
    public string? ValueColumn { get; set; }

    /// <summary>A yes/no outcome column (for example <c>churned</c>); it is not a feature.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? Outcome { get; set; }

    /// <summary>Tokens read as missing in every column besides empty cells, for example <c>["NA", "null"]</c>.</summary>
    /// <value>The default value is <see langword="null"/>: NA, N/A, NaN, null and None in numeric and yes/no columns.</value>
    public IList<string>? NaValues { get; set; }

    /// <summary>What a cell of a numeric column that is not a number does: <c>error</c> (stop and name it) or <c>missing</c>.</summary>
    /// <value>The default value is <c>error</c>.</value>
    public string InvalidNumbers { get; set; } = "error";

    /// <summary>Columns left out of the features.</summary>
    /// <value>The default value is empty.</value>
    public IList<string> Exclude { get; } = [];

    /// <summary>The usage events file, from which usage trends are computed.</summary>
    /// <value>The default value is <see langword="null"/>: no events.</value>
    public EventsConfig? Events { get; set; }

    /// <summary>Which columns hold what a CS team reads (tenure, renewal, usage, tickets, satisfaction), as <c>segment init</c> guessed them.</summary>
    /// <value>The default value is a new <see cref="ColumnRolesConfig"/>: none named.</value>
    public ColumnRolesConfig Roles { get; } = new();
}

/// <summary>The <c>"columns.events"</c> section: a usage events CSV (customer id, timestamp, metric, value).</summary>
internal sealed class EventsConfig
{
    /// <summary>The events CSV file.</summary>
    /// <value>The default value is <see langword="null"/>: the file is given on the command line.</value>
    public string? Path { get; set; }

    /// <summary>The customer id column of the events file.</summary>
    /// <value>The default value is <see langword="null"/>: the id column of the customers, or customer_id, customer, id or account_id.</value>
    public string? IdColumn { get; set; }
}

/// <summary>The <c>"columns.roles"</c> section: the columns that carry the signals CS teams read.</summary>
internal sealed class ColumnRolesConfig
{
    /// <summary>Tenure: days as a customer, or the signup date column.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? Tenure { get; set; }

    /// <summary>Renewal: days to renewal, or the renewal date column.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? Renewal { get; set; }

    /// <summary>Usage columns (logins, active users, API calls, events).</summary>
    /// <value>The default value is empty.</value>
    public IList<string> Usage { get; } = [];

    /// <summary>Support ticket columns.</summary>
    /// <value>The default value is empty.</value>
    public IList<string> Tickets { get; } = [];

    /// <summary>Satisfaction columns (NPS, CSAT).</summary>
    /// <value>The default value is empty.</value>
    public IList<string> Satisfaction { get; } = [];
}

/// <summary>The <c>"clustering"</c> section.</summary>
internal sealed class ClusteringConfig
{
    /// <summary>The value of <see cref="K"/> that chooses the number of segments between <see cref="MinK"/> and <see cref="MaxK"/>.</summary>
    public const string AutoK = "auto";

    /// <summary>The algorithm: <c>kmeans</c> (with <see cref="K"/>) or <c>auto</c> (k-means with k chosen).</summary>
    /// <value>The default value is <c>kmeans</c>.</value>
    public string Algorithm { get; set; } = "kmeans";

    /// <summary>The number of segments, a whole number (written as a number or in quotes), or <c>auto</c>.</summary>
    /// <value>The default value is <c>auto</c>: chosen between <see cref="MinK"/> and <see cref="MaxK"/>.</value>
    [JsonConverter(typeof(NumberOrTextConverter))]
    public string? K { get; set; } = AutoK;

    /// <summary>The fewest segments considered when k is chosen.</summary>
    /// <value>The default value is 3. Allowed: 2 to <see cref="MaxK"/>.</value>
    public int MinK { get; set; } = 3;

    /// <summary>The most segments considered when k is chosen.</summary>
    /// <value>The default value is 8. Allowed: <see cref="MinK"/> to 1000.</value>
    public int MaxK { get; set; } = 8;

    /// <summary>The random seed; the same seed gives the same segments.</summary>
    /// <value>The default value is 0.</value>
    public int Seed { get; set; }

    /// <summary>How features are scaled: <c>standard</c>, <c>robust</c>, <c>minmax</c> or <c>none</c>.</summary>
    /// <value>The default value is <c>standard</c>.</value>
    public string Scaling { get; set; } = "standard";
}

/// <summary>The <c>"scorers"</c> section: churn and expansion, two scorers over the same mechanism.</summary>
internal sealed class ScorersConfig
{
    /// <summary>The churn scorer.</summary>
    /// <value>The default value is <see langword="null"/>: no churn score.</value>
    public ScorerConfig? Churn { get; set; }

    /// <summary>The expansion scorer.</summary>
    /// <value>The default value is <see langword="null"/>: no expansion score.</value>
    public ScorerConfig? Expansion { get; set; }
}

/// <summary>One scorer: trained in the run (<c>in-run</c>), loaded from a model file (<c>model</c>) or a weighted health score (<c>health</c>).</summary>
internal sealed class ScorerConfig
{
    /// <summary>The kind of scorer that trains in the run on outcomes known before the as-of date.</summary>
    public const string InRunKind = "in-run";

    /// <summary>The kind of scorer loaded from a model file.</summary>
    public const string ModelKind = "model";

    /// <summary>The kind of scorer that is a hand-weighted health score.</summary>
    public const string HealthKind = "health";

    /// <summary><c>in-run</c>, <c>model</c> or <c>health</c>.</summary>
    /// <value>The default value is <c>in-run</c>.</value>
    public string Kind { get; set; } = InRunKind;

    /// <summary>For <c>in-run</c>: the outcome window and the fewest outcomes to train on.</summary>
    /// <value>The default value is a new <see cref="TimeBasedTrainingOptions"/>: a 90-day window.</value>
    public TimeBasedTrainingOptions Training { get; } = new();

    /// <summary>For <c>in-run</c>: a CSV of dated outcome events (customer id, date); <see langword="null"/> when the input carries them.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? OutcomeEvents { get; set; }

    /// <summary>For <c>model</c>: the model file written by <c>segment score train</c>.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? Model { get; set; }

    /// <summary>For <c>health</c>: the weighted factors and bands.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public HealthScoreConfig? Health { get; set; }

    /// <summary>The cut-offs of the low, medium and high bands.</summary>
    /// <value>The default value is <see langword="null"/>: <see cref="ScoreBands.Churn"/> or <see cref="ScoreBands.Expansion"/>.</value>
    public ScoreBands? Bands { get; set; }
}

/// <summary>The <c>"alerts"</c> section: "a high-value customer moved into an at-risk segment".</summary>
internal sealed class AlertsConfig
{
    /// <summary>The value (ARR) from which a customer is high value.</summary>
    /// <value>The default value is <see langword="null"/>: the <see cref="HighValueQuantile"/> of the value column.</value>
    public double? HighValueThreshold { get; set; }

    /// <summary>The quantile of the value above which a customer is high value, when no threshold is given.</summary>
    /// <value>The default value is 0.8. Allowed: 0 to 1.</value>
    public double HighValueQuantile { get; set; } = 0.8;

    /// <summary>The segments (cluster or overriding rule segments) that count as at risk.</summary>
    /// <value>The default value is empty: segments whose outcome rate is at least <see cref="RiskRatio"/> times the overall rate.</value>
    public IList<string> AtRiskSegments { get; } = [];

    /// <summary>How many times the overall outcome rate makes a segment at risk, when no segments are named.</summary>
    /// <value>The default value is 1.5. Allowed: 1 to 100.</value>
    public double RiskRatio { get; set; } = 1.5;
}
