using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Segmentation.Rules.Language;

namespace Segmentation.Configuration;

/// <summary>
/// Checks a JSON document against the shape of an options type before it is deserialized, so that every unknown
/// property and every value of the wrong kind is reported with its JSON path (System.Text.Json stops at the first).
/// </summary>
internal static class ConfigShape
{
    public static void Check(JsonElement element, Type type, string path, List<ConfigError> errors)
    {
        Type? nullable = Nullable.GetUnderlyingType(type);
        if (element.ValueKind == JsonValueKind.Null)
        {
            if (nullable is null && type.IsValueType)
            {
                errors.Add(new ConfigError(path, $"must be {Expected(type)}, not null"));
            }

            return;
        }

        type = nullable ?? type;
        if (type == typeof(string))
        {
            Expect(element.ValueKind == JsonValueKind.String, element, type, path, errors);
        }
        else if (type == typeof(bool))
        {
            Expect(element.ValueKind is JsonValueKind.True or JsonValueKind.False, element, type, path, errors);
        }
        else if (type == typeof(int))
        {
            Expect(element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out _), element, type, path, errors);
        }
        else if (type == typeof(double))
        {
            Expect(element.ValueKind == JsonValueKind.Number, element, type, path, errors);
        }
        else if (IsDictionary(type, out Type? values))
        {
            if (Expect(element.ValueKind == JsonValueKind.Object, element, type, path, errors))
            {
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    Check(property.Value, values, $"{path}.{property.Name}", errors);
                }
            }
        }
        else if (IsList(type, out Type? item))
        {
            if (Expect(element.ValueKind == JsonValueKind.Array, element, type, path, errors))
            {
                int i = 0;
                foreach (JsonElement child in element.EnumerateArray())
                {
                    Check(child, item, $"{path}[{i++}]", errors);
                }
            }
        }
        else if (Expect(element.ValueKind == JsonValueKind.Object, element, type, path, errors))
        {
            Dictionary<string, PropertyInfo> known = Properties(type);
            foreach (JsonProperty property in element.EnumerateObject())
            {
                string at = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                if (!known.TryGetValue(property.Name, out PropertyInfo? info))
                {
                    IReadOnlyList<string> close = NameSuggestions.Closest(property.Name, known.Values.Select(JsonName).Distinct(StringComparer.Ordinal));
                    errors.Add(new ConfigError(at, close.Count > 0
                        ? $"unknown property '{property.Name}'; did you mean '{close[0]}'?"
                        : $"unknown property '{property.Name}'; the properties here are {string.Join(", ", known.Values.Select(JsonName).Distinct(StringComparer.Ordinal))}"));
                    continue;
                }

                if (info.GetCustomAttribute<JsonConverterAttribute>()?.ConverterType == typeof(NumberOrTextConverter))
                {
                    if (property.Value.ValueKind is not (JsonValueKind.Number or JsonValueKind.String or JsonValueKind.Null))
                    {
                        errors.Add(new ConfigError(at, $"must be a whole number or text in quotes, but was {Shown(property.Value)}"));
                    }

                    continue;
                }

                if (property.Value.ValueKind == JsonValueKind.Null && !HasSetter(info) && !info.PropertyType.IsValueType)
                {
                    errors.Add(new ConfigError(at, $"must be {Expected(info.PropertyType)}, not null; leave the property out instead"));
                    continue;
                }

                Check(property.Value, info.PropertyType, at, errors);
            }
        }
    }

    /// <summary>The properties JSON can set on <paramref name="type"/>, by JSON name (case-insensitive).</summary>
    public static Dictionary<string, PropertyInfo> Properties(Type type)
    {
        var result = new Dictionary<string, PropertyInfo>(StringComparer.OrdinalIgnoreCase);
        ParameterInfo[] constructorParameters = type.GetConstructors().FirstOrDefault(c => c.GetParameters().Length > 0 && type.GetConstructor(Type.EmptyTypes) is null)?.GetParameters() ?? [];
        // Public properties, and the internal sections marked [JsonInclude] (the file's shape is not public API).
        foreach (PropertyInfo property in type.GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.GetCustomAttribute<JsonIgnoreAttribute>() is not null
                || (property.GetMethod?.IsPublic != true && property.GetCustomAttribute<JsonIncludeAttribute>() is null))
            {
                continue;
            }

            bool settable = HasSetter(property)
                || (!property.PropertyType.IsValueType && property.PropertyType != typeof(string))
                || constructorParameters.Any(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase));
            if (settable)
            {
                result[JsonName(property)] = property;
            }
        }

        return result;
    }

    private static bool HasSetter(PropertyInfo property) =>
        property.SetMethod is { } setter && (setter.IsPublic || property.GetCustomAttribute<JsonIncludeAttribute>() is not null);

    public static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    private static bool Expect(bool ok, JsonElement element, Type type, string path, List<ConfigError> errors)
    {
        if (!ok)
        {
            errors.Add(new ConfigError(path, $"must be {Expected(type)}, but was {Shown(element)}"));
        }

        return ok;
    }

    private static string Expected(Type type) =>
        type == typeof(string) ? "text in quotes"
        : type == typeof(bool) ? "true or false"
        : type == typeof(int) ? "a whole number"
        : type == typeof(double) ? "a number"
        : IsDictionary(type, out _) ? "an object { \"name\": { ... } }"
        : IsList(type, out Type? item) ? (item == typeof(string) ? "a list of names in quotes, [\"...\"]" : "a list [ ... ]")
        : "an object { ... }";

    private static string Shown(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"\"{Excerpt(element.GetString() ?? string.Empty)}\"",
        JsonValueKind.Number => element.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    private static string Excerpt(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "...");

    private static bool IsList(Type type, out Type item)
    {
        Type? list = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IList<>) ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IList<>));
        item = list?.GetGenericArguments()[0] ?? typeof(object);
        return list is not null && type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type);
    }

    private static bool IsDictionary(Type type, out Type values)
    {
        Type? dictionary = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IDictionary<,>) ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>));
        values = dictionary?.GetGenericArguments()[1] ?? typeof(object);
        return dictionary is not null;
    }

    /// <summary>The invariant text of a number, for messages.</summary>
    public static string Number(double value) => value.ToString("0.############", CultureInfo.InvariantCulture);
}
