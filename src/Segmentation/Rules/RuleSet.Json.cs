using System.Text.Json;
using Segmentation.Configuration;
using Segmentation.Options;

namespace Segmentation.Rules;

/// <content>Reading and writing the JSON form of a rule set.</content>
public sealed partial class RuleSet
{
    private static readonly JsonSerializerOptions Json = ConfigurationJson.CreateOptions();

    /// <summary>Parses a rule set from JSON (the shape of <see cref="RuleSetOptions"/>; comments and trailing commas allowed).</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="schema">When given, the rules are also checked against it (see <see cref="Validate"/>).</param>
    /// <param name="source">The file name for messages.</param>
    /// <exception cref="SegmentationConfigException">The JSON is malformed or has unknown properties (names the line), or a rule is invalid.</exception>
    public static RuleSet FromJson(string json, FeatureSchema? schema = null, string source = "rules")
    {
        ArgumentNullException.ThrowIfNull(json);
        RuleSetOptions? options;
        try
        {
            options = JsonSerializer.Deserialize<RuleSetOptions>(json, Json);
        }
        catch (JsonException e)
        {
            string where = e.LineNumber is long line ? $" at line {line + 1}, byte {e.BytePositionInLine + 1}" : string.Empty;
            string path = e.Path is { Length: > 0 } p ? $" ({p})" : string.Empty;
            string detail = e.Message.Contains("could not be mapped", StringComparison.Ordinal)
                ? $"unknown property '{e.Path?.Split('.')[^1]}'; a rule set has \"dimensions\" and \"exception\", a dimension has \"name\", \"rules\", \"otherwise\", \"overridesCluster\" and \"overflowBy\", a rule has \"segment\", \"when\" and \"capacity\""
                : e.Message.Contains("could not be converted", StringComparison.Ordinal) ? $"the value has the wrong type; write {Expected(e.Path)}"
                : e.Message.Split(" Path:", 2)[0].TrimEnd('.');
            throw new SegmentationConfigException([new RuleError(null, null, 0, $"{source} is not a valid rule set{where}{path}: {detail}")]);
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json cannot populate a list from null ("dimensions": null) and does not say where.
            throw new SegmentationConfigException([new RuleError(null, null, 0, $"{source} is not a valid rule set: \"dimensions\" or \"rules\" is null; write a list such as [ ... ] or leave the property out")]);
        }

        return FromOptions(options ?? throw new SegmentationConfigException([new RuleError(null, null, 0, $"{source} is empty (null)")]), schema);
    }

    /// <summary>What the property at JSON path <paramref name="path"/> holds, in the words of the JSON format.</summary>
    private static string Expected(string? path)
    {
        string last = path is { Length: > 0 } ? path.Split('.')[^1] : "$";
        int bracket = last.IndexOf('[', StringComparison.Ordinal);
        string property = (bracket >= 0 ? last[..bracket] : last).ToLowerInvariant();
        bool item = bracket >= 0;
        return (property, item) switch
        {
            ("dimensions", false) => "a list of dimensions: [ { \"name\": \"tier\", \"rules\": [ ... ] } ]",
            ("dimensions", true) => "a dimension: { \"name\": \"tier\", \"rules\": [ ... ] }",
            ("rules", false) => "a list of rules: [ { \"segment\": \"Enterprise\", \"when\": \"arr >= 100000\" } ]",
            ("rules", true) => "a rule: { \"segment\": \"Enterprise\", \"when\": \"arr >= 100000\" }",
            ("capacity", _) => "a whole number such as 30",
            ("overridescluster", _) => "true or false",
            ("$", _) => "an object: { \"dimensions\": [ ... ] }",
            _ => "text in double quotes",
        };
    }

    /// <summary>Loads a rule set from a JSON file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="SegmentationConfigException">The JSON or a rule is invalid.</exception>
    public static RuleSet Load(string path, FeatureSchema? schema = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The rules file '{path}' does not exist.", path);
        }

        return FromJson(File.ReadAllText(path), schema, Path.GetFileName(path));
    }

    /// <summary>The JSON form (text rules only); <see cref="FromJson"/> reads it back.</summary>
    /// <exception cref="InvalidOperationException">A rule is written in code.</exception>
    public string ToJson() => JsonSerializer.Serialize(ToOptions(), Json);
}
