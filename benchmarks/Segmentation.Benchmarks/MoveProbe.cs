using System.Diagnostics;
using Segmentation.Clustering;
using Segmentation.Clustering.KMeans;

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

        AssignWithMoves(data, k);
        return 0;
    }

    /// <summary>
    /// Lloyd's float32 assignment pass and the moves it lists, chunk by chunk on one thread, as a fit's second
    /// iteration sees them: a fifth of the rows start with another label. Minimum of 15 runs of each part.
    /// </summary>
    private static void AssignWithMoves(FeatureMatrix data, int k)
    {
        using var prepared = KMeansData<float>.Create(data, k, 1, default);
        int d = prepared.D;
        int n = prepared.N;
        var sums = new KMeansSums<float>(prepared, k);
        double[] centers = [.. Enumerable.Range(0, k).SelectMany(c => prepared.Points.AsSpan((c * 997) * d, d).ToArray().Select(v => (double)v))];
        var panel = Segmentation.Kernels.CenterPanel<float>.Create(centers, d);
        var truth = new int[n];
        Segmentation.Kernels.LloydStep.Assign<float>(prepared.Tiles, prepared.Points.AsSpan(0, n * d), d, panel, centers, [], truth, new int[n], new int[n], exactInertia: false, prepared.Path);
        var random = new Random(2);
        int[] start = [.. truth.Select(label => random.Next(5) == 0 ? (label + 1) % k : label)];
        var labels = new int[n];
        var movedRows = new int[prepared.ChunkSize];
        var movedFrom = new int[prepared.ChunkSize];
        double bestAssign = double.MaxValue;
        double bestMove = double.MaxValue;
        int moved = 0;
        for (int r = 0; r < 15; r++)
        {
            start.CopyTo(labels, 0);
            sums.Clear();
            long assignTicks = 0;
            long moveTicks = 0;
            moved = 0;
            for (int c = 0; c < prepared.ChunkCount; c++)
            {
                (int first, int end) = prepared.Chunk(c);
                int count = end - first;
                long t0 = Stopwatch.GetTimestamp();
                (_, int m) = Segmentation.Kernels.LloydStep.Assign<float>(
                    prepared.Tiles.AsSpan(first * d), prepared.Points.AsSpan(first * d, count * d), d, panel, centers, [], labels.AsSpan(first, count), movedRows, movedFrom, exactInertia: false, prepared.Path);
                long t1 = Stopwatch.GetTimestamp();
                sums.Move(first, movedRows.AsSpan(0, m), movedFrom.AsSpan(0, m), labels.AsSpan(first, count));
                moveTicks += Stopwatch.GetTimestamp() - t1;
                assignTicks += t1 - t0;
                moved += m;
            }

            bestAssign = Math.Min(bestAssign, Stopwatch.GetElapsedTime(0, assignTicks).TotalMilliseconds);
            bestMove = Math.Min(bestMove, Stopwatch.GetElapsedTime(0, moveTicks).TotalMilliseconds);
        }

        Console.WriteLine($"float32 assign, a fifth of the rows moving ({moved}): assign {bestAssign:F2} ms, moves {bestMove:F2} ms ({bestMove * 1e6 / moved:F1} ns/move), one thread");
    }
}
