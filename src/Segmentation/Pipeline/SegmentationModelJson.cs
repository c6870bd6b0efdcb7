using System.Text.Json;
using System.Text.Json.Serialization;
using Segmentation.Features.Preprocessing;
using Segmentation.Profiling;

namespace Segmentation.Pipeline;

/// <summary>
/// Saves and loads a <see cref="SegmentationModel"/> as JSON: the preprocessing, the centroids, and the segment
/// names and profiles, so that a later run assigns customers exactly as the training run would have and keeps the
/// names. A loaded model assigns by nearest centroid (what k-means does).
/// </summary>
internal static class SegmentationModelJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = false,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Serialises <paramref name="model"/> under <paramref name="version"/>.</summary>
    public static string Serialize(SegmentationModel model, string version)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        FeatureMatrix centroids = model.Clusters.Centroids;
        var document = new ModelDocument(
            FormatVersion: 1,
            Version: version,
            Algorithm: model.Clusters.Algorithm,
            Features: [.. centroids.Schema],
            Preprocessing: model.Preprocessing,
            Centroids: [.. Enumerable.Range(0, centroids.RowCount).Select(c => centroids.Row(c).ToArray())],
            Profiles: [.. model.Profiles]);
        return JsonSerializer.Serialize(document, Options);
    }

    /// <summary>Loads a model written by <see cref="Serialize"/>.</summary>
    /// <exception cref="FormatException">The text is not a model of a format this version reads.</exception>
    public static (SegmentationModel Model, string Version) Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        ModelDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<ModelDocument>(json, Options);
        }
        catch (JsonException error)
        {
            throw new FormatException($"The stored model is not valid JSON ({error.Message}); retrain to replace it.", error);
        }

        if (document is null || document.FormatVersion != 1 || document.Features is null || document.Centroids is null || document.Preprocessing is null || document.Profiles is null)
        {
            throw new FormatException("The stored model is incomplete or of an unknown format version; retrain to replace it.");
        }

        var schema = new FeatureSchema(document.Features);
        double[] values = [.. document.Centroids.SelectMany(c => c)];
        var centroids = FeatureMatrix.Create(values, schema.Count, schema);
        var clusters = new NearestCentroidModel(document.Algorithm, centroids);
        return (new SegmentationModel(document.Preprocessing, clusters, document.Profiles), document.Version);
    }

    private sealed record ModelDocument(
        int FormatVersion,
        string Version,
        string Algorithm,
        FeatureColumn[] Features,
        PreprocessingModel Preprocessing,
        double[][] Centroids,
        SegmentProfile[] Profiles);
}
