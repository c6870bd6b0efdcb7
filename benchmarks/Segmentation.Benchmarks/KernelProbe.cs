using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Segmentation.Clustering;
using Segmentation.Kernels;

namespace Segmentation.Benchmarks;

/// <summary>
/// `kernel-probe`: what bounds the float32 nearest-center kernel (n = 1e6, d = 16, k = 16, AVX-512), for
/// docs/performance.md. Seven interleaved rounds, each variant timed as the minimum of three runs; the minimum and
/// the median of the rounds are printed, each with its ratio to the kernel as Lloyd runs it (on this shared host the
/// minimum is the steadier figure). The variants:
/// - the kernel as Lloyd runs it (labels), with the runner-up (as the screen runs it), and with a running minimum only
///   (no index): what the argmin costs;
/// - the kernel on 128 KB of tiles scored over and over (L2-resident), the same work: what memory costs;
/// - the kernel on two threads: how it scales;
/// - the same dot products on int16 pairs, with vpmaddwd + vpaddd (AVX-512BW) and with AVX-VNNI's 256-bit vpdpwssd:
///   whether a lower-precision screen could do the arithmetic faster. Throughput only: the quantisation is a fixed
///   scale, not a screen with bounds.
/// Then, one thread: packing every row into tiles in row order (as a fit does) and in label order (what pruning on
/// label-sorted tiles would add once per fit), the labels being the kernel's from the first centers.
/// </summary>
internal static class KernelProbe
{
    private const int N = 1_000_000;
    private const int D = 16;
    private const int K = 16;
    private const int W = 16;

    public static int Run()
    {
        if (!Avx512BW.IsSupported || !AvxVnni.IsSupported)
        {
            Console.WriteLine("kernel-probe needs AVX-512BW and AVX-VNNI.");
            return 1;
        }

        FeatureMatrix data = PeerKMeans.Blobs(N, D, K, seed: 1);
        float[] points = [.. data.Values.ToArray().Select(v => (float)v)];
        var panel = CenterPanel<float>.Create(data.Values[..(K * D)], D);
        float[] tileArray = GC.AllocateArray<float>(points.Length + 64, pinned: true);
        var tiles = new ArraySegment<float>(tileArray, DistanceKernels.AlignedStart(tileArray), points.Length);
        DistanceKernels.PackTiles<float>(points, D, tiles, KernelPath.Vector512);
        (short[] pairTiles, int[] pairCenters) = PackPairs(points);
        var labels = new int[N];

        var variants = new (string Name, Action Run)[]
        {
            ("float32 kernel, labels (Lloyd)", () => Score(tiles, 0, N, panel, labels, trackSecond: false)),
            ("float32 kernel, labels and runner-up (screen)", () => Score(tiles, 0, N, panel, labels, trackSecond: true)),
            ("float32 FMAs, running minimum only", () => MinimumOnly(tiles, panel, labels)),
            ("float32 kernel, 128 KB of tiles in L2", () => { for (int r = 0; r < N / 2048; r++) { Score(tiles, 0, 2048, panel, labels, trackSecond: false); } }),
            ("float32 kernel, two threads", () => Parallel.For(0, 2, t => Score(tiles, t * (N / 2), N / 2, panel, labels, trackSecond: false))),
            ("int16 pairs, vpmaddwd + vpaddd (512-bit)", () => ScorePairsMadd(pairTiles, pairCenters, labels)),
            ("int16 pairs, vpdpwssd (AVX-VNNI, 256-bit)", () => ScorePairsVnni(pairTiles, pairCenters, labels)),
        };
        var times = variants.Select(_ => new List<double>()).ToArray();
        for (int round = 0; round < 7; round++)
        {
            for (int v = 0; v < variants.Length; v++)
            {
                times[v].Add(Timing.Min(3, variants[v].Run));
            }
        }

        double baselineMin = times[0].Min();
        double baselineMedian = Timing.Median(times[0]);
        for (int v = 0; v < variants.Length; v++)
        {
            double min = times[v].Min();
            double median = Timing.Median(times[v]);
            Console.WriteLine(
                $"{variants[v].Name}: min {min:F2} ms ({min / baselineMin:F2}x, {2.0 * N * K * D / min / 1e6:F0} GFLOP/s), median {median:F2} ms ({median / baselineMedian:F2}x)");
        }

        Score(tiles, 0, N, panel, labels, trackSecond: false);
        int[] inRowOrder = [.. Enumerable.Range(0, N)];
        int[] byLabel = [.. inRowOrder.OrderBy(i => labels[i])];
        var packInRowOrder = new List<double>();
        var packByLabel = new List<double>();
        for (int round = 0; round < 7; round++)
        {
            packInRowOrder.Add(Timing.Min(3, () => Pack(points, inRowOrder, tiles)));
            packByLabel.Add(Timing.Min(3, () => Pack(points, byLabel, tiles)));
        }

        Console.WriteLine($"pack 1e6 rows into tiles, row order: min {packInRowOrder.Min():F2} ms, median {Timing.Median(packInRowOrder):F2} ms; label order: min {packByLabel.Min():F2} ms, median {Timing.Median(packByLabel):F2} ms");

        return 0;
    }

    private static void Pack(float[] points, int[] rows, ArraySegment<float> tiles)
    {
        for (int start = 0; start < N; start += W)
        {
            DistanceKernels.Pack<float>(points, D, rows, start, W, W, tiles.AsSpan(start * D, W * D));
        }
    }

    private static void Score(ArraySegment<float> tiles, int firstRow, int rows, CenterPanel<float> panel, int[] labels, bool trackSecond)
        => Breakdown.ScoreTiles<float, Vector512<float>, Vector512Ops<float>>(tiles, firstRow, rows, D, panel, labels, trackSecond);

    /// <summary>The kernel's FMAs, eight centers at a time as it runs them (same loads and broadcasts), with only a running minimum kept.</summary>
    private static void MinimumOnly(ArraySegment<float> tiles, CenterPanel<float> panel, int[] labels)
    {
        ref float first = ref tiles.AsSpan()[0];
        ref float c = ref panel.MinusTwoCenters[0];
        ref float norms = ref panel.Norms[0];
        for (int start = 0; start < N; start += W)
        {
            ref float tile = ref Unsafe.Add(ref first, start * D);
            Vector512<float> best = Vector512.Create(float.PositiveInfinity);
            for (int b = 0; b < K; b += 8)
            {
                ref float c0 = ref Unsafe.Add(ref c, b * D);
                Vector512<float> a0 = Vector512.Create(Unsafe.Add(ref norms, b)), a1 = Vector512.Create(Unsafe.Add(ref norms, b + 1));
                Vector512<float> a2 = Vector512.Create(Unsafe.Add(ref norms, b + 2)), a3 = Vector512.Create(Unsafe.Add(ref norms, b + 3));
                Vector512<float> a4 = Vector512.Create(Unsafe.Add(ref norms, b + 4)), a5 = Vector512.Create(Unsafe.Add(ref norms, b + 5));
                Vector512<float> a6 = Vector512.Create(Unsafe.Add(ref norms, b + 6)), a7 = Vector512.Create(Unsafe.Add(ref norms, b + 7));
                for (int j = 0; j < D; j++)
                {
                    Vector512<float> x = Vector512.LoadUnsafe(ref tile, (nuint)(j * W));
                    a0 = Vector512.FusedMultiplyAdd(x, Vector512.Create(Unsafe.Add(ref c0, j)), a0);
                    a1 = Vector512.FusedMultiplyAdd(x, Vector512.Create(Unsafe.Add(ref c0, D + j)), a1);
                    a2 = Vector512.FusedMultiplyAdd(x, Vector512.Create(Unsafe.Add(ref c0, (2 * D) + j)), a2);
                    a3 = Vector512.FusedMultiplyAdd(x, Vector512.Create(Unsafe.Add(ref c0, (3 * D) + j)), a3);
                    a4 = Vector512.FusedMultiplyAdd(x, Vector512.Create(Unsafe.Add(ref c0, (4 * D) + j)), a4);
                    a5 = Vector512.FusedMultiplyAdd(x, Vector512.Create(Unsafe.Add(ref c0, (5 * D) + j)), a5);
                    a6 = Vector512.FusedMultiplyAdd(x, Vector512.Create(Unsafe.Add(ref c0, (6 * D) + j)), a6);
                    a7 = Vector512.FusedMultiplyAdd(x, Vector512.Create(Unsafe.Add(ref c0, (7 * D) + j)), a7);
                }

                best = Vector512.Min(best, Vector512.Min(Vector512.Min(Vector512.Min(a0, a1), Vector512.Min(a2, a3)), Vector512.Min(Vector512.Min(a4, a5), Vector512.Min(a6, a7))));
            }

            Vector512.ConvertToInt32(best).CopyTo(labels.AsSpan(start, W));
        }
    }

    /// <summary>
    /// Rows as int16 at a fixed scale, coordinates paired: pair p of tile t holds, for each of its 16 rows, coordinates
    /// 2p and 2p + 1 side by side (element <c>(t·8 + p)·32 + 2·lane</c>). Centers as one int32 per pair, to broadcast.
    /// </summary>
    private static (short[] Tiles, int[] Centers) PackPairs(float[] points)
    {
        const float scale = 800;
        static short Quantise(float v) => (short)Math.Clamp(MathF.Round(v * scale), -8000, 8000);
        var tiles = new short[points.Length];
        for (int i = 0; i < N; i++)
        {
            for (int j = 0; j < D; j++)
            {
                tiles[((((i / W) * (D / 2)) + (j / 2)) * 2 * W) + (2 * (i % W)) + (j & 1)] = Quantise(points[(i * D) + j]);
            }
        }

        var centers = new int[K * D / 2];
        for (int c = 0; c < K; c++)
        {
            for (int p = 0; p < D / 2; p++)
            {
                centers[(c * D / 2) + p] = (ushort)Quantise(points[(c * D) + (2 * p)]) | (Quantise(points[(c * D) + (2 * p) + 1]) << 16);
            }
        }

        return (tiles, centers);
    }

    private static void ScorePairsMadd(short[] tiles, int[] centers, int[] labels)
    {
        for (int start = 0; start < N; start += W)
        {
            ReadOnlySpan<short> tile = tiles.AsSpan(start * D, W * D);
            var argmin = new ArgMin();
            for (int b = 0; b < K; b += 8)
            {
                Vector512<int> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
                int o = b * D / 2;
                for (int p = 0; p < D / 2; p++)
                {
                    Vector512<short> x = Vector512.Create(tile.Slice(p * 2 * W, 2 * W));
                    a0 += Avx512BW.MultiplyAddAdjacent(x, Vector512.Create(centers[o + p]).AsInt16());
                    a1 += Avx512BW.MultiplyAddAdjacent(x, Vector512.Create(centers[o + 8 + p]).AsInt16());
                    a2 += Avx512BW.MultiplyAddAdjacent(x, Vector512.Create(centers[o + 16 + p]).AsInt16());
                    a3 += Avx512BW.MultiplyAddAdjacent(x, Vector512.Create(centers[o + 24 + p]).AsInt16());
                    a4 += Avx512BW.MultiplyAddAdjacent(x, Vector512.Create(centers[o + 32 + p]).AsInt16());
                    a5 += Avx512BW.MultiplyAddAdjacent(x, Vector512.Create(centers[o + 40 + p]).AsInt16());
                    a6 += Avx512BW.MultiplyAddAdjacent(x, Vector512.Create(centers[o + 48 + p]).AsInt16());
                    a7 += Avx512BW.MultiplyAddAdjacent(x, Vector512.Create(centers[o + 56 + p]).AsInt16());
                }

                argmin.Add(a0, b);
                argmin.Add(a1, b + 1);
                argmin.Add(a2, b + 2);
                argmin.Add(a3, b + 3);
                argmin.Add(a4, b + 4);
                argmin.Add(a5, b + 5);
                argmin.Add(a6, b + 6);
                argmin.Add(a7, b + 7);
            }

            argmin.Store(labels.AsSpan(start, W));
        }
    }

    /// <summary>Four centers at a time: VEX encoding reaches only 16 registers.</summary>
    private static void ScorePairsVnni(short[] tiles, int[] centers, int[] labels)
    {
        for (int start = 0; start < N; start += W)
        {
            ReadOnlySpan<short> tile = tiles.AsSpan(start * D, W * D);
            var argmin = new ArgMin();
            for (int b = 0; b < K; b += 4)
            {
                Vector256<int> a0 = default, a1 = default, a2 = default, a3 = default, b0 = default, b1 = default, b2 = default, b3 = default;
                int o = b * D / 2;
                for (int p = 0; p < D / 2; p++)
                {
                    Vector256<short> low = Vector256.Create(tile.Slice(p * 2 * W, W));
                    Vector256<short> high = Vector256.Create(tile.Slice((p * 2 * W) + W, W));
                    Vector256<short> c0 = Vector256.Create(centers[o + p]).AsInt16();
                    Vector256<short> c1 = Vector256.Create(centers[o + 8 + p]).AsInt16();
                    Vector256<short> c2 = Vector256.Create(centers[o + 16 + p]).AsInt16();
                    Vector256<short> c3 = Vector256.Create(centers[o + 24 + p]).AsInt16();
                    a0 = AvxVnni.MultiplyWideningAndAdd(a0, low, c0);
                    b0 = AvxVnni.MultiplyWideningAndAdd(b0, high, c0);
                    a1 = AvxVnni.MultiplyWideningAndAdd(a1, low, c1);
                    b1 = AvxVnni.MultiplyWideningAndAdd(b1, high, c1);
                    a2 = AvxVnni.MultiplyWideningAndAdd(a2, low, c2);
                    b2 = AvxVnni.MultiplyWideningAndAdd(b2, high, c2);
                    a3 = AvxVnni.MultiplyWideningAndAdd(a3, low, c3);
                    b3 = AvxVnni.MultiplyWideningAndAdd(b3, high, c3);
                }

                argmin.Add(Vector512.Create(a0, b0), b);
                argmin.Add(Vector512.Create(a1, b1), b + 1);
                argmin.Add(Vector512.Create(a2, b2), b + 2);
                argmin.Add(Vector512.Create(a3, b3), b + 3);
            }

            argmin.Store(labels.AsSpan(start, W));
        }
    }

    /// <summary>The integer dot products turned into scores (norms left out) with the float kernel's argmin and runner-up.</summary>
    private struct ArgMin()
    {
        private Vector512<float> _best = Vector512.Create(float.PositiveInfinity);
        private Vector512<float> _second = Vector512.Create(float.PositiveInfinity);
        private Vector512<float> _index = Vector512<float>.Zero;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(Vector512<int> dot, int center)
        {
            Vector512<float> score = Vector512.ConvertToSingle(dot) * Vector512.Create(-2e-6f);
            _second = Vector512.Min(_second, Vector512.Max(_best, score));
            _index = Vector512.ConditionalSelect(Vector512.LessThan(score, _best), Vector512.Create((float)center), _index);
            _best = Vector512.Min(_best, score);
        }

        public readonly void Store(Span<int> labels) =>
            Vector512.ConvertToInt32(Vector512.ConditionalSelect(Vector512.GreaterThan(_second - _best, Vector512.Create(0.01f)), _index, Vector512.Create(-2f))).CopyTo(labels);
    }
}
