using System.Numerics;
using System.Runtime.CompilerServices;
using Segmentation.Kernels;

namespace Segmentation.Clustering.KMeans;

/// <summary>
/// k-means|| (Bahmani et al. 2012): a few rounds each drawing about 2k points at once with probability proportional
/// to weight × D², instead of k sequential k-means++ steps over all the data; the candidates, weighted by the points
/// nearest to them, are then reduced to k centers with greedy k-means++. Each round is one parallel pass.
/// </summary>
/// <remarks>
/// Deterministic for any thread count: each chunk draws from its own generator seeded from the run's generator and
/// the chunk index, and the chunks' picks are concatenated in chunk order.
/// </remarks>
internal static class KMeansParallelSeeding
{
    private const int Rounds = 5;

    public static double[] Seed<T>(KMeansData<T> data, int k, Random random, CancellationToken cancellationToken)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int d = data.D;
        double oversampling = 2.0 * k;
        var closest = new double[data.N];
        var labels = new int[data.N];
        var candidates = new List<int> { KMeansSeeding.SampleByWeight(data, random.NextDouble()) };
        UpdateClosest(data, candidates, 0, closest);
        var picks = new List<int>[data.ChunkCount];
        var potentials = new double[data.ChunkCount];
        for (int round = 0; round < Rounds; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ChunkSums(data, closest, potentials);
            double potential = potentials.Sum();
            if (potential <= 0)
            {
                break;
            }

            int roundSeed = random.Next();
            Parallel.For(0, data.ChunkCount, data.Parallel, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (chunk) =>
            {
                // A fixed mix (HashCode.Combine is randomised per process, so results would differ between runs).
                var chunkRandom = new Random(unchecked((roundSeed * 1_000_003) + (chunk * 7919) + 17));
                var chosen = new List<int>();
                (int start, int end) = data.Chunk(chunk);
                for (int i = start; i < end; i++)
                {
                    if (chunkRandom.NextDouble() * potential < oversampling * data.Weight(i) * closest[i])
                    {
                        chosen.Add(i);
                    }
                }

                picks[chunk] = chosen;
            });
            int before = candidates.Count;
            foreach (List<int> chosen in picks)
            {
                candidates.AddRange(chosen);
            }

            UpdateClosest(data, candidates, before, closest);
        }

        // Weigh each candidate by the weight of the points nearest to it, then reduce to k with k-means++.
        double[] candidateCenters = Rows(data, candidates);
        var panel = CenterPanel<T>.Create(candidateCenters, d);
        var chunkWeights = new double[data.ChunkCount * candidates.Count];
        Parallel.For(0, data.ChunkCount, data.Parallel, () => new T[data.ChunkSize], (chunk, _, scores) =>
        {
            (int start, int end) = data.Chunk(chunk);
            DistanceKernels.FindNearest(data.Points.AsSpan(start * d, (end - start) * d), d, [], panel, labels.AsSpan(start, end - start), scores, [], data.Path);
            for (int i = start; i < end; i++)
            {
                chunkWeights[(chunk * candidates.Count) + labels[i]] += data.Weight(i);
            }

            return scores;
        }, _ => { });
        var weights = new double[candidates.Count];
        for (int chunk = 0; chunk < data.ChunkCount; chunk++)
        {
            RowOps.AddScaled(weights, chunkWeights.AsSpan(chunk * candidates.Count, candidates.Count), 1.0);
        }

        var reduced = FeatureMatrix.Create(candidateCenters, d, weights: weights);
        if (DistinctCount(reduced, k) < k)
        {
            // Too few distinct candidates (tiny or highly duplicated data): plain k-means++ on everything.
            return KMeansSeeding.KMeansPlusPlus(data, k, random, cancellationToken);
        }

        using var candidateData = KMeansData<double>.Create(reduced, k, 1, cancellationToken);
        return KMeansSeeding.KMeansPlusPlus(candidateData, k, random, cancellationToken);
    }

    /// <summary>closest[i] = min(closest[i], d²(x_i, candidates[from..])) through the nearest-center kernel.</summary>
    private static void UpdateClosest<T>(KMeansData<T> data, List<int> candidates, int from, double[] closest)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (from == candidates.Count)
        {
            return;
        }

        int d = data.D;
        var panel = CenterPanel<T>.Create(Rows(data, candidates.GetRange(from, candidates.Count - from)), d);
        Parallel.For(0, data.ChunkCount, data.Parallel, () => (new int[data.ChunkSize], new T[data.ChunkSize]), (chunk, _, buffers) =>
        {
            (int start, int end) = data.Chunk(chunk);
            DistanceKernels.FindNearest(data.Points.AsSpan(start * d, (end - start) * d), d, [], panel, buffers.Item1, buffers.Item2, [], data.Path);
            for (int i = start; i < end; i++)
            {
                double distance = Math.Max(0, double.CreateTruncating(buffers.Item2[i - start]) + data.SquaredNorms[i]);
                closest[i] = from == 0 ? distance : Math.Min(closest[i], distance);
            }

            return buffers;
        }, _ => { });
    }

    private static void ChunkSums<T>(KMeansData<T> data, double[] closest, double[] potentials)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => Parallel.For(0, data.ChunkCount, data.Parallel, chunk =>
        {
            (int start, int end) = data.Chunk(chunk);
            double sum = 0;
            for (int i = start; i < end; i++)
            {
                sum += data.Weight(i) * closest[i];
            }

            potentials[chunk] = sum;
        });

    private static double[] Rows<T>(KMeansData<T> data, List<int> rows)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var result = new double[rows.Count * data.D];
        for (int c = 0; c < rows.Count; c++)
        {
            ReadOnlySpan<T> row = data.Row(rows[c]);
            for (int j = 0; j < data.D; j++)
            {
                result[(c * data.D) + j] = double.CreateTruncating(row[j]);
            }
        }

        return result;
    }

    private static int DistinctCount(FeatureMatrix candidates, int enough)
    {
        var seen = new HashSet<string>();
        for (int i = 0; i < candidates.RowCount && seen.Count < enough; i++)
        {
            if (candidates.Weight(i) > 0)
            {
                seen.Add(string.Join(",", candidates.Row(i).ToArray()));
            }
        }

        return seen.Count;
    }
}
