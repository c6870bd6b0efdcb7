using System.Text;
using System.Text.Json;

namespace Segmentation.Cli.Output;

/// <summary>Writes the tool's CSV and JSON outputs (UTF-8, '\n' line ends, invariant numbers).</summary>
internal static class OutputFiles
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Opens a file for writing, creating its directory; the caller disposes the writer.</summary>
    public static StreamWriter CreateText(string path)
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        return new StreamWriter(path, append: false, Utf8) { NewLine = "\n" };
    }

    /// <summary>Writes a JSON document through <paramref name="write"/>.</summary>
    public static void WriteJson(string path, Action<Utf8JsonWriter> write)
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        using FileStream stream = File.Create(path);
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        write(writer);
    }

    /// <summary>Quotes a CSV field when it holds a comma, quote or line break.</summary>
    public static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    /// <summary>A JSON number, or null for NaN and infinities (which JSON cannot hold).</summary>
    public static void WriteNumber(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, value);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
