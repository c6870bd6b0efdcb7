using System.Diagnostics;
using Segmentation.Clustering;

namespace Segmentation.Benchmarks;

/// <summary>
/// `move-probe`: what moving rows between the k-means sums costs on one thread (n = 1e6, d = 16, k = 16): every row
/// added to its center, as a fit's first pass does, then every fourth row moved to another center, as the early
/// iterations do. Five repeats, each printed.
/// </summary>
internal static class MoveProbe
{
    public static int Run()
    {
        const int n = 1_000_000;
        const int d = 16;
        const int k = 16;
        FeatureMatrix data = PeerKMeans.Blobs(n, d, k, seed: 1);
        using var prepared = KMeansData<double>.Create(data, k, 1, default);
        var sums = new KMeansSums<double>(prepared, k);
        var random = new Random(1);
        int[] labels = [.. Enumerable.Range(0, n).Select(_ => random.Next(k))];
        int chunk = prepared.ChunkSize;
        for (int r = 0; r < 5; r++)
        {
            sums.Clear();
            var all = new int[chunk];
            var from = new int[chunk];
            Array.Fill(from, -1);
            var watch = Stopwatch.StartNew();
            for (int c = 0; c < prepared.ChunkCount; c++)
            {
                (int start, int end) = prepared.Chunk(c);
                for (int i = 0; i < end - start; i++)
                {
                    all[i] = i;
                }

                sums.Move(start, all.AsSpan(0, end - start), from.AsSpan(0, end - start), labels.AsSpan(start, end - start));
            }

            double addMs = watch.Elapsed.TotalMilliseconds;

            // Every fourth row moves to the next center.
            int[] moved = new int[chunk];
            int[] previous = new int[chunk];
            watch.Restart();
            for (int c = 0; c < prepared.ChunkCount; c++)
            {
                (int start, int end) = prepared.Chunk(c);
                int m = 0;
                for (int i = 0; i < end - start; i += 4)
                {
                    moved[m] = i;
                    previous[m++] = labels[start + i];
                    labels[start + i] = (labels[start + i] + 1) % k;
                }

                sums.Move(start, moved.AsSpan(0, m), previous.AsSpan(0, m), labels.AsSpan(start, end - start));
            }

            double moveMs = watch.Elapsed.TotalMilliseconds;
            Console.WriteLine($"add all: {addMs:F1} ms ({addMs * 1e6 / n:F1} ns/row); move a quarter: {moveMs:F1} ms ({moveMs * 1e6 / (n / 4):F1} ns/move)");
        }

        return 0;
    }
}
