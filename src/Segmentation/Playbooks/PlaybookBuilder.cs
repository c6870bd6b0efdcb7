using System.Globalization;
using Segmentation.Rules.Language;

namespace Segmentation.Playbooks;

/// <summary>Turns configuration into playbooks, collecting every problem with its JSON path instead of stopping at the first.</summary>
internal sealed class PlaybookBuilder(PlaybookVocabulary vocabulary)
{
    private static readonly string[] BandNames = ["low", "medium", "high"];

    public List<PlaybookError> Errors { get; } = [];

    public Playbook? Build(PlaybookOptions? options, string at)
    {
        if (options is null)
        {
            Add(at, "the playbook is empty; write { \"name\": ..., \"when\": {...}, \"action\": {...} }");
            return null;
        }

        int before = Errors.Count;
        if (string.IsNullOrWhiteSpace(options.Name))
        {
            Add(at + ".name", "the playbook has no name; name it, for example \"Churn risk review\"");
        }

        PlaybookCondition? when = options.When is null
            ? Missing(at + ".when", "the playbook has no \"when\"; add a condition such as { \"trigger\": \"Churn risk\" }")
            : Condition(options.When, at + ".when");
        PlaybookAction? action = options.Action is null
            ? Missing<PlaybookAction>(at + ".action", "the playbook has no \"action\"; add one with \"name\", \"owner\", \"dueInDays\", \"channel\" and \"reason\"")
            : Action(options.Action, at + ".action");
        return Errors.Count == before && when is not null && action is not null ? new Playbook(options.Name, when, action) : null;
    }

    private PlaybookCondition? Condition(PlaybookConditionOptions options, string at)
    {
        var parts = new List<PlaybookCondition?>();
        int before = Errors.Count;
        if (options.Segment is not null)
        {
            parts.Add(Name(options.Segment, at + ".segment", "segment", vocabulary.Segments) is string s ? PlaybookCondition.InSegment(s) : null);
        }

        if (options.Enters is not null)
        {
            parts.Add(Name(options.Enters, at + ".enters", "segment", vocabulary.Segments) is string s ? PlaybookCondition.EntersSegment(s) : null);
        }

        if (options.RuleSegment is { } rule)
        {
            parts.Add(RuleSegment(rule, at + ".ruleSegment"));
        }

        if (options.Trigger is not null)
        {
            parts.Add(Name(options.Trigger, at + ".trigger", "trigger", vocabulary.Triggers) is string t ? PlaybookCondition.Trigger(t) : null);
        }

        if (options.ChurnBandAtLeast is not null)
        {
            parts.Add(Band(options.ChurnBandAtLeast, at + ".churnBandAtLeast") is ScoreBand b ? PlaybookCondition.ChurnBandAtLeast(b) : null);
        }

        if (options.ExpansionBandAtLeast is not null)
        {
            parts.Add(Band(options.ExpansionBandAtLeast, at + ".expansionBandAtLeast") is ScoreBand b ? PlaybookCondition.ExpansionBandAtLeast(b) : null);
        }

        if (options.ChurnProbabilityAtLeast is double churn)
        {
            parts.Add(Probability(churn, at + ".churnProbabilityAtLeast") ? PlaybookCondition.ChurnProbabilityAtLeast(churn) : null);
        }

        if (options.ExpansionProbabilityAtLeast is double expansion)
        {
            parts.Add(Probability(expansion, at + ".expansionProbabilityAtLeast") ? PlaybookCondition.ExpansionProbabilityAtLeast(expansion) : null);
        }

        if (options.Migrates is { } migrates)
        {
            parts.Add(Migration(migrates, at + ".migrates"));
        }

        if (options.IsNew is bool isNew)
        {
            parts.Add(PlaybookCondition.IsNew(isNew));
        }

        if (options.MinValue is double minValue)
        {
            parts.Add(Value(minValue, at + ".minValue") ? PlaybookCondition.ValueAtLeast(minValue) : null);
        }

        for (int i = 0; i < options.AllOf.Count; i++)
        {
            string inner = $"{at}.allOf[{i}]";
            parts.Add(options.AllOf[i] is { } o ? Condition(o, inner) : Missing(inner, "the condition is empty"));
        }

        if (parts.Count == 0)
        {
            Add(at, "the condition is empty; set at least one of \"segment\", \"enters\", \"ruleSegment\", \"trigger\", \"churnBandAtLeast\", \"churnProbabilityAtLeast\", \"expansionBandAtLeast\", \"expansionProbabilityAtLeast\", \"migrates\", \"isNew\", \"minValue\" or \"allOf\"");
            return null;
        }

        return Errors.Count == before ? PlaybookCondition.AllOf(parts!) : null;
    }

    private PlaybookCondition? RuleSegment(RuleSegmentReference rule, string at)
    {
        if (string.IsNullOrWhiteSpace(rule.Dimension))
        {
            return Missing(at + ".dimension", "the rule segment names no dimension; write { \"dimension\": \"activity\", \"segment\": \"Dormant\" }");
        }

        IReadOnlyDictionary<string, IReadOnlyCollection<string>>? known = vocabulary.RuleSegments;
        string? dimension = Name(rule.Dimension, at + ".dimension", "rule dimension", known?.Keys.ToList());
        if (dimension is null)
        {
            return null;
        }

        IReadOnlyCollection<string>? segments = known?.FirstOrDefault(kv => Names.Equal(kv.Key, dimension)).Value;
        string? segment = Name(rule.Segment, at + ".segment", $"segment of dimension '{dimension}'", segments);
        return segment is null ? null : PlaybookCondition.InRuleSegment(dimension, segment);
    }

    private PlaybookCondition? Migration(MigrationOptions migrates, string at)
    {
        int before = Errors.Count;
        string?[] from = [.. migrates.From.Select((f, i) => Name(f, $"{at}.from[{i}]", "segment", vocabulary.Segments))];
        string?[] to = [.. migrates.To.Select((t, i) => Name(t, $"{at}.to[{i}]", "segment", vocabulary.Segments))];
        if (to.Length == 0)
        {
            Add(at + ".to", "the migration names no segment to move into; list at least one, for example [\"At risk\"]");
        }

        if (migrates.MinValue is double min)
        {
            Value(min, at + ".minValue");
        }

        return Errors.Count == before ? PlaybookCondition.Migrates(from!, to!, migrates.MinValue) : null;
    }

    private PlaybookAction? Action(PlaybookActionOptions options, string at)
    {
        int before = Errors.Count;
        if (string.IsNullOrWhiteSpace(options.Name))
        {
            Add(at + ".name", "the action has no name; name it, for example \"Executive business review\"");
        }

        OwnerRole owner = default;
        if (string.IsNullOrWhiteSpace(options.Owner))
        {
            Add(at + ".owner", $"the action has no owner; use one of {Quoted(PlaybookTerms.OwnerRoles)}");
        }
        else if (!PlaybookTerms.TryParseOwnerRole(options.Owner, out owner))
        {
            Add(at + ".owner", Unknown("owner role", options.Owner, PlaybookTerms.OwnerRoles));
        }

        ActionChannel channel = default;
        if (!PlaybookTerms.TryParseChannel(options.Channel, out channel))
        {
            Add(at + ".channel", Unknown("channel", options.Channel ?? string.Empty, PlaybookTerms.Channels));
        }

        if (options.DueInDays is < 0 or > PlaybookAction.MaxDueInDays)
        {
            Add(at + ".dueInDays", FormattableString.Invariant($"must be between 0 and {PlaybookAction.MaxDueInDays} days, but was {options.DueInDays}"));
        }

        if (string.IsNullOrWhiteSpace(options.Reason))
        {
            Add(at + ".reason", "the action has no reason; write one such as \"Churn risk {churn}[; ARR {arr}]\"");
        }
        else
        {
            try
            {
                ReasonTemplate template = ReasonTemplate.Parse(options.Reason);
                foreach (string dimension in template.RuleDimensions)
                {
                    Name(dimension, at + ".reason", "rule dimension", vocabulary.RuleSegments?.Keys.ToList(), "{rule:", "}");
                }
            }
            catch (FormatException e)
            {
                Add(at + ".reason", e.Message);
            }
        }

        return Errors.Count == before ? new PlaybookAction(options.Name, owner, options.DueInDays, channel, options.Reason) : null;
    }

    private string? Name(string? name, string at, string kind, IReadOnlyCollection<string>? known, string prefix = "'", string suffix = "'")
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            Add(at, $"the {kind} name is empty; write the name as it appears in the data");
            return null;
        }

        string trimmed = name.Trim();
        if (known is null || known.Contains(trimmed, Names.Comparer))
        {
            return trimmed;
        }

        Add(at, Unknown(kind, trimmed, known, prefix, suffix));
        return null;
    }

    private ScoreBand? Band(string text, string at)
    {
        int i = Array.FindIndex(BandNames, b => Names.Equal(b, text.Trim()));
        if (i >= 0)
        {
            return (ScoreBand)i;
        }

        Add(at, Unknown("band", text, BandNames));
        return null;
    }

    private bool Probability(double p, string at)
    {
        bool ok = p is >= 0 and <= 1;
        if (!ok)
        {
            Add(at, string.Create(CultureInfo.InvariantCulture, $"must be a probability between 0 and 1, but was {p}; write 60% as 0.6"));
        }

        return ok;
    }

    private bool Value(double v, string at)
    {
        bool ok = double.IsFinite(v) && v >= 0;
        if (!ok)
        {
            Add(at, string.Create(CultureInfo.InvariantCulture, $"must be a value (ARR) of at least 0, but was {v}"));
        }

        return ok;
    }

    private static string Unknown(string kind, string name, IReadOnlyCollection<string> known, string prefix = "'", string suffix = "'")
    {
        IReadOnlyList<string> close = NameSuggestions.Closest(name, known);
        string hint = close.Count > 0
            ? $"did you mean {string.Join(" or ", close.Select(c => prefix + c + suffix))}?"
            : known.Count == 0 ? $"no {kind} is known here" : $"known: {Quoted(known.Take(12), prefix, suffix)}{(known.Count > 12 ? ", ..." : string.Empty)}";
        return $"no {kind} named {prefix}{name}{suffix}; {hint}";
    }

    private static string Quoted(IEnumerable<string> names, string prefix = "'", string suffix = "'") => string.Join(", ", names.Select(n => prefix + n + suffix));

    private T? Missing<T>(string at, string problem)
        where T : class
    {
        Add(at, problem);
        return null;
    }

    private PlaybookCondition? Missing(string at, string problem) => Missing<PlaybookCondition>(at, problem);

    private void Add(string at, string problem) => Errors.Add(new PlaybookError(at, problem));
}
