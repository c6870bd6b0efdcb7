namespace Segmentation.Playbooks;

/// <summary>A declarative rule <i>when → action</i>: when <see cref="When"/> holds for a customer, <see cref="Action"/> is put on the worklist.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
internal sealed class Playbook
{
    /// <summary>Creates a playbook.</summary>
    /// <param name="name">The playbook name, shown with each action it creates, for example <c>Churn risk review</c>.</param>
    /// <param name="when">The condition.</param>
    /// <param name="action">The action to take.</param>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    /// <exception cref="ArgumentNullException">The condition or action is null.</exception>
    public Playbook(string name, PlaybookCondition when, PlaybookAction action)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(when);
        ArgumentNullException.ThrowIfNull(action);
        Name = name.Trim();
        When = when;
        Action = action;
    }

    /// <summary>The playbook name.</summary>
    public string Name { get; }

    /// <summary>The condition.</summary>
    public PlaybookCondition When { get; }

    /// <summary>The action.</summary>
    public PlaybookAction Action { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: when {When} → {Action}";
}

/// <summary>The <i>action</i> of a playbook: what to do, who does it, by when, through which channel, and why.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
internal sealed class PlaybookAction
{
    /// <summary>The largest <see cref="DueInDays"/>: ten years.</summary>
    public const int MaxDueInDays = 3650;

    /// <summary>Creates an action.</summary>
    /// <param name="name">What to do, for example <c>Executive business review</c>.</param>
    /// <param name="owner">Who does it.</param>
    /// <param name="dueInDays">Days from the as-of date to the due date; 0 = due on the as-of date.</param>
    /// <param name="channel">How it reaches the owner.</param>
    /// <param name="reason">The reason in words, a <see cref="ReasonTemplate"/> such as <c>Churn risk {churn}[; ARR {arr}]</c>.</param>
    /// <exception cref="ArgumentException">The name or reason is empty, or the reason template is malformed (the message says where).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The owner or channel is not defined, or <paramref name="dueInDays"/> is not in [0, 3650].</exception>
    public PlaybookAction(string name, OwnerRole owner, int dueInDays, ActionChannel channel, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (!Enum.IsDefined(owner))
        {
            throw new ArgumentOutOfRangeException(nameof(owner), owner, $"The owner must be one of {string.Join(", ", PlaybookTerms.OwnerRoles)}.");
        }

        if (!Enum.IsDefined(channel))
        {
            throw new ArgumentOutOfRangeException(nameof(channel), channel, $"The channel must be one of {string.Join(", ", PlaybookTerms.Channels)}.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(dueInDays);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dueInDays, MaxDueInDays);
        try
        {
            Reason = ReasonTemplate.Parse(reason);
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"The reason \"{reason}\" is not a valid template: {e.Message}.", nameof(reason), e);
        }

        Name = name.Trim();
        Owner = owner;
        DueInDays = dueInDays;
        Channel = channel;
    }

    /// <summary>What to do.</summary>
    public string Name { get; }

    /// <summary>Who does it.</summary>
    public OwnerRole Owner { get; }

    /// <summary>Days from the as-of date to the due date.</summary>
    public int DueInDays { get; }

    /// <summary>How it reaches the owner.</summary>
    public ActionChannel Channel { get; }

    /// <summary>The reason in words.</summary>
    public ReasonTemplate Reason { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({PlaybookTerms.Name(Owner)}, {PlaybookTerms.Name(Channel)}, due in {DueInDays} days)";
}
