using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Segmentation.Configuration;
using Segmentation.Options;

namespace Segmentation.Playbooks;

/// <content>Reading and writing the JSON form of a playbook set.</content>
public sealed partial class PlaybookSet
{
    private static readonly JsonSerializerOptions Json = WithoutEmptyLists(ConfigurationJson.CreateOptions());

    private static JsonSerializerOptions WithoutEmptyLists(JsonSerializerOptions options)
    {
        // Empty lists ("allOf": [], "from": []) say nothing: leave them out of written files.
        options.TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                info =>
                {
                    foreach (JsonPropertyInfo property in info.Properties.Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(IList<>)))
                    {
                        property.ShouldSerialize = (_, value) => value is System.Collections.ICollection { Count: > 0 };
                    }
                },
            },
        };
        return options;
    }

    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    // Every property name of the JSON shape, for "did you mean" on an unknown property.
    private static readonly string[] PropertyNames =
    [
        "name", "when", "action", "segment", "enters", "ruleSegment", "trigger", "churnBandAtLeast", "churnProbabilityAtLeast",
        "expansionBandAtLeast", "expansionProbabilityAtLeast", "migrates", "isNew", "minValue", "allOf", "dimension", "from", "to",
        "owner", "dueInDays", "channel", "reason",
    ];

    /// <summary>
    /// Parses playbooks from JSON: either an object with a <c>"playbooks"</c> array (such as a whole
    /// <c>segmentation.json</c>; its other properties are ignored) or the array itself. Comments and trailing commas are allowed.
    /// </summary>
    /// <remarks>Names (triggers, rule segments, segments) are not checked here: a <see cref="Configuration.SegmentationConfig"/>
    /// checks them against its rules when it is validated or turned into settings.</remarks>
    /// <param name="json">The JSON text.</param>
    /// <param name="source">The file name, for messages about malformed JSON.</param>
    /// <exception cref="SegmentationConfigException">Malformed JSON (with line and byte), an unknown property, a value of the wrong kind, or an invalid playbook; every message names the JSON path, for example <c>playbooks[2].when.trigger</c>.</exception>
    public static PlaybookSet FromJson(string json, string source = "playbooks") => FromJson(json, null, source);

    /// <summary>As the public overload, checking every name against <paramref name="vocabulary"/> (<see langword="null"/> checks no names).</summary>
    internal static PlaybookSet FromJson(string json, PlaybookVocabulary? vocabulary, string source = "playbooks")
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            string where = e.LineNumber is long line ? $" at line {line + 1}, byte {e.BytePositionInLine + 1}" : string.Empty;
            throw Error(string.Empty, $"{source} is not valid JSON{where}: {e.Message.Split(" LineNumber:", 2)[0].Split(" Path:", 2)[0].TrimEnd('.', ' ')}; check the brackets, quotes and commas there");
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            JsonElement array;
            if (root.ValueKind == JsonValueKind.Array)
            {
                array = root;
            }
            else if (root.ValueKind == JsonValueKind.Object && root.EnumerateObject().FirstOrDefault(p => Names.Equal(p.Name, "playbooks")) is { Value.ValueKind: not JsonValueKind.Undefined } property)
            {
                array = property.Value;
            }
            else
            {
                throw Error(string.Empty, $"{source} has no \"playbooks\" array; write {{ \"playbooks\": [ {{ \"name\": ..., \"when\": {{...}}, \"action\": {{...}} }} ] }}");
            }

            if (array.ValueKind != JsonValueKind.Array)
            {
                throw Error("playbooks", "must be an array of playbooks, [ { \"name\": ..., \"when\": {...}, \"action\": {...} } ]");
            }

            List<PlaybookOptions?> options;
            try
            {
                options = array.Deserialize<List<PlaybookOptions?>>(Json) ?? [];
            }
            catch (JsonException e)
            {
                string path = "playbooks" + (e.Path is { Length: > 1 } p ? p[1..] : string.Empty);
                throw Error(path, Describe(e, path));
            }

            return FromOptions(options, vocabulary);
        }
    }

    /// <summary>Loads playbooks from a JSON file (see <see cref="FromJson(string, string)"/>).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="SegmentationConfigException">The JSON or a playbook is invalid.</exception>
    /// <param name="path">The file.</param>
    public static PlaybookSet Load(string path) => Load(path, null);

    /// <summary>As the public overload, checking every name against <paramref name="vocabulary"/> (<see langword="null"/> checks no names).</summary>
    internal static PlaybookSet Load(string path, PlaybookVocabulary? vocabulary)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The playbooks file '{path}' does not exist; check the path.", path);
        }

        return FromJson(File.ReadAllText(path), vocabulary, Path.GetFileName(path));
    }

    /// <summary>The JSON form, <c>{ "playbooks": [...] }</c>; <see cref="FromJson(string, string)"/> reads it back.</summary>
    public string ToJson() => JsonSerializer.Serialize(new { playbooks = ToOptions() }, Json);

    private static SegmentationConfigException Error(string path, string problem) => new([new PlaybookError(path, problem)]);

    private static string Describe(JsonException e, string path)
    {
        string last = path.Split('.')[^1];
        if (e.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            IReadOnlyList<string> close = Rules.Language.NameSuggestions.Closest(last, PropertyNames);
            return close.Count > 0
                ? $"unknown property '{last}'; did you mean '{close[0]}'?"
                : $"unknown property '{last}'; see docs/playbooks.md for the properties of a playbook";
        }

        string property = last.Split('[')[0];
        bool element = last.EndsWith(']');
        string expected = (property, element) switch
        {
            ("from" or "to", true) => "a segment name in quotes",
            (_, true) => "an object { ... }",
            ("churnProbabilityAtLeast" or "expansionProbabilityAtLeast", _) => "a number between 0 and 1, such as 0.6",
            ("minValue", _) => "a number (ARR), such as 100000",
            ("dueInDays", _) => "a whole number of days, such as 14",
            ("isNew", _) => "true or false",
            ("from" or "to", _) => "a list of segment names, such as [\"At risk\"]",
            ("allOf", _) => "a list of conditions, such as [ { \"trigger\": \"Churn risk\" } ]",
            ("when" or "ruleSegment" or "migrates" or "action", _) => "an object { ... }",
            _ => "a text in quotes",
        };
        return $"expected {expected}";
    }
}
