using System.Numerics;
using System.Runtime.CompilerServices;
using Segmentation.Kernels;

namespace Segmentation.Clustering;

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
    public static double[] KMeansPlusPlus<T>(KMeansData<T> data, int k, Random random, CancellationToken cancellationToken)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int n = data.N;
        int d = data.D;
        int trials = 2 + (int)Math.Log(k);
        int[] chosen = new int[k];
        var cumulative = new double[n];
        var closest = new double[n];
        var potentials = new double[data.ChunkCount * trials];

        chosen[0] = Sample(cumulative, WeightPrefix(data, null, cumulative), random.NextDouble());
        UpdateClosest(data, CopyRows(data, [chosen[0]]), closest, first: true);
        for (int c = 1; c < k; c++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            double total = WeightPrefix(data, closest, cumulative);
            if (total <= 0)
            {
                // Every point sits on a chosen center: fall back to weight-proportional sampling.
                total = WeightPrefix(data, null, cumulative);
            }

            int[] candidates = new int[trials];
            for (int t = 0; t < trials; t++)
            {
                candidates[t] = Sample(cumulative, total, random.NextDouble());
            }

            var panel = CenterPanel<T>.Create(CopyRows(data, candidates), d);
            Parallel.For(0, data.ChunkCount, data.Parallel, () => new T[data.ChunkSize * trials], [MethodImpl(MethodImplOptions.AggressiveOptimization)] (chunk, _, buffer) =>
            {
                (int start, int end) = data.Chunk(chunk);
                DistanceKernels.SquaredDistances(data.Points.AsSpan(start * d, (end - start) * d), d, panel, buffer, data.Path);
                for (int t = 0; t < trials; t++)
                {
                    double potential = 0;
                    for (int i = start; i < end; i++)
                    {
                        potential += data.Weight(i) * Math.Min(closest[i], double.CreateTruncating(buffer[((i - start) * trials) + t]));
                    }

                    potentials[(chunk * trials) + t] = potential;
                }

                return buffer;
            }, _ => { });

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
            UpdateClosest(data, CopyRows(data, [chosen[c]]), closest, first: false);
        }

        return CopyRows(data, chosen);
    }

    /// <summary>closest[i] = min(closest[i], d²(x_i, center)) (or the distance itself for the first center).</summary>
    private static void UpdateClosest<T>(KMeansData<T> data, double[] center, double[] closest, bool first)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int d = data.D;
        var panel = CenterPanel<T>.Create(center, d);
        Parallel.For(0, data.ChunkCount, data.Parallel, () => new T[data.ChunkSize], [MethodImpl(MethodImplOptions.AggressiveOptimization)] (chunk, _, buffer) =>
        {
            (int start, int end) = data.Chunk(chunk);
            DistanceKernels.SquaredDistances(data.Points.AsSpan(start * d, (end - start) * d), d, panel, buffer, data.Path);
            for (int i = start; i < end; i++)
            {
                double distance = double.CreateTruncating(buffer[i - start]);
                closest[i] = first ? distance : Math.Min(closest[i], distance);
            }

            return buffer;
        }, _ => { });
    }

    /// <summary>Prefix sums of weight × score (score 1 without <paramref name="scores"/>); returns the total.</summary>
    private static double WeightPrefix<T>(KMeansData<T> data, double[]? scores, double[] cumulative)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double total = 0;
        for (int i = 0; i < data.N; i++)
        {
            total += data.Weight(i) * (scores is null ? 1.0 : scores[i]);
            cumulative[i] = total;
        }

        return total;
    }

    /// <summary>The first row whose prefix sum exceeds u × total (rows without mass are never chosen).</summary>
    private static int Sample(double[] cumulative, double total, double u)
    {
        double target = u * total;
        int low = 0;
        int high = cumulative.Length;
        while (low < high)
        {
            int middle = low + ((high - low) / 2);
            if (cumulative[middle] > target)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        // Rounding can leave the target at the very end; step back to the last row with mass.
        int index = Math.Min(low, cumulative.Length - 1);
        while (index > 0 && cumulative[index] == cumulative[index - 1])
        {
            index--;
        }

        return index;
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
