using System.Globalization;
using Segmentation.Profiling;
using Spectre.Console;

namespace Segmentation.Cli.Output;

/// <summary>The short segment summary printed by <c>segment run</c>, and its Markdown twin in report.md.</summary>
internal static class SegmentTable
{
    private const int DefiningFeaturesShown = 3;

    public static void Write(TextWriter output, IReadOnlyList<SegmentProfile> segments, FeatureSchema schema)
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(output),
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 120;
        bool hasOutcome = segments.Any(s => s.OutcomeRate is not null);
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("Segment");
        table.AddColumn(new TableColumn("Customers").RightAligned());
        table.AddColumn(new TableColumn("Share").RightAligned());
        if (hasOutcome)
        {
            table.AddColumn(new TableColumn("Outcome rate").RightAligned());
        }

        bool hasEngagement = segments.Any(s => s.Engagement is not null);
        if (hasEngagement)
        {
            table.AddColumn("Engagement");
        }

        table.AddColumn("Defining features (segment mean vs all)");
        foreach (SegmentProfile segment in segments)
        {
            var cells = new List<string>
            {
                Markup.Escape(segment.Name),
                segment.Size.ToString("N0", CultureInfo.InvariantCulture),
                segment.Share.ToString("P0", CultureInfo.InvariantCulture),
            };
            if (hasOutcome)
            {
                cells.Add(segment.OutcomeRate is double rate && double.IsFinite(rate) ? rate.ToString("P0", CultureInfo.InvariantCulture) : "-");
            }

            if (hasEngagement)
            {
                cells.Add(segment.Engagement is EngagementModel e ? Words(e) : "-");
            }

            cells.Add(Markup.Escape(Describe(segment)));
            table.AddRow([.. cells]);
        }

        console.Write(table);
    }

    public static void WriteMarkdown(TextWriter output, IReadOnlyList<SegmentProfile> segments)
    {
        output.WriteLine("# Segmentation report");
        output.WriteLine();
        string value = segments.Select(s => s.ValueFeature).FirstOrDefault(v => v is not null) ?? "value";
        output.WriteLine($"| Segment | Customers | Share | Outcome rate | Average {value} | Engagement | Defining features |");
        output.WriteLine("|---|---:|---:|---:|---:|---|---|");
        foreach (SegmentProfile s in segments)
        {
            string rate = s.OutcomeRate is double r && double.IsFinite(r) ? r.ToString("P1", CultureInfo.InvariantCulture) : "-";
            string average = s.AverageValue is double a && double.IsFinite(a) ? FormatValue(a) : "-";
            string engagement = s.Engagement is EngagementModel e ? Words(e) : "-";
            output.WriteLine($"| {s.Name} | {s.Size.ToString(CultureInfo.InvariantCulture)} | {s.Share.ToString("P1", CultureInfo.InvariantCulture)} | {rate} | {average} | {engagement} | {Describe(s).Replace("|", "/", StringComparison.Ordinal)} |");
        }
    }

    /// <summary>"high-touch", "mid-touch", "tech-touch".</summary>
    public static string Words(EngagementModel model) => Pipeline.SegmentationRun.Words(model);

    /// <summary>"arr 182,300 (+2.1 sd), tickets 90d 5.2 (+1.4 sd)".</summary>
    private static string Describe(SegmentProfile segment)
    {
        if (segment.Size == 0)
        {
            // A stored model's segment that nobody falls into today: no mean to describe.
            return "no customers on this date";
        }

        IEnumerable<string> parts = segment.DefiningFeatures.Take(DefiningFeaturesShown)
            .Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Feature} {FormatValue(f.Mean)} ({f.Deviation:+0.0;-0.0} sd)"));
        string text = string.Join(", ", parts);
        return text.Length == 0 ? "close to the average on every feature" : text;
    }

    private static string FormatValue(double value) =>
        Math.Abs(value) >= 1000 ? value.ToString("N0", CultureInfo.InvariantCulture) : value.ToString("0.##", CultureInfo.InvariantCulture);
}
