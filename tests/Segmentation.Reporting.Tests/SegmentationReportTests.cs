using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Segmentation.Migration;
using Segmentation.Pipeline;
using Segmentation.Samples;

namespace Segmentation.Reporting.Tests;

/// <summary>The public API a host app uses: build the data from a run, write the HTML, render one chart.</summary>
public sealed class SegmentationReportTests
{
    private static readonly Lazy<SegmentationRun> Run = new(() =>
    {
        FeatureMatrix features = SampleCustomer.Features().Extract(SampleCustomer.Generate(600, seed: 3), SampleCustomer.DefaultAsOf, c => c.Id);
        var options = new SegmentationOptions { ValueFeature = "arr" };
        return new SegmentationEngine(Segmentation.Clustering.Clusterers.KMeans(new Segmentation.Clustering.KMeans.KMeansOptions { K = 4, Seed = 1 }), options).Run(features);
    });

    [Fact]
    public void RenderChartPng_SegmentMapOfARun_ReturnsAPngOfTheRequestedSize()
    {
        ReportData data = SegmentationReport.Build(Run.Value);

        byte[] png = SegmentationReport.RenderChartPng(data, ReportChart.SegmentMap, 640, 400);

        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.Equal(640, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
        Assert.Equal(400, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
        (int distinct, double commonest) = Browser.ReportBrowserTests.Colours(png);
        Assert.True(distinct > 50 && commonest < 0.95, $"the map looks blank: {distinct} colours, commonest {commonest:P0}");
    }

    [Fact]
    public void RenderChartPng_ChartWithoutData_ThrowsNamingTheChartsThereAre()
    {
        ReportData data = SegmentationReport.Build(Run.Value);

        var error = Assert.Throws<InvalidOperationException>(() => SegmentationReport.RenderChartPng(data, ReportChart.MovementCustomers));

        Assert.Contains("MovementCustomers", error.Message, StringComparison.Ordinal);
        Assert.Contains("SegmentMap", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_SameRunTwice_GivesTheSameDocument()
    {
        Assert.Equal(SegmentationReport.Build(Run.Value).ToJson(), SegmentationReport.Build(Run.Value).ToJson());
    }

    [Fact]
    public void Build_MoreCustomersThanMapPoints_SamplesTheMapAndSaysSo()
    {
        ReportData data = SegmentationReport.Build(Run.Value, new ReportOptions { MaxMapPoints = 150 });

        Assert.Equal(150, data.Model.Map!.X.Count);
        Assert.Equal(600, data.Model.Map.Total);
        string html = Html(data);
        Assert.Contains("sample of 150 of the 600 customers", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_SegmentsAndSizes_AreTheRunsOwn()
    {
        ReportData data = SegmentationReport.Build(Run.Value);

        Assert.Equal(Run.Value.Segments.Select(s => s.Name), data.Segments);
        Assert.Equal(Run.Value.Assignments.Count, data.Model.Segments.Sum(s => s.Customers));
        Assert.Equal(Run.Value.RawFeatures.Column("arr").Sum(), data.Model.TotalValue!.Value, 6);
    }

    [Fact]
    public void FromJson_OfToJson_KeepsEverythingTheReportDraws()
    {
        ReportData data = SegmentationReport.Build(Run.Value, new ReportOptions { AsOf = new DateOnly(2026, 10, 31), ModelVersion = "m1", Command = "segment run" });

        ReportData again = ReportData.FromJson(data.ToJson());

        Assert.Equal(data.ToJson(), again.ToJson());
        Assert.Equal(data.Charts, again.Charts);
        Assert.Equal(new DateOnly(2026, 10, 31), again.AsOf);
        Assert.Equal("m1", again.ModelVersion);
    }

    [Fact]
    public void FromJson_NewerFormat_ThrowsSayingToUpgrade()
    {
        var error = Assert.Throws<FormatException>(() => ReportData.FromJson("{\"format\": 99}"));

        Assert.Contains("newer version", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteHtml_Report_HasNoScriptAndNoExternalReference()
    {
        string html = Html(SegmentationReport.Build(Run.Value));

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("data:image/svg+xml;base64,", html, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteHtml_Movement_ShowsStabilityAndAlerts()
    {
        var before = new SegmentSnapshot(new DateOnly(2026, 9, 30), "m1", Run.Value.Assignments.Select(a => new CustomerSnapshot(a.CustomerId, Run.Value.Segments[0].Name, 1000)));
        var after = new SegmentSnapshot(new DateOnly(2026, 10, 31), "m1", Run.Value.Assignments.Select(a => new CustomerSnapshot(a.CustomerId, a.Segment, 1000)));
        SegmentTransitions transitions = SegmentTransitions.Compute(before, after);
        var alert = new SegmentAlert("into at-risk", Run.Value.Assignments[0].CustomerId, "a", "b", 12_345, "moved");

        string html = Html(SegmentationReport.Build(Run.Value, new ReportOptions { Transitions = transitions, PreviousAsOf = before.AsOf, Alerts = [alert] }));

        Assert.Contains("data-chart=\"movement-customers\"", html, StringComparison.Ordinal);
        Assert.Contains(ReportFormat.Percent(transitions.Stability), html, StringComparison.Ordinal);
        Assert.Contains("12,345", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_HierarchicalRun_DrawsTheTopOfTheDendrogram()
    {
        FeatureMatrix features = SampleCustomer.Features().Extract(SampleCustomer.Generate(300, seed: 5), SampleCustomer.DefaultAsOf, c => c.Id);
        SegmentationRun run = new SegmentationEngine(Segmentation.Clustering.Clusterers.Hierarchical(new Segmentation.Clustering.Hierarchical.HierarchicalOptions { K = 4 })).Run(features);

        ReportData data = SegmentationReport.Build(run);

        Assert.Contains(ReportChart.Dendrogram, data.Charts);
        Assert.Equal(ReportBuilder.DendrogramMerges, data.Model.Dendrogram!.Merges.Count);
        Assert.Equal(300, data.Model.Dendrogram.LeafSizes.Sum());
        Assert.Contains("data-chart=\"dendrogram\"", Html(data), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_DbscanRun_ReportsTheOutlierShare()
    {
        FeatureMatrix features = SampleCustomer.Features().Extract(SampleCustomer.Generate(300, seed: 5), SampleCustomer.DefaultAsOf, c => c.Id);
        SegmentationRun run = new SegmentationEngine(Segmentation.Clustering.Clusterers.Dbscan(new Segmentation.Clustering.Dbscan.DbscanOptions { Eps = 1.5, MinPoints = 5 })).Run(features);
        double expected = (double)run.Model.Clusters.Labels.Count(l => l < 0) / 300;

        ReportData data = SegmentationReport.Build(run);

        Assert.Equal(expected, data.Model.NoiseShare);
        Assert.Contains($"Outliers (noise): {ReportFormat.Percent(expected)}", Html(data), StringComparison.Ordinal);
    }

    [Property]
    public Property FiveNumbers_AnyValues_AreOrdered(NonEmptyArray<NormalFloat> values)
    {
        List<double> five = ReportBuilder.FiveNumbers([.. values.Get.Select(v => v.Get)]);
        return (five.Count == 5 && five.Zip(five.Skip(1)).All(p => p.First <= p.Second)).ToProperty();
    }

    private static string Html(ReportData data)
    {
        using var stream = new MemoryStream();
        SegmentationReport.WriteHtml(data, stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
