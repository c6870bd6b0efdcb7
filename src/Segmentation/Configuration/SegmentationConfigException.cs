using Segmentation.Playbooks;
using Segmentation.Rules;

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
/// A definition that cannot be used: a configuration file, a rule set or a set of playbooks with malformed JSON, an
/// unknown property, a malformed condition, a value out of range, or a name the data does not have. Thrown when the
/// definition is loaded or bound to a schema, never half-way through a run. Lists every problem found, each with where
/// it is and, for a misspelt name, the closest known one.
/// </summary>
/// <remarks>
/// One type for the three kinds of definition, since a host handles them alike (it shows <see cref="Errors"/>), and
/// rules and playbooks are sections of a configuration. An <see cref="ArgumentException"/>, so the command line
/// reports it as a usage error (exit code 2).
/// </remarks>
public sealed class SegmentationConfigException : ArgumentException
{
    /// <summary>Creates the exception from the problems found in a configuration (at least one).</summary>
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

    /// <summary>Creates the exception from the problems found in rules (at least one).</summary>
    /// <exception cref="ArgumentException">The list is empty.</exception>
    internal SegmentationConfigException(IReadOnlyList<RuleError> errors)
        : base(FormatList(errors, "A rule definition error"))
    {
        ConfigurationSource = "the rules";
        RuleProblems = errors;
        Errors = [.. errors.Select(e => e.ToString())];
    }

    /// <summary>Creates the exception from the problems found in playbooks (at least one).</summary>
    /// <exception cref="ArgumentException">The list is empty.</exception>
    internal SegmentationConfigException(IReadOnlyList<PlaybookError> errors)
        : base(FormatList(errors, "A playbook definition error"))
    {
        ConfigurationSource = "the playbooks";
        PlaybookProblems = errors;
        Errors = [.. errors.Select(e => e.ToString())];
    }

    /// <summary>Where the definition came from, for example <c>segmentation.json</c>; <c>the rules</c> or <c>the playbooks</c> for a rule set or playbooks given in code or JSON text.</summary>
    public string ConfigurationSource { get; }

    /// <summary>Every problem found, in the order of the definition, each as where it is and what to do, for example
    /// <c>capacity.csm.owners: must be at least 0, but was -2</c> in a configuration,
    /// <c>tier/Enterprise: unexpected '&gt;=' at position 8; expected ...</c> in rules or
    /// <c>playbooks[2].when.trigger: no trigger named 'Churn riks'; did you mean 'Churn risk'?</c> in playbooks
    /// (the problem alone when it concerns the definition as a whole).</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>The problems of a configuration with path and text apart (empty for rules and playbooks).</summary>
    internal IReadOnlyList<ConfigError> Problems { get; } = [];

    /// <summary>The problems of rules with their location as fields (dimension, segment, position), or <see langword="null"/> when the definition is not rules.</summary>
    internal IReadOnlyList<RuleError>? RuleProblems { get; }

    /// <summary>The problems of playbooks with path and text apart, or <see langword="null"/> when the definition is not playbooks.</summary>
    internal IReadOnlyList<PlaybookError>? PlaybookProblems { get; }

    private static string Format(string source, IReadOnlyList<ConfigError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("A configuration error needs at least one problem.", nameof(errors));
        }

        string count = errors.Count == 1 ? "a problem" : $"{errors.Count} problems";
        return $"{source} has {count}: {string.Join(" ", errors.Select(e => Sentence(e.ToString())))}";
    }

    /// <summary>"first problem. (2 more: second | third)": the message of rules and playbooks.</summary>
    private static string FormatList<T>(IReadOnlyList<T> errors, string what)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException(what + " needs at least one problem.", nameof(errors));
        }

        string message = Sentence(errors[0].ToString()!);
        return errors.Count == 1 ? message : $"{message} ({errors.Count - 1} more: {string.Join(" | ", errors.Skip(1))})";
    }

    private static string Sentence(string text) => text.EndsWith('.') || text.EndsWith('?') ? text : text + ".";
}
