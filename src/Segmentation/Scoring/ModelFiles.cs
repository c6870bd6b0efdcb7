using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Segmentation.Scoring;

/// <summary>Reads and writes scorer model files (JSON with a <c>modelType</c> property).</summary>
internal static class ModelFiles
{
    /// <summary>The JSON settings of every model file: camelCase, indented, enums as strings.</summary>
    internal static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Serializes <paramref name="value"/> with the settings of every model file (camelCase, indented, enums as strings), for a package that writes its own model files.</summary>
    /// <typeparam name="T">The type of the model file's content.</typeparam>
    /// <param name="value">The content to write.</param>
    /// <returns>The JSON text.</returns>
    public static string ToJson<T>(T value) => JsonSerializer.Serialize(value, JsonOptions);

    /// <summary>Deserializes <paramref name="json"/> with the settings of every model file.</summary>
    /// <typeparam name="T">The type of the model file's content.</typeparam>
    /// <param name="json">The JSON text of a model file.</param>
    /// <returns>The content, or null for the JSON literal null.</returns>
    /// <exception cref="JsonException">The text is not valid JSON for <typeparamref name="T"/>.</exception>
    public static T? FromJson<T>(string json) => JsonSerializer.Deserialize<T>(json, JsonOptions);

    /// <summary>The <c>modelType</c> of the model file at <paramref name="path"/> (<c>logistic</c>, <c>gbm</c>, <c>health</c>).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="Data.DataFormatException">The file is not a model file.</exception>
    public static string ReadModelType(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException exception)
        {
            throw new Data.DataFormatException(path, 0, null, $"it is not valid JSON ({exception.Message}); give a model file written by 'segment score train'.");
        }

        // A JSON array, or a modelType that is not a string, is not a model file either (not an InvalidOperationException).
        return root is JsonObject model && model["modelType"] is JsonValue type && type.TryGetValue(out string? name)
            ? name
            : throw new Data.DataFormatException(path, 0, null, "it has no modelType; give a model file written by 'segment score train'.");
    }

    /// <summary>Loads a model file of a type the core package knows: <c>logistic</c> or <c>health</c>.</summary>
    /// <exception cref="NotSupportedException">Another type (for <c>gbm</c>, use <c>Segmentation.MLNet</c>'s loader).</exception>
    public static IRiskScorer Load(string path)
    {
        string type = ReadModelType(path);
        return type switch
        {
            Logistic.LogisticRegressionTrainer.Type => Logistic.LogisticRegressionScorer.Load(path),
            Health.WeightedHealthScore.Type => Health.WeightedHealthScore.Load(path),
            _ => throw new NotSupportedException($"The model file {path} holds a '{type}' model; load it with the package that made it (Segmentation.MLNet for gbm)."),
        };
    }

    /// <summary>Deserializes <paramref name="path"/> as <typeparamref name="T"/>, with errors that name the file.</summary>
    internal static T Read<T>(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), JsonOptions)
                ?? throw new Data.DataFormatException(path, 0, null, "it is empty; give a model file.");
        }
        catch (JsonException exception)
        {
            throw new Data.DataFormatException(path, 0, null, $"it is not a valid model file ({exception.Message}).");
        }
    }

    /// <summary>Serializes <paramref name="value"/> to <paramref name="path"/>, creating the directory.</summary>
    internal static void Write<T>(string path, T value)
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, JsonSerializer.Serialize(value, JsonOptions));
    }
}
