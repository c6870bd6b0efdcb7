using System.Globalization;
using Segmentation.Playbooks;
using Segmentation.Rules;
using Segmentation.Rules.Language;
using Segmentation.Scoring.InRun;

namespace Segmentation.Configuration;

/// <content>Checking values and names.</content>
public sealed partial class SegmentationConfig
{
    /// <summary>The names of rule dimensions whose segments are triggers (<c>trigger</c>, as in <see cref="KnownRuleSets.BehaviouralTriggers"/>).</summary>
    public static IReadOnlyList<string> TriggerDimensions { get; } = ["trigger", "triggers"];

    private static readonly string[] Algorithms = ["kmeans", "auto"];
    private static readonly string[] Scalings = ["standard", "robust", "minmax", "none"];
    private static readonly string[] InvalidNumberValues = ["error", "missing"];
    private static readonly string[] ScorerKinds = [ScorerConfig.InRunKind, ScorerConfig.ModelKind, ScorerConfig.HealthKind];
    private static readonly string[] CapacityRoles = ["csm", "sales", "marketingAutomation", "leadership"];

    /// <summary>
    /// Every problem that needs no data: values out of range, unknown names of roles, kinds and algorithms, rules that do
    /// not parse, playbooks that name triggers or rule segments the rules do not have. Empty when valid.
    /// </summary>
    /// <returns>Each problem as its JSON path and what to do, as in <see cref="SegmentationConfigException.Errors"/>.</returns>
    public IReadOnlyList<string> GetErrors() => [.. GetErrors(null).Select(e => e.ToString())];

    /// <summary>
    /// Checks the names of the configuration against the data: the columns exist, the value column and health factors
    /// are features, the rules read existing features, the playbooks and alerts name existing segments, triggers and
    /// rule segments, the model files of <c>model</c> scorers load and read only features the data has. Includes every
    /// check of <see cref="GetErrors()"/>.
    /// </summary>
    /// <param name="schema">The features of the run (with the text columns rules read, and the usage trends of the events file).</param>
    /// <param name="knownSegmentNames">The cluster segment names (for example of the stored model), or <see langword="null"/> when not known yet (segment names are then not checked).</param>
    /// <param name="inputColumns">The header of the customers CSV, or <see langword="null"/> to skip the column checks.</param>
    /// <exception cref="SegmentationConfigException">Lists every problem with its JSON path and the closest known names.</exception>
    public void Validate(FeatureSchema schema, IReadOnlyCollection<string>? knownSegmentNames = null, IReadOnlyList<string>? inputColumns = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var errors = new List<ConfigError>(GetErrors(null, schema, knownSegmentNames));
        string[] features = [.. schema.Names];
        if (inputColumns is not null)
        {
            CheckColumn(errors, "columns.idColumn", Columns.IdColumn, inputColumns);
            CheckColumn(errors, "columns.outcome", Columns.Outcome, inputColumns);
            for (int i = 0; i < Columns.Exclude.Count; i++)
            {
                CheckColumn(errors, $"columns.exclude[{i}]", Columns.Exclude[i], inputColumns);
            }

            string[] readable = [.. inputColumns.Concat(features).Distinct(StringComparer.Ordinal)];
            CheckColumn(errors, "columns.roles.tenure", Columns.Roles.Tenure, readable);
            CheckColumn(errors, "columns.roles.renewal", Columns.Roles.Renewal, readable);
            CheckColumns(errors, "columns.roles.usage", Columns.Roles.Usage, readable);
            CheckColumns(errors, "columns.roles.tickets", Columns.Roles.Tickets, readable);
            CheckColumns(errors, "columns.roles.satisfaction", Columns.Roles.Satisfaction, readable);
        }

        if (Columns.ValueColumn is string value && schema.IndexOf(value) < 0)
        {
            errors.Add(Unknown("columns.valueColumn", "feature", value, features));
        }

        foreach ((string name, ScorerConfig? scorer) in Scorer())
        {
            if (scorer?.Health?.Factors is { } factors)
            {
                for (int i = 0; i < factors.Count; i++)
                {
                    if (factors[i] is { Feature: { Length: > 0 } feature } && schema.IndexOf(feature) < 0)
                    {
                        errors.Add(Unknown($"scorers.{name}.health.factors[{i}].feature", "feature", feature, features));
                    }
                }
            }
        }

        ScorerFeatureErrors(errors, schema);
        if (errors.Count > 0)
        {
            throw new SegmentationConfigException("the configuration", errors);
        }
    }

    /// <summary>The playbook vocabulary of this configuration: triggers and rule segments from <see cref="Rules"/>, segments from <paramref name="knownSegmentNames"/> and overriding dimensions.</summary>
    /// <param name="knownSegmentNames">The cluster segment names, or <see langword="null"/> when not known (segment names are then not checked).</param>
    /// <param name="rules">The rule set built from <see cref="Rules"/>, or <see langword="null"/> when there are no rules.</param>
    internal static PlaybookVocabulary VocabularyOf(RuleSet? rules, IReadOnlyCollection<string>? knownSegmentNames = null)
    {
        var ruleSegments = new Dictionary<string, IReadOnlyCollection<string>>(StringComparer.OrdinalIgnoreCase);
        var triggers = new List<string>();
        var overriding = new List<string>();
        foreach (RuleDimension dimension in rules?.Dimensions ?? [])
        {
            string[] segments = [.. dimension.Rules.Select(r => r.Segment).Append(rules!.ExceptionSegmentOf(dimension)).Distinct(StringComparer.Ordinal)];
            ruleSegments[dimension.Name] = segments;
            if (TriggerDimensions.Contains(dimension.Name, StringComparer.OrdinalIgnoreCase))
            {
                triggers.AddRange(dimension.Rules.Select(r => r.Segment));
            }

            if (dimension.OverridesCluster)
            {
                overriding.AddRange(segments);
            }
        }

        return new PlaybookVocabulary(
            knownSegmentNames is null ? null : [.. knownSegmentNames.Concat(overriding).Distinct(StringComparer.Ordinal)],
            [.. triggers.Distinct(StringComparer.Ordinal)],
            ruleSegments);
    }

    private IReadOnlyList<ConfigError> GetErrors(string? rulesPath, FeatureSchema? schema = null, IReadOnlyCollection<string>? knownSegmentNames = null)
    {
        var errors = new List<ConfigError>();
        ColumnErrors(errors);
        ClusteringErrors(errors);
        RuleSet? rules = RuleErrors(errors, rulesPath ?? "rules", schema);
        ScorerErrors(errors);
        PlaybookErrors(errors, VocabularyOf(rules, knownSegmentNames));
        AlertErrors(errors, knownSegmentNames, rules);
        CapacityErrors(errors);
        Range(errors, "priority.churnWeight", Priority.ChurnWeight, 0, 100);
        Range(errors, "priority.expansionWeight", Priority.ExpansionWeight, 0, 100);
        Range(errors, "priority.expansionUplift", Priority.ExpansionUplift, 0, 10);
        return errors;
    }

    private void ColumnErrors(List<ConfigError> errors)
    {
        OneOf(errors, "columns.invalidNumbers", Columns.InvalidNumbers, InvalidNumberValues);
        NotBlank(errors, "columns.idColumn", Columns.IdColumn);
        NotBlank(errors, "columns.valueColumn", Columns.ValueColumn);
        NotBlank(errors, "columns.outcome", Columns.Outcome);
        NotBlank(errors, "columns.events.path", Columns.Events?.Path);
        NotBlank(errors, "columns.events.idColumn", Columns.Events?.IdColumn);
        if (Columns.NaValues is { } tokens && tokens.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add(new ConfigError("columns.naValues", "holds an empty token; empty cells are always missing, so list only tokens such as \"NA\""));
        }

        if (Columns.IdColumn is not null && Columns.IdColumn == Columns.Outcome)
        {
            errors.Add(new ConfigError("columns.outcome", $"'{Columns.Outcome}' is also the id column; name the yes/no outcome column"));
        }
    }

    private void ClusteringErrors(List<ConfigError> errors)
    {
        ClusteringConfig c = Clustering;
        OneOf(errors, "clustering.algorithm", c.Algorithm, Algorithms);
        OneOf(errors, "clustering.scaling", c.Scaling, Scalings);
        if (c.K is not null && !string.Equals(c.K, ClusteringConfig.AutoK, StringComparison.OrdinalIgnoreCase))
        {
            if (!int.TryParse(c.K, NumberStyles.None, CultureInfo.InvariantCulture, out int k) || k < 1 || k > Segmentation.Clustering.KMeans.KMeansOptions.MaxK)
            {
                errors.Add(new ConfigError("clustering.k", $"must be a whole number between 1 and {Segmentation.Clustering.KMeans.KMeansOptions.MaxK.ToString(CultureInfo.InvariantCulture)} or \"auto\", but was '{c.K}'"));
            }
            else if (string.Equals(c.Algorithm, "auto", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(new ConfigError("clustering.k", $"is {k}, but \"algorithm\": \"auto\" chooses k; write \"algorithm\": \"kmeans\" for a fixed k, or \"k\": \"auto\""));
            }
        }

        Range(errors, "clustering.minK", c.MinK, 2, 1000);
        Range(errors, "clustering.maxK", c.MaxK, Math.Max(2, c.MinK), 1000);
    }

    private RuleSet? RuleErrors(List<ConfigError> errors, string path, FeatureSchema? schema)
    {
        if (Rules is null)
        {
            return null;
        }

        try
        {
            return RuleSet.FromOptions(Rules, schema);
        }
        catch (SegmentationConfigException e) when (e.RuleProblems is { } problems)
        {
            errors.AddRange(problems.Select(r => RuleError(r, path)));
            try
            {
                // The names are still useful for the playbook checks when only the schema check failed.
                return RuleSet.FromOptions(Rules);
            }
            catch (SegmentationConfigException again) when (again.RuleProblems is not null)
            {
                return null;
            }
        }
    }

    /// <summary>A rule error located by JSON path: <c>rules.dimensions[1].rules[0].when</c>.</summary>
    private ConfigError RuleError(RuleError error, string path)
    {
        string prefix = path.Length == 0 ? string.Empty : path + ".";
        int d = error.Dimension is null ? -1 : IndexOf(Rules!.Dimensions, x => x?.Name == error.Dimension);
        if (d < 0 && error.Dimension is { } numbered && numbered.StartsWith("dimension ", StringComparison.Ordinal)
            && int.TryParse(numbered.AsSpan(10), NumberStyles.None, CultureInfo.InvariantCulture, out int position))
        {
            d = position - 1;
        }

        if (d < 0)
        {
            return new ConfigError(path, error.ToString());
        }

        string at = $"{prefix}dimensions[{d}]";
        string problem = error.Position > 0 && !error.Problem.Contains("position", StringComparison.Ordinal) ? $"{error.Problem} (at position {error.Position} of the condition)" : error.Problem;
        if (error.Segment is null)
        {
            return new ConfigError(at, problem);
        }

        if (error.Segment == "overflowBy")
        {
            return new ConfigError(at + ".overflowBy", problem);
        }

        IList<RuleOptions> rules = Rules!.Dimensions[d].Rules;
        int r = IndexOf(rules, x => x?.Segment == error.Segment);
        if (r < 0 && error.Segment.StartsWith("rule ", StringComparison.Ordinal)
            && int.TryParse(error.Segment.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out int rulePosition))
        {
            r = rulePosition - 1;
        }

        return r < 0 ? new ConfigError(at, $"{error.Segment}: {problem}") : new ConfigError($"{at}.rules[{r}].when", problem);
    }

    private IEnumerable<(string Name, ScorerConfig? Scorer)> Scorer() => [("churn", Scorers.Churn), ("expansion", Scorers.Expansion)];

    private void ScorerErrors(List<ConfigError> errors)
    {
        foreach ((string name, ScorerConfig? scorer) in Scorer())
        {
            if (scorer is null)
            {
                continue;
            }

            string at = $"scorers.{name}";
            if (!OneOf(errors, at + ".kind", scorer.Kind, ScorerKinds))
            {
                continue;
            }

            string kind = scorer.Kind.ToLowerInvariant();
            if (kind == ScorerConfig.InRunKind)
            {
                Range(errors, at + ".training.outcomeWindowDays", scorer.Training.OutcomeWindowDays, 1, 3650);
                Range(errors, at + ".training.minimumOutcomes", scorer.Training.MinimumOutcomes, 2, 1_000_000);
                NotBlank(errors, at + ".outcomeEvents", scorer.OutcomeEvents);
            }
            else if (kind == ScorerConfig.ModelKind && string.IsNullOrWhiteSpace(scorer.Model))
            {
                errors.Add(new ConfigError(at + ".model", "is missing; give the model file written by 'segment score train', for example \"churn-model.json\""));
            }
            else if (kind == ScorerConfig.HealthKind)
            {
                if (scorer.Health is null)
                {
                    errors.Add(new ConfigError(at + ".health", "is missing; give the factors, for example { \"factors\": [ { \"feature\": \"logins_30d\", \"weight\": 100, \"curve\": [ { \"value\": 0, \"points\": 0 }, { \"value\": 20, \"points\": 100 } ] } ] }"));
                }
                else
                {
                    errors.AddRange(scorer.Health.Validate().Select(e => new ConfigError(at + ".health", e)));
                }
            }

            if (scorer.Bands is ScoreBands bands)
            {
                if (!(bands.High > 0 && bands.High <= 1))
                {
                    errors.Add(new ConfigError(at + ".bands.high", $"must be above 0 and at most 1, but was {ConfigShape.Number(bands.High)}"));
                }

                if (!(bands.Medium > 0 && bands.Medium < bands.High))
                {
                    errors.Add(new ConfigError(at + ".bands.medium", $"must be above 0 and below high ({ConfigShape.Number(bands.High)}), but was {ConfigShape.Number(bands.Medium)}"));
                }
            }
        }
    }

    private void PlaybookErrors(List<ConfigError> errors, PlaybookVocabulary vocabulary)
    {
        if (BuiltInPlaybooks)
        {
            try
            {
                PlaybookSet.FromOptions(KnownPlaybooks.Default.ToOptions(), vocabulary, "builtInPlaybooks");
            }
            catch (SegmentationConfigException e) when (e.PlaybookProblems is { } problems)
            {
                errors.AddRange(problems.Select(p => new ConfigError(p.Path, p.Problem + "; the built-in playbooks read the trigger and activity dimensions of the built-in rules (see docs/playbooks.md), so add them to \"rules\" or set \"builtInPlaybooks\": false")));
            }

            var builtIn = new HashSet<string>(KnownPlaybooks.Default.Playbooks.Select(p => p.Name), StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < Playbooks.Count; i++)
            {
                if (Playbooks[i]?.Name is { } name && builtIn.Contains(name.Trim()))
                {
                    errors.Add(new ConfigError($"playbooks[{i}].name", $"'{name.Trim()}' is the name of a built-in playbook; give yours another name, or set \"builtInPlaybooks\": false to replace the built-in ones"));
                }
            }
        }

        try
        {
            PlaybookSet.FromOptions(Playbooks, vocabulary);
        }
        catch (SegmentationConfigException e) when (e.PlaybookProblems is { } problems)
        {
            errors.AddRange(problems.Select(p => new ConfigError(p.Path, p.Problem)));
        }
    }

    private void AlertErrors(List<ConfigError> errors, IReadOnlyCollection<string>? knownSegmentNames, RuleSet? rules)
    {
        Range(errors, "alerts.highValueQuantile", Alerts.HighValueQuantile, 0, 1);
        Range(errors, "alerts.riskRatio", Alerts.RiskRatio, 1, 100);
        if (Alerts.HighValueThreshold is double threshold && !(double.IsFinite(threshold) && threshold >= 0))
        {
            errors.Add(new ConfigError("alerts.highValueThreshold", $"must be a value (ARR) of at least 0, but was {ConfigShape.Number(threshold)}"));
        }

        string[]? segments = VocabularyOf(rules, knownSegmentNames).Segments?.ToArray();
        for (int i = 0; i < Alerts.AtRiskSegments.Count; i++)
        {
            string name = Alerts.AtRiskSegments[i];
            if (string.IsNullOrWhiteSpace(name))
            {
                errors.Add(new ConfigError($"alerts.atRiskSegments[{i}]", "is empty; name a segment"));
            }
            else if (segments is not null && !segments.Contains(name.Trim(), StringComparer.OrdinalIgnoreCase))
            {
                errors.Add(Unknown($"alerts.atRiskSegments[{i}]", "segment or rule segment", name, segments));
            }
        }
    }

    private void CapacityErrors(List<ConfigError> errors)
    {
        foreach ((string role, OwnerCapacity? capacity) in Capacity)
        {
            string at = $"capacity.{role}";
            if (!PlaybookTerms.TryParseOwnerRole(role, out _))
            {
                errors.Add(Unknown(at, "owner role", role, CapacityRoles));
                continue;
            }

            if (capacity is null)
            {
                errors.Add(new ConfigError(at, "is empty; give accountsPerOwner and owners, or remove the role to leave it unlimited"));
                continue;
            }

            Range(errors, at + ".accountsPerOwner", capacity.AccountsPerOwner, 1, OwnerCapacity.MaxPerField);
            Range(errors, at + ".owners", capacity.Owners, 0, OwnerCapacity.MaxPerField);
        }
    }

    private static void CheckColumn(List<ConfigError> errors, string path, string? column, IReadOnlyList<string> columns)
    {
        if (column is { Length: > 0 } && !columns.Contains(column, StringComparer.Ordinal))
        {
            errors.Add(Unknown(path, "column", column, columns));
        }
    }

    private static void CheckColumns(List<ConfigError> errors, string path, IList<string> names, IReadOnlyList<string> columns)
    {
        for (int i = 0; i < names.Count; i++)
        {
            CheckColumn(errors, $"{path}[{i}]", names[i], columns);
        }
    }

    /// <summary>"no column named 'ar'; did you mean 'arr'?", or the known names when none is close.</summary>
    private static ConfigError Unknown(string path, string what, string name, IReadOnlyCollection<string> known)
    {
        IReadOnlyList<string> close = NameSuggestions.Closest(name, known);
        string hint = close.Count > 0 ? $"did you mean '{close[0]}'?"
            : known.Count == 0 ? "there are none"
            : known.Count <= 12 ? $"use one of {string.Join(", ", known.Select(k => $"'{k}'"))}"
            : $"use one of {string.Join(", ", known.Take(12).Select(k => $"'{k}'"))}, ...";
        return new ConfigError(path, $"no {what} named '{name}'; {hint}");
    }

    private static bool OneOf(List<ConfigError> errors, string path, string? value, string[] allowed)
    {
        if (value is not null && allowed.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        IReadOnlyList<string> close = NameSuggestions.Closest(value ?? string.Empty, allowed);
        string hint = close.Count > 0 ? $"; did you mean '{close[0]}'?" : string.Empty;
        errors.Add(new ConfigError(path, $"must be one of {string.Join(", ", allowed)}, but was '{value}'{hint}"));
        return false;
    }

    private static void NotBlank(List<ConfigError> errors, string path, string? value)
    {
        if (value is not null && string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new ConfigError(path, "is empty; give a name, or leave the property out"));
        }
    }

    private static void Range(List<ConfigError> errors, string path, int value, int min, int max)
    {
        if (value < min)
        {
            errors.Add(new ConfigError(path, FormattableString.Invariant($"must be at least {min}, but was {value}")));
        }
        else if (value > max)
        {
            errors.Add(new ConfigError(path, FormattableString.Invariant($"must be at most {max}, but was {value}")));
        }
    }

    private static void Range(List<ConfigError> errors, string path, double value, double min, double max)
    {
        if (!double.IsFinite(value) || value < min || value > max)
        {
            errors.Add(new ConfigError(path, $"must be between {ConfigShape.Number(min)} and {ConfigShape.Number(max)}, but was {ConfigShape.Number(value)}"));
        }
    }

    private static int IndexOf<T>(IList<T> items, Func<T, bool> match)
    {
        for (int i = 0; i < items.Count; i++)
        {
            if (match(items[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
