namespace Segmentation.Playbooks;

/// <summary>Who carries out an action. Each role has its own queue on the worklist and its own capacity.</summary>
public enum OwnerRole
{
    /// <summary>The customer success manager of the account (JSON: <c>CSM</c>).</summary>
    Csm,

    /// <summary>The sales team, for expansion and upsell (JSON: <c>Sales</c>).</summary>
    Sales,

    /// <summary>Automated marketing: sequences and nurture, no person's time (JSON: <c>Marketing automation</c>).</summary>
    MarketingAutomation,

    /// <summary>Company leadership, for welcomes and escalations of the largest accounts (JSON: <c>Leadership</c>).</summary>
    Leadership,
}

/// <summary>How an action reaches its owner.</summary>
public enum ActionChannel
{
    /// <summary>A task in the owner's CRM or task list (JSON: <c>task</c>).</summary>
    Task,

    /// <summary>An automated email sequence (JSON: <c>email sequence</c>).</summary>
    EmailSequence,

    /// <summary>An alert in a chat channel (JSON: <c>Slack alert</c>).</summary>
    SlackAlert,

    /// <summary>A single email (JSON: <c>email</c>).</summary>
    Email,
}

/// <summary>The names people write for roles and channels, in JSON and in outputs (public as <see cref="PlaybookSet.NameOf(OwnerRole)"/>).</summary>
internal static class PlaybookTerms
{
    private static readonly string[] RoleNames = ["CSM", "Sales", "Marketing automation", "Leadership"];

    private static readonly string[] ChannelNames = ["task", "email sequence", "Slack alert", "email"];

    /// <summary>The role names accepted in JSON, in enum order.</summary>
    public static IReadOnlyList<string> OwnerRoles => RoleNames;

    /// <summary>The channel names accepted in JSON, in enum order.</summary>
    public static IReadOnlyList<string> Channels => ChannelNames;

    /// <summary>The name of <paramref name="role"/> as people write it, for example <c>Marketing automation</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined role.</exception>
    public static string Name(OwnerRole role) => Enum.IsDefined(role) ? RoleNames[(int)role] : throw new ArgumentOutOfRangeException(nameof(role), role, "Not a defined owner role.");

    /// <summary>The name of <paramref name="channel"/> as people write it, for example <c>email sequence</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined channel.</exception>
    public static string Name(ActionChannel channel) => Enum.IsDefined(channel) ? ChannelNames[(int)channel] : throw new ArgumentOutOfRangeException(nameof(channel), channel, "Not a defined channel.");

    /// <summary>Reads a role name in any case, with or without spaces (<c>CSM</c>, <c>marketing automation</c>, <c>MarketingAutomation</c>).</summary>
    public static bool TryParseOwnerRole(string? text, out OwnerRole role)
    {
        int i = IndexOf(RoleNames, text);
        role = (OwnerRole)Math.Max(i, 0);
        return i >= 0;
    }

    /// <summary>Reads a channel name in any case, with or without spaces (<c>task</c>, <c>Email sequence</c>, <c>SlackAlert</c>).</summary>
    public static bool TryParseChannel(string? text, out ActionChannel channel)
    {
        int i = IndexOf(ChannelNames, text);
        channel = (ActionChannel)Math.Max(i, 0);
        return i >= 0;
    }

    private static int IndexOf(string[] names, string? text)
    {
        if (text is null)
        {
            return -1;
        }

        string key = Squash(text);
        return Array.FindIndex(names, n => Squash(n) == key);
    }

    private static string Squash(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c) && c != '-' && c != '_')).ToUpperInvariant();
}
