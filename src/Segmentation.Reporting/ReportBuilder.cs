using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using Segmentation.Clustering;
using Segmentation.Clustering.Hierarchical;
using Segmentation.Clustering.Selection;
using Segmentation.Migration;
using Segmentation.Pipeline;
using Segmentation.Playbooks;
using Segmentation.Profiling;

namespace Segmentation.Reporting;

/// <summary>Computes the report's numbers from a run: everything the charts need, nothing per customer but the map's sample.</summary>
internal static class ReportBuilder
{
    /// <summary>How many worklist rows the report lists.</summary>
    public const int TopWorklistRows = 25;

    /// <summary>How many alerts the report lists (the count says how many there were).</summary>
    public const int ListedAlerts = 50;

    /// <summary>How many merges the dendrogram keeps (the top of the tree).</summary>
    public const int DendrogramMerges = 29;

    public static ReportModel Build(SegmentationRun run, ReportOptions options)
    {
        IReadOnlyList<SegmentProfile> profiles = run.Segments;
        var indexById = new Dictionary<int, int>();
        for (int i = 0; i < profiles.Count; i++)
        {
            indexById[profiles[i].Id] = i;
        }

        int n = run.Assignments.Count;
        string? valueFeature = options.ValueFeature ?? profiles.Select(p => p.ValueFeature).FirstOrDefault(v => v is not null);
        int valueColumn = valueFeature is null ? -1 : run.RawFeatures.Schema.IndexOf(valueFeature);
        double[]? values = valueColumn >= 0 ? run.RawFeatures.Column(valueColumn) : null;

        var model = new ReportModel
        {
            AsOf = (options.AsOf ?? run.Worklist?.AsOf)?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ModelVersion = options.ModelVersion,
            Command = options.Command,
            Algorithm = run.Model.Clusters.Algorithm,
            Customers = n,
            ValueFeature = values is null ? null : valueFeature,
            Features = [.. run.RawFeatures.Schema.Names],
            Scorers = [.. run.Scorers],
        };

        // Per segment: customers, value, rates, deviations and means.
        var segmentValue = new double[profiles.Count];
        var scoreSums = new double[profiles.Count, run.Scorers.Count];
        var scoreCounts = new int[profiles.Count, run.Scorers.Count];
        int riskIndex = RiskScorerIndex(run.Scorers);
        var risk = new List<double>[profiles.Count];
        for (int i = 0; i < profiles.Count; i++)
        {
            // Sized for the segment: at 1,000,000 customers growing the lists by doubling cost more than filling them.
            risk[i] = new List<double>(riskIndex >= 0 ? profiles[i].Size : 0);
        }

        // Read from the run's columns: after a daily step each assignment read builds the customer's scores and actions.
        int scorers = run.Scorers.Count;
        for (int row = 0; row < n; row++)
        {
            if (!indexById.TryGetValue(run.SegmentIdOf(row), out int s))
            {
                continue;
            }

            if (values is not null && double.IsFinite(values[row]))
            {
                segmentValue[s] += values[row];
            }

            for (int j = 0; j < scorers; j++)
            {
                double score = run.ScoreOf(row, j);
                if (double.IsFinite(score))
                {
                    scoreSums[s, j] += score;
                    scoreCounts[s, j]++;
                    if (j == riskIndex)
                    {
                        risk[s].Add(score);
                    }
                }
            }
        }

        double outcomeWeighted = 0;
        int outcomeSize = 0;
        for (int i = 0; i < profiles.Count; i++)
        {
            SegmentProfile p = profiles[i];
            var segment = new ReportSegment
            {
                Id = p.Id,
                Name = p.Name,
                Customers = p.Size,
                Value = values is null ? null : segmentValue[i],
                OutcomeRate = Finite(p.OutcomeRate),
                Engagement = p.Engagement is EngagementModel e ? SegmentationRun.Words(e) : null,
            };
            foreach (string feature in model.Features)
            {
                FeatureSummary? summary = p.Features.FirstOrDefault(f => f.Feature == feature);
                segment.Deviations.Add(Finite(summary?.Deviation));
                segment.Means.Add(Finite(summary?.Mean));
            }

            for (int j = 0; j < run.Scorers.Count; j++)
            {
                segment.MeanScores.Add(scoreCounts[i, j] > 0 ? scoreSums[i, j] / scoreCounts[i, j] : null);
            }

            if (risk[i].Count > 0)
            {
                segment.Risk = FiveNumbers(risk[i]);
            }

            if (p.OutcomeRate is double rate && double.IsFinite(rate))
            {
                outcomeWeighted += rate * p.Size;
                outcomeSize += p.Size;
            }

            model.Segments.Add(segment);
        }

        model.TotalValue = values is null ? null : segmentValue.Sum();
        model.OutcomeRate = outcomeSize > 0 ? outcomeWeighted / outcomeSize : null;
        model.RiskScorer = riskIndex >= 0 ? run.Scorers[riskIndex] : null;
        for (int j = 0; j < run.Scorers.Count; j++)
        {
            double sum = 0;
            int count = 0;
            for (int i = 0; i < profiles.Count; i++)
            {
                sum += scoreSums[i, j];
                count += scoreCounts[i, j];
            }

            model.PopulationScores.Add(count > 0 ? sum / count : null);
        }

        // Every feature's total in one pass over the rows (each still summed in row order), not a copy of each column.
        int features = run.RawFeatures.ColumnCount;
        var totals = new double[features];
        var counts = new int[features];
        for (int i = 0; i < run.RawFeatures.RowCount; i++)
        {
            ReadOnlySpan<double> row = run.RawFeatures.Row(i);
            for (int j = 0; j < features; j++)
            {
                if (double.IsFinite(row[j]))
                {
                    totals[j] += row[j];
                    counts[j]++;
                }
            }
        }

        for (int j = 0; j < features; j++)
        {
            model.PopulationMeans.Add(counts[j] > 0 ? totals[j] / counts[j] : null);
        }

        model.Map = BuildMap(run, indexById, options.MaxMapPoints);
        AddClusteringDetails(model, run.Model.Clusters, n, indexById);
        AddWorklist(model, run.Worklist);
        model.Movement = BuildMovement(options);
        return model;
    }

    /// <summary>The churn scorer when there is one, else the first scorer; -1 without scorers.</summary>
    private static int RiskScorerIndex(IReadOnlyList<string> scorers)
    {
        for (int i = 0; i < scorers.Count; i++)
        {
            if (scorers[i].Contains("churn", StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return scorers.Count > 0 ? 0 : -1;
    }

    private static double? Finite(double? value) => value is double v && double.IsFinite(v) ? v : null;

    /// <summary>Minimum, quartiles and maximum (linear interpolation between order statistics).</summary>
    internal static List<double> FiveNumbers(List<double> values)
    {
        values.Sort();
        return [values[0], Quantile(values, 0.25), Quantile(values, 0.5), Quantile(values, 0.75), values[^1]];
    }

    private static double Quantile(List<double> sorted, double q)
    {
        double position = q * (sorted.Count - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, sorted.Count - 1);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }

    /// <summary>
    /// Evenly spaced rows (every n/m-th, so the same run always draws the same picture), put in model space and
    /// projected on the two leading principal components of that sample. Signs are fixed so that each component's
    /// largest loading is positive.
    /// </summary>
    internal static ReportMap? BuildMap(SegmentationRun run, Dictionary<int, int> indexById, int maxPoints)
    {
        int n = run.Assignments.Count;
        if (n == 0)
        {
            return null;
        }

        int m = Math.Min(n, Math.Max(1, maxPoints));
        int d = run.Model.Preprocessing.OutputColumnCount;
        var points = new double[m * d];
        var rowOf = new int[m];
        for (int i = 0; i < m; i++)
        {
            int row = (int)((long)i * n / m);
            rowOf[i] = row;
            run.Model.Preprocessing.Transform(run.RawFeatures.Row(row), points.AsSpan(i * d, d));
        }

        var mean = new double[d];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < d; j++)
            {
                mean[j] += points[(i * d) + j] / m;
            }
        }

        Matrix<double> covariance = Matrix<double>.Build.Dense(d, d);
        for (int i = 0; i < m; i++)
        {
            for (int a = 0; a < d; a++)
            {
                double da = points[(i * d) + a] - mean[a];
                for (int b = a; b < d; b++)
                {
                    covariance[a, b] += da * (points[(i * d) + b] - mean[b]);
                }
            }
        }

        for (int a = 0; a < d; a++)
        {
            for (int b = a; b < d; b++)
            {
                covariance[a, b] /= Math.Max(1, m - 1);
                covariance[b, a] = covariance[a, b];
            }
        }

        var evd = covariance.Evd(Symmetricity.Symmetric);
        double[] eigenvalues = [.. evd.EigenValues.Select(c => c.Real)];
        int[] order = [.. Enumerable.Range(0, d).OrderByDescending(i => eigenvalues[i])];
        double totalVariance = Math.Max(eigenvalues.Where(v => v > 0).Sum(), double.Epsilon);
        double[][] components = new double[2][];
        for (int c = 0; c < 2; c++)
        {
            components[c] = new double[d];
            if (c < d)
            {
                Vector<double> column = evd.EigenVectors.Column(order[c]);
                int strongest = 0;
                for (int j = 0; j < d; j++)
                {
                    if (Math.Abs(column[j]) > Math.Abs(column[strongest]))
                    {
                        strongest = j;
                    }
                }

                double sign = column[strongest] < 0 ? -1 : 1;
                for (int j = 0; j < d; j++)
                {
                    components[c][j] = sign * column[j];
                }
            }
        }

        var map = new ReportMap
        {
            Total = n,
            Pc1Share = d > 0 ? Math.Max(0, eigenvalues[order[0]]) / totalVariance : 0,
            Pc2Share = d > 1 ? Math.Max(0, eigenvalues[order[1]]) / totalVariance : 0,
        };
        for (int i = 0; i < m; i++)
        {
            double x = 0, y = 0;
            for (int j = 0; j < d; j++)
            {
                double centred = points[(i * d) + j] - mean[j];
                x += centred * components[0][j];
                y += centred * components[1][j];
            }

            map.X.Add((float)Math.Round(x, 3));
            map.Y.Add((float)Math.Round(y, 3));
            map.Segment.Add(indexById.GetValueOrDefault(run.SegmentIdOf(rowOf[i]), -1));
        }

        return map;
    }

    private static void AddClusteringDetails(ReportModel model, IClusterModel clusters, int n, Dictionary<int, int> indexById)
    {
        if (clusters is SelectedKModel selected)
        {
            SelectedKModel selection = selected;
            model.KSelection = new ReportKSelection
            {
                Chosen = selection.RecommendedK,
                Reason = selection.Reason,
                Rows = [.. selection.Evaluations.Select(e => new ReportKRow(e.K, Finite(e.Silhouette), Finite(e.CalinskiHarabasz), Finite(e.DaviesBouldin), Finite(e.Elbow), Finite(e.Stability)))],
            };
            model.Warning = selection.NoClearStructureReason;
        }

        if (clusters.Algorithm.Contains("dbscan", StringComparison.OrdinalIgnoreCase) && n > 0)
        {
            model.NoiseShare = (double)clusters.Labels.Count(l => l < 0) / clusters.Labels.Count;
        }

        if (clusters is HierarchicalModel hierarchical)
        {
            model.Dendrogram = Truncate(hierarchical);
        }

        _ = indexById;
    }

    /// <summary>The last <see cref="DendrogramMerges"/> merges; the subtrees below them become leaves with their sizes.</summary>
    internal static ReportDendrogram? Truncate(HierarchicalModel model)
    {
        int n = model.Labels.Count;
        IReadOnlyList<int> left = model.MergeLeft;
        IReadOnlyList<int> right = model.MergeRight;
        int count = left.Count;
        if (count == 0)
        {
            return null;
        }

        int keep = Math.Min(DendrogramMerges, count);
        int first = count - keep;
        var leafIds = new Dictionary<int, int>();
        var result = new ReportDendrogram { LeafCount = n };

        // Children of the kept merges that are not kept merges themselves are the truncated tree's leaves.
        int SizeOf(int id) => id < n ? 1 : model.MergeSizes[id - n];
        for (int i = first; i < count; i++)
        {
            foreach (int child in (ReadOnlySpan<int>)[left[i], right[i]])
            {
                if (child < n + first && !leafIds.ContainsKey(child))
                {
                    leafIds[child] = leafIds.Count;
                    result.LeafSizes.Add(SizeOf(child));
                }
            }
        }

        int leaves = result.LeafSizes.Count;
        int Map(int id) => id < n + first ? leafIds[id] : leaves + (id - n - first);
        for (int i = first; i < count; i++)
        {
            result.Merges.Add(new ReportMerge(Map(left[i]), Map(right[i]), model.MergeHeights[i]));
        }

        return result;
    }

    private static void AddWorklist(ReportModel model, Worklist? worklist)
    {
        if (worklist is null)
        {
            return;
        }

        model.WorklistRows = worklist.Rows.Count;
        model.TopWorklist = [.. worklist.Rows.Take(TopWorklistRows).Select(r => new ReportWorkRow(
            r.Rank, r.CustomerId, r.Segment, PlaybookSet.NameOf(r.Owner), r.Action.Name, r.Due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.Why, r.Value, r.Priority, r.ChurnProbability))];
        foreach (OwnerRole role in Enum.GetValues<OwnerRole>())
        {
            // Counted, not enumerated (which builds every row and its actions: at 1,000,000 customers a tenth of a second
            // per role on the report's thread).
            int planned = worklist.CountFor(role);
            RoleOverflow? overflow = worklist.OverflowFor(role);
            if (planned == 0 && overflow is null)
            {
                continue;
            }

            model.Capacity.Add(new ReportCapacity(PlaybookSet.NameOf(role), planned, overflow?.Capacity, overflow?.Count ?? 0, overflow?.Value ?? 0));
        }
    }

    private static ReportMovement? BuildMovement(ReportOptions options)
    {
        if (options.Transitions is not SegmentTransitions transitions)
        {
            return null;
        }

        IReadOnlyList<SegmentAlert> alerts = options.Alerts ?? [];
        return new ReportMovement
        {
            PreviousAsOf = options.PreviousAsOf?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty,
            Stability = transitions.Stability,
            Flows = [.. transitions.Transitions.Select(t => new ReportFlow(t.From, t.To, t.Customers, Finite(t.Value)))],
            AlertCount = alerts.Count,
            Alerts = [.. alerts.Take(ListedAlerts).Select(a => new ReportAlert(a.Rule, a.CustomerId, a.From, a.To, Finite(a.Value), a.Message))],
        };
    }
}
