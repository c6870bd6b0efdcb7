using System.Globalization;
using System.Text;
using System.Text.Json;
using Segmentation.Clustering.Selection;
using Segmentation.Data;
using Segmentation.Playbooks;
using Segmentation.Profiling;

namespace Segmentation.Pipeline;

/// <summary>
/// Writes the files of a run (assignments.csv, segments.json, worklist.csv and worklist-overflow.csv) to writers the
/// caller opens, so that a host app writes the same files as <c>segment run</c> (which writes them through its
/// all-or-nothing output set). Public as the members of what they write: <see cref="SegmentationRun.WriteAssignments"/>,
/// <see cref="TrackedRunResult.WriteLineage"/>, <see cref="SegmentationEngine.WriteTrainedScorers"/> and their siblings.
/// </summary>
/// <remarks>
/// <para><b>assignments.csv</b>: <c>ID, segment_id, segment</c>, one column per rule dimension; after a daily step
/// (<see cref="SegmentationRun.Worklist"/> set) also <c>churn_risk, churn_band, expansion_potential, expansion_band</c>
/// (empty when that scorer did not run), <c>NAME_score, NAME_band</c> for any other scorer, <c>triggers</c> (joined
/// with "; ") and <c>action</c> (every recommended action as <c>Name (owner, due yyyy-MM-dd)</c>, joined with "; ").</para>
/// <para><b>worklist.csv</b> and <b>worklist-overflow.csv</b>: the columns of docs/playbooks.md ("The worklist and its CSV"); the overflow holds every row
/// that did not fit its role's capacity, so nothing is dropped.</para>
/// <para>Numbers are written in the invariant culture; an absent value is an empty cell (CSV) or null (JSON).</para>
/// </remarks>
internal static class RunFiles
{
    /// <summary>The scorer name whose value fills <c>churn_risk</c>.</summary>
    public const string ChurnScorer = "churn";

    /// <summary>The scorer name whose value fills <c>expansion_potential</c>.</summary>
    public const string ExpansionScorer = "expansion";

    /// <summary>How many rows are written between two progress reports.</summary>
    private const int ProgressRows = 50_000;

    /// <summary>Writes assignments.csv.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="run">The run.</param>
    /// <param name="idColumn">The name of the id column, as in the input.</param>
    /// <param name="progress">Told every 50,000 rows how many are written (step <see cref="PipelineSteps.Writing"/>), or <see langword="null"/>.</param>
    public static void WriteAssignments(TextWriter writer, SegmentationRun run, string idColumn = "customer_id", IProgress<PipelineStepProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(idColumn);
        bool daily = run.Worklist is not null;
        string[] others = [.. run.Scorers.Where(s => s is not ChurnScorer and not ExpansionScorer)];
        string[] scorers = [ChurnScorer, ExpansionScorer, .. others];
        var header = new List<string> { idColumn, "segment_id", "segment" };
        header.AddRange(run.RuleDimensions);
        if (daily)
        {
            header.AddRange(["churn_risk", "churn_band", "expansion_potential", "expansion_band"]);
            header.AddRange(others.SelectMany(s => new[] { s + "_score", s + "_band" }));
            header.AddRange(["triggers", "action"]);
        }

        writer.WriteLine(string.Join(',', header.Select(CsvValues.Quote)));

        // Straight into pooled buffers, a block of rows at a time on every core: at 1,000,000 customers the per-row
        // strings and joins cost more than the writing.
        IReadOnlyList<SegmentAssignment> assignments = run.Assignments;
        // The daily step's assignments are read from their columns, not built per row (see DailyAssignments).
        var columns = assignments as DailyAssignments;
        int[] scorerColumns = columns is null ? [] : [.. scorers.Select(s => Array.IndexOf(columns.Facts.ScorerNames, s))];
        var scoreTexts = new ScoreText?[ScoreTexts];
        string[] actionFields = columns is null ? [] : [.. columns.Matches.Plans.Select(ActionField)];
        CsvRowBuffer.WriteBlocks(writer, CsvQuoting.Separators, writer.NewLine, assignments.Count, (csv, from, to) =>
        {
            for (int row = from; row < to; row++)
            {
                if (daily && columns is not null)
                {
                    WriteAssignment(csv, columns.Segments[row], null);
                    WriteDailyColumns(csv, columns, scorerColumns, row, scoreTexts);
                    csv.Fields(actionFields[columns.Matches.SetOf(row)]);
                }
                else
                {
                    WriteAssignment(csv, assignments[row], daily ? scorers : null);
                }

                csv.EndRow();
            }
        }, progress is null ? null : done => Report(progress, done, assignments.Count, "rows of assignments.csv"));
    }

    /// <summary>One row of assignments.csv; <paramref name="scorers"/> is <see langword="null"/> without a daily step.</summary>
    private static void WriteAssignment(CsvRowBuffer csv, SegmentAssignment a, string[]? scorers)
    {
        csv.Field(a.CustomerId);
        csv.Field(a.SegmentId);
        csv.Field(a.Segment);
        foreach (string ruleSegment in a.RuleSegments)
        {
            csv.Field(ruleSegment);
        }

        if (scorers is null)
        {
            return;
        }

        foreach (string scorer in scorers)
        {
            CustomerScore? score = a.ScoreOf(scorer);
            csv.Field(score is not null && double.IsFinite(score.Value) ? Math.Round(score.Value, 4) : null);
            csv.Field(score?.Band ?? string.Empty);
        }

        csv.JoinedField(a.Triggers);
        csv.BeginField();
        for (int i = 0; i < a.Actions.Count; i++)
        {
            PlannedAction action = a.Actions[i];
            AppendAction(csv, i > 0, action.Name, action.Owner, action.Due);
        }

        csv.EndField();
    }

    /// <summary>One entry of the action column: <c>Name (owner, due yyyy-MM-dd)</c>, after "; " when not the first.</summary>
    private static void AppendAction(CsvRowBuffer csv, bool separator, string name, OwnerRole owner, DateOnly due)
    {
        if (separator)
        {
            csv.Append("; ");
        }

        csv.Append(name).Append(" (").Append(PlaybookTerms.Name(owner)).Append(", due ").Append(due).Append(')');
    }

    /// <summary>
    /// The action column of every customer who matched <paramref name="plan"/>'s set of playbooks, formatted once per
    /// set: a million customers share a few dozen sets.
    /// </summary>
    private static string ActionField(ActionPlan plan) => CsvRowBuffer.Format(CsvQuoting.Separators, csv =>
    {
        csv.BeginField();
        for (int i = 0; i < plan.Count; i++)
        {
            (Playbook playbook, DateOnly due) = plan[i];
            AppendAction(csv, i > 0, playbook.Action.Name, playbook.Action.Owner, due);
        }

        csv.EndField();
    });

    /// <summary>The daily columns of one row of assignments.csv but the action column (<see cref="ActionField"/>), as <see cref="WriteAssignment"/> writes them, from the daily step's columns.</summary>
    private static void WriteDailyColumns(CsvRowBuffer csv, DailyAssignments columns, int[] scorerColumns, int row, ScoreText?[] scoreTexts)
    {
        DailyFacts facts = columns.Facts;
        foreach (int k in scorerColumns)
        {
            double value = k >= 0 ? facts.ScoreValue(k, row) : double.NaN;
            WriteScore(csv, double.IsFinite(value) ? Math.Round(value, 4) : null, scoreTexts);
            csv.Field(k >= 0 ? facts.BandText(k, row) ?? string.Empty : string.Empty);
        }

        csv.JoinedField(facts.Triggers(row));
    }

    /// <summary>How many scores between 0 and 1 rounded to four decimals there are (0, 0.0001, ..., 1).</summary>
    private const int ScoreTexts = 10_001;

    /// <summary>
    /// A score rounded to four decimals, its text formatted once per value: scores are mostly probabilities, so a
    /// million customers share at most 10,001 texts, and formatting a number is most of a score cell's cost.
    /// </summary>
    private static void WriteScore(CsvRowBuffer csv, double? rounded, ScoreText?[] texts)
    {
        if (rounded is not double value || !(value >= 0 && value <= 1))
        {
            csv.Field(rounded);
            return;
        }

        // Slots may be filled by several writers at once: each entry is one object, its text that of its own value.
        ref ScoreText? slot = ref texts[(int)Math.Round(value * (ScoreTexts - 1))];
        ScoreText? text = slot;
        if (text is null || BitConverter.DoubleToInt64Bits(text.Value) != BitConverter.DoubleToInt64Bits(value))
        {
            slot = text = new ScoreText(value, value.ToString(CultureInfo.InvariantCulture));
        }

        csv.Field(text.Text);
    }

    /// <summary>A rounded score and its text in assignments.csv.</summary>
    private sealed record ScoreText(double Value, string Text);

    /// <summary>Writes worklist.csv: the ranked rows that fit each role's capacity (columns: docs/playbooks.md).</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="run">The run.</param>
    /// <param name="progress">Told every 50,000 rows how many are written (step <see cref="PipelineSteps.Writing"/>), or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The run has no worklist (no daily step).</exception>
    public static void WriteWorklist(TextWriter writer, SegmentationRun run, IProgress<PipelineStepProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(writer);
        WorklistCsv.WriteRows(writer, [WorklistOf(run).Rows], (done, total) => Report(progress, done, total, "rows of worklist.csv"));
    }

    /// <summary>Writes worklist-overflow.csv: the rows that did not fit their role's capacity, same columns as worklist.csv.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="run">The run.</param>
    /// <param name="progress">Told every 50,000 rows how many are written (step <see cref="PipelineSteps.Writing"/>), or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The run has no worklist (no daily step).</exception>
    public static void WriteWorklistOverflow(TextWriter writer, SegmentationRun run, IProgress<PipelineStepProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(writer);
        WorklistCsv.WriteRows(writer, [.. WorklistOf(run).Overflow.Select(o => o.Rows)], (done, total) => Report(progress, done, total, "rows of worklist-overflow.csv"));
    }

    private static void Report(IProgress<PipelineStepProgress>? progress, int done, int total, string items)
    {
        if (progress is not null && (done % ProgressRows == 0 || done == total))
        {
            progress.Report(new PipelineStepProgress(PipelineSteps.Writing, done, total, items));
        }
    }

    /// <summary>Writes segments.json: every segment's id, name, size, share, outcome rate, value, engagement model, signature and feature summaries.</summary>
    public static void WriteSegments(Utf8JsonWriter json, SegmentationRun run)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(run);
        json.WriteStartObject();
        json.WriteStartArray("segments");
        foreach (SegmentProfile segment in run.Segments)
        {
            json.WriteStartObject();
            json.WriteNumber("id", segment.Id);
            json.WriteString("name", segment.Name);
            json.WriteNumber("size", segment.Size);
            json.WriteNumber("share", segment.Share);
            if (segment.OutcomeRate is double rate)
            {
                Number(json, "outcome_rate", rate);
            }

            if (segment.ValueFeature is string valueFeature)
            {
                json.WriteString("value_feature", valueFeature);
                Number(json, "average_value", segment.AverageValue ?? double.NaN);
            }

            if (segment.Engagement is EngagementModel engagement)
            {
                json.WriteString("engagement_model", Words(engagement));
            }

            json.WriteString("signature", segment.Signature);
            json.WriteStartArray("defining_features");
            foreach (FeatureSummary defining in segment.DefiningFeatures)
            {
                json.WriteStringValue(defining.Feature);
            }

            json.WriteEndArray();
            json.WriteStartObject("features");
            foreach (FeatureSummary feature in segment.Features)
            {
                json.WriteStartObject(feature.Feature);
                Number(json, "mean", feature.Mean);
                Number(json, "median", feature.Median);
                Number(json, "deviation", feature.Deviation);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();

        // "--k auto" only: whether the chosen segments passed the stability bar (see KSelectionResult.NoClearStructure).
        if (run.Model.Clusters is SelectedKModel selected)
        {
            json.WriteStartObject("structure");
            json.WriteBoolean("clear", !selected.Selection.NoClearStructure);
            json.WriteString("reason", selected.Selection.NoClearStructureReason ?? selected.Selection.Reason);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    /// <summary>
    /// Writes one line on the scorers trained in the run that the daily step of <paramref name="engine"/> uses (a
    /// configured scorer of the same name replaces one): the as-of date and each scorer's time-based holdout ROC AUC, as
    /// <c>segment run</c> prints it before the worklist. Writes nothing when no trained scorer is used.
    /// </summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="engine">The engine, as resolved from the container.</param>
    /// <param name="asOf">The run's as-of date (the outcomes the scorers learnt from end there).</param>
    public static void WriteTrainedScorers(TextWriter writer, SegmentationEngine engine, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(engine);
        IReadOnlyList<Scoring.InRun.TimeBasedModel> models = engine.Daily?.Trained ?? [];
        if (models.Count == 0)
        {
            return;
        }

        IEnumerable<string> parts = models.Select(m => m.Holdout is { } holdout
            ? string.Create(CultureInfo.InvariantCulture, $"{m.Name} {holdout.RocAuc:0.00}")
            : $"{m.Name} (no holdout)");
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Scorers trained in this run on outcomes up to {asOf:yyyy-MM-dd}, time-based holdout ROC AUC: {string.Join(", ", parts)}."));
    }

    /// <summary>
    /// Writes what a retrain did to the segment identities, for a person: how many segments kept their names, were
    /// renamed (the earlier name no longer holds), were born or died, and the splits and merges between them, as
    /// <c>segment run</c> prints it. Writes nothing when the run kept no identities (no retrain over earlier segments).
    /// </summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="result">The tracked run.</param>
    public static void WriteLineage(TextWriter writer, TrackedRunResult result)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(result);
        if (result.Identity is not Migration.IdentityMatch identity)
        {
            return;
        }

        SegmentationRun run = result.Run;
        string NameOf(int label) => run.Segments.FirstOrDefault(s => s.Id == label)?.Name ?? string.Create(CultureInfo.InvariantCulture, $"cluster {label}");
        // A matched segment keeps its earlier name only while the name still holds of it (SegmentNamer.Holds).
        KeyValuePair<int, string>[] renamed = [.. identity.NameByLabel.Where(m => NameOf(m.Key) != m.Value)];
        int kept = identity.NameByLabel.Count - renamed.Length;
        string[] born = [.. identity.Born.Select(NameOf)];
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Segment identities: {kept} kept their names, {renamed.Length} renamed, {born.Length} born, {identity.Died.Count} died."));
        foreach ((int label, string earlier) in renamed)
        {
            writer.WriteLine($"  renamed: {earlier} is now {NameOf(label)} (the earlier name no longer holds)");
        }

        foreach (string name in born)
        {
            writer.WriteLine($"  born: {name}");
        }

        foreach (string name in identity.Died)
        {
            writer.WriteLine($"  died: {name}");
        }

        foreach (Migration.LineageEdge edge in identity.Lineage)
        {
            string verb = edge.Kind == Migration.LineageKind.SplitFrom ? "split from" : "merged into";
            string subject = edge.Kind == Migration.LineageKind.SplitFrom ? $"{edge.To} {verb} {edge.From}" : $"{edge.From} {verb} {edge.To}";
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {subject} ({100 * edge.Share:0}% of {edge.From})"));
        }
    }

    /// <summary>An engagement model in words: <c>high-touch</c>, <c>mid-touch</c> or <c>tech-touch</c>.</summary>
    public static string Words(EngagementModel model) => model switch
    {
        EngagementModel.HighTouch => "high-touch",
        EngagementModel.MidTouch => "mid-touch",
        _ => "tech-touch",
    };

    private static Worklist WorklistOf(SegmentationRun run)
        => run.Worklist ?? throw new ArgumentException("The run has no worklist; give the engine DailyRunOptions (SegmentationEngine.Daily) or call SegmentationEngine.ScoreAndPlan first.", nameof(run));

    /// <summary>A JSON number, or null for NaN and infinities.</summary>
    private static void Number(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, value);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
