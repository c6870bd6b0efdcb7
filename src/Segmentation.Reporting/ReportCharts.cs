using System.Globalization;
using ScottPlot;
using ScottPlot.Plottables;

namespace Segmentation.Reporting;

/// <summary>Draws each chart of the report with ScottPlot; <see langword="null"/> when the run has nothing for it.</summary>
internal static class ReportCharts
{
    /// <summary>Above this many points the map is embedded as PNG: an SVG circle per customer would weigh too much.</summary>
    public const int MaxSvgMapPoints = 4_000;

    /// <summary>
    /// Whether the chart is embedded as PNG: only a map with many points.
    /// </summary>
    public static bool AsPng(ReportModel model, ReportChart chart) => chart switch
    {
        ReportChart.SegmentMap => (model.Map?.X.Count ?? 0) > MaxSvgMapPoints,
        _ => false,
    };

    private const float FontSize = 13;

    /// <summary>The chart's natural size in pixels for the report.</summary>
    public static (int Width, int Height) Size(ReportModel model, ReportChart chart)
    {
        int rows = Math.Max(1, model.Segments.Count);
        return chart switch
        {
            ReportChart.SegmentMap => (1000, 640),
            ReportChart.SegmentSizes or ReportChart.SegmentValue => (560, 90 + (rows * 34)),
            ReportChart.SegmentRates => (900, 150 + (rows * Math.Max(1, RateSeries(model).Count) * 26)),
            ReportChart.Deviations => (Math.Max(700, 420 + (model.Features.Count * 80)), 210 + (rows * 40)),
            ReportChart.KSelection => (330, 240),
            ReportChart.RiskBySegment => (900, 90 + (rows * 36)),
            ReportChart.Capacity => (900, 110 + (model.Capacity.Count * 44)),
            ReportChart.MovementCustomers or ReportChart.MovementValue => (Math.Max(560, 380 + (MovementLabels(model).To.Count * 115)), 230 + (MovementLabels(model).From.Count * 40)),
            ReportChart.Dendrogram => (900, 380),
            _ => (800, 450),
        };
    }

    /// <summary>The chart, or <see langword="null"/> when the run has no data for it. <paramref name="metric"/> picks the k-selection panel.</summary>
    public static Plot? Create(ReportModel model, ReportChart chart, KMetric metric = KMetric.Silhouette) => chart switch
    {
        ReportChart.SegmentMap => Map(model),
        ReportChart.SegmentSizes => SegmentBars(model, s => s.Customers, "Customers", v => ReportFormat.Count((int)Math.Round(v)), chart),
        ReportChart.SegmentValue => model.TotalValue is null ? null : SegmentBars(model, s => s.Value ?? 0, $"{ReportFormat.ValueName(model.ValueFeature)} (sum)", v => ReportFormat.Money(v), chart),
        ReportChart.SegmentRates => Rates(model),
        ReportChart.Deviations => Deviations(model),
        ReportChart.KSelection => KSelection(model, metric),
        ReportChart.RiskBySegment => Risk(model),
        ReportChart.Capacity => Capacity(model),
        ReportChart.MovementCustomers => Movement(model, byValue: false),
        ReportChart.MovementValue => Movement(model, byValue: true),
        ReportChart.Dendrogram => Dendrogram(model),
        _ => null,
    };

    private static Plot NewPlot()
    {
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        plot.Axes.Bottom.TickLabelStyle.FontSize = FontSize;
        plot.Axes.Left.TickLabelStyle.FontSize = FontSize;
        plot.Axes.Bottom.Label.FontSize = FontSize + 1;
        plot.Axes.Left.Label.FontSize = FontSize + 1;
        plot.Axes.Title.Label.FontSize = FontSize + 3;
        plot.Grid.MajorLineColor = Color.FromHex("#E5E5E5");
        return plot;
    }

    private static Color Hex(string hex) => Color.FromHex(hex);

    /// <summary>Segment i is drawn at height rows-1-i so that the first segment is at the top, as in the tables.</summary>
    private static double Row(ReportModel model, int i) => model.Segments.Count - 1 - i;

    private static void SegmentTicks(Plot plot, ReportModel model)
    {
        double[] positions = [.. Enumerable.Range(0, model.Segments.Count).Select(i => Row(model, i))];
        plot.Axes.Left.SetTicks(positions, [.. model.Segments.Select(s => s.Name)]);
        plot.Axes.Left.MajorTickStyle.Length = 0;
    }

    private static Plot? Map(ReportModel model)
    {
        if (model.Map is not ReportMap map || map.X.Count == 0)
        {
            return null;
        }

        Plot plot = NewPlot();
        var centres = new List<(int Segment, double X, double Y)>();
        for (int s = 0; s < model.Segments.Count; s++)
        {
            var xs = new List<double>();
            var ys = new List<double>();
            for (int i = 0; i < map.X.Count; i++)
            {
                if (map.Segment[i] == s)
                {
                    xs.Add(map.X[i]);
                    ys.Add(map.Y[i]);
                }
            }

            if (xs.Count == 0)
            {
                continue;
            }

            Markers markers = plot.Add.Markers(xs.ToArray(), ys.ToArray(), MarkerShape.FilledCircle, map.X.Count > 5_000 ? 3 : 5, Hex(ReportPalette.Segment(s, model.Segments[s].Id)).WithAlpha(0.55));
            markers.LegendText = model.Segments[s].Name;
            centres.Add((s, xs.Average(), ys.Average()));
        }

        foreach ((int s, double x, double y) in centres)
        {
            Marker centre = plot.Add.Marker(x, y, MarkerShape.FilledDiamond, 14, Hex(ReportPalette.Segment(s, model.Segments[s].Id)));
            centre.MarkerLineColor = Colors.White;
            centre.MarkerLineWidth = 1.5f;
            Text label = plot.Add.Text(model.Segments[s].Name, x, y);
            label.LabelFontSize = FontSize;
            label.LabelBold = true;
            label.LabelBackgroundColor = Colors.White.WithAlpha(0.85);
            label.LabelBorderColor = Hex(ReportPalette.Segment(s, model.Segments[s].Id));
            label.LabelBorderWidth = 1;
            label.LabelPadding = 3;
            label.LabelAlignment = Alignment.LowerCenter;
            label.OffsetY = -9;
        }

        string sample = map.X.Count < map.Total
            ? $"a sample of {ReportFormat.Count(map.X.Count)} of {ReportFormat.Count(map.Total)} customers"
            : $"all {ReportFormat.Count(map.Total)} customers";
        plot.Title($"Segment map: {sample}");
        plot.XLabel($"Main direction of difference ({ReportFormat.Percent(map.Pc1Share)} of the variation)");
        plot.YLabel($"Second direction ({ReportFormat.Percent(map.Pc2Share)})");

        // Only relative positions mean something on a projection: no tick numbers; room around the points for the labels.
        plot.Axes.Bottom.TickLabelStyle.IsVisible = false;
        plot.Axes.Left.TickLabelStyle.IsVisible = false;
        plot.Axes.Margins(0.12, 0.1);
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    private static Plot SegmentBars(ReportModel model, Func<ReportSegment, double> value, string label, Func<double, string> text, ReportChart chart)
    {
        Plot plot = NewPlot();
        double max = model.Segments.Count == 0 ? 1 : Math.Max(1e-9, model.Segments.Max(value));
        var bars = new List<Bar>();
        for (int i = 0; i < model.Segments.Count; i++)
        {
            ReportSegment segment = model.Segments[i];
            double v = value(segment);
            bars.Add(new Bar { Position = Row(model, i), Value = v, FillColor = Hex(ReportPalette.Segment(i, segment.Id)), Size = 0.7 });
            string shown = chart == ReportChart.SegmentSizes
                ? $"{text(v)} ({ReportFormat.Percent((double)segment.Customers / Math.Max(1, model.Customers))})"
                : text(v);
            Text t = plot.Add.Text(shown, v + (max * 0.01), Row(model, i));
            t.LabelFontSize = FontSize - 1;
            t.LabelAlignment = Alignment.MiddleLeft;
        }

        BarPlot barPlot = plot.Add.Bars(bars);
        barPlot.Horizontal = true;
        SegmentTicks(plot, model);
        plot.Axes.SetLimitsX(0, max * 1.5);
        plot.XLabel(label);
        plot.Axes.Bottom.TickLabelStyle.IsVisible = false;
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Bottom.MinorTickStyle.Length = 0;
        plot.Grid.XAxisStyle.IsVisible = false;
        plot.Grid.YAxisStyle.IsVisible = false;
        return plot;
    }

    /// <summary>The rate series the report has: the outcome rate, then each scorer's mean.</summary>
    internal static List<(string Name, Func<ReportSegment, double?> Value, double? Population)> RateSeries(ReportModel model)
    {
        var series = new List<(string, Func<ReportSegment, double?>, double?)>();
        if (model.Segments.Any(s => s.OutcomeRate is not null))
        {
            series.Add(("Outcome rate (observed)", s => s.OutcomeRate, model.OutcomeRate));
        }

        for (int j = 0; j < model.Scorers.Count; j++)
        {
            int index = j;
            series.Add(($"Mean {model.Scorers[j]} probability (scored)", s => index < s.MeanScores.Count ? s.MeanScores[index] : null, index < model.PopulationScores.Count ? model.PopulationScores[index] : null));
        }

        return series;
    }

    private static Plot? Rates(ReportModel model)
    {
        List<(string Name, Func<ReportSegment, double?> Value, double? Population)> series = RateSeries(model);
        if (series.Count == 0)
        {
            return null;
        }

        Plot plot = NewPlot();
        double width = 0.8 / series.Count;
        double max = 0.01;
        for (int k = 0; k < series.Count; k++)
        {
            var bars = new List<Bar>();
            Color colour = Hex(ReportPalette.Series(k));
            for (int i = 0; i < model.Segments.Count; i++)
            {
                if (series[k].Value(model.Segments[i]) is not double v)
                {
                    continue;
                }

                double position = Row(model, i) + 0.4 - (width * (k + 0.5));
                bars.Add(new Bar { Position = position, Value = v, FillColor = colour, Size = width * 0.9 });
                Text t = plot.Add.Text(ReportFormat.Percent(v), v, position);
                t.LabelFontSize = FontSize - 2;
                t.LabelAlignment = Alignment.MiddleLeft;
                max = Math.Max(max, v);
            }

            BarPlot barPlot = plot.Add.Bars(bars);
            barPlot.Horizontal = true;
            barPlot.LegendText = series[k].Name;
            if (series[k].Population is double population)
            {
                VerticalLine line = plot.Add.VerticalLine(population, 2, colour, LinePattern.Dashed);
                line.LegendText = $"All customers: {ReportFormat.Percent(population)}";
                max = Math.Max(max, population);
            }
        }

        SegmentTicks(plot, model);
        plot.Axes.SetLimitsX(0, max * 1.2);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = v => ReportFormat.Percent(v) };
        plot.XLabel("Share of the segment's customers (dashed: all customers)");
        plot.ShowLegend(Edge.Bottom);
        plot.Grid.YAxisStyle.IsVisible = false;
        return plot;
    }

    private static Plot? Deviations(ReportModel model)
    {
        int rows = model.Segments.Count, columns = model.Features.Count;
        if (rows == 0 || columns == 0)
        {
            return null;
        }

        var z = new double[rows, columns];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                z[i, j] = model.Segments[i].Deviations[j] ?? 0;
            }
        }

        Plot plot = NewPlot();
        IColormap colours = Colormap.FromColors(Color.FromHex(ReportPalette.Diverging), true);
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                Cell(plot, j, Row(model, i), colours.GetColor((Math.Clamp(z[i, j], -2, 2) + 2) / 4));
                Text t = plot.Add.Text(ReportFormat.Signed(model.Segments[i].Deviations[j]), j, Row(model, i));
                t.LabelFontSize = FontSize - 1;
                t.LabelAlignment = Alignment.MiddleCenter;
                t.LabelFontColor = Math.Abs(z[i, j]) > 1.4 ? Colors.White : Colors.Black;
            }
        }

        SegmentTicks(plot, model);
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, columns).Select(j => (double)j)], [.. model.Features]);
        plot.Axes.Bottom.TickLabelStyle.Rotation = 35;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 140;
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Grid.IsVisible = false;
        plot.Axes.SetLimits(-0.5, columns - 0.5, -0.5, rows - 0.5);
        return plot;
    }

    /// <summary>One cell of a matrix chart, centred on (x, y), drawn as a rectangle so it stays crisp at any size.</summary>
    private static void Cell(Plot plot, double x, double y, Color colour)
    {
        ScottPlot.Plottables.Rectangle cell = plot.Add.Rectangle(x - 0.5, x + 0.5, y - 0.5, y + 0.5);
        cell.FillColor = colour;
        cell.LineColor = Colors.White;
        cell.LineWidth = 1;
    }

    /// <summary>A panel of the k-selection chart.</summary>
    internal enum KMetric
    {
        Silhouette,
        CalinskiHarabasz,
        DaviesBouldin,
        Elbow,
        Stability,
    }

    internal static string Title(KMetric metric) => metric switch
    {
        KMetric.Silhouette => "Silhouette (higher is better)",
        KMetric.CalinskiHarabasz => "Calinski-Harabasz (higher is better)",
        KMetric.DaviesBouldin => "Davies-Bouldin (lower is better)",
        KMetric.Elbow => "Elbow: bend of the inertia curve",
        _ => "Stability on resamples (higher is better)",
    };

    private static Plot? KSelection(ReportModel model, KMetric metric)
    {
        if (model.KSelection is not ReportKSelection selection || selection.Rows.Count == 0)
        {
            return null;
        }

        Func<ReportKRow, double?> value = metric switch
        {
            KMetric.Silhouette => r => r.Silhouette,
            KMetric.CalinskiHarabasz => r => r.CalinskiHarabasz,
            KMetric.DaviesBouldin => r => r.DaviesBouldin,
            KMetric.Elbow => r => r.Elbow,
            _ => r => r.Stability,
        };
        ReportKRow[] rows = [.. selection.Rows.Where(r => value(r) is not null)];
        if (rows.Length == 0)
        {
            return null;
        }

        Plot plot = NewPlot();
        VerticalLine chosen = plot.Add.VerticalLine(selection.Chosen, 2, Hex(ReportPalette.Series(1)), LinePattern.Dashed);
        chosen.LegendText = $"chosen k = {selection.Chosen}";
        Scatter line = plot.Add.Scatter(rows.Select(r => (double)r.K).ToArray(), rows.Select(r => value(r)!.Value).ToArray(), Hex(ReportPalette.Series(0)));
        line.MarkerSize = 8;
        line.LineWidth = 2;
        plot.Title(Title(metric), FontSize);
        plot.XLabel("k (number of segments)");
        plot.Axes.Bottom.SetTicks([.. rows.Select(r => (double)r.K)], [.. rows.Select(r => r.K.ToString(CultureInfo.InvariantCulture))]);
        plot.ShowLegend(Alignment.UpperRight);
        plot.Legend.FontSize = FontSize - 2;
        return plot;
    }

    private static Plot? Risk(ReportModel model)
    {
        if (model.RiskScorer is null || model.Segments.All(s => s.Risk.Count != 5))
        {
            return null;
        }

        Plot plot = NewPlot();
        for (int i = 0; i < model.Segments.Count; i++)
        {
            List<double> r = model.Segments[i].Risk;
            if (r.Count != 5)
            {
                continue;
            }

            // ScottPlot 5.1 draws box plots upright only; a horizontal box is a whisker line, a rectangle and a median line.
            double y = Row(model, i);
            Color colour = Hex(ReportPalette.Segment(i, model.Segments[i].Id));
            LinePlot whisker = plot.Add.Line(r[0], y, r[4], y);
            whisker.Color = Colors.Black;
            whisker.LineWidth = 1.5f;
            foreach (double end in (double[])[r[0], r[4]])
            {
                LinePlot cap = plot.Add.Line(end, y - 0.15, end, y + 0.15);
                cap.Color = Colors.Black;
                cap.LineWidth = 1.5f;
            }

            ScottPlot.Plottables.Rectangle box = plot.Add.Rectangle(r[1], r[3], y - 0.3, y + 0.3);
            box.FillColor = colour.WithAlpha(0.75);
            box.LineColor = Colors.Black;
            box.LineWidth = 1.5f;
            LinePlot median = plot.Add.Line(r[2], y - 0.3, r[2], y + 0.3);
            median.Color = Colors.Black;
            median.LineWidth = 3;
        }

        int scorer = model.Scorers.IndexOf(model.RiskScorer);
        if (scorer >= 0 && scorer < model.PopulationScores.Count && model.PopulationScores[scorer] is double mean)
        {
            VerticalLine line = plot.Add.VerticalLine(mean, 2, Colors.Black, LinePattern.Dashed);
            line.LegendText = $"Mean over all customers: {ReportFormat.Percent(mean)}";
            plot.ShowLegend(Alignment.LowerRight);
        }

        SegmentTicks(plot, model);
        plot.Axes.SetLimitsX(0, 1);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = v => ReportFormat.Percent(v) };
        plot.XLabel($"{model.RiskScorer} probability (box: middle half of the segment; line: median; whiskers: range)");
        plot.Grid.YAxisStyle.IsVisible = false;
        return plot;
    }

    private static Plot? Capacity(ReportModel model)
    {
        if (model.Capacity.Count == 0)
        {
            return null;
        }

        Plot plot = NewPlot();
        int n = model.Capacity.Count;
        var planned = new List<Bar>();
        var over = new List<Bar>();
        double max = 1;
        for (int i = 0; i < n; i++)
        {
            ReportCapacity c = model.Capacity[i];
            double y = n - 1 - i;
            planned.Add(new Bar { Position = y, Value = c.Planned, FillColor = Hex(ReportPalette.Series(0)), Size = 0.6 });
            if (c.Overflow > 0)
            {
                over.Add(new Bar { Position = y, ValueBase = c.Planned, Value = c.Planned + c.Overflow, FillColor = Hex(ReportPalette.Series(5)), Size = 0.6 });
            }

            string text = c.Capacity is int capacity
                ? $"{ReportFormat.Count(c.Planned)} planned of {ReportFormat.Count(capacity)}" + (c.Overflow > 0 ? $", {ReportFormat.Count(c.Overflow)} over capacity (ARR {ReportFormat.Money(c.OverflowValue)})" : string.Empty)
                : $"{ReportFormat.Count(c.Planned)} planned (no capacity limit)";
            Text t = plot.Add.Text(text, c.Planned + c.Overflow, y);
            t.LabelFontSize = FontSize - 1;
            t.LabelAlignment = Alignment.MiddleLeft;
            max = Math.Max(max, c.Planned + c.Overflow);
            if (c.Capacity is int limit)
            {
                plot.Add.Line(limit, y - 0.4, limit, y + 0.4).LineWidth = 3;
            }
        }

        BarPlot plannedBars = plot.Add.Bars(planned);
        plannedBars.Horizontal = true;
        plannedBars.LegendText = "Planned (within capacity)";
        if (over.Count > 0)
        {
            BarPlot overBars = plot.Add.Bars(over);
            overBars.Horizontal = true;
            overBars.LegendText = "Over capacity (worklist-overflow.csv)";
        }

        plot.Axes.Left.SetTicks([.. Enumerable.Range(0, n).Select(i => (double)(n - 1 - i))], [.. model.Capacity.Select(c => c.Owner)]);
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.SetLimits(0, max * 1.9, -0.6, n - 0.4);
        plot.XLabel("Accounts (black mark: capacity)");
        plot.ShowLegend(Edge.Bottom);
        plot.Grid.YAxisStyle.IsVisible = false;
        return plot;
    }

    /// <summary>The rows (from) and columns (to) of the movement matrix: segments in report order, then any others ((new), (gone), retired names).</summary>
    internal static (List<string> From, List<string> To) MovementLabels(ReportModel model)
    {
        if (model.Movement is not ReportMovement movement)
        {
            return ([], []);
        }

        List<string> Order(IEnumerable<string> names)
        {
            var set = names.ToHashSet(StringComparer.Ordinal);
            var ordered = model.Segments.Select(s => s.Name).Where(set.Contains).ToList();
            ordered.AddRange(set.Where(n => !ordered.Contains(n, StringComparer.Ordinal)).Order(StringComparer.Ordinal));
            return ordered;
        }

        return (Order(movement.Flows.Select(f => f.From)), Order(movement.Flows.Select(f => f.To)));
    }

    private static Plot? Movement(ReportModel model, bool byValue)
    {
        if (model.Movement is not ReportMovement movement || movement.Flows.Count == 0 || (byValue && movement.Flows.All(f => f.Value is null)))
        {
            return null;
        }

        (List<string> from, List<string> to) = MovementLabels(model);
        var grid = new double[from.Count, to.Count];
        foreach (ReportFlow flow in movement.Flows)
        {
            grid[from.IndexOf(flow.From), to.IndexOf(flow.To)] += byValue ? flow.Value ?? 0 : flow.Customers;
        }

        double max = Math.Max(1e-9, grid.Cast<double>().Max());
        var shade = new double[from.Count, to.Count];
        for (int i = 0; i < from.Count; i++)
        {
            for (int j = 0; j < to.Count; j++)
            {
                // A square root keeps the small moves visible beside the large "stayed" cells.
                shade[i, j] = Math.Sqrt(grid[i, j] / max);
            }
        }

        Plot plot = NewPlot();
        IColormap colours = Colormap.FromColors(Color.FromHex(ReportPalette.Sequential), true);
        for (int i = 0; i < from.Count; i++)
        {
            for (int j = 0; j < to.Count; j++)
            {
                Cell(plot, j, from.Count - 1 - i, colours.GetColor(shade[i, j]));
                if (grid[i, j] == 0)
                {
                    continue;
                }

                Text t = plot.Add.Text(byValue ? ReportFormat.Money(grid[i, j]) : ReportFormat.Count((int)grid[i, j]), j, from.Count - 1 - i);
                t.LabelFontSize = FontSize - 1;
                t.LabelAlignment = Alignment.MiddleCenter;
                t.LabelFontColor = shade[i, j] > 0.55 ? Colors.White : Colors.Black;
                t.LabelBold = i < from.Count && j < to.Count && from[i] != to[j];
            }
        }

        plot.Axes.Left.SetTicks([.. Enumerable.Range(0, from.Count).Select(i => (double)(from.Count - 1 - i))], [.. from]);
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, to.Count).Select(j => (double)j)], [.. to]);
        plot.Axes.Bottom.TickLabelStyle.Rotation = 30;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 150;
        plot.Axes.Right.MinimumSize = 110;
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Grid.IsVisible = false;
        plot.Axes.SetLimits(-0.5, to.Count - 0.5, -0.5, from.Count - 0.5);
        plot.Title(byValue ? $"{ReportFormat.ValueName(model.ValueFeature)} moved: from (rows) to (columns)" : "Customers moved: from (rows) to (columns)", FontSize + 1);
        plot.YLabel($"On {movement.PreviousAsOf}");
        plot.XLabel($"On {model.AsOf}");
        return plot;
    }

    private static Plot? Dendrogram(ReportModel model)
    {
        if (model.Dendrogram is not ReportDendrogram tree || tree.Merges.Count == 0)
        {
            return null;
        }

        int leaves = tree.LeafSizes.Count;
        var x = new double[leaves + tree.Merges.Count];
        var y = new double[leaves + tree.Merges.Count];

        // Leaves left to right in the order a walk from the root meets them.
        int next = 0;
        var stack = new Stack<int>();
        stack.Push(leaves + tree.Merges.Count - 1);
        var leafOrder = new List<int>();
        while (stack.TryPop(out int node))
        {
            if (node < leaves)
            {
                x[node] = next++;
                leafOrder.Add(node);
                continue;
            }

            ReportMerge merge = tree.Merges[node - leaves];
            stack.Push(merge.B);
            stack.Push(merge.A);
        }

        Plot plot = NewPlot();
        Color colour = Hex(ReportPalette.Series(0));
        for (int i = 0; i < tree.Merges.Count; i++)
        {
            ReportMerge merge = tree.Merges[i];
            int id = leaves + i;
            x[id] = (x[merge.A] + x[merge.B]) / 2;
            y[id] = merge.Height;
            foreach ((double x1, double y1, double x2, double y2) in new[] { (x[merge.A], y[merge.A], x[merge.A], merge.Height), (x[merge.A], merge.Height, x[merge.B], merge.Height), (x[merge.B], merge.Height, x[merge.B], y[merge.B]) })
            {
                LinePlot line = plot.Add.Line(x1, y1, x2, y2);
                line.Color = colour;
                line.LineWidth = 2;
            }
        }

        plot.Axes.Bottom.SetTicks([.. leafOrder.Select(l => x[l])], [.. leafOrder.Select(l => $"({ReportFormat.Count(tree.LeafSizes[l])})")]);
        plot.Axes.Bottom.TickLabelStyle.Rotation = 60;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 70;
        plot.XLabel($"The top {ReportFormat.Count(tree.Merges.Count)} merges of {ReportFormat.Count(tree.LeafCount)} customers; (n) = customers below");
        plot.YLabel("Merge height (distance)");
        plot.Grid.XAxisStyle.IsVisible = false;
        return plot;
    }
}
