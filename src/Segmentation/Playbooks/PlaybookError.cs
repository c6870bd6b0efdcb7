namespace Segmentation.Playbooks;

/// <summary>One problem in a playbook definition.</summary>
/// <param name="Path">Where, as a JSON path the user can find, for example <c>playbooks[2].when.trigger</c>.</param>
/// <param name="Problem">What is wrong and how to fix it.</param>
internal sealed record PlaybookError(string Path, string Problem)
{
    /// <summary>"playbooks[2].when.trigger: no trigger named 'Churn riks'; did you mean 'Churn risk'?".</summary>
    public override string ToString() => Path.Length == 0 ? Problem : $"{Path}: {Problem}";
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
