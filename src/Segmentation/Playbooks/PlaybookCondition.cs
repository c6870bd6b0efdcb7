using System.Globalization;

namespace Segmentation.Playbooks;

/// <summary>
/// The <i>when</i> of a playbook: a test on one customer's facts (segment, previous segment, rule segments, triggers, score bands and probabilities, ARR). Build conditions with the static
/// methods (<see cref="Trigger"/>, <see cref="EntersSegment"/>, <see cref="Migrates"/>, <see cref="AllOf"/>, ...) or load
/// them from JSON through <see cref="PlaybookSet.FromJson(string, string)"/>.
/// </summary>
/// <remarks>Conditions are immutable and thread-safe. Names match without regard to case.</remarks>
internal abstract class PlaybookCondition
{
    private protected PlaybookCondition()
    {
    }

    /// <summary>The customer is in <paramref name="segment"/> now.</summary>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    public static PlaybookCondition InSegment(string segment) => new SegmentCondition(NotEmpty(segment, nameof(segment)), entering: false);

    /// <summary>The customer entered <paramref name="segment"/> on this run: it was in another segment before, or is new (no previous segment).</summary>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    public static PlaybookCondition EntersSegment(string segment) => new SegmentCondition(NotEmpty(segment, nameof(segment)), entering: true);

    /// <summary>The customer sits in <paramref name="segment"/> of the rule dimension <paramref name="dimension"/>, for example <c>activity</c> / <c>Dormant</c>.</summary>
    /// <exception cref="ArgumentException">A name is empty.</exception>
    public static PlaybookCondition InRuleSegment(string dimension, string segment) => new RuleSegmentCondition(NotEmpty(dimension, nameof(dimension)), NotEmpty(segment, nameof(segment)));

    /// <summary>The trigger <paramref name="trigger"/> fired for the customer, for example <c>Churn risk</c>.</summary>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    public static PlaybookCondition Trigger(string trigger) => new TriggerCondition(NotEmpty(trigger, nameof(trigger)));

    /// <summary>The churn band is at least <paramref name="band"/> (customers without a band do not match).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The band is not defined.</exception>
    public static PlaybookCondition ChurnBandAtLeast(ScoreBand band) => new BandCondition(Score.Churn, Defined(band));

    /// <summary>The expansion band is at least <paramref name="band"/> (customers without a band do not match).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The band is not defined.</exception>
    public static PlaybookCondition ExpansionBandAtLeast(ScoreBand band) => new BandCondition(Score.Expansion, Defined(band));

    /// <summary>The churn probability is at least <paramref name="probability"/> (unscored customers do not match).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The probability is not in [0, 1].</exception>
    public static PlaybookCondition ChurnProbabilityAtLeast(double probability) => new ProbabilityCondition(Score.Churn, Probability(probability));

    /// <summary>The expansion probability is at least <paramref name="probability"/> (unscored customers do not match).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The probability is not in [0, 1].</exception>
    public static PlaybookCondition ExpansionProbabilityAtLeast(double probability) => new ProbabilityCondition(Score.Expansion, Probability(probability));

    /// <summary>
    /// The customer moved on this run from one of <paramref name="from"/> (any segment when empty) into one of
    /// <paramref name="to"/>, optionally only when its value is at least <paramref name="minValue"/> (for example
    /// high-value customers moving into an at-risk segment). New customers have not migrated.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="to"/> is empty, a name is empty, or <paramref name="minValue"/> is negative or not finite.</exception>
    public static PlaybookCondition Migrates(IEnumerable<string> from, IEnumerable<string> to, double? minValue = null)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        string[] fromNames = [.. from.Select(f => NotEmpty(f, nameof(from)))];
        string[] toNames = [.. to.Select(t => NotEmpty(t, nameof(to)))];
        if (toNames.Length == 0)
        {
            throw new ArgumentException("A migration needs at least one segment to move into.", nameof(to));
        }

        return new MigrationCondition(fromNames, toNames, minValue is double m ? MinValue(m) : null);
    }

    /// <summary>The customer is new (<paramref name="isNew"/> true) or not new (false).</summary>
    public static PlaybookCondition IsNew(bool isNew = true) => new NewCondition(isNew);

    /// <summary>The customer's value is known and at least <paramref name="minValue"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or not finite.</exception>
    public static PlaybookCondition ValueAtLeast(double minValue) => new ValueCondition(MinValue(minValue));

    /// <summary>A new customer whose value is known and at least <paramref name="minValue"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or not finite.</exception>
    public static PlaybookCondition NewCustomer(double minValue) => AllOf(IsNew(), ValueAtLeast(minValue));

    /// <summary>Every one of <paramref name="conditions"/> holds.</summary>
    /// <exception cref="ArgumentException">No conditions, or a null one.</exception>
    public static PlaybookCondition AllOf(params IEnumerable<PlaybookCondition> conditions)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        PlaybookCondition[] all = [.. conditions];
        if (all.Length == 0 || all.Any(c => c is null))
        {
            throw new ArgumentException("All-of needs at least one condition and no null ones.", nameof(conditions));
        }

        return all.Length == 1 ? all[0] : new AllOfCondition(all);
    }

    /// <summary>Whether the condition holds for <paramref name="facts"/>.</summary>
    internal bool Matches(CustomerFacts facts) => Matches(CustomerFactsTable.Of(facts), 0);

    /// <summary>Whether the condition holds for row <paramref name="row"/> of <paramref name="facts"/>.</summary>
    internal abstract bool Matches(FactTable facts, int row);

    /// <summary>The condition in words, for example <c>trigger 'Churn risk' fired</c>.</summary>
    public abstract override string ToString();

    /// <summary>Writes the condition into its configuration form.</summary>
    internal abstract void WriteTo(PlaybookConditionOptions options);

    private static string NotEmpty(string name, string parameter)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name, parameter);
        return name.Trim();
    }

    private static ScoreBand Defined(ScoreBand band) => Enum.IsDefined(band) ? band : throw new ArgumentOutOfRangeException(nameof(band), band, "The band must be low, medium or high.");

    private static double Probability(double p) => p is >= 0 and <= 1 ? p : throw new ArgumentOutOfRangeException(nameof(p), p, "The probability must be between 0 and 1.");

    private static double MinValue(double v) => double.IsFinite(v) && v >= 0 ? v : throw new ArgumentOutOfRangeException(nameof(v), v, "The minimum value must be a finite number of at least 0.");

    private static string Money(double v) => ReasonTemplate.Money(v)!;

    private enum Score
    {
        Churn,
        Expansion,
    }

    private sealed class SegmentCondition(string segment, bool entering) : PlaybookCondition
    {
        internal override bool Matches(FactTable facts, int row) => Names.Equal(facts.Segment(row), segment) && (!entering || facts.EnteredSegment(row));

        public override string ToString() => entering ? $"enters segment '{segment}'" : $"in segment '{segment}'";

        internal override void WriteTo(PlaybookConditionOptions options)
        {
            if (entering)
            {
                options.Enters = segment;
            }
            else
            {
                options.Segment = segment;
            }
        }
    }

    private sealed class RuleSegmentCondition(string dimension, string segment) : PlaybookCondition
    {
        internal override bool Matches(FactTable facts, int row) => facts.InRuleSegment(row, dimension, segment);

        public override string ToString() => $"{dimension} is '{segment}'";

        internal override void WriteTo(PlaybookConditionOptions options) => options.RuleSegment = new RuleSegmentReference { Dimension = dimension, Segment = segment };
    }

    private sealed class TriggerCondition(string trigger) : PlaybookCondition
    {
        internal override bool Matches(FactTable facts, int row) => facts.HasTrigger(row, trigger);

        public override string ToString() => $"trigger '{trigger}' fired";

        internal override void WriteTo(PlaybookConditionOptions options) => options.Trigger = trigger;
    }

    private sealed class BandCondition(Score score, ScoreBand band) : PlaybookCondition
    {
        internal override bool Matches(FactTable facts, int row) => (score == Score.Churn ? facts.ChurnBand(row) : facts.ExpansionBand(row)) is ScoreBand b && b >= band;

        public override string ToString() => $"{(score == Score.Churn ? "churn" : "expansion")} band at least {band.ToString().ToLowerInvariant()}";

        internal override void WriteTo(PlaybookConditionOptions options)
        {
            string name = band.ToString().ToLowerInvariant();
            if (score == Score.Churn)
            {
                options.ChurnBandAtLeast = name;
            }
            else
            {
                options.ExpansionBandAtLeast = name;
            }
        }
    }

    private sealed class ProbabilityCondition(Score score, double probability) : PlaybookCondition
    {
        internal override bool Matches(FactTable facts, int row) => (score == Score.Churn ? facts.ChurnProbability(row) : facts.ExpansionProbability(row)) is double p && p >= probability;

        public override string ToString() => $"{(score == Score.Churn ? "churn" : "expansion")} probability at least {probability.ToString("0.###", CultureInfo.InvariantCulture)}";

        internal override void WriteTo(PlaybookConditionOptions options)
        {
            if (score == Score.Churn)
            {
                options.ChurnProbabilityAtLeast = probability;
            }
            else
            {
                options.ExpansionProbabilityAtLeast = probability;
            }
        }
    }

    private sealed class MigrationCondition(string[] from, string[] to, double? minValue) : PlaybookCondition
    {
        internal override bool Matches(FactTable facts, int row) =>
            facts.PreviousSegment(row) is string previous
            && !Names.Equal(previous, facts.Segment(row))
            && (from.Length == 0 || from.Any(f => Names.Equal(f, previous)))
            && to.Any(t => Names.Equal(t, facts.Segment(row)))
            && (minValue is not double min || facts.Value(row) is double v && v >= min);

        public override string ToString()
        {
            string source = from.Length == 0 ? "another segment" : string.Join(" or ", from.Select(f => $"'{f}'"));
            string value = minValue is double m ? $" with value at least {Money(m)}" : string.Empty;
            return $"moves from {source} into {string.Join(" or ", to.Select(t => $"'{t}'"))}{value}";
        }

        internal override void WriteTo(PlaybookConditionOptions options)
        {
            var migrates = new MigrationOptions { MinValue = minValue };
            foreach (string f in from)
            {
                migrates.From.Add(f);
            }

            foreach (string t in to)
            {
                migrates.To.Add(t);
            }

            options.Migrates = migrates;
        }
    }

    private sealed class NewCondition(bool isNew) : PlaybookCondition
    {
        internal override bool Matches(FactTable facts, int row) => facts.IsNew(row) == isNew;

        public override string ToString() => isNew ? "new customer" : "not a new customer";

        internal override void WriteTo(PlaybookConditionOptions options) => options.IsNew = isNew;
    }

    private sealed class ValueCondition(double minValue) : PlaybookCondition
    {
        internal override bool Matches(FactTable facts, int row) => facts.Value(row) is double v && v >= minValue;

        public override string ToString() => $"value at least {Money(minValue)}";

        internal override void WriteTo(PlaybookConditionOptions options) => options.MinValue = minValue;
    }

    private sealed class AllOfCondition(PlaybookCondition[] conditions) : PlaybookCondition
    {
        internal override bool Matches(FactTable facts, int row)
        {
            foreach (PlaybookCondition condition in conditions)
            {
                if (!condition.Matches(facts, row))
                {
                    return false;
                }
            }

            return true;
        }

        public override string ToString() => string.Join(" and ", conditions.Select(c => c.ToString()));

        internal override void WriteTo(PlaybookConditionOptions options)
        {
            foreach (PlaybookCondition condition in conditions)
            {
                var inner = new PlaybookConditionOptions();
                condition.WriteTo(inner);
                options.AllOf.Add(inner);
            }
        }
    }
}
