using ScottPlot;
using Segmentation.Pipeline;

namespace Segmentation.Reporting;

/// <summary>
/// One self-contained HTML report per run (inline styles and images, no script, nothing fetched from the network), and
/// any of its charts alone as PNG or SVG for a host app (an email, a Slack message).
/// </summary>
/// <example>
/// <code>
/// ReportData data = SegmentationReport.Build(run, new ReportOptions { AsOf = today });
/// using (FileStream file = File.Create("report.html")) SegmentationReport.WriteHtml(data, file);
/// byte[] png = SegmentationReport.RenderChartPng(data, ReportChart.SegmentMap);
/// </code>
/// </example>
public static class SegmentationReport
{
    /// <summary>Computes what the report draws from <paramref name="run"/>; deterministic for the same run and options.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="run"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="ReportOptions.MaxMapPoints"/> is below 1.</exception>
    public static ReportData Build(SegmentationRun run, ReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        options ??= new ReportOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxMapPoints, 1, nameof(options));
        return new ReportData(ReportBuilder.Build(run, options));
    }

    /// <summary>Writes the report as one HTML document (UTF-8) to <paramref name="stream"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void WriteHtml(ReportData data, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(stream);
        HtmlReportWriter.Write(data.Model, stream);
    }

    /// <summary>Renders one chart as a PNG image.</summary>
    /// <param name="data">The report data.</param>
    /// <param name="chart">The chart; see <see cref="ReportData.Charts"/> for those the run has.</param>
    /// <param name="width">The width in pixels; 0 for the chart's size in the report.</param>
    /// <param name="height">The height in pixels; 0 for the chart's size in the report.</param>
    /// <exception cref="InvalidOperationException">The run has no data for this chart (the message says why).</exception>
    public static byte[] RenderChartPng(ReportData data, ReportChart chart, int width = 0, int height = 0)
    {
        (Plot plot, int w, int h) = Prepare(data, chart, width, height);
        using (plot)
        {
            return plot.GetImageBytes(w, h, ImageFormat.Png);
        }
    }

    /// <summary>Renders one chart as an SVG document.</summary>
    /// <inheritdoc cref="RenderChartPng" />
    public static string RenderChartSvg(ReportData data, ReportChart chart, int width = 0, int height = 0)
    {
        (Plot plot, int w, int h) = Prepare(data, chart, width, height);
        using (plot)
        {
            return plot.GetSvgXml(w, h);
        }
    }

    private static (Plot Plot, int Width, int Height) Prepare(ReportData data, ReportChart chart, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        Plot plot = ReportCharts.Create(data.Model, chart)
            ?? throw new InvalidOperationException($"This run has no data for the {chart} chart (it has: {string.Join(", ", data.Charts)}); pick one of those.");
        (int w, int h) = ReportCharts.Size(data.Model, chart);
        return (plot, width > 0 ? width : w, height > 0 ? height : h);
    }
}
