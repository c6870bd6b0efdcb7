using PuppeteerSharp;
using SkiaSharp;

namespace Segmentation.Reporting.Tests.Browser;

/// <summary>The sample's report.html opened in headless Chromium: loads cleanly, offline, with every chart drawn.</summary>
[Collection(SampleReportsCollection.Name)]
public sealed class ReportBrowserTests(SampleReports reports, BrowserFixture browser)
{
    /// <summary>The charts of the first run (k chosen with --k auto) and of the second (movement since the first).</summary>
    private static readonly string[] CommonCharts = ["segment-map", "segment-sizes", "segment-value", "segment-rates", "deviations", "risk", "capacity"];

    public static TheoryData<string> Runs => new() { "first", "second" };

    private string ReportOf(string run) => Path.Combine(reports.Directory, run, "report.html");

    private async Task<(IPage Page, List<string> Errors, List<string> Requests)> OpenAsync(string run)
    {
        IPage page = await browser.Browser.NewPageAsync();
        await page.SetViewportAsync(new ViewPortOptions { Width = 1366, Height = 900 });
        var errors = new List<string>();
        var requests = new List<string>();
        page.Console += (_, e) =>
        {
            if (e.Message.Type == ConsoleType.Error)
            {
                errors.Add(e.Message.Text);
            }
        };
        page.PageError += (_, e) => errors.Add(e.Message);
        page.RequestFailed += (_, e) => errors.Add($"request failed: {e.Request.Url}");
        page.Request += (_, e) => requests.Add(e.Request.Url);
        await page.GoToAsync(new Uri(ReportOf(run)).AbsoluteUri, WaitUntilNavigation.Load);
        return (page, errors, requests);
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public async Task Report_OpenedInChromium_HasNoConsoleErrorsAndRequestsNothingButItself(string run)
    {
        (IPage page, List<string> errors, List<string> requests) = await OpenAsync(run);
        await using (page)
        {
            Assert.True(errors.Count == 0, "console errors: " + string.Join(" | ", errors));
            string self = new Uri(ReportOf(run)).AbsoluteUri;
            string[] other = [.. requests.Where(r => r != self && !r.StartsWith("data:", StringComparison.Ordinal))];
            Assert.True(other.Length == 0, "requests other than the file itself: " + string.Join(", ", other));
            Assert.Contains(self, requests);
        }
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public async Task Report_OpenedInChromium_EveryChartIsPresentAndDrawn(string run)
    {
        (IPage page, _, _) = await OpenAsync(run);
        await using (page)
        {
            ChartState[] charts = await page.EvaluateExpressionAsync<ChartState[]>(
                "Array.from(document.querySelectorAll('figure.chart')).map(f => { const i = f.querySelector('img'); " +
                "return { id: f.dataset.chart, complete: !!i && i.complete, width: i ? i.naturalWidth : 0, height: i ? i.naturalHeight : 0, shownWidth: i ? i.getBoundingClientRect().width : 0 }; })");
            string[] expected = run == "first"
                ? [.. CommonCharts, "k-silhouette", "k-calinskiharabasz", "k-daviesbouldin", "k-elbow", "k-stability"]
                : [.. CommonCharts, "movement-customers", "movement-value"];
            Assert.Equal(expected.Order(), charts.Select(c => c.Id).Order());
            foreach (ChartState chart in charts)
            {
                Assert.True(chart.Complete && chart.Width > 100 && chart.Height > 100 && chart.ShownWidth > 100, $"chart '{chart.Id}' is not drawn: {chart}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public async Task Report_OpenedInChromium_EverySectionScreenshotIsNotBlank(string run)
    {
        (IPage page, _, _) = await OpenAsync(run);
        await using (page)
        {
            IElementHandle[] sections = await page.QuerySelectorAllAsync("section");
            Assert.True(sections.Length >= 5, $"only {sections.Length} sections");
            foreach (IElementHandle section in sections)
            {
                string id = await section.EvaluateFunctionAsync<string>("e => e.id");
                byte[] png = await section.ScreenshotDataAsync();
                (int distinct, double commonest) = Colours(png);
                Assert.True(distinct >= 24 && commonest < 0.97, $"section '{id}' looks blank: {distinct} distinct colours, the commonest covers {commonest:P0}");
            }
        }
    }

    /// <summary>Distinct colours and the share of the commonest one, over every pixel.</summary>
    internal static (int Distinct, double Commonest) Colours(byte[] png)
    {
        using SKBitmap bitmap = SKBitmap.Decode(png) ?? throw new InvalidOperationException("not a PNG");
        var counts = new Dictionary<uint, int>();
        foreach (SKColor pixel in bitmap.Pixels)
        {
            counts[(uint)pixel] = counts.GetValueOrDefault((uint)pixel) + 1;
        }

        return (counts.Count, (double)counts.Values.Max() / (bitmap.Width * bitmap.Height));
    }

    public sealed record ChartState(string Id, bool Complete, int Width, int Height, double ShownWidth);
}
