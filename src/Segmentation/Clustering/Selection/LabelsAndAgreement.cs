using Segmentation.Clustering.KMeans;
using Segmentation.Clustering.Quality;
using Segmentation.Kernels;

namespace Segmentation.Clustering.Selection;

/// <summary>
/// What k selection needs from predicting every customer's segment: each candidate's labels on all customers, and
/// for each bootstrap resample's fit its agreement (adjusted Rand index) with them.
/// </summary>
/// <remarks>
/// When every fit is k-means (the default), all of it comes from one pass over the customers: each tile of rows is
/// read and packed once and scored against every fit's centres (<see cref="DistanceKernels.FindNearestEach"/>, the
/// labels <see cref="KMeansModel.Predict(FeatureMatrix)"/> gives), and the resample labels are only counted into one
/// small contingency table per resample, never stored. Row chunks run in parallel; the tables are integer counts, so
/// the sums do not depend on the threads. Other clusterers predict one model at a time.
/// </remarks>
internal sealed class LabelsAndAgreement
{
    /// <summary>Rows per parallel chunk (a multiple of every tile width).</summary>
    private const int ChunkRows = 4096;

    private readonly FeatureMatrix _data;

    /// <summary>Per candidate and resample, k × k pair counts (candidate label, resample label), or null without the shared pass.</summary>
    private readonly long[]?[][]? _tables;

    private LabelsAndAgreement(FeatureMatrix data, IReadOnlyList<int>?[] labels, long[]?[][]? tables)
    {
        _data = data;
        Labels = labels;
        _tables = tables;
    }

    /// <summary>Per candidate, every customer's label (the fit's own labels when it was fitted on every customer); null when its fit failed.</summary>
    public IReadOnlyList<int>?[] Labels { get; }

    /// <summary>The labels and agreement tables of the selection's fits (candidate c's fit at c · (1 + resamples), its resamples after it).</summary>
    public static LabelsAndAgreement Of(FeatureMatrix data, IReadOnlyList<IClusterModel?> fits, int count, int resamples, bool sampled, CancellationToken cancellationToken)
    {
        var labels = new IReadOnlyList<int>?[count];
        bool allKMeans = fits.All(f => f is null or KMeansModel);
        if (!allKMeans)
        {
            for (int c = 0; c < count; c++)
            {
                IClusterModel? model = fits[c * (1 + resamples)];
                labels[c] = model is null ? null : sampled ? model.Predict(data) : model.Labels;
            }

            return new LabelsAndAgreement(data, labels, null);
        }

        // The centre sets scored in the pass: each candidate's (when its labels are predicted), then its resamples'.
        var panels = new List<CenterPanel<double>>();
        var candidatePanel = new int[count];
        var resamplePanel = new int[count][];
        var resampleClusters = new int[count][];
        var tables = new long[]?[count][];
        for (int c = 0; c < count; c++)
        {
            var model = (KMeansModel?)fits[c * (1 + resamples)];
            candidatePanel[c] = -1;
            resamplePanel[c] = new int[resamples];
            resampleClusters[c] = new int[resamples];
            tables[c] = new long[]?[resamples];
            if (model is null)
            {
                Array.Fill(resamplePanel[c], -1);
                continue;
            }

            if (sampled)
            {
                candidatePanel[c] = panels.Count;
                panels.Add(model.Panel);
                labels[c] = new int[data.RowCount];
            }
            else
            {
                labels[c] = model.Labels;
            }

            for (int b = 0; b < resamples; b++)
            {
                var resample = (KMeansModel?)fits[(c * (1 + resamples)) + 1 + b];
                resamplePanel[c][b] = resample is null ? -1 : panels.Count;
                if (resample is not null)
                {
                    panels.Add(resample.Panel);
                    resampleClusters[c][b] = resample.ClusterCount;
                    tables[c][b] = new long[model.ClusterCount * resample.ClusterCount];
                }
            }
        }

        if (panels.Count > 0)
        {
            Count(data, labels, panels, candidatePanel, resamplePanel, resampleClusters, tables, sampled, cancellationToken);
        }

        return new LabelsAndAgreement(data, labels, tables);
    }

    /// <summary>The adjusted Rand index between candidate <paramref name="c"/>'s labels and those <paramref name="model"/> (its resample <paramref name="b"/>) gives every customer.</summary>
    public double Agreement(int c, int b, IClusterModel model)
    {
        IReadOnlyList<int> reference = Labels[c]!;
        if (_tables?[c][b] is not long[] table)
        {
            return SegmentationAgreement.AdjustedRandIndex(reference, model.Predict(_data));
        }

        int columns = model.ClusterCount;
        int rows = table.Length / columns;
        var rowSums = new long[rows];
        var columnSums = new long[columns];
        for (int a = 0; a < rows; a++)
        {
            for (int x = 0; x < columns; x++)
            {
                rowSums[a] += table[(a * columns) + x];
                columnSums[x] += table[(a * columns) + x];
            }
        }

        return SegmentationAgreement.AdjustedRandIndex(table, rowSums, columnSums, reference.Count);
    }

    private static void Count(
        FeatureMatrix data, IReadOnlyList<int>?[] labels, List<CenterPanel<double>> panels, int[] candidatePanel, int[][] resamplePanel,
        int[][] resampleClusters, long[]?[][] tables, bool sampled, CancellationToken cancellationToken)
    {
        int n = data.RowCount;
        int d = data.ColumnCount;
        double[] values = data.ValuesArray;
        // The candidates' labels as arrays (k-means keeps its own as one; predicted ones are filled in the pass).
        int[]?[] references = [.. labels.Select(l => l as int[] ?? (l is null ? null : [.. l]))];
        KernelPath path = DistanceKernels.BestPath;
        int chunks = (n + ChunkRows - 1) / ChunkRows;
        var gate = new object();
        Parallel.For(
            0,
            chunks,
            new ParallelOptions { CancellationToken = cancellationToken },
            () => (Buffer: new int[panels.Count * ChunkRows], Tables: tables.Select(t => t.Select(table => table is null ? null : new long[table.Length]).ToArray()).ToArray()),
            (chunk, _, local) =>
            {
                int first = chunk * ChunkRows;
                int rows = Math.Min(ChunkRows, n - first);
                Span<int> buffer = local.Buffer.AsSpan(0, panels.Count * rows);
                DistanceKernels.FindNearestEach<double>(values.AsSpan(first * d, rows * d), d, panels, buffer, path);
                for (int c = 0; c < labels.Length; c++)
                {
                    if (labels[c] is null)
                    {
                        continue;
                    }

                    ReadOnlySpan<int> reference;
                    if (sampled)
                    {
                        reference = buffer.Slice(candidatePanel[c] * rows, rows);
                        reference.CopyTo(references[c]!.AsSpan(first, rows));
                    }
                    else
                    {
                        reference = references[c]!.AsSpan(first, rows);
                    }

                    for (int b = 0; b < resamplePanel[c].Length; b++)
                    {
                        if (resamplePanel[c][b] < 0)
                        {
                            continue;
                        }

                        long[] table = local.Tables[c][b]!;
                        int columns = resampleClusters[c][b];
                        ReadOnlySpan<int> other = buffer.Slice(resamplePanel[c][b] * rows, rows);
                        for (int i = 0; i < rows; i++)
                        {
                            table[(reference[i] * columns) + other[i]]++;
                        }
                    }
                }

                return local;
            },
            local =>
            {
                lock (gate)
                {
                    for (int c = 0; c < tables.Length; c++)
                    {
                        for (int b = 0; b < tables[c].Length; b++)
                        {
                            if (tables[c][b] is long[] total)
                            {
                                long[] part = local.Tables[c][b]!;
                                for (int cell = 0; cell < total.Length; cell++)
                                {
                                    total[cell] += part[cell];
                                }
                            }
                        }
                    }
                }
            });
    }
}
