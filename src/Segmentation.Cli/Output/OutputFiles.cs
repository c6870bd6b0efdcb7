using System.Text;
using System.Text.Json;

namespace Segmentation.Cli.Output;

/// <summary>Writes the tool's CSV and JSON outputs (UTF-8, '\n' line ends, invariant numbers).</summary>
internal static class OutputFiles
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Opens a file for writing, creating its directory; the caller disposes the writer.</summary>
    /// <remarks>Commands write through an <see cref="OutputSet"/> instead, so that a failed command leaves no output behind.</remarks>
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

/// <summary>An output file could not be written (no permission, disk full, the path is a directory): exit code 1, with a sentence naming the file.</summary>
internal sealed class OutputWriteException(string path, string problem, Exception? inner = null)
    : IOException($"cannot write '{path}': {problem}", inner)
{
    /// <summary>The output path as the user gave it.</summary>
    public string OutputPath { get; } = path;
}

/// <summary>
/// The output files of one command, written whole or not at all: every file is first written into a hidden staging
/// folder inside its destination folder (same file system, same file name) and moved into place by
/// <see cref="Commit"/> only when the whole command succeeded. Disposing without a commit deletes the staged files
/// (and the folders this set created), so a failed command leaves nothing behind.
/// </summary>
/// <remarks>
/// The staging folder keeps each file's own name so that a library writer that puts a companion file beside it (the
/// gbm model's <c>.zip</c>, named inside its manifest) stays consistent; <see cref="Commit"/> moves every file it finds
/// in a staging folder. Files may be written from several threads at once (<c>segment run</c> builds report.html beside
/// its CSV files); <see cref="Commit"/> and <see cref="Dispose"/> come after every write has returned.
/// </remarks>
internal sealed class OutputSet : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    // Destination folder (full path) -> its staging folder.
    private readonly Dictionary<string, string> _staging = new(StringComparer.Ordinal);

    // Final full path -> the path the user gave (for messages).
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);

    // Folders this set created, deepest last, removed again when nothing is committed.
    private readonly List<string> _createdDirectories = [];

    // Guards the three collections above while files are staged from several threads.
    private readonly Lock _staged = new();
    private bool _committed;

    /// <summary>The file buffer of <see cref="WriteText"/>.</summary>
    private const int WriteBufferBytes = 1 << 16;

    /// <summary>The characters <see cref="WriteText"/> gathers before encoding them.</summary>
    private const int WriteBufferChars = 1 << 15;

    /// <summary>Writes a text file (UTF-8, '\n' line ends) through <paramref name="write"/>.</summary>
    /// <exception cref="OutputWriteException">The file cannot be written.</exception>
    public void WriteText(string path, Action<TextWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        WriteFile(path, staged =>
        {
            // Large buffers: the run's CSV files are hundreds of megabytes at 1,000,000 customers, and with the
            // defaults (1,024 characters, 4 KB) they were written in tens of thousands of system calls.
            using var stream = new FileStream(staged, FileMode.Create, FileAccess.Write, FileShare.Read, WriteBufferBytes);
            using var writer = new StreamWriter(stream, Utf8, WriteBufferChars) { NewLine = "\n" };
            write(writer);
        });
    }

    /// <summary>Writes an indented JSON document through <paramref name="write"/>.</summary>
    /// <exception cref="OutputWriteException">The file cannot be written.</exception>
    public void WriteJson(string path, Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        WriteFile(path, staged =>
        {
            using FileStream stream = File.Create(staged);
            using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            write(writer);
        });
    }

    /// <summary>
    /// Lets <paramref name="write"/> create the file at the staged path it is given (for library writers such as a
    /// model's <c>Save(path)</c>); files it writes beside it are committed with it.
    /// </summary>
    /// <exception cref="OutputWriteException">The file cannot be written.</exception>
    public void WriteFile(string path, Action<string> write)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(write);
        ObjectDisposedException.ThrowIf(_committed, this);
        string staged = Stage(path);
        try
        {
            write(staged);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException && exception is not OutputWriteException)
        {
            throw Failure(path, exception);
        }
    }

    /// <summary>Moves every staged file into place. Call it once, when the whole command has succeeded.</summary>
    /// <exception cref="OutputWriteException">A file cannot be moved into place.</exception>
    public void Commit()
    {
        _committed = true;
        foreach ((string destination, string staging) in _staging)
        {
            foreach (string staged in Directory.EnumerateFiles(staging))
            {
                string final = Path.Combine(destination, Path.GetFileName(staged));
                string shown = _files.GetValueOrDefault(final, final);
                try
                {
                    if (Directory.Exists(final))
                    {
                        throw new OutputWriteException(shown, "it is a directory; give the path of a file (inside it, if you like).");
                    }

                    File.Move(staged, final, overwrite: true);
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException && exception is not OutputWriteException)
                {
                    throw Failure(shown, exception);
                }
            }
        }

        Cleanup(removeCreatedDirectories: false);
    }

    /// <summary>
    /// Checks, before a command does its work, that <paramref name="path"/> can be an output: not a directory (or, for
    /// an output folder, not a file), and no file where a folder on its way must be. Permissions and free space are
    /// found out when writing.
    /// </summary>
    /// <exception cref="OutputWriteException">The path cannot be written.</exception>
    public static void CheckPath(string path, bool isFolder)
    {
        string full = Path.GetFullPath(path);
        if (!isFolder && Directory.Exists(full))
        {
            throw new OutputWriteException(path, "it is a directory; give the path of a file (inside it, if you like).");
        }

        if (isFolder && File.Exists(full))
        {
            throw new OutputWriteException(path, "it is a file; give the path of a folder (it is created when missing).");
        }

        for (string? d = Path.GetDirectoryName(full); d is not null && !Directory.Exists(d); d = Path.GetDirectoryName(d))
        {
            if (File.Exists(d))
            {
                throw new OutputWriteException(path, $"'{d}' is a file, not a folder; give a path inside an existing folder or one that can be created.");
            }
        }
    }

    /// <summary>Deletes whatever was staged and not committed.</summary>
    public void Dispose() => Cleanup(removeCreatedDirectories: !_committed);

    private string Stage(string path)
    {
        lock (_staged)
        {
            return StageLocked(path);
        }
    }

    private string StageLocked(string path)
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new OutputWriteException(path, "it is a directory; give the path of a file (inside it, if you like).");
        }

        string destination = Path.GetDirectoryName(full) ?? throw new OutputWriteException(path, "it names no file; give a file name.");
        if (!_staging.TryGetValue(destination, out string? staging))
        {
            try
            {
                CreateDirectory(destination);
                staging = Path.Combine(destination, $".segment-{Guid.NewGuid():N}.tmp");
                Directory.CreateDirectory(staging);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                throw Failure(path, exception);
            }

            _staging.Add(destination, staging);
        }

        _files[full] = path;
        return Path.Combine(staging, Path.GetFileName(full));
    }

    private void CreateDirectory(string directory)
    {
        var missing = new Stack<string>();
        for (string? d = directory; d is not null && !Directory.Exists(d); d = Path.GetDirectoryName(d))
        {
            if (File.Exists(d))
            {
                throw new IOException($"'{d}' is a file, not a folder");
            }

            missing.Push(d);
        }

        while (missing.TryPop(out string? d))
        {
            Directory.CreateDirectory(d);
            _createdDirectories.Add(d);
        }
    }

    private void Cleanup(bool removeCreatedDirectories)
    {
        foreach (string staging in _staging.Values)
        {
            TryDelete(() => Directory.Delete(staging, recursive: true));
        }

        _staging.Clear();
        if (removeCreatedDirectories)
        {
            for (int i = _createdDirectories.Count - 1; i >= 0; i--)
            {
                string directory = _createdDirectories[i];
                TryDelete(() =>
                {
                    if (!Directory.EnumerateFileSystemEntries(directory).Any())
                    {
                        Directory.Delete(directory);
                    }
                });
            }
        }

        _createdDirectories.Clear();
    }

    private static void TryDelete(Action delete)
    {
        try
        {
            delete();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Cleaning up after a failure must not hide the failure itself; a leftover hidden folder is harmless.
        }
    }

    private static OutputWriteException Failure(string path, Exception exception) => exception switch
    {
        UnauthorizedAccessException => new OutputWriteException(path, "permission denied; choose a folder you can write to, or change its permissions.", exception),
        _ when IsDiskFull(exception) => new OutputWriteException(path, "the disk is full; free some space or write to another disk.", exception),
        _ when exception.Message.Contains("is a file, not a folder", StringComparison.Ordinal) =>
            new OutputWriteException(path, $"{exception.Message}; give a path inside an existing folder or one that can be created.", exception),
        _ => new OutputWriteException(path, $"{exception.Message.TrimEnd('.')}; check that the folder exists and can be written to.", exception),
    };

    // ENOSPC (28) on Unix, ERROR_DISK_FULL (0x70) / ERROR_HANDLE_DISK_FULL (0x27) on Windows.
    private static bool IsDiskFull(Exception exception) =>
        (exception.HResult & 0xFFFF) is 28 or 0x70 or 0x27 || exception.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase);
}
