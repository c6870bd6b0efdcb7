using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Segmentation.Options;

/// <summary>
/// The one JSON dialect of the files people write and edit (rule sets, playbooks, later segmentation.json): comments
/// and trailing commas allowed, names case-insensitive, unknown properties refused, written readable.
/// </summary>
internal static class ConfigurationJson
{
    /// <summary>A new options instance of the dialect, for a caller to extend (a type resolver) before first use.</summary>
    public static JsonSerializerOptions CreateOptions() => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        PreferredObjectCreationHandling = JsonObjectCreationHandling.Populate,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,

        // Written for people to read and edit: keep '<', '>' and quotes in conditions as they are.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
