using System.Numerics;
using Segmentation.Kernels;

namespace Segmentation.Clustering.KMeans;

/// <summary>Starting centers, in the solver's coordinates (relative to <see cref="KMeansData{T}.Origin"/>).</summary>
internal static class KMeansSeeding
{
    /// <summary>The user's centers, shifted like the data.</summary>
    public static double[] Given<T>(KMeansData<T> data, FeatureMatrix centers)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double[] result = centers.Values.ToArray();
        for (int v = 0; v < result.Length; v++)
        {
            result[v] -= data.Origin[v % data.D];
        }

        return result;
    }

    /// <summary>k distinct rows drawn with probability proportional to weight (Efraimidis-Spirakis keys).</summary>
    public static double[] Random<T>(KMeansData<T> data, int k, Random random)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var queue = new PriorityQueue<int, double>(k + 1);
        for (int i = 0; i < data.N; i++)
        {
            double w = data.Weight(i);
            double u = random.NextDouble();
            if (w <= 0)
            {
                continue;
            }

            // The k largest log(u)/w are a weighted sample without replacement; the queue keeps the k largest.
            double key = Math.Log(1 - u) / w;
            queue.Enqueue(i, key);
            if (queue.Count > k)
            {
                queue.Dequeue();
            }
        }

        int[] rows = new int[queue.Count];
        for (int c = rows.Length - 1; c >= 0; c--)
        {
            rows[c] = queue.Dequeue();
        }

        return CopyRows(data, rows);
    }

    /// <summary>
    /// Greedy k-means++ with 2 + ln k candidates per step (as scikit-learn). Candidate distances go through the
    /// kernels, chunk by chunk in parallel, with each candidate's potential summed in chunk order.
    /// </summary>
    /// <remarks>
    /// One pass over the rows per step: the closest distances lag one center behind, and each chunk catches up
    /// (adds the center chosen last step) just before its candidates are scored, while its tiles are in cache. The
    /// chunk totals the next draw needs are the winning candidate's per-chunk potentials (the same sums, in the same
    /// order), and a draw that lands in a chunk catches up a copy of that chunk alone. The draws and the result are
    /// those of a separate update pass per step, at half the reads. float64 data is seeded on its float32 screen
    /// (<see cref="KMeansData{T}.Screen"/>, the tiles the iterations stream), as float32 data is: the distances only
    /// weigh random draws and rank candidates, and this way a fit packs and keeps one copy of the rows, at half the
    /// bytes per pass.
    /// </remarks>
    public static double[] KMeansPlusPlus<T>(KMeansData<T> data, int k, Random random, CancellationToken cancellationToken)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double))
        {
            Float32Screen screen = data.Screen;
            return KMeansPlusPlus(data, screen.Tiles, rows => screen.Panel(rows, data.D), k, random, cancellationToken);
        }

        return KMeansPlusPlus(data, data.Tiles, rows => CenterPanel<T>.Create(rows, data.D), k, random, cancellationToken);
    }

    /// <summary>Greedy k-means++ over <paramref name="tiles"/> (packed rows of <typeparamref name="TTile"/>), whose centers <paramref name="panelOf"/> prepares.</summary>
    private static double[] KMeansPlusPlus<T, TTile>(
        KMeansData<T> data, ArraySegment<TTile> tiles, Func<double[], CenterPanel<TTile>> panelOf, int k, Random random, CancellationToken cancellationToken)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TTile : unmanaged, IBinaryFloatingPointIeee754<TTile>
    {
        int n = data.N;
        int d = data.D;
        int trials = 2 + (int)Math.Log(k);
        int[] chosen = new int[k];
        var closest = new double[n];
        var chunkTotals = new double[data.ChunkCount];
        var potentials = new double[data.ChunkCount * trials];
        var caughtUp = new double[data.ChunkSize];

        chosen[0] = SampleByWeight(data, random.NextDouble());
        CenterPanel<TTile> firstCenter = panelOf(CopyRows(data, [chosen[0]]));
        Parallel.For(0, data.ChunkCount, data.Parallel, chunk =>
        {
            (int start, int end) = data.Chunk(chunk);
            chunkTotals[chunk] = CatchUp(data, tiles, chunk, firstCenter, closest.AsSpan(start, end - start), first: true);
        });

        // The center the closest distances do not include yet.
        CenterPanel<TTile>? pending = null;
        for (int c = 1; c < k; c++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            double total = SumInOrder(chunkTotals);
            int[] candidates = new int[trials];
            for (int t = 0; t < trials; t++)
            {
                if (total <= 0)
                {
                    // Every point sits on a chosen center: fall back to weight-proportional sampling.
                    candidates[t] = SampleByWeight(data, random.NextDouble());
                    continue;
                }

                (int chunk, double target) = ChunkOf(chunkTotals, total, random.NextDouble());
                (int start, int end) = data.Chunk(chunk);
                Span<double> rows = caughtUp.AsSpan(0, end - start);
                closest.AsSpan(start, end - start).CopyTo(rows);
                if (pending is not null)
                {
                    CatchUp(data, tiles, chunk, pending, rows, first: false);
                }

                candidates[t] = start + RowWithinChunk(data, rows, start, target);
            }

            // Blocks of at most eight candidates per pass over the (packed) rows.
            for (int from = 0; from < trials; from += 8)
            {
                int size = Math.Min(8, trials - from);
                CenterPanel<TTile> panel = panelOf(CopyRows(data, candidates[from..(from + size)]));
                CenterPanel<TTile>? catchUp = from == 0 ? pending : null;
                Parallel.For(0, data.ChunkCount, data.Parallel, chunk =>
                {
                    (int start, int end) = data.Chunk(chunk);
                    if (catchUp is not null)
                    {
                        CatchUp(data, tiles, chunk, catchUp, closest.AsSpan(start, end - start), first: false);
                    }

                    SeedingKernels.CandidatePotentials(
                        tiles.AsSpan(start * d), end - start, d, panel, closest.AsSpan(start, end - start), WeightsOf(data, start, end),
                        potentials.AsSpan((chunk * trials) + from, size), data.Path);
                });
            }

            int best = 0;
            double bestPotential = double.PositiveInfinity;
            for (int t = 0; t < trials; t++)
            {
                double potential = 0;
                for (int chunk = 0; chunk < data.ChunkCount; chunk++)
                {
                    potential += potentials[(chunk * trials) + t];
                }

                if (potential < bestPotential)
                {
                    (best, bestPotential) = (t, potential);
                }
            }

            chosen[c] = candidates[best];
            pending = panelOf(CopyRows(data, [chosen[c]]));
            for (int chunk = 0; chunk < data.ChunkCount; chunk++)
            {
                chunkTotals[chunk] = potentials[(chunk * trials) + best];
            }
        }

        return CopyRows(data, chosen);
    }

    /// <summary>
    /// closest[i] = min(closest[i], d²(x_i, center)) over one chunk (or the distance itself for the first center);
    /// returns the chunk's Σ w·closest, from which the next candidates are drawn without a prefix pass over all rows.
    /// </summary>
    private static double CatchUp<T, TTile>(KMeansData<T> data, ArraySegment<TTile> tiles, int chunk, CenterPanel<TTile> center, Span<double> closest, bool first)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TTile : unmanaged, IBinaryFloatingPointIeee754<TTile>
    {
        (int start, int end) = data.Chunk(chunk);
        return SeedingKernels.UpdateClosest(tiles.AsSpan(start * data.D), end - start, data.D, center, closest, WeightsOf(data, start, end), first, data.Path);
    }

    private static ReadOnlySpan<double> WeightsOf<T>(KMeansData<T> data, int start, int end)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => data.Weights is null ? default : data.Weights.AsSpan(start, end - start);

    /// <summary>
    /// The chunk in which the running sum of w·closest first exceeds u × total, and what is left of the target
    /// within it (rounding can leave the target just past the total: it then lands on the last chunk with mass).
    /// </summary>
    private static (int Chunk, double Target) ChunkOf(double[] chunkTotals, double total, double u)
    {
        double target = u * total;
        int lastChunk = -1;
        for (int chunk = 0; chunk < chunkTotals.Length; chunk++)
        {
            if (chunkTotals[chunk] <= 0)
            {
                continue;
            }

            lastChunk = chunk;
            if (target >= chunkTotals[chunk])
            {
                target -= chunkTotals[chunk];
                continue;
            }

            return (chunk, target);
        }

        return (lastChunk, double.PositiveInfinity);
    }

    /// <summary>
    /// The first row of a chunk (its closest distances in <paramref name="closest"/>, its first row
    /// <paramref name="start"/>) at which the running w·closest exceeds target, or its last row with mass; relative
    /// to the chunk.
    /// </summary>
    private static int RowWithinChunk<T>(KMeansData<T> data, ReadOnlySpan<double> closest, int start, double target)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double running = 0;
        int last = -1;
        for (int i = 0; i < closest.Length; i++)
        {
            double mass = data.Weight(start + i) * closest[i];
            if (mass <= 0)
            {
                continue;
            }

            last = i;
            running += mass;
            if (running > target)
            {
                return i;
            }
        }

        return last;
    }

    private static double SumInOrder(double[] values)
    {
        double total = 0;
        foreach (double value in values)
        {
            total += value;
        }

        return total;
    }

    /// <summary>
    /// A row drawn with probability proportional to its weight: the first row at which the running weight exceeds
    /// u × total (rounding past the end lands on the last row with weight).
    /// </summary>
    internal static int SampleByWeight<T>(KMeansData<T> data, double u)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double total = 0;
        for (int i = 0; i < data.N; i++)
        {
            total += data.Weight(i);
        }

        double target = u * total;
        double running = 0;
        int last = 0;
        for (int i = 0; i < data.N; i++)
        {
            double w = data.Weight(i);
            if (w <= 0)
            {
                continue;
            }

            last = i;
            running += w;
            if (running > target)
            {
                return i;
            }
        }

        return last;
    }

    private static double[] CopyRows<T>(KMeansData<T> data, int[] rows)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var result = new double[rows.Length * data.D];
        for (int c = 0; c < rows.Length; c++)
        {
            ReadOnlySpan<T> row = data.Row(rows[c]);
            for (int j = 0; j < data.D; j++)
            {
                result[(c * data.D) + j] = double.CreateTruncating(row[j]);
            }
        }

        return result;
    }
}
