using Segmentation.Configuration;

namespace Segmentation.Playbooks;

/// <summary>
/// Playbooks in the order they are written; the order breaks ties between a customer's actions (see
/// the worklist planning of <see cref="Pipeline.SegmentationEngine"/>). Load it from JSON (<see cref="FromJson(string, string)"/>), take it from
/// configuration (the <c>"playbooks"</c> section of <c>segmentation.json</c>), or start from <see cref="KnownPlaybooks.Default"/>.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed partial class PlaybookSet
{
    /// <summary>
    /// The built-in playbooks (see docs/playbooks.md), written against the triggers and rule dimensions of
    /// <c>RuleSet.BuiltIn</c>: onboarding struggling, churn risk, expansion ready, dormant, and a welcome for new
    /// high-value customers. Use them as they are (<c>UseBuiltInPlaybooks()</c>), or save them with <see cref="ToJson"/>,
    /// adapt them and load them with <see cref="FromJson(string, string)"/>.
    /// </summary>
    public static PlaybookSet BuiltIn => KnownPlaybooks.Default;

    /// <summary>The name of <paramref name="role"/> as playbooks and the worklist write it, for example <c>Marketing automation</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined role.</exception>
    public static string NameOf(OwnerRole role) => PlaybookTerms.Name(role);

    /// <summary>The name of <paramref name="channel"/> as playbooks and the worklist write it, for example <c>email sequence</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined channel.</exception>
    public static string NameOf(ActionChannel channel) => PlaybookTerms.Name(channel);

    /// <summary>Creates a set.</summary>
    /// <param name="playbooks">The playbooks; names must be unique (whatever their case). May be empty.</param>
    /// <exception cref="SegmentationConfigException">A playbook is null or two share a name.</exception>
    internal PlaybookSet(IEnumerable<Playbook> playbooks)
    {
        ArgumentNullException.ThrowIfNull(playbooks);
        Playbooks = [.. playbooks];
        var errors = new List<PlaybookError>();
        var seen = new Dictionary<string, int>(Names.Comparer);
        for (int i = 0; i < Playbooks.Count; i++)
        {
            if (Playbooks[i] is null)
            {
                errors.Add(new PlaybookError($"playbooks[{i}]", "the playbook is null"));
            }
            else if (!seen.TryAdd(Playbooks[i].Name, i))
            {
                errors.Add(new PlaybookError($"playbooks[{i}].name", $"'{Playbooks[i].Name}' is also the name of playbooks[{seen[Playbooks[i].Name]}]; give each playbook its own name"));
            }
        }

        if (errors.Count > 0)
        {
            throw new SegmentationConfigException(errors);
        }
    }

    /// <summary>The playbooks, in order.</summary>
    internal IReadOnlyList<Playbook> Playbooks { get; }

    /// <summary>How many playbooks the set has (0: nothing is ever put on the worklist).</summary>
    public int Count => Playbooks.Count;

    /// <summary>A set of these playbooks.</summary>
    internal static PlaybookSet Of(params IEnumerable<Playbook> playbooks) => new(playbooks);

    /// <summary>
    /// Builds a set from configuration, checking every value and every name against <paramref name="vocabulary"/>.
    /// </summary>
    /// <param name="playbooks">The playbooks, as in the <c>"playbooks"</c> array of <c>segmentation.json</c>.</param>
    /// <param name="vocabulary">The names playbooks may use; <see langword="null"/> checks no names.</param>
    /// <param name="path">The JSON path of the array, used in messages.</param>
    /// <exception cref="SegmentationConfigException">Lists every problem, each with its JSON path (<c>playbooks[2].when.trigger</c>) and, for an unknown name, the closest known ones.</exception>
    internal static PlaybookSet FromOptions(IEnumerable<PlaybookOptions?> playbooks, PlaybookVocabulary? vocabulary = null, string path = "playbooks")
    {
        ArgumentNullException.ThrowIfNull(playbooks);
        var builder = new PlaybookBuilder(vocabulary ?? PlaybookVocabulary.None);
        var built = new List<Playbook>();
        var seen = new Dictionary<string, int>(Names.Comparer);
        int i = 0;
        foreach (PlaybookOptions? options in playbooks)
        {
            string at = $"{path}[{i}]";
            if (options is not null && !string.IsNullOrWhiteSpace(options.Name) && !seen.TryAdd(options.Name.Trim(), i))
            {
                builder.Errors.Add(new PlaybookError(at + ".name", $"'{options.Name.Trim()}' is also the name of {path}[{seen[options.Name.Trim()]}]; give each playbook its own name"));
            }

            if (builder.Build(options, at) is Playbook playbook)
            {
                built.Add(playbook);
            }

            i++;
        }

        if (builder.Errors.Count > 0)
        {
            throw new SegmentationConfigException(builder.Errors);
        }

        return new PlaybookSet(built);
    }

    /// <summary>Checks every name the playbooks use against <paramref name="vocabulary"/>, for a set built in code.</summary>
    /// <exception cref="SegmentationConfigException">Lists every unknown name with its path and the closest known names.</exception>
    internal void Validate(PlaybookVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        FromOptions(ToOptions(), vocabulary);
    }

    /// <summary>The configuration form of this set, for example to save it as JSON.</summary>
    internal IReadOnlyList<PlaybookOptions> ToOptions() =>
    [
        .. Playbooks.Select(p =>
        {
            var when = new PlaybookConditionOptions();
            p.When.WriteTo(when);
            return new PlaybookOptions
            {
                Name = p.Name,
                When = when,
                Action = new PlaybookActionOptions
                {
                    Name = p.Action.Name,
                    Owner = PlaybookTerms.Name(p.Action.Owner),
                    DueInDays = p.Action.DueInDays,
                    Channel = PlaybookTerms.Name(p.Action.Channel),
                    Reason = p.Action.Reason.Text,
                },
            };
        }),
    ];
}
