namespace Segmentation.Playbooks;

/// <summary>
/// What playbooks know about one customer on the as-of date: its segment now and before, its rule segments and fired
/// triggers, its scores and value. Independent of the pipeline, so a host app can build it from its own data.
/// </summary>
/// <remarks>
/// <para>Absent is not zero: a <see langword="null"/> <see cref="Value"/> means the ARR is unknown, and a playbook that
/// needs a minimum value does not fire for it; a <see langword="null"/> probability means the customer was not scored.</para>
/// <para>Names are compared without regard to case. Planning the worklist checks the values (probabilities in
/// [0, 1], a finite value of at least 0) and names the customer when one is wrong.</para>
/// </remarks>
/// <param name="CustomerId">The customer id, as in the input data.</param>
/// <param name="Segment">The segment the customer is in now (the cluster or overriding rule segment).</param>
internal sealed record CustomerFacts(string CustomerId, string Segment)
{
    /// <summary>The segment on the previous run, or <see langword="null"/> when the customer was not there (a new customer).</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? PreviousSegment { get; init; }

    /// <summary>Whether the customer is new (for example signed up since the previous run or within the onboarding window).</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool IsNew { get; init; }

    /// <summary>The rule segment of each rule dimension, for example <c>tier</c> → <c>Enterprise</c>, <c>activity</c> → <c>Dormant</c>.</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyDictionary<string, string> RuleSegments { get; init; } = new Dictionary<string, string>();

    /// <summary>The triggers that fired: the rule segments of trigger dimensions, for example <c>Churn risk</c>.</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<string> Triggers { get; init; } = [];

    /// <summary>The churn probability in [0, 1], or <see langword="null"/> when not scored.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public double? ChurnProbability { get; init; }

    /// <summary>The churn band, or <see langword="null"/> when not scored.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public ScoreBand? ChurnBand { get; init; }

    /// <summary>The expansion probability in [0, 1], or <see langword="null"/> when not scored.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public double? ExpansionProbability { get; init; }

    /// <summary>The expansion band, or <see langword="null"/> when not scored.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public ScoreBand? ExpansionBand { get; init; }

    /// <summary>The customer's value (ARR), or <see langword="null"/> when unknown (absent is not 0).</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public double? Value { get; init; }

    /// <summary>What drives the scores, worded for a CSM, strongest first, for example <c>usage down 32% in 60 days</c>.</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<string> Drivers { get; init; } = [];

    /// <summary>Whether the customer entered <see cref="Segment"/> on this run: it was elsewhere before, or it is new here (no previous segment).</summary>
    public bool EnteredSegment => PreviousSegment is null || !Names.Equal(PreviousSegment, Segment);

    /// <summary>Whether <see cref="Problems"/> is empty, checked without building the sentences (once per customer per run).</summary>
    internal bool IsValid() =>
        !string.IsNullOrWhiteSpace(CustomerId)
        && !string.IsNullOrWhiteSpace(Segment)
        && (ChurnProbability is not double churn || (churn >= 0 && churn <= 1))
        && (ExpansionProbability is not double expansion || (expansion >= 0 && expansion <= 1))
        && (Value is not double value || (double.IsFinite(value) && value >= 0))
        && (ChurnBand is not ScoreBand cb || Enum.IsDefined(cb))
        && (ExpansionBand is not ScoreBand eb || Enum.IsDefined(eb));

    /// <summary>One sentence per invalid value, naming the customer; empty when the facts are usable.</summary>
    internal IEnumerable<string> Problems()
    {
        string who = $"customer '{CustomerId}'";
        if (string.IsNullOrWhiteSpace(CustomerId))
        {
            yield return "A customer has an empty id; give every customer an id.";
            yield break;
        }

        if (string.IsNullOrWhiteSpace(Segment))
        {
            yield return $"The segment of {who} is empty; give every customer the segment it is in.";
        }

        if (ChurnProbability is double churn && !(churn >= 0 && churn <= 1))
        {
            yield return FormattableString.Invariant($"The churn probability of {who} must be between 0 and 1, but was {churn}.");
        }

        if (ExpansionProbability is double expansion && !(expansion >= 0 && expansion <= 1))
        {
            yield return FormattableString.Invariant($"The expansion probability of {who} must be between 0 and 1, but was {expansion}.");
        }

        if (Value is double value && !(double.IsFinite(value) && value >= 0))
        {
            yield return FormattableString.Invariant($"The value (ARR) of {who} must be a finite number of at least 0, or absent when unknown, but was {value}.");
        }

        if (ChurnBand is ScoreBand cb && !Enum.IsDefined(cb))
        {
            yield return $"The churn band of {who} must be low, medium or high, but was {(int)cb}.";
        }

        if (ExpansionBand is ScoreBand eb && !Enum.IsDefined(eb))
        {
            yield return $"The expansion band of {who} must be low, medium or high, but was {(int)eb}.";
        }
    }
}

/// <summary>An ordered band of a churn or expansion probability; playbooks ask for a band "at least" one of these.</summary>
/// <remarks>Internal: a host reads and writes a band as text (<c>low</c>, <c>medium</c>, <c>high</c>), as in playbook JSON, <see cref="WorklistRow.ChurnBand"/> and <see cref="Pipeline.CustomerScore.Band"/>.</remarks>
internal enum ScoreBand
{
    /// <summary>Low probability.</summary>
    Low,

    /// <summary>Medium probability.</summary>
    Medium,

    /// <summary>High probability.</summary>
    High,
}

/// <summary>The text of a band.</summary>
internal static class ScoreBandText
{
    /// <summary><c>low</c>, <c>medium</c> or <c>high</c>, or <see langword="null"/> for no band (not scored).</summary>
    public static string? Of(ScoreBand? band) => band switch
    {
        null => null,
        ScoreBand.Low => "low",
        ScoreBand.Medium => "medium",
        ScoreBand.High => "high",
        _ => band.Value.ToString().ToLowerInvariant(),
    };
}

/// <summary>Name comparison shared by conditions and validation: names typed by people match whatever their case.</summary>
internal static class Names
{
    public static StringComparer Comparer => StringComparer.OrdinalIgnoreCase;

    public static bool Equal(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
