using System.Globalization;
using System.Net;
using System.Text;
using ScottPlot;

namespace Segmentation.Reporting;

/// <summary>
/// Writes the report: one HTML document with its styles inline and every chart an inline image (SVG, or PNG for a
/// map with many points), no script and nothing fetched, so it opens offline, in a mail client, and prints.
/// </summary>
internal static class HtmlReportWriter
{
    private const string Style = """
        :root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.45 "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; color: var(--ink); background: #fff; }
        header { padding: 20px 32px 8px; border-bottom: 1px solid var(--line); }
        header h1 { margin: 0 0 4px; font-size: 24px; }
        header p { margin: 0; color: var(--muted); }
        nav { padding: 8px 32px; border-bottom: 1px solid var(--line); background: var(--soft); font-size: 14px; }
        nav a { margin-right: 16px; color: #0b5cad; text-decoration: none; }
        main { max-width: 1280px; padding: 0 32px 48px; }
        section { padding: 18px 0 8px; border-bottom: 1px solid var(--line); }
        h2 { font-size: 20px; margin: 0 0 6px; }
        h3 { font-size: 16px; margin: 16px 0 6px; }
        p.lead { margin: 0 0 12px; color: var(--muted); max-width: 980px; }
        .cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0 12px; }
        .card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; min-width: 150px; background: var(--soft); }
        .card b { display: block; font-size: 22px; }
        .card span { color: var(--muted); font-size: 13px; }
        .warning { border-left: 4px solid #D55E00; background: #fff4ec; padding: 8px 12px; margin: 8px 0; max-width: 980px; }
        code { background: var(--soft); padding: 2px 5px; border-radius: 4px; font-size: 13px; }
        figure { margin: 8px 0 14px; }
        figure img { max-width: 100%; height: auto; display: block; border: 1px solid var(--line); border-radius: 4px; }
        figcaption { color: var(--muted); font-size: 13px; margin-top: 4px; max-width: 980px; }
        .row { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
        .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 12px; }
        table { border-collapse: collapse; margin: 6px 0 14px; font-size: 13px; }
        th, td { border-bottom: 1px solid var(--line); padding: 4px 10px; text-align: left; vertical-align: top; }
        th { background: var(--soft); }
        td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.d { white-space: nowrap; }
        .swatch { display: inline-block; width: 11px; height: 11px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; }
        .scroll { overflow-x: auto; }
        @media print {
          nav { display: none; }
          main { max-width: none; padding: 0 8mm; }
          section { break-inside: avoid-page; }
          figure, table { break-inside: avoid; }
          a { color: inherit; text-decoration: none; }
        }
        """;

    public static void Write(ReportModel model, Stream stream)
    {
        var html = new StringBuilder(64 * 1024);
        var sections = new List<(string Id, string Title)>();
        string body = Body(model, sections);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">\n");
        html.Append("<title>").Append(E(Title(model))).Append("</title>\n<style>\n").Append(Style).Append("\n</style>\n</head>\n<body>\n");
        html.Append("<header><h1>").Append(E(Title(model))).Append("</h1><p>")
            .Append(E($"{ReportFormat.Count(model.Customers)} customers in {ReportFormat.Count(model.Segments.Count)} segments"))
            .Append(model.AsOf is null ? string.Empty : E($", as of {model.AsOf}")).Append(".</p></header>\n<nav>");
        foreach ((string id, string title) in sections)
        {
            html.Append("<a href=\"#").Append(id).Append("\">").Append(E(title)).Append("</a>");
        }

        html.Append("</nav>\n<main>\n").Append(body).Append("</main>\n</body>\n</html>\n");
        byte[] bytes = new UTF8Encoding(false).GetBytes(html.ToString());
        stream.Write(bytes);
    }

    private static string Title(ReportModel model) => "Customer segments" + (model.AsOf is null ? string.Empty : $" on {model.AsOf}");

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    private static string Body(ReportModel model, List<(string Id, string Title)> sections)
    {
        var b = new StringBuilder();
        void Open(string id, string title, string lead)
        {
            sections.Add((id, title));
            b.Append("<section id=\"").Append(id).Append("\" data-section=\"").Append(id).Append("\">\n<h2>").Append(E(title)).Append("</h2>\n");
            b.Append("<p class=\"lead\">").Append(E(lead)).Append("</p>\n");
        }

        void Close() => b.Append("</section>\n");

        // 1. Overview.
        Open("overview", "Overview", "The run at a glance, and every segment with its size, value and outcome.");
        b.Append("<div class=\"cards\">");
        Card(b, ReportFormat.Count(model.Customers), "customers");
        Card(b, ReportFormat.Count(model.Segments.Count), "segments");
        if (model.TotalValue is double total)
        {
            Card(b, ReportFormat.Money(total), $"total {ReportFormat.ValueName(model.ValueFeature)}");
        }

        if (model.OutcomeRate is double outcome)
        {
            Card(b, ReportFormat.Percent(outcome), "outcome rate (all customers)");
        }

        if (model.Movement is ReportMovement moved)
        {
            Card(b, ReportFormat.Percent(moved.Stability), $"stayed in their segment since {moved.PreviousAsOf}");
        }

        if (model.NoiseShare is double noise)
        {
            Card(b, ReportFormat.Percent(noise), "outliers (DBSCAN noise)");
        }

        b.Append("</div>\n<p>");
        b.Append(E($"Date: {model.AsOf ?? "not given"} · Model: {model.ModelVersion ?? "not stored"} · Clustering: {model.Algorithm}"));
        b.Append("</p>\n");
        if (model.Command is not null)
        {
            b.Append("<p>Made by <code>").Append(E(model.Command)).Append("</code></p>\n");
        }

        if (model.Warning is not null)
        {
            b.Append("<div class=\"warning\"><b>No clear segment structure.</b> ").Append(E(model.Warning)).Append("</div>\n");
        }

        SegmentTable(b, model);
        Close();

        // 2. Segment map.
        if (model.Map is not null)
        {
            Open("map", "Segment map", "Each dot is a customer, placed by the two directions in which customers differ most (principal components of the scaled features the clustering used). Customers close together are alike; the diamonds mark the centre of each segment.");
            Chart(b, model, ReportChart.SegmentMap, "segment-map", $"Customers projected to 2-D (PCA on the model space). {MapNote(model.Map)}");
            Close();
        }

        // 3. Sizes and outcomes.
        Open("sizes", "Sizes and outcomes", "How many customers and how much value each segment holds, and how often its customers churn or expand compared with all customers.");
        b.Append("<div class=\"row\">");
        Chart(b, model, ReportChart.SegmentSizes, "segment-sizes", "Customers per segment (share of all customers).");
        Chart(b, model, ReportChart.SegmentValue, "segment-value", $"Total {ReportFormat.ValueName(model.ValueFeature)} per segment.");
        b.Append("</div>\n");
        Chart(b, model, ReportChart.SegmentRates, "segment-rates", "Rates per segment; the dashed line of the same colour is the rate over all customers. Observed: the outcome column of the input. Scored: the mean probability of the run's scorers.");
        Close();

        // 4. What defines each segment.
        if (model.Features.Count > 0)
        {
            Open("defines", "What defines each segment", "Orange: the segment is above the average customer on this feature; blue: below. The number is the distance from the average in standard deviations (±0.5 or more is what names a segment). The table below gives the segment averages in the features' own units.");
            Chart(b, model, ReportChart.Deviations, "deviations", "Deviation (z) of each feature's segment mean from the mean of all customers.");
            FeatureTable(b, model);
            Close();
        }

        // 5. How k was chosen.
        if (model.KSelection is ReportKSelection selection)
        {
            Open("k", "How the number of segments was chosen", $"Each candidate number of segments k was fitted and scored; k = {selection.Chosen} was chosen. {selection.Reason}");
            b.Append("<div class=\"grid\">");
            foreach (ReportCharts.KMetric metric in Enum.GetValues<ReportCharts.KMetric>())
            {
                Plot? plot = ReportCharts.Create(model, ReportChart.KSelection, metric);
                if (plot is not null)
                {
                    (int w, int h) = ReportCharts.Size(model, ReportChart.KSelection);
                    Figure(b, plot, w, h, "k-" + metric.ToString().ToLowerInvariant(), ReportCharts.Title(metric), svg: true);
                }
            }

            b.Append("</div>\n");
            Close();
        }

        // 6. Risk and actions.
        if (model.RiskScorer is not null || model.TopWorklist.Count > 0 || model.Capacity.Count > 0)
        {
            Open("risk", "Risk and actions", "Where the churn risk sits, the customers to act on first, and whether the team has the capacity for them.");
            Chart(b, model, ReportChart.RiskBySegment, "risk", $"Spread of the {model.RiskScorer} probability within each segment.");
            if (model.TopWorklist.Count > 0)
            {
                b.Append("<h3>").Append(E($"Top {model.TopWorklist.Count} of the worklist ({ReportFormat.Count(model.WorklistRows)} rows in worklist.csv)")).Append("</h3>\n");
                WorklistTable(b, model);
            }

            Chart(b, model, ReportChart.Capacity, "capacity", "Worklist rows per owner role: planned within capacity, and what did not fit (worklist-overflow.csv).");
            Close();
        }

        // 7. Movement.
        if (model.Movement is ReportMovement movement)
        {
            Open("movement", "Movement since the previous snapshot", $"{ReportFormat.Percent(movement.Stability)} of the customers present on both dates stayed in their segment between {movement.PreviousAsOf} and {model.AsOf}. Cells on the diagonal are customers who stayed, the others customers who moved; (new) and (gone) are customers who joined or left.");
            b.Append("<div class=\"row\">");
            Chart(b, model, ReportChart.MovementCustomers, "movement-customers", "Customers by segment then (rows) and now (columns).");
            Chart(b, model, ReportChart.MovementValue, "movement-value", $"{ReportFormat.ValueName(model.ValueFeature)} by segment then (rows) and now (columns).");
            b.Append("</div>\n");
            AlertTable(b, movement);
            Close();
        }

        // 8. Clustering details.
        if (model.Dendrogram is not null || model.NoiseShare is not null)
        {
            Open("clustering", "Clustering details", model.Dendrogram is not null
                ? "The hierarchical clustering merged customers step by step; the tree shows the last merges, where the segments join. Long vertical lines mean well separated groups."
                : "DBSCAN leaves customers in sparse regions out of every segment: they are outliers.");
            Chart(b, model, ReportChart.Dendrogram, "dendrogram", "Dendrogram truncated to the top merges.");
            if (model.NoiseShare is double share)
            {
                b.Append("<p>").Append(E($"Outliers (noise): {ReportFormat.Percent(share)} of the customers.")).Append("</p>\n");
            }

            Close();
        }

        return b.ToString();
    }

    private static string MapNote(ReportMap map) => map.X.Count < map.Total
        ? $"Drawn from an evenly spaced sample of {ReportFormat.Count(map.X.Count)} of the {ReportFormat.Count(map.Total)} customers."
        : $"All {ReportFormat.Count(map.Total)} customers are drawn.";

    private static void Card(StringBuilder b, string value, string label) =>
        b.Append("<div class=\"card\"><b>").Append(E(value)).Append("</b><span>").Append(E(label)).Append("</span></div>");

    private static void Chart(StringBuilder b, ReportModel model, ReportChart chart, string id, string caption)
    {
        Plot? plot = ReportCharts.Create(model, chart);
        if (plot is null)
        {
            return;
        }

        (int w, int h) = ReportCharts.Size(model, chart);
        Figure(b, plot, w, h, id, caption, svg: !ReportCharts.AsPng(model, chart));
    }

    private static void Figure(StringBuilder b, Plot plot, int width, int height, string id, string caption, bool svg)
    {
        using (plot)
        {
            string source = svg
                ? "data:image/svg+xml;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(plot.GetSvgXml(width, height)))
                : "data:image/png;base64," + Convert.ToBase64String(plot.GetImageBytes(width, height, ImageFormat.Png));
            b.Append("<figure class=\"chart\" data-chart=\"").Append(id).Append("\"><img alt=\"").Append(E(caption)).Append("\" width=\"")
                .Append(width.ToString(CultureInfo.InvariantCulture)).Append("\" height=\"").Append(height.ToString(CultureInfo.InvariantCulture))
                .Append("\" src=\"").Append(source).Append("\"><figcaption>").Append(E(caption)).Append("</figcaption></figure>\n");
        }
    }

    private static void SegmentTable(StringBuilder b, ReportModel model)
    {
        bool value = model.TotalValue is not null, outcome = model.Segments.Any(s => s.OutcomeRate is not null), engagement = model.Segments.Any(s => s.Engagement is not null);
        b.Append("<div class=\"scroll\"><table data-table=\"segments\"><thead><tr><th>Segment</th><th class=\"n\">Customers</th><th class=\"n\">Share</th>");
        if (value)
        {
            b.Append("<th class=\"n\">").Append(E(ReportFormat.ValueName(model.ValueFeature))).Append("</th><th class=\"n\">Share of ").Append(E(ReportFormat.ValueName(model.ValueFeature))).Append("</th>");
        }

        if (outcome)
        {
            b.Append("<th class=\"n\">Outcome rate</th>");
        }

        for (int j = 0; j < model.Scorers.Count; j++)
        {
            b.Append("<th class=\"n\">Mean ").Append(E(model.Scorers[j])).Append(" score</th>");
        }

        if (engagement)
        {
            b.Append("<th>Engagement</th>");
        }

        b.Append("</tr></thead><tbody>\n");
        for (int i = 0; i < model.Segments.Count; i++)
        {
            ReportSegment s = model.Segments[i];
            b.Append("<tr><td><span class=\"swatch\" style=\"background:").Append(ReportPalette.Segment(i, s.Id)).Append("\"></span>").Append(E(s.Name)).Append("</td>");
            Num(b, ReportFormat.Count(s.Customers));
            Num(b, ReportFormat.Percent((double)s.Customers / Math.Max(1, model.Customers)));
            if (value)
            {
                Num(b, ReportFormat.Money(s.Value));
                Num(b, ReportFormat.Percent(model.TotalValue > 0 ? s.Value / model.TotalValue : null));
            }

            if (outcome)
            {
                Num(b, ReportFormat.Percent(s.OutcomeRate));
            }

            foreach (double? score in s.MeanScores)
            {
                Num(b, ReportFormat.Percent(score));
            }

            if (engagement)
            {
                b.Append("<td>").Append(E(s.Engagement ?? "-")).Append("</td>");
            }

            b.Append("</tr>\n");
        }

        b.Append("</tbody></table></div>\n");
    }

    private static void Num(StringBuilder b, string text) => b.Append("<td class=\"n\">").Append(E(text)).Append("</td>");

    private static void FeatureTable(StringBuilder b, ReportModel model)
    {
        b.Append("<div class=\"scroll\"><table data-table=\"features\"><thead><tr><th>Segment (mean)</th>");
        foreach (string feature in model.Features)
        {
            b.Append("<th class=\"n\">").Append(E(feature)).Append("</th>");
        }

        b.Append("</tr></thead><tbody>\n");
        for (int i = 0; i < model.Segments.Count; i++)
        {
            ReportSegment s = model.Segments[i];
            b.Append("<tr><td><span class=\"swatch\" style=\"background:").Append(ReportPalette.Segment(i, s.Id)).Append("\"></span>").Append(E(s.Name)).Append("</td>");
            for (int j = 0; j < model.Features.Count; j++)
            {
                b.Append("<td class=\"n\" title=\"").Append(E($"{ReportFormat.Signed(s.Deviations[j])} sd from all customers")).Append("\">").Append(E(ReportFormat.Number(s.Means[j]))).Append("</td>");
            }

            b.Append("</tr>\n");
        }

        b.Append("<tr><td><b>All customers</b></td>");
        foreach (double? mean in model.PopulationMeans)
        {
            Num(b, ReportFormat.Number(mean));
        }

        b.Append("</tr>\n</tbody></table></div>\n");
    }

    private static void WorklistTable(StringBuilder b, ReportModel model)
    {
        b.Append("<div class=\"scroll\"><table data-table=\"worklist\"><thead><tr><th class=\"n\">#</th><th>Customer</th><th>Segment</th><th>Owner</th><th>Action</th><th>Due</th><th class=\"n\">")
            .Append(E(ReportFormat.ValueName(model.ValueFeature))).Append("</th><th class=\"n\">Churn</th><th>Why</th></tr></thead><tbody>\n");
        foreach (ReportWorkRow row in model.TopWorklist)
        {
            b.Append("<tr>");
            Num(b, ReportFormat.Count(row.Rank));
            b.Append("<td>").Append(E(row.Customer)).Append("</td><td>").Append(E(row.Segment)).Append("</td><td>").Append(E(row.Owner)).Append("</td><td>")
                .Append(E(row.Action)).Append("</td><td class=\"d\">").Append(E(row.Due)).Append("</td>");
            Num(b, ReportFormat.Money(row.Value));
            Num(b, ReportFormat.Percent(row.Churn));
            b.Append("<td>").Append(E(row.Reason)).Append("</td></tr>\n");
        }

        b.Append("</tbody></table></div>\n");
    }

    private static void AlertTable(StringBuilder b, ReportMovement movement)
    {
        if (movement.AlertCount == 0)
        {
            b.Append("<p>No alerts were raised.</p>\n");
            return;
        }

        b.Append("<h3>").Append(E(movement.AlertCount > movement.Alerts.Count
            ? $"Alerts: the first {movement.Alerts.Count} of {ReportFormat.Count(movement.AlertCount)} (all in alerts.csv)"
            : $"Alerts ({ReportFormat.Count(movement.AlertCount)})")).Append("</h3>\n");
        b.Append("<div class=\"scroll\"><table data-table=\"alerts\"><thead><tr><th>Rule</th><th>Customer</th><th>From</th><th>To</th><th class=\"n\">Value</th><th>Message</th></tr></thead><tbody>\n");
        foreach (ReportAlert alert in movement.Alerts)
        {
            b.Append("<tr><td>").Append(E(alert.Rule)).Append("</td><td>").Append(E(alert.Customer)).Append("</td><td>").Append(E(alert.From)).Append("</td><td>").Append(E(alert.To)).Append("</td>");
            Num(b, ReportFormat.Money(alert.Value));
            b.Append("<td>").Append(E(alert.Message)).Append("</td></tr>\n");
        }

        b.Append("</tbody></table></div>\n");
    }
}
