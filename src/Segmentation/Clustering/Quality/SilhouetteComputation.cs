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

    /// <summary>The silhouette of each point (labels in [0, clusterCount), every cluster non-empty).</summary>
    /// <param name="values">Row-major points.</param>
    /// <param name="n">The number of points.</param>
    /// <param name="d">The number of coordinates.</param>
    /// <param name="labels">Dense labels in [0, clusterCount).</param>
    /// <param name="clusterCount">The number of clusters (at least 2).</param>
    /// <param name="cancellationToken">Stops the computation.</param>
    public static double[] Samples(ReadOnlySpan<double> values, int n, int d, int[] labels, int clusterCount, CancellationToken cancellationToken)
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

        var columns = new double[Math.Max(1, n * d)];
        var rows = new double[n * d];
        for (int p = 0; p < n; p++)
        {
            int i = order[p];
            for (int k = 0; k < d; k++)
            {
                double v = values[(i * d) + k];
                columns[(k * n) + p] = v;
                rows[(p * d) + k] = v;
            }
        }

        var sortedSilhouette = new double[n];
        int chunks = (n + ChunkSize - 1) / ChunkSize;
        var parallel = new ParallelOptions { CancellationToken = cancellationToken };
        Parallel.For(0, chunks, parallel, chunk =>
        {
            int first = chunk * ChunkSize;
            int last = Math.Min(n, first + ChunkSize);
            int count = last - first;
            var sums = new double[count * clusterCount];
            Span<double> queries = stackalloc double[PairwiseDistanceBlock.QueryCount * d];
            Span<double> blockSums = stackalloc double[PairwiseDistanceBlock.QueryCount];
            for (int c = 0; c < clusterCount; c++)
            {
                for (int tile = starts[c]; tile < starts[c + 1]; tile += TileSize)
                {
                    int tileEnd = Math.Min(starts[c + 1], tile + TileSize);
                    for (int q = first; q < last; q += PairwiseDistanceBlock.QueryCount)
                    {
                        int used = Math.Min(PairwiseDistanceBlock.QueryCount, last - q);
                        for (int slot = 0; slot < PairwiseDistanceBlock.QueryCount; slot++)
                        {
                            // A partial block repeats its last query; the extra sums are discarded.
                            rows.AsSpan((q + Math.Min(slot, used - 1)) * d, d).CopyTo(queries.Slice(slot * d, d));
                        }

                        blockSums.Clear();
                        PairwiseDistanceBlock.AddDistanceSums(columns, n, d, tile, tileEnd, queries, blockSums);
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

        var silhouette = new double[n];
        for (int p = 0; p < n; p++)
        {
            silhouette[order[p]] = sortedSilhouette[p];
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
