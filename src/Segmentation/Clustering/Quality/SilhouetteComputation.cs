using Segmentation.Kernels;

namespace Segmentation.Clustering.Quality;

/// <summary>
/// Exact silhouette values, blockwise: points are grouped by cluster into a column-major copy (O(n·d) memory, never
/// the n × n distance matrix), and each point's distance sums per cluster are accumulated tile by tile.
/// </summary>
/// <remarks>
/// Rows are split into chunks processed in parallel; every point's sums are computed by one thread in a fixed tile
/// order, so the result is identical for any number of threads.
/// </remarks>
internal static class SilhouetteComputation
{
    /// <summary>Points per tile: 2,048 × 16 coordinates × 8 bytes = 256 KB, which stays in L2 while a chunk passes over it.</summary>
    private const int TileSize = 2048;

    /// <summary>Query points per parallel work item.</summary>
    private const int ChunkSize = 64;

    /// <summary>Points per tile of the symmetric path: a 256 × 256 block of distances per step.</summary>
    private const int SymmetricTileSize = 256;

    /// <summary>The symmetric path keeps n × clusters integer sums per thread; above this many it uses the one-way path.</summary>
    private const long SymmetricLimit = 8_000_000;

    /// <summary>The silhouette of each point (labels in [0, clusterCount), every cluster non-empty).</summary>
    /// <param name="values">Row-major points.</param>
    /// <param name="n">The number of points.</param>
    /// <param name="d">The number of coordinates.</param>
    /// <param name="labels">Dense labels in [0, clusterCount).</param>
    /// <param name="clusterCount">The number of clusters (at least 2).</param>
    /// <param name="cancellationToken">Stops the computation.</param>
    /// <param name="symmetric">Forces the symmetric (true) or one-way (false) path; by default chosen from n × clusters.</param>
    public static double[] Samples(ReadOnlySpan<double> values, int n, int d, int[] labels, int clusterCount, CancellationToken cancellationToken, bool? symmetric = null)
    {
        // Order points by cluster (stable) so each cluster is one contiguous range of the column-major copy.
        var sizes = new int[clusterCount];
        foreach (int label in labels)
        {
            sizes[label]++;
        }

        var starts = new int[clusterCount + 1];
        for (int c = 0; c < clusterCount; c++)
        {
            starts[c + 1] = starts[c] + sizes[c];
        }

        var next = (int[])starts.Clone();
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[next[labels[i]]++] = i;
        }

        // Centred copies: distances do not change, and the fixed-point sums of the symmetric path get a tighter bound.
        var mean = new double[d];
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < d; k++)
            {
                mean[k] += values[(i * d) + k];
            }
        }

        for (int k = 0; k < d; k++)
        {
            mean[k] /= Math.Max(1, n);
        }

        var columns = new double[Math.Max(1, n * d)];
        var rows = new double[n * d];
        for (int p = 0; p < n; p++)
        {
            int i = order[p];
            for (int k = 0; k < d; k++)
            {
                double v = values[(i * d) + k] - mean[k];
                columns[(k * n) + p] = v;
                rows[(p * d) + k] = v;
            }
        }

        double[] sortedSilhouette = symmetric ?? ((long)n * clusterCount <= SymmetricLimit)
            ? Symmetric(columns, rows, n, d, sizes, starts, clusterCount, cancellationToken)
            : OneWay(columns, rows, n, d, labels, order, sizes, starts, clusterCount, cancellationToken);

        var silhouette = new double[n];
        for (int p = 0; p < n; p++)
        {
            silhouette[order[p]] = sortedSilhouette[p];
        }

        return silhouette;
    }

    /// <summary>Every point against every tile of every cluster: for many clusters, where per-thread sums would not fit.</summary>
    private static double[] OneWay(double[] columns, double[] rows, int n, int d, int[] labels, int[] order, int[] sizes, int[] starts, int clusterCount, CancellationToken cancellationToken)
    {
        var sortedSilhouette = new double[n];
        KernelPath path = DistanceKernels.BestPath;
        int chunks = (n + ChunkSize - 1) / ChunkSize;
        var parallel = new ParallelOptions { CancellationToken = cancellationToken };
        Parallel.For(0, chunks, parallel, chunk =>
        {
            int first = chunk * ChunkSize;
            int last = Math.Min(n, first + ChunkSize);
            int count = last - first;
            var sums = new double[count * clusterCount];
            Span<double> queries = stackalloc double[ColumnBlocks.QueryCount * d];
            Span<double> blockSums = stackalloc double[ColumnBlocks.QueryCount];
            for (int c = 0; c < clusterCount; c++)
            {
                for (int tile = starts[c]; tile < starts[c + 1]; tile += TileSize)
                {
                    int tileEnd = Math.Min(starts[c + 1], tile + TileSize);
                    for (int q = first; q < last; q += ColumnBlocks.QueryCount)
                    {
                        int used = Math.Min(ColumnBlocks.QueryCount, last - q);
                        for (int slot = 0; slot < ColumnBlocks.QueryCount; slot++)
                        {
                            // A partial block repeats its last query; the extra sums are discarded.
                            rows.AsSpan((q + Math.Min(slot, used - 1)) * d, d).CopyTo(queries.Slice(slot * d, d));
                        }

                        blockSums.Clear();
                        ColumnBlocks.AddDistanceSums(columns, n, d, tile, tileEnd, queries, blockSums, path);
                        for (int slot = 0; slot < used; slot++)
                        {
                            sums[((q - first + slot) * clusterCount) + c] += blockSums[slot];
                        }
                    }
                }
            }

            for (int p = first; p < last; p++)
            {
                sortedSilhouette[p] = FromSums(sums.AsSpan((p - first) * clusterCount, clusterCount), labels[order[p]], sizes);
            }
        });

        return sortedSilhouette;
    }

    /// <summary>
    /// Each unordered pair of tiles once: a block's distances feed the row points' sums and the column points' sums.
    /// Per-thread sums are kept in fixed point (integers) so adding the threads' parts in any order gives the same bits.
    /// </summary>
    private static double[] Symmetric(double[] columns, double[] rows, int n, int d, int[] sizes, int[] starts, int clusterCount, CancellationToken cancellationToken)
    {
        var tiles = new List<(int Cluster, int Start, int End)>();
        for (int c = 0; c < clusterCount; c++)
        {
            for (int start = starts[c]; start < starts[c + 1]; start += SymmetricTileSize)
            {
                tiles.Add((c, start, Math.Min(starts[c + 1], start + SymmetricTileSize)));
            }
        }

        // Any partial sum is at most n × the largest distance, which is at most twice the largest norm (the data is centred).
        double largestNorm = 0;
        for (int p = 0; p < n; p++)
        {
            largestNorm = Math.Max(largestNorm, Math.Sqrt(DistanceKernels.SquaredNorm<double>(rows.AsSpan(p * d, d))));
        }

        double bound = 2 * largestNorm * n;
        double scale = bound > 0 ? Math.ScaleB(1, Math.Clamp(61 - (int)Math.Ceiling(Math.Log2(bound)), -1000, 1000)) : 1;
        var total = new long[n * clusterCount];
        KernelPath path = DistanceKernels.BestPath;
        var gate = new object();
        Parallel.For(
            0,
            tiles.Count,
            new ParallelOptions { CancellationToken = cancellationToken },
            () => new long[n * clusterCount],
            (int first, ParallelLoopState _, long[] fixedSums) =>
            {
                (int rowCluster, int rowStart, int rowEnd) = tiles[first];
                var rowPartial = new double[rowEnd - rowStart];
                var columnPartial = new double[SymmetricTileSize];
                Span<double> queries = stackalloc double[ColumnBlocks.QueryCount * d];
                Span<double> weights = stackalloc double[ColumnBlocks.QueryCount];
                Span<double> blockSums = stackalloc double[ColumnBlocks.QueryCount];
                for (int second = first; second < tiles.Count; second++)
                {
                    (int columnCluster, int columnStart, int columnEnd) = tiles[second];
                    bool diagonal = second == first;
                    Array.Clear(rowPartial);
                    Array.Clear(columnPartial);
                    for (int q = rowStart; q < rowEnd; q += ColumnBlocks.QueryCount)
                    {
                        int used = Math.Min(ColumnBlocks.QueryCount, rowEnd - q);
                        for (int slot = 0; slot < ColumnBlocks.QueryCount; slot++)
                        {
                            rows.AsSpan((q + Math.Min(slot, used - 1)) * d, d).CopyTo(queries.Slice(slot * d, d));
                            weights[slot] = slot < used ? 1 : 0; // padding repeats the last query and counts nowhere
                        }

                        blockSums.Clear();
                        if (diagonal)
                        {
                            ColumnBlocks.AddDistanceSums(columns, n, d, columnStart, columnEnd, queries, blockSums, path);
                        }
                        else
                        {
                            ColumnBlocks.AddDistanceSumsBothWays(columns, n, d, columnStart, columnEnd, queries, weights, blockSums, columnPartial, path);
                        }

                        for (int slot = 0; slot < used; slot++)
                        {
                            rowPartial[q - rowStart + slot] = blockSums[slot];
                        }
                    }

                    for (int i = 0; i < rowPartial.Length; i++)
                    {
                        fixedSums[((rowStart + i) * clusterCount) + columnCluster] += (long)Math.Round(rowPartial[i] * scale);
                    }

                    if (!diagonal)
                    {
                        for (int j = 0; j < columnEnd - columnStart; j++)
                        {
                            fixedSums[((columnStart + j) * clusterCount) + rowCluster] += (long)Math.Round(columnPartial[j] * scale);
                        }
                    }
                }

                return fixedSums;
            },
            fixedSums =>
            {
                lock (gate)
                {
                    for (int i = 0; i < total.Length; i++)
                    {
                        total[i] += fixedSums[i];
                    }
                }
            });

        var silhouette = new double[n];
        var sums = new double[clusterCount];
        for (int p = 0, c = 0; p < n; p++)
        {
            while (p >= starts[c + 1])
            {
                c++;
            }

            for (int other = 0; other < clusterCount; other++)
            {
                sums[other] = total[(p * clusterCount) + other] / scale;
            }

            silhouette[p] = FromSums(sums, c, sizes);
        }

        return silhouette;
    }

    /// <summary>scikit-learn's formula: (b - a) / max(a, b), and 0 for a point alone in its cluster (or a = b = 0).</summary>
    private static double FromSums(ReadOnlySpan<double> sums, int own, int[] sizes)
    {
        if (sizes[own] <= 1)
        {
            return 0;
        }

        double a = sums[own] / (sizes[own] - 1);
        double b = double.PositiveInfinity;
        for (int c = 0; c < sums.Length; c++)
        {
            if (c != own)
            {
                b = Math.Min(b, sums[c] / sizes[c]);
            }
        }

        double denominator = Math.Max(a, b);
        return denominator > 0 ? (b - a) / denominator : 0;
    }
}
