namespace Segmentation.Configuration;

/// <summary>One problem in a configuration.</summary>
/// <param name="Path">Where, as a JSON path the user can find, for example <c>playbooks[2].when.segment</c>; empty for the file as a whole.</param>
/// <param name="Problem">What is wrong and how to fix it.</param>
internal sealed record ConfigError(string Path, string Problem)
{
    /// <summary>"capacity.csm.owners: must be at least 0, but was -2".</summary>
    public override string ToString() => Path.Length == 0 ? Problem : $"{Path}: {Problem}";
}

/// <summary>
/// A configuration that cannot be used: malformed JSON, an unknown property, a value out of range, a name the data
/// does not have. Lists every problem found, each with its JSON path and, for a misspelt name, the closest known one.
/// </summary>
/// <remarks>An <see cref="ArgumentException"/>, so the command line reports it as a usage error (exit code 2).</remarks>
public sealed class SegmentationConfigException : ArgumentException
{
    /// <summary>Creates the exception from the problems found (at least one).</summary>
    /// <param name="source">The file name, or another description of where the configuration came from.</param>
    /// <param name="errors">The problems.</param>
    /// <exception cref="ArgumentException">The list is empty.</exception>
    internal SegmentationConfigException(string source, IReadOnlyList<ConfigError> errors)
        : base(Format(source, errors))
    {
        ConfigurationSource = source;
        Problems = errors;
        Errors = [.. errors.Select(e => e.ToString())];
    }

    /// <summary>Where the configuration came from, for example <c>segmentation.json</c>.</summary>
    public string ConfigurationSource { get; }

    /// <summary>Every problem found, in the order of the file, each as its JSON path and what to do, for example
    /// <c>capacity.csm.owners: must be at least 0, but was -2</c> (the problem alone when it concerns the file as a whole).</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>The same problems with path and text apart.</summary>
    internal IReadOnlyList<ConfigError> Problems { get; }

    private static string Format(string source, IReadOnlyList<ConfigError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("A configuration error needs at least one problem.", nameof(errors));
        }

        static string Sentence(ConfigError e)
        {
            string text = e.ToString();
            return text.EndsWith('.') || text.EndsWith('?') ? text : text + ".";
        }

        string count = errors.Count == 1 ? "a problem" : $"{errors.Count} problems";
        return $"{source} has {count}: {string.Join(" ", errors.Select(Sentence))}";
    }
}
