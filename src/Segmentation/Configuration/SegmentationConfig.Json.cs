using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Segmentation.Options;
using Segmentation.Rules;

namespace Segmentation.Configuration;

/// <content>Reading and writing <c>segmentation.json</c>.</content>
public sealed partial class SegmentationConfig
{
    private static readonly JsonSerializerOptions Json = WithWritableMembers(ConfigurationJson.CreateOptions());

    private static readonly JsonSerializerOptions Lenient = new(Json) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip };

    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    private static JsonSerializerOptions WithWritableMembers(JsonSerializerOptions options)
    {
        options.TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                info =>
                {
                    if (info.Kind != JsonTypeInfoKind.Object)
                    {
                        return;
                    }

                    foreach (JsonPropertyInfo property in info.Properties)
                    {
                        // Computed values (OwnerCapacity.Total) are not configuration: never written, never read.
                        if (property.Set is null && property.PropertyType.IsValueType && info.Type.GetConstructor(Type.EmptyTypes) is not null)
                        {
                            property.ShouldSerialize = (_, _) => false;
                        }

                        // Empty lists say nothing: leave them out of written files.
                        if (property.PropertyType.IsGenericType && property.PropertyType.GetGenericTypeDefinition() == typeof(IList<>))
                        {
                            property.ShouldSerialize = (_, value) => value is System.Collections.ICollection { Count: > 0 };
                        }
                    }
                },
            },
        };
        return options;
    }

    /// <summary>Loads a configuration file (see <see cref="FromJson"/>); the scorers' model paths are then relative to its folder.</summary>
    /// <param name="path">The file, for example <c>segmentation.json</c>.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="SegmentationConfigException">The file is not a valid configuration; lists every problem with its JSON path.</exception>
    public static SegmentationConfig Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The configuration file '{path}' does not exist; check the path, or write a starter one with 'segment init'.", path);
        }

        SegmentationConfig config = FromJson(File.ReadAllText(path), Path.GetFileName(path));
        config._directory = Path.GetDirectoryName(Path.GetFullPath(path));
        config._source = Path.GetFileName(path);
        return config;
    }

    /// <summary>
    /// Parses and checks a configuration: malformed JSON (line and byte), unknown properties (with the closest known
    /// name), values of the wrong kind or out of range, rules that do not parse, playbooks that name unknown triggers
    /// or rule segments. Names that depend on the data are checked by <see cref="Validate"/>.
    /// </summary>
    /// <param name="json">The JSON text (comments and trailing commas allowed). A root with only <c>dimensions</c> and <c>exception</c> is read as the <c>rules</c> section.</param>
    /// <param name="source">The file name, for messages.</param>
    /// <exception cref="SegmentationConfigException">Lists every problem, each with its JSON path.</exception>
    public static SegmentationConfig FromJson(string json, string source = "segmentation.json")
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(source);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            string where = e.LineNumber is long line ? $" at line {line + 1}, byte {e.BytePositionInLine + 1}" : string.Empty;
            string detail = e.Message.Split(" LineNumber:", 2)[0].Split(" Path:", 2)[0].TrimEnd('.', ' ');
            throw new SegmentationConfigException(source, [new ConfigError(string.Empty, $"not valid JSON{where}: {detail}; check the brackets, quotes and commas there")]);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new SegmentationConfigException(source, [new ConfigError(string.Empty, "the configuration must be a JSON object { \"columns\": {...}, \"rules\": {...}, \"playbooks\": [...] }")]);
            }

            bool ruleSetOnly = IsRuleSetOnly(root);
            var errors = new List<ConfigError>();
            ConfigShape.Check(root, ruleSetOnly ? typeof(RuleSetOptions) : typeof(SegmentationConfig), string.Empty, errors);
            for (int i = 0; i < errors.Count; i++)
            {
                // A rule set pasted at the root of a whole configuration belongs under "rules".
                if (!ruleSetOnly && errors[i].Path.ToLowerInvariant() is "dimensions" or "exception")
                {
                    errors[i] = errors[i] with { Problem = $"unknown property '{errors[i].Path}' at the root; move it under \"rules\": {{ \"dimensions\": [ ... ] }}" };
                }
            }

            if (errors.Count > 0)
            {
                // Unknown properties aside, the values may still be read: report their problems too, all at once.
                errors.AddRange(LenientErrors(root, ruleSetOnly));
                throw new SegmentationConfigException(source, errors);
            }

            SegmentationConfig config;
            try
            {
                config = ruleSetOnly
                    ? new SegmentationConfig { Rules = root.Deserialize<RuleSetOptions>(Json) }
                    : root.Deserialize<SegmentationConfig>(Json) ?? new SegmentationConfig();
            }
            catch (JsonException e)
            {
                string path = e.Path is { Length: > 2 } p ? p[2..] : string.Empty;
                throw new SegmentationConfigException(source, [new ConfigError(path, $"{e.Message.Split(" Path:", 2)[0].TrimEnd('.')}; see docs/configuration.md for the shape of this section")]);
            }

            config.ThrowIfInvalid(source, ruleSetOnly ? string.Empty : null);
            return config;
        }
    }

    /// <summary>The JSON form (camelCase, indented, empty lists left out); <see cref="FromJson"/> reads it back.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The value problems of a document that has shape problems, read without its unknown properties; none when it cannot be read.</summary>
    private static IReadOnlyList<ConfigError> LenientErrors(JsonElement root, bool ruleSetOnly)
    {
        try
        {
            SegmentationConfig? config = ruleSetOnly
                ? new SegmentationConfig { Rules = root.Deserialize<RuleSetOptions>(Lenient) }
                : root.Deserialize<SegmentationConfig>(Lenient);
            return config?.GetErrors(ruleSetOnly ? string.Empty : null) ?? [];
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return [];
        }
    }

    /// <summary>Whether the root is a rule set of <c>segment rules</c> (only <c>dimensions</c> and <c>exception</c>).</summary>
    private static bool IsRuleSetOnly(JsonElement root)
    {
        bool dimensions = false;
        foreach (JsonProperty property in root.EnumerateObject())
        {
            if (string.Equals(property.Name, "dimensions", StringComparison.OrdinalIgnoreCase))
            {
                dimensions = true;
            }
            else if (!string.Equals(property.Name, "exception", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return dimensions;
    }

    private void ThrowIfInvalid(string source, string? rulesPath)
    {
        IReadOnlyList<ConfigError> errors = GetErrors(rulesPath);
        if (errors.Count > 0)
        {
            throw new SegmentationConfigException(source, errors);
        }
    }
}
