using System.Text.RegularExpressions;
using Segmentation.Data;
using Segmentation.Features;
using Segmentation.Features.History;
using Segmentation.Playbooks;
using Segmentation.Rules;
using Segmentation.Scoring.InRun;

namespace Segmentation.Configuration;

/// <summary>
/// A starter <see cref="SegmentationConfig"/> guessed from a customers CSV (what <c>segment init</c> writes), and what
/// went into it: the id, value (ARR), tenure, renewal, usage, tickets, satisfaction and outcome columns by name and
/// type, the built-in rule dimensions whose features exist, and the built-in playbooks when the rules they read are
/// there. Made by <see cref="Guess"/>; hosts call <see cref="SegmentationConfig.Starter"/>.
/// </summary>
/// <param name="Config">The configuration, valid for the data it was guessed from.</param>
/// <param name="Placed">The columns placed in a role, in file order; the role is <c>id</c>, <c>outcome</c>, <c>value</c>, <c>tenure</c>, <c>renewal</c>, <c>usage</c>, <c>tickets</c> or <c>satisfaction</c>.</param>
/// <param name="Unplaced">The columns not placed in a role, in file order, with what happens to each and how to place it by hand.</param>
/// <param name="Notes">What was switched on or left out and why (also in <see cref="SegmentationConfig.Notes"/>).</param>
internal sealed partial record StarterConfig(SegmentationConfig Config, IReadOnlyList<(string Column, string Role)> Placed, IReadOnlyList<(string Column, string Reason)> Unplaced, IReadOnlyList<string> Notes)
{
    /// <summary>The built-in rule dimensions tried, in the order they are written.</summary>
    private static readonly RuleDimension[] BuiltInDimensions =
        [KnownRuleSets.ArrTiers, KnownRuleSets.ValuePercentiles, KnownRuleSets.LifecycleStages, KnownRuleSets.BehaviouralTriggers, KnownRuleSets.ActivityStatus];

    /// <summary>Guesses a configuration from <paramref name="customers"/>.</summary>
    /// <param name="customers">The customers CSV.</param>
    /// <param name="idColumn">The id column when known; guessed otherwise (a column named like <c>*id</c> with unique values).</param>
    /// <param name="usage">The usage history of the events file, when one is given (its trends become features).</param>
    /// <param name="eventsPath">The events file, written into <c>columns.events.path</c>.</param>
    /// <param name="eventsIdColumn">The id column of the events file, when not the usual one.</param>
    /// <exception cref="DataFormatException"><paramref name="idColumn"/> is not a column, or the table has no rows, no usable column, or repeated or empty ids.</exception>
    public static StarterConfig Guess(CsvTable customers, string? idColumn = null, ActivityHistory? usage = null, string? eventsPath = null, string? eventsIdColumn = null)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var placed = new List<(string Column, string Role)>();
        var notes = new List<string>();
        string? id = idColumn ?? GuessId(customers);
        string? outcome = customers.Header.FirstOrDefault(c => c != id && Matches(c, OutcomeWords) && IsYesNo(customers, c));

        var reading = new TabularFeatureOptions { IdColumn = id, OutcomeColumn = outcome, InvalidNumbersAsMissing = true };
        TabularFeatures tabular = TabularFeatures.FromTable(customers, reading);
        FeatureMatrix features = usage is null ? tabular.Features : HistoryFeatures.AppendUsageTrends(tabular.Features, usage);
        FeatureSchema schema = tabular.WithTextColumns(features).Schema;

        var config = new SegmentationConfig();
        config.Columns.IdColumn = id;
        config.Columns.Outcome = outcome;
        if (tabular.Columns.Columns.Any(c => c.InvalidCells > 0))
        {
            config.Columns.InvalidNumbers = "missing";
            notes.Add("Some numeric columns hold cells that are not numbers; \"invalidNumbers\": \"missing\" reads them as missing (set it to \"error\" to stop at the first one).");
        }

        if (eventsPath is not null)
        {
            config.Columns.Events = new EventsConfig { Path = eventsPath, IdColumn = eventsIdColumn };
        }

        var unplaced = new List<(string Column, string Reason)>();
        foreach (ColumnReportEntry column in tabular.Columns.Columns)
        {
            string? role = column.Role switch
            {
                ColumnRole.Id => "id",
                ColumnRole.Outcome => "outcome",
                _ => PlaceRole(config.Columns, column),
            };
            if (role is not null)
            {
                placed.Add((column.Column, role));
            }
            else
            {
                unplaced.Add((column.Column, column.Used
                    ? $"{ColumnReport.RoleName(column.Role)} column, clustered as a feature but not read by the built-in rules; add it to \"columns.roles\" or \"exclude\" if it should not shape the segments"
                    : $"not used: {column.Reason}"));
            }
        }

        if (id is null)
        {
            notes.Add("No column looks like a customer id (unique values, named like *id); rows are numbered. Set \"columns.idColumn\".");
        }

        if (outcome is null)
        {
            notes.Add("No yes/no churn column was found; set \"columns.outcome\" to rate segments by churn.");
        }
        else
        {
            notes.Add($"'{outcome}' is the outcome: it rates segments and alerts. Scorers that train in the run need dated outcome events: give them with 'segment init --outcomes FILE' or 'segment run --outcomes FILE' (customer id, date, outcome: churned or expanded), see docs/configuration.md.");
        }

        AddRules(config, schema, notes);
        AddPlaybooks(config, notes);
        config.Capacity["csm"] = new OwnerCapacity { AccountsPerOwner = 30, Owners = 1 };
        notes.Add("Capacity: 30 accounts per CSM and 1 CSM; set \"owners\" to your number of CSMs, and add sales, marketingAutomation or leadership to limit them too.");
        foreach (string note in notes)
        {
            config.Notes.Add(note);
        }

        return new StarterConfig(config, placed, unplaced, notes);
    }

    /// <summary>
    /// Adds <c>in-run</c> scorers reading the outcomes file <paramref name="outcomesFile"/> to a starter configuration:
    /// <c>churn</c> when the file has churn events, <c>expansion</c> when it has expansion events (what
    /// <c>segment init --outcomes</c> writes). The file's customers are matched on the configuration's id column.
    /// </summary>
    /// <param name="result">The starter configuration from <see cref="Guess"/>; its configuration is changed.</param>
    /// <param name="outcomesFile">The outcomes file to read (customer id, date, outcome: churned or expanded).</param>
    /// <param name="outcomesPath">The outcomes file as the configuration should name it (relative to the configuration's folder, or absolute).</param>
    /// <returns>The result with the scorers and a note saying what was added.</returns>
    /// <exception cref="Data.DataFormatException">The file cannot be read as dated outcome events.</exception>
    public static StarterConfig WithOutcomes(StarterConfig result, string outcomesFile, string outcomesPath)
    {
        ArgumentNullException.ThrowIfNull(result);
        return WithOutcomes(result, outcomesPath, OutcomeHistory.Load(outcomesFile, DateOnly.MaxValue, idColumn: result.Config.IdColumn));
    }

    /// <summary>
    /// Adds <c>in-run</c> scorers reading <paramref name="outcomesPath"/> to a starter configuration: <c>churn</c> when the
    /// file has churn events, <c>expansion</c> when it has expansion events (what <c>segment init --outcomes</c> writes).
    /// </summary>
    /// <param name="result">The starter configuration from <see cref="Guess"/>; its configuration is changed.</param>
    /// <param name="outcomesPath">The outcomes file as the configuration should name it (relative to the configuration's folder, or absolute).</param>
    /// <param name="outcomes">The file's events.</param>
    /// <returns>The result with the scorers and a note saying what was added.</returns>
    internal static StarterConfig WithOutcomes(StarterConfig result, string outcomesPath, OutcomeHistory outcomes)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(outcomes);
        var added = new List<string>();
        if (outcomes.Churn.Count > 0)
        {
            result.Config.Scorers.Churn = new ScorerConfig { Kind = ScorerConfig.InRunKind, OutcomeEvents = outcomesPath };
            added.Add("churn");
        }

        if (outcomes.Expansion.Count > 0)
        {
            result.Config.Scorers.Expansion = new ScorerConfig { Kind = ScorerConfig.InRunKind, OutcomeEvents = outcomesPath };
            added.Add("expansion");
        }

        string note = added.Count == 0
            ? $"'{outcomesPath}' has no churned or expanded events, so no scorer was added."
            : $"Scorers {string.Join(" and ", added)} train in each run on '{outcomesPath}' (in-run, 90-day window: features as of 90 days before the as-of date, outcomes of those 90 days); the worklist ranks by churn probability x ARR.";
        var notes = new List<string> { note };
        if (added.Count > 0 && !result.Config.BuiltInPlaybooks && result.Config.Playbooks.Count == 0)
        {
            // Without the built-in triggers, the scores themselves start the actions.
            if (result.Config.Scorers.Churn is not null)
            {
                result.Config.Playbooks.Add(ScorePlaybook("Churn risk", new PlaybookConditionOptions { ChurnBandAtLeast = "high" }, "Executive business review", "CSM", "Churn risk[ {churn}][ ({drivers})][; ARR {arr}]"));
            }

            if (result.Config.Scorers.Expansion is not null)
            {
                result.Config.Playbooks.Add(ScorePlaybook("Expansion ready", new PlaybookConditionOptions { ExpansionBandAtLeast = "high" }, "Upsell conversation", "Sales", "Expansion ready[ {expansion}][ ({drivers})][; ARR {arr}]"));
            }

            notes.Add("Playbooks on the score bands were added (a high churn band: executive business review by the CSM; a high expansion band: upsell conversation by Sales); edit them under \"playbooks\" (docs/playbooks.md).");
        }

        foreach (string line in notes)
        {
            result.Config.Notes.Add(line);
        }

        return result with { Notes = [.. result.Notes, .. notes] };
    }

    private static PlaybookOptions ScorePlaybook(string name, PlaybookConditionOptions when, string action, string owner, string reason)
        => new() { Name = name, When = when, Action = new PlaybookActionOptions { Name = action, Owner = owner, DueInDays = 14, Reason = reason } };

    private static string? PlaceRole(ColumnsConfig columns, ColumnReportEntry column)
    {
        bool number = column.Role is ColumnRole.Numeric;
        bool date = column.Role is ColumnRole.Date;
        string name = column.Column;
        if (number && columns.ValueColumn is null && Matches(name, ValueWords))
        {
            columns.ValueColumn = name;
            return "value";
        }

        if ((number || date) && columns.Roles.Tenure is null && Matches(name, date ? SignupWords : TenureWords))
        {
            columns.Roles.Tenure = name;
            return "tenure";
        }

        if ((number || date) && columns.Roles.Renewal is null && Matches(name, RenewalWords))
        {
            columns.Roles.Renewal = name;
            return "renewal";
        }

        if (!number && column.Role is not ColumnRole.YesNo)
        {
            return null;
        }

        (string Role, string[] Words, IList<string> List)[] lists =
        [
            ("tickets", TicketWords, columns.Roles.Tickets),
            ("satisfaction", SatisfactionWords, columns.Roles.Satisfaction),
            ("usage", UsageWords, columns.Roles.Usage),
        ];
        foreach ((string role, string[] words, IList<string> list) in lists)
        {
            if (Matches(name, words))
            {
                list.Add(name);
                return role;
            }
        }

        return null;
    }

    private static void AddRules(SegmentationConfig config, FeatureSchema schema, List<string> notes)
    {
        var renames = new Dictionary<string, string>(StringComparer.Ordinal);
        if (config.Columns.ValueColumn is string value && value != "arr" && !Matches(value, MonthlyWords))
        {
            renames["arr"] = value;
        }

        if (config.Columns.Roles.Tenure is string tenure && tenure != "tenure_days" && schema.IndexOf(tenure) >= 0)
        {
            renames["tenure_days"] = tenure;
        }

        if (config.Columns.Roles.Renewal is string renewal && renewal != "days_to_renewal" && schema.IndexOf(renewal) >= 0)
        {
            renames["days_to_renewal"] = renewal;
        }

        var rules = new RuleSetOptions();
        foreach (RuleDimension dimension in BuiltInDimensions)
        {
            RuleDimensionOptions options = RuleSet.Of(dimension).ToOptions().Dimensions[0];
            foreach (RuleOptions rule in options.Rules)
            {
                rule.When = Rename(rule.When, renames);
            }

            string[] missing = [.. options.Rules.SelectMany(r => Identifiers().Matches(r.When).Select(m => m.Value))
                .Where(KnownRuleSets.ExpectedFeatures.Concat(renames.Values).Contains)
                .Where(f => schema.IndexOf(f) < 0)
                .Distinct(StringComparer.Ordinal)];
            if (missing.Length > 0)
            {
                notes.Add($"The built-in '{dimension.Name}' rules are left out: they read {string.Join(", ", missing)}, which the input lacks{(missing.Any(m => m.StartsWith("usage", StringComparison.Ordinal) || m.StartsWith("days_since", StringComparison.Ordinal)) ? " (usage trends come from --events)" : string.Empty)}.");
                continue;
            }

            rules.Dimensions.Add(options);
            notes.Add($"The built-in '{dimension.Name}' rules are on; edit their conditions under \"rules\".");
        }

        config.Rules = rules.Dimensions.Count > 0 ? rules : null;
        if (renames.Count > 0)
        {
            notes.Add($"The built-in rules read {string.Join(", ", renames.Select(r => $"'{r.Value}' for {r.Key}"))}.");
        }
    }

    private static void AddPlaybooks(SegmentationConfig config, List<string> notes)
    {
        config.BuiltInPlaybooks = true;
        if (config.GetErrors().Count == 0)
        {
            notes.Add("The built-in playbooks are on (builtInPlaybooks); add your own under \"playbooks\" (docs/playbooks.md).");
            return;
        }

        config.BuiltInPlaybooks = false;
        notes.Add("The built-in playbooks are off: they read the built-in trigger and activity rules, which need usage trends and the tenure, renewal, ticket, adoption and seat features. Write playbooks for the rules you have under \"playbooks\" (docs/playbooks.md).");
    }

    private static string Rename(string condition, Dictionary<string, string> renames) =>
        renames.Count == 0 ? condition : Identifiers().Replace(condition, m => renames.TryGetValue(m.Value, out string? name) ? name : m.Value);

    private static string? GuessId(CsvTable table)
    {
        string[] candidates = [.. table.Header.Where(c => Words(c).Any(w => w is "id" or "uuid" or "key") || Normalized(c).EndsWith("id", StringComparison.Ordinal))];
        return candidates
            .OrderBy(c => Normalized(c) is "customerid" or "accountid" or "id" ? 0 : 1)
            .FirstOrDefault(c => Unique(table, c));
    }

    private static bool Unique(CsvTable table, string column)
    {
        int index = table.IndexOf(column);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return table.ColumnCells(index).All(c => c.Trim().Length > 0 && seen.Add(c.Trim()));
    }

    private static bool IsYesNo(CsvTable table, string column)
    {
        string[] present = [.. table.ColumnCells(table.IndexOf(column)).Select(c => c.Trim()).Where(c => c.Length > 0)];
        return present.Length > 0 && present.All(c => CsvValues.TryParseFlag(c, out _));
    }

    private static readonly string[] OutcomeWords = ["churn", "churned", "cancelled", "canceled", "cancel", "churnedflag"];
    private static readonly string[] ValueWords = ["arr", "mrr", "revenue", "contract", "acv", "tcv"];
    private static readonly string[] MonthlyWords = ["mrr", "monthly"];
    private static readonly string[] TenureWords = ["tenure", "signup", "age"];
    private static readonly string[] SignupWords = ["signup", "signed", "created", "start", "joined", "since"];
    private static readonly string[] RenewalWords = ["renewal", "renews", "renew"];
    private static readonly string[] UsageWords = ["usage", "logins", "login", "active", "api", "events", "sessions", "adoption", "utilisation", "utilization", "seats"];
    private static readonly string[] TicketWords = ["tickets", "ticket", "support"];
    private static readonly string[] SatisfactionWords = ["nps", "csat", "satisfaction", "score"];

    private static bool Matches(string column, string[] words) => Words(column).Any(words.Contains);

    /// <summary>The lower-case words of a column name: <c>TotalARR_usd</c> → total, arr, usd.</summary>
    private static string[] Words(string column) =>
        [.. WordSplit().Split(CamelSplit().Replace(column, "$1 $2")).Where(w => w.Length > 0).Select(w => w.ToLowerInvariant())];

    private static string Normalized(string column) => string.Concat(Words(column));

    [GeneratedRegex(@"[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex Identifiers();

    [GeneratedRegex(@"[^A-Za-z0-9]+")]
    private static partial Regex WordSplit();

    [GeneratedRegex(@"([a-z0-9])([A-Z])")]
    private static partial Regex CamelSplit();
}
