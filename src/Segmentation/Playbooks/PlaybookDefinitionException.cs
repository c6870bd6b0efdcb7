namespace Segmentation.Playbooks;

/// <summary>One problem in a playbook definition.</summary>
/// <param name="Path">Where, as a JSON path the user can find, for example <c>playbooks[2].when.trigger</c>.</param>
/// <param name="Problem">What is wrong and how to fix it.</param>
internal sealed record PlaybookError(string Path, string Problem)
{
    /// <summary>"playbooks[2].when.trigger: no trigger named 'Churn riks'; did you mean 'Churn risk'?".</summary>
    public override string ToString() => Path.Length == 0 ? Problem : $"{Path}: {Problem}";
}

/// <summary>Playbooks that cannot be used: malformed JSON, a missing or unknown name, a value out of range. Lists every problem found.</summary>
/// <remarks>An <see cref="ArgumentException"/>, so the command line reports it as a usage error (exit code 2).</remarks>
public sealed class PlaybookDefinitionException : ArgumentException
{
    /// <summary>Creates the exception from the problems found (at least one).</summary>
    /// <exception cref="ArgumentException">The list is empty.</exception>
    internal PlaybookDefinitionException(IReadOnlyList<PlaybookError> errors)
        : base(Format(errors))
    {
        Problems = errors;
        Errors = [.. errors.Select(e => e.ToString())];
    }

    /// <summary>Every problem found, in the order of the definition, each as its JSON path and what to do, for example
    /// <c>playbooks[2].when.trigger: no trigger named 'Churn riks'; did you mean 'Churn risk'?</c>.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>The same problems with path and text apart (a configuration file reports them as its own errors).</summary>
    internal IReadOnlyList<PlaybookError> Problems { get; }

    private static string Format(IReadOnlyList<PlaybookError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("A playbook definition error needs at least one problem.", nameof(errors));
        }

        string first = errors[0].ToString();
        string message = first.EndsWith('.') || first.EndsWith('?') ? first : first + ".";
        return errors.Count == 1 ? message : $"{message} ({errors.Count - 1} more: {string.Join(" | ", errors.Skip(1))})";
    }
}

/// <summary>
/// The names playbooks may refer to, so that a typo fails at load with the closest name instead of a playbook that
/// never fires. A <see langword="null"/> list is not checked (cluster segment names, for example, are only known after a run).
/// </summary>
/// <param name="Segments">The segment names (cluster or overriding rule segments).</param>
/// <param name="Triggers">The trigger names (the segments of trigger dimensions, for example <c>Churn risk</c>).</param>
/// <param name="RuleSegments">The segments of each rule dimension, for example <c>activity</c> → <c>Active</c>, <c>Declining</c>, <c>Dormant</c>.</param>
internal sealed record PlaybookVocabulary(
    IReadOnlyCollection<string>? Segments = null,
    IReadOnlyCollection<string>? Triggers = null,
    IReadOnlyDictionary<string, IReadOnlyCollection<string>>? RuleSegments = null)
{
    /// <summary>Checks nothing.</summary>
    public static PlaybookVocabulary None { get; } = new();
}
