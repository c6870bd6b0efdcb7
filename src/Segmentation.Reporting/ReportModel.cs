using System.Text.Json.Serialization;

namespace Segmentation.Reporting;

/// <summary>
/// Everything the report draws, small enough to keep with a snapshot (JSON): the customers themselves are not in it,
/// only the sampled 2-D points of the segment map, already projected.
/// </summary>
internal sealed class ReportModel
{
    /// <summary>The layout version of this document; a newer one is refused with a clear message.</summary>
    public const int CurrentFormat = 1;

    public int Format { get; set; } = CurrentFormat;

    public string? AsOf { get; set; }

    public string? ModelVersion { get; set; }

    public string? Command { get; set; }

    public string Algorithm { get; set; } = string.Empty;

    public int Customers { get; set; }

    public string? ValueFeature { get; set; }

    public double? TotalValue { get; set; }

    public double? OutcomeRate { get; set; }

    public List<ReportSegment> Segments { get; set; } = [];

    public List<string> Features { get; set; } = [];

    public List<double?> PopulationMeans { get; set; } = [];

    public List<string> Scorers { get; set; } = [];

    public List<double?> PopulationScores { get; set; } = [];

    public ReportMap? Map { get; set; }

    public ReportKSelection? KSelection { get; set; }

    public string? RiskScorer { get; set; }

    public List<ReportWorkRow> TopWorklist { get; set; } = [];

    public int WorklistRows { get; set; }

    public List<ReportCapacity> Capacity { get; set; } = [];

    public ReportMovement? Movement { get; set; }

    public ReportDendrogram? Dendrogram { get; set; }

    public double? NoiseShare { get; set; }

    public string? Warning { get; set; }
}

/// <summary>One segment: size, value, rates, the z deviation and the mean of every feature, the spread of the risk score.</summary>
internal sealed class ReportSegment
{
    public int Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public int Customers { get; set; }

    public double? Value { get; set; }

    public double? OutcomeRate { get; set; }

    public string? Engagement { get; set; }

    public List<double?> Deviations { get; set; } = [];

    public List<double?> Means { get; set; } = [];

    /// <summary>The mean of each scorer (order of <see cref="ReportModel.Scorers"/>).</summary>
    public List<double?> MeanScores { get; set; } = [];

    /// <summary>Minimum, first quartile, median, third quartile and maximum of the risk score; empty when unscored.</summary>
    public List<double> Risk { get; set; } = [];
}

/// <summary>The segment map: sampled customers projected on the first two principal components of the model space.</summary>
internal sealed class ReportMap
{
    public int Total { get; set; }

    public double Pc1Share { get; set; }

    public double Pc2Share { get; set; }

    public List<float> X { get; set; } = [];

    public List<float> Y { get; set; } = [];

    /// <summary>The index into <see cref="ReportModel.Segments"/> of each point.</summary>
    public List<int> Segment { get; set; } = [];
}

/// <summary>The evidence for each candidate k, and the chosen one.</summary>
internal sealed class ReportKSelection
{
    public int Chosen { get; set; }

    public string Reason { get; set; } = string.Empty;

    public List<ReportKRow> Rows { get; set; } = [];
}

/// <summary>One candidate k.</summary>
internal sealed record ReportKRow(int K, double? Silhouette, double? CalinskiHarabasz, double? DaviesBouldin, double? Elbow, double? Stability);

/// <summary>One worklist row as the report shows it.</summary>
internal sealed record ReportWorkRow(int Rank, string Customer, string Segment, string Owner, string Action, string Due, string Reason, double? Value, double? Priority, double? Churn);

/// <summary>One owner role's planned rows, capacity and overflow.</summary>
internal sealed record ReportCapacity(string Owner, int Planned, int? Capacity, int Overflow, double OverflowValue);

/// <summary>The movement since the previous snapshot.</summary>
internal sealed class ReportMovement
{
    public string PreviousAsOf { get; set; } = string.Empty;

    public double Stability { get; set; }

    public List<ReportFlow> Flows { get; set; } = [];

    public int AlertCount { get; set; }

    public List<ReportAlert> Alerts { get; set; } = [];
}

/// <summary>Customers and value that moved from one segment to another.</summary>
internal sealed record ReportFlow(string From, string To, int Customers, double? Value);

/// <summary>One alert raised by the run.</summary>
internal sealed record ReportAlert(string Rule, string Customer, string From, string To, double? Value, string Message);

/// <summary>The top merges of a hierarchical run: leaves are the subtrees below them (with their sizes).</summary>
internal sealed class ReportDendrogram
{
    public int LeafCount { get; set; }

    public List<int> LeafSizes { get; set; } = [];

    /// <summary>Merges in the order made; ids below <see cref="LeafSizes"/>.Count are leaves, then merge i is id Count + i.</summary>
    public List<ReportMerge> Merges { get; set; } = [];
}

/// <summary>One merge of the truncated dendrogram.</summary>
internal sealed record ReportMerge(int A, int B, double Height);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(ReportModel))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
