using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Segmentation.Clustering;
using Segmentation.Clustering.KMeans;

namespace Segmentation.Benchmarks;

/// <summary>
/// `bounds [n] [d] [k,k,...] [repeats] [double|single]`: Lloyd, Hamerly and Yinyang fitted to convergence from the same initial
/// centers (k random rows), interleaved, median of the repeats; all three give the same labels, so only the time
/// differs. Decides which bounds <see cref="KMeansAlgorithm.Auto"/> picks for which k (docs/performance.md).
/// </summary>
internal static class BoundsComparison
{
    public static int Run(string[] args)
    {
        int n = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
        int d = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16;
        int[] ks = args.Length > 2 ? [.. args[2].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))] : [16, 64, 256];
        int repeats = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 3;
        KMeansPrecision precision = args.Length > 4 && args[4] == "single" ? KMeansPrecision.Single : KMeansPrecision.Double;
        KMeansAlgorithm[] algorithms = [KMeansAlgorithm.Lloyd, KMeansAlgorithm.Hamerly, KMeansAlgorithm.Yinyang];
        foreach (int k in ks)
        {
            // More natural clusters than k, so that the fit takes a realistic number of iterations.
            FeatureMatrix data = PeerKMeans.Blobs(n, d, 2 * k, seed: 1);
            var random = new Random(7);
            int[] rows = [.. Enumerable.Range(0, n).OrderBy(_ => random.Next()).Take(k)];
            var init = FeatureMatrix.FromSpan(rows.SelectMany(r => data.Values.Slice(r * d, d).ToArray()).ToArray(), d);
            var times = algorithms.ToDictionary(a => a, _ => new List<double>());
            var iterations = new Dictionary<KMeansAlgorithm, int>();
            for (int r = 0; r <= repeats; r++)
            {
                foreach (KMeansAlgorithm algorithm in algorithms)
                {
                    var clusterer = new KMeansClusterer(new KMeansOptions { K = k, Init = KMeansInit.Given, InitialCenters = init, MaxIterations = 300, Algorithm = algorithm, Precision = precision });
                    var watch = Stopwatch.StartNew();
                    KMeansModel model = clusterer.Fit(data);
                    if (r > 0)
                    {
                        // Repeat 0 is the warm-up (JIT, page faults of the buffers).
                        times[algorithm].Add(watch.Elapsed.TotalMilliseconds);
                    }

                    iterations[algorithm] = model.Iterations;
                }
            }

            double lloyd = Timing.Median(times[KMeansAlgorithm.Lloyd]);
            foreach (KMeansAlgorithm algorithm in algorithms)
            {
                double ms = Timing.Median(times[algorithm]);
                Console.WriteLine(JsonSerializer.Serialize(new { n, d, k, precision = precision.ToString(), algorithm = algorithm.ToString(), iterations = iterations[algorithm], fit_ms = Math.Round(ms, 1), vs_lloyd = Math.Round(ms / lloyd, 3) }));
            }
        }

        return 0;
    }
}
