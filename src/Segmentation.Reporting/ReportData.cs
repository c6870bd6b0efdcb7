using System.Globalization;
using System.Text.Json;

namespace Segmentation.Reporting;

/// <summary>
/// What a report draws, computed once from a run by <see cref="SegmentationReport.Build"/>: per-segment numbers, the
/// sampled and projected points of the segment map, the k-selection evidence, the top of the worklist and the movement.
/// It holds no per-customer data beyond the map's sample, so it can be kept with a snapshot (<see cref="ToJson"/>) and
/// the report drawn again later (<see cref="FromJson"/>).
/// </summary>
/// <remarks>Not thread-safe while <see cref="WithModelVersion"/> runs; otherwise read-only.</remarks>
public sealed class ReportData
{
    internal ReportData(ReportModel model) => Model = model;

    internal ReportModel Model { get; }

    /// <summary>The number of customers in the run.</summary>
    public int Customers => Model.Customers;

    /// <summary>The segment names, in the order the report lists them (as in segments.json).</summary>
    public IReadOnlyList<string> Segments => [.. Model.Segments.Select(s => s.Name)];

    /// <summary>The snapshot date, when known.</summary>
    public DateOnly? AsOf => Model.AsOf is string text ? DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null;

    /// <summary>The model version shown in the overview, when known.</summary>
    public string? ModelVersion => Model.ModelVersion;

    /// <summary>The charts this run has data for (a run without scores has no risk chart, a first run no movement).</summary>
    public IReadOnlyList<ReportChart> Charts => [.. Enum.GetValues<ReportChart>().Where(c => ReportCharts.Create(Model, c) is not null)];

    /// <summary>Sets the model version shown (for a version known only once the run is stored).</summary>
    public void WithModelVersion(string? version) => Model.ModelVersion = version;

    /// <summary>The data as a compact JSON document.</summary>
    public string ToJson() => JsonSerializer.Serialize(Model, ReportJsonContext.Default.ReportModel);

    /// <summary>Reads a document written by <see cref="ToJson"/>.</summary>
    /// <exception cref="FormatException">The text is not report data, or was written by a newer version (the message says which).</exception>
    public static ReportData FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        ReportModel? model;
        try
        {
            model = JsonSerializer.Deserialize(json, ReportJsonContext.Default.ReportModel);
        }
        catch (JsonException e)
        {
            throw new FormatException($"The report data is not valid JSON ({e.Message.Split('.')[0]}); draw the report again from a new run.", e);
        }

        if (model is null)
        {
            throw new FormatException("The report data is empty; draw the report again from a new run.");
        }

        if (model.Format > ReportModel.CurrentFormat)
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"The report data was written by a newer version of Segmentation.Reporting (format {model.Format}, this one reads up to {ReportModel.CurrentFormat}); upgrade segment."));
        }

        return new ReportData(model);
    }
}
