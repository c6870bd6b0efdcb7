using System.Collections;
using System.Collections.Concurrent;
using Segmentation.Playbooks;
using Segmentation.Rules;
using Segmentation.Scoring;
using Segmentation.Scoring.InRun;

namespace Segmentation.Pipeline;

/// <summary>What wording one customer's drivers needs besides its score: the features scored, the population medians, and the value feature left out.</summary>
internal sealed record DriverContext(FeatureMatrix Features, PopulationReference Reference, string? ValueFeature);

/// <summary>
/// Every customer's facts in the daily step, as columns: the run's assignments and rule segments, one score column per
/// scorer, the value and tenure columns of the features, the previous segments. Nothing is kept per customer beyond
/// what the run holds already; playbooks, reasons and writers read by row.
/// </summary>
internal sealed class DailyFacts : FactTable
{
    private readonly IReadOnlyList<SegmentAssignment> _assignments;

    // Each customer's id and segment straight from an array: the worklist reads rows in rank order, far apart in
    // memory, and through the assignment records each read waited for one cache miss more.
    private readonly string[] _ids;
    private readonly string[] _segments;
    private readonly RuleSegmentation? _rules;
    private readonly string[] _dimensions;
    private readonly int[] _triggerDimensions;
    private readonly ScoreColumn[] _scores;
    private readonly ScoreBands[] _bands;
    private readonly int _churn;
    private readonly int _expansion;
    private readonly (FeatureMatrix? Source, int Column) _value;
    private readonly (FeatureMatrix? Source, int Column) _tenure;
    private readonly int _newCustomerDays;
    private readonly string?[]? _previous;
    private readonly DriverContext _wording;
    private readonly bool _idsKnownUnique;
    private readonly int[]?[] _driverColumns;

    // Shared by every worded customer: most phrases repeat (the same feature at the same value).
    private readonly DriverPhrases _phrases;

    // The one-trigger lists shared by every customer that fired that trigger (one trigger dimension, the usual case).
    private readonly ConcurrentDictionary<string, string[]> _singleTriggers = new(StringComparer.Ordinal);

    public DailyFacts(
        IReadOnlyList<SegmentAssignment> assignments, RuleSegmentation? rules, int[] triggerDimensions, string[] scorerNames, ScoreColumn[] scores, ScoreBands[] bands,
        int churn, int expansion, (FeatureMatrix? Source, int Column) value, (FeatureMatrix? Source, int Column) tenure, int newCustomerDays,
        string?[]? previous, DriverContext wording, bool idsKnownUnique)
    {
        _assignments = assignments;
        _ids = new string[assignments.Count];
        _segments = new string[assignments.Count];
        for (int row = 0; row < _ids.Length; row++)
        {
            SegmentAssignment assignment = assignments[row];
            _ids[row] = assignment.CustomerId;
            _segments[row] = assignment.Segment;
        }
        _rules = rules;
        _dimensions = rules is null ? [] : [.. rules.Dimensions];
        _triggerDimensions = rules is null ? [] : triggerDimensions;
        ScorerNames = scorerNames;
        _scores = scores;
        _bands = bands;
        _churn = churn;
        _expansion = expansion;
        _value = value;
        _tenure = tenure;
        _newCustomerDays = newCustomerDays;
        _previous = previous;
        _wording = wording;
        _idsKnownUnique = idsKnownUnique;
        _phrases = new DriverPhrases(wording.Features.ColumnCount);

        // Each scorer's features resolved once to their columns (-1: absent, or the value feature, which is not worded).
        _driverColumns = [.. scores.Select(score => score.FeatureNames is IReadOnlyList<string> names
            ? names.Select(name => name == wording.ValueFeature ? -1 : wording.Features.Schema.IndexOf(name)).ToArray()
            : null)];
    }

    /// <summary>The scorers' names, in the order of the score columns.</summary>
    public string[] ScorerNames { get; }

    public override int Count => _assignments.Count;

    public override bool IdsKnownUnique => _idsKnownUnique;

    public override string CustomerId(int row) => _ids[row];

    public override string Segment(int row) => _segments[row];

    public override string? PreviousSegment(int row) => _previous?[row];

    public override bool IsNew(int row)
    {
        double tenure = _tenure.Source is null ? double.NaN : _tenure.Source[row, _tenure.Column];
        return (_previous is not null && _previous[row] is null) || tenure <= _newCustomerDays;
    }

    public override string? RuleSegment(int row, string dimension)
    {
        IReadOnlyList<string> segments = _assignments[row].RuleSegments;
        int count = Math.Min(_dimensions.Length, segments.Count);
        for (int d = 0; d < count; d++)
        {
            if (Names.Equal(_dimensions[d], dimension))
            {
                return segments[d];
            }
        }

        return null;
    }

    public override IReadOnlyList<string> Triggers(int row)
    {
        if (_rules is null || _triggerDimensions.Length == 0)
        {
            return [];
        }

        if (_triggerDimensions.Length == 1)
        {
            int d = _triggerDimensions[0];
            return _rules.IsMatched(d, row) ? _singleTriggers.GetOrAdd(_rules.Segment(d, row), static s => [s]) : [];
        }

        var triggers = new List<string>(_triggerDimensions.Length);
        foreach (int d in _triggerDimensions)
        {
            if (_rules.IsMatched(d, row))
            {
                triggers.Add(_rules.Segment(d, row));
            }
        }

        return [.. triggers];
    }

    public override bool HasTrigger(int row, string trigger)
    {
        if (_rules is null)
        {
            return false;
        }

        foreach (int d in _triggerDimensions)
        {
            if (_rules.IsMatched(d, row) && Names.Equal(_rules.Segment(d, row), trigger))
            {
                return true;
            }
        }

        return false;
    }

    public override double? ChurnProbability(int row) => _churn >= 0 ? Probability(_scores[_churn].Value(row)) : null;

    public override ScoreBand? ChurnBand(int row) => _churn >= 0 ? BandOf(_churn, row) : null;

    public override double? ExpansionProbability(int row) => _expansion >= 0 ? Probability(_scores[_expansion].Value(row)) : null;

    public override ScoreBand? ExpansionBand(int row) => _expansion >= 0 ? BandOf(_expansion, row) : null;

    public override double? Value(int row)
    {
        if (_value.Source is null)
        {
            return null;
        }

        double value = _value.Source[row, _value.Column];
        return double.IsFinite(value) && value >= 0 ? value : null;
    }

    /// <summary>The drivers of the scorer in the higher band first (churn on a tie), then the other's, at most three.</summary>
    public override IReadOnlyList<string> Drivers(int row)
    {
        (int first, int second) = _churn >= 0 && _expansion >= 0 && Rank(_expansion) > Rank(_churn)
            ? (_expansion, _churn)
            : (_churn >= 0 ? _churn : _expansion, _churn < 0 ? -1 : _expansion);
        var drivers = new List<string>(DriverWording.MaxDrivers);
        Add(first);
        Add(second);
        return drivers;

        void Add(int scorer)
        {
            // The second scorer's drivers are not worded when the first filled the list (most customers' do).
            if (scorer < 0 || drivers.Count == DriverWording.MaxDrivers)
            {
                return;
            }

            foreach (string driver in WordedDrivers(scorer, row))
            {
                if (drivers.Count == DriverWording.MaxDrivers)
                {
                    return;
                }

                if (!drivers.Contains(driver))
                {
                    drivers.Add(driver);
                }
            }
        }

        int Rank(int scorer) => BandOf(scorer, row) is ScoreBand b ? (int)b : -1;
    }

    public override void Prefetch(int row, bool drivers)
    {
        Kernels.Prefetch.Element(_ids, row);
        Kernels.Prefetch.Element(_segments, row);
        if (_value.Source is FeatureMatrix values)
        {
            Kernels.Prefetch.Element(values.Values, (row * values.ColumnCount) + _value.Column);
        }

        foreach (int d in _triggerDimensions)
        {
            _rules?.Prefetch(d, row);
        }

        foreach (ScoreColumn score in _scores)
        {
            score.Prefetch(row, drivers);
        }

        if (drivers)
        {
            Kernels.DistanceKernels.PrefetchTile(_wording.Features.Values, _wording.Features.ColumnCount, row, 1);
        }
    }

    public override void PrefetchReferenced(int row) => Kernels.Prefetch.Referenced(_ids, row);

    public override bool IsValid(int row) => !string.IsNullOrWhiteSpace(CustomerId(row)) && !string.IsNullOrWhiteSpace(Segment(row));

    public override CustomerFacts FactsOf(int row) => new(CustomerId(row), Segment(row))
    {
        PreviousSegment = PreviousSegment(row),
        IsNew = IsNew(row),
        RuleSegments = new RuleSegmentView(_dimensions, _assignments[row].RuleSegments),
        Triggers = Triggers(row),
        ChurnProbability = ChurnProbability(row),
        ChurnBand = ChurnBand(row),
        ExpansionProbability = ExpansionProbability(row),
        ExpansionBand = ExpansionBand(row),
        Value = Value(row),
        Drivers = new CombinedDrivers(this, row),
    };

    /// <summary>The value scorer <paramref name="scorer"/> gave row <paramref name="row"/>.</summary>
    public double ScoreValue(int scorer, int row) => _scores[scorer].Value(row);

    /// <summary>The band of that value (<c>low</c>, <c>medium</c>, <c>high</c>), or <see langword="null"/> when it is missing.</summary>
    public string? BandText(int scorer, int row) => _bands[scorer].Checked(_scores[scorer].Value(row));

    /// <summary>The drivers of one scorer for one row in words, without the value feature; built now.</summary>
    public IReadOnlyList<string> WordedDrivers(int scorer, int row)
    {
        ScoreColumn column = _scores[scorer];
        if (_driverColumns[scorer] is not int[] columns || column.FeatureNames is not IReadOnlyList<string> names)
        {
            return DriverWording.Describe(column.Drivers(row), _wording.Features, row, _wording.Reference, DriverWording.MaxDrivers, _wording.ValueFeature);
        }

        // Unsorted contributions, the strongest picked: no driver object per feature per worded customer.
        Span<double> contributions = names.Count <= 256 ? stackalloc double[names.Count] : new double[names.Count];
        column.Contributions(row, contributions);
        return DriverWording.DescribeStrongest(contributions, names, columns, _wording.Features, row, _wording.Reference, phrases: _phrases);
    }

    /// <summary>Each scorer's score of one customer, its drivers worded when read.</summary>
    public IReadOnlyList<CustomerScore> ScoresOf(int row) => _scores.Length == 0 ? [] : new ScoreList(this, row);

    /// <summary>Each scorer's score of one customer, built on first read.</summary>
    private sealed class ScoreList(DailyFacts facts, int row) : LazyList<CustomerScore>
    {
        protected override IReadOnlyList<CustomerScore> Build() => facts.BuildScores(row);
    }

    private CustomerScore[] BuildScores(int row)
    {
        var scores = new CustomerScore[_scores.Length];
        for (int k = 0; k < scores.Length; k++)
        {
            scores[k] = new CustomerScore(ScorerNames[k], ScoreValue(k, row), BandText(k, row), new WordedDriverList(this, k, row));
        }

        return scores;
    }

    private static double? Probability(double value) => value >= 0 && value <= 1 ? value : null;

    private ScoreBand? BandOf(int scorer, int row) => BandText(scorer, row) switch
    {
        ScoreBands.HighBand => ScoreBand.High,
        ScoreBands.MediumBand => ScoreBand.Medium,
        ScoreBands.LowBand => ScoreBand.Low,
        _ => null,
    };

    /// <summary>One scorer's drivers of one customer in words (<see cref="DriverWording"/>), built on first read.</summary>
    private sealed class WordedDriverList(DailyFacts facts, int scorer, int row) : LazyList<string>
    {
        protected override IReadOnlyList<string> Build() => facts.WordedDrivers(scorer, row);
    }

    /// <summary>A customer's drivers for the reasons, built on first read.</summary>
    private sealed class CombinedDrivers(DailyFacts facts, int row) : LazyList<string>
    {
        protected override IReadOnlyList<string> Build() => facts.Drivers(row);
    }
}

/// <summary>
/// The run's assignments with the daily step's results, built when read from the run's own assignments, the score
/// columns and the matched playbooks: a copy of every assignment (with its scores and actions) kept for the whole run
/// was most of the daily step's garbage collection at 1,000,000 customers.
/// </summary>
internal sealed class DailyAssignments(IReadOnlyList<SegmentAssignment> assignments, DailyFacts facts, PlaybookMatches matches, PriorityOptions priority) : IReadOnlyList<SegmentAssignment>
{
    /// <summary>The assignments before the daily step (segments and rule segments only).</summary>
    public IReadOnlyList<SegmentAssignment> Segments => assignments;

    public DailyFacts Facts => facts;

    public PlaybookMatches Matches => matches;

    public int Count => assignments.Count;

    public SegmentAssignment this[int index] => assignments[index] with
    {
        Scores = facts.ScoresOf(index),
        Triggers = facts.Triggers(index),
        Actions = matches.SetOf(index) == 0 ? [] : new ActionList(matches, index),
        Priority = priority.ValueAtStake(facts, index),
    };

    /// <summary>One customer's actions, built on first read.</summary>
    private sealed class ActionList(PlaybookMatches matches, int row) : LazyList<PlannedAction>
    {
        protected override IReadOnlyList<PlannedAction> Build() => matches.ActionsOf(row);
    }

    public IEnumerator<SegmentAssignment> GetEnumerator()
    {
        for (int i = 0; i < assignments.Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>
/// A customer's rule segments by dimension name (names compared without regard to case), read from the assignment's
/// list instead of a dictionary per customer.
/// </summary>
internal sealed class RuleSegmentView(string[] dimensions, IReadOnlyList<string> segments) : IReadOnlyDictionary<string, string>
{
    public int Count => Math.Min(dimensions.Length, segments.Count);

    public IEnumerable<string> Keys => dimensions.Take(Count);

    public IEnumerable<string> Values => segments.Take(Count);

    public string this[string key] => TryGetValue(key, out string? value) ? value : throw new KeyNotFoundException($"No rule dimension named '{key}'.");

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out string value)
    {
        for (int d = 0; d < Count; d++)
        {
            if (string.Equals(dimensions[d], key, StringComparison.OrdinalIgnoreCase))
            {
                value = segments[d];
                return true;
            }
        }

        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        for (int d = 0; d < Count; d++)
        {
            yield return new KeyValuePair<string, string>(dimensions[d], segments[d]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
