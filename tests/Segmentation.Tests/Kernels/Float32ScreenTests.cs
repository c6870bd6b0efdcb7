using System.Runtime.Intrinsics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Segmentation.Kernels;

namespace Segmentation.Tests.Kernels;

public class Float32ScreenTests
{
    /// <summary>The paths the hardware accelerates (Scalar always): the ones a fit can run on.</summary>
    public static TheoryData<int> Paths => [.. AcceleratedPaths.Select(p => (int)p)];

    private static KernelPath[] AcceleratedPaths =>
    [
        KernelPath.Scalar,
        .. Vector128.IsHardwareAccelerated ? [KernelPath.Vector128] : Array.Empty<KernelPath>(),
        .. Vector256.IsHardwareAccelerated ? [KernelPath.Vector256] : Array.Empty<KernelPath>(),
        .. Vector512.IsHardwareAccelerated ? [KernelPath.Vector512] : Array.Empty<KernelPath>(),
    ];

    [Theory]
    [MemberData(nameof(Paths))]
    public void AssignScreened_ManyShapes_LabelsMovesAndInertiaMatchFloat64Kernel(int pathValue)
    {
        var path = (KernelPath)pathValue;
        int[] ns = [0, 1, 3, 15, 16, 17, 33, 100, 257];
        int[] ds = [1, 2, 3, 7, 8, 16, 17, 20];
        int[] ks = [1, 2, 3, 4, 8, 9, 17];
        int seed = 0;
        foreach (int n in ns)
        {
            foreach (int d in ds)
            {
                foreach (int k in ks)
                {
                    seed++;
                    var random = new Random(seed);
                    double[] points = Uniform(random, n * d, 0, 5);

                    // Some centers are rows (distance zero), one is duplicated, the rest random.
                    double[] centers = Uniform(random, k * d, 0, 5);
                    for (int c = 0; c < k && n > 0; c += 2)
                    {
                        points.AsSpan(random.Next(n) * d, d).CopyTo(centers.AsSpan(c * d, d));
                    }

                    if (k >= 3)
                    {
                        centers.AsSpan(0, d).CopyTo(centers.AsSpan((k - 1) * d, d));
                    }

                    double[] weights = seed % 2 == 0 ? Uniform(random, n, 1.5, 1.5) : [];
                    Check(path, points, d, centers, weights, random, exact: seed % 3 != 0);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void AssignScreened_SeveralBlocks_ThresholdsFromEachBlocksFirstTileMatchFloat64Kernel(int pathValue)
    {
        // As the solver calls it: one screen for all rows, thresholds and assignment chunk by chunk.
        var path = (KernelPath)pathValue;
        const int n = 1000;
        const int d = 5;
        const int k = 7;
        const int chunkSize = 128;
        var random = new Random(3);
        double[] points = Blobs(random, n, d, k, centerRange: 10, spread: 1, offset: 100);
        double[] centers = Blobs(random, k, d, k, centerRange: 10, spread: 1, offset: 100);
        (double[] origin, double spread) = Moments(points, d);
        using Float32Screen screen = Float32Screen.Create(points, n, d, origin, spread, chunkSize, Sequential, path);
        CenterPanel<float> screenPanel = screen.Panel(centers, d);
        var panel = CenterPanel<double>.Create(centers, d);
        int[] labels = [.. Enumerable.Repeat(-1, n)];
        for (int start = 0; start < n; start += chunkSize)
        {
            int count = Math.Min(chunkSize, n - start);
            var thresholds = new float[(count + screen.Width - 1) / screen.Width];
            screen.Thresholds(start / screen.Width, screenPanel, screen.CenterNorm(centers, d), d, thresholds);
            var scratch = new int[count];
            LloydStep.AssignScreened(
                screen.Tiles.AsSpan(start * d), thresholds, points.AsSpan(start * d, count * d), d, screenPanel, panel, centers, [],
                labels.AsSpan(start, count), new int[count], new int[count], scratch, new int[count], new double[count], exactInertia: false, path);
        }

        Assert.Equal(Float64Labels(path, points, d, centers), labels);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void AssignScreened_DataFarFromOrigin_MatchesFloat64Kernel(int pathValue)
    {
        var path = (KernelPath)pathValue;
        foreach (double offset in new[] { 1e6, 1e8, -1e8 })
        {
            var random = new Random((int)Math.Log10(Math.Abs(offset)));
            double[] points = Blobs(random, 500, 4, 6, centerRange: 3, spread: 1, offset: offset);
            double[] centers = Blobs(random, 6, 4, 6, centerRange: 3, spread: 1, offset: offset);
            Check(path, points, 4, centers, [], random, exact: true);
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void AssignScreened_VeryLargeAndVerySmallValues_MatchesFloat64Kernel(int pathValue)
    {
        var path = (KernelPath)pathValue;
        foreach (double magnitude in new[] { 1e30, 1e-30, 1e150, 1e-150 })
        {
            var random = new Random(7);
            double[] points = [.. Blobs(random, 300, 3, 5, centerRange: 5, spread: 1, offset: 0).Select(v => v * magnitude)];
            double[] centers = [.. Blobs(random, 5, 3, 5, centerRange: 5, spread: 1, offset: 0).Select(v => v * magnitude)];
            int uncertain = Check(path, points, 3, centers, [], random, exact: true);

            // Scaled by a power of two near 1/magnitude, float32 neither overflows nor underflows: most rows are screened.
            Assert.True(uncertain < 30, $"{uncertain} of 300 rows scored again at magnitude {magnitude}");
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void AssignScreened_RowsExactlyHalfwayBetweenTwoCenters_LowestIndexAndScoredAgain(int pathValue)
    {
        var path = (KernelPath)pathValue;
        foreach (double offset in new[] { 0.0, 1e6 })
        {
            // Centers at offset ± 1 on the first axis; every row on the bisecting plane (plus far rows to spread the data).
            const int d = 3;
            double[] centers = [offset + 1, offset, offset, offset - 1, offset, offset];
            var rows = new List<double>();
            for (int i = 0; i < 40; i++)
            {
                rows.AddRange([offset, offset + i - 20, offset + (i % 7)]);
            }

            double[] points = [.. rows];
            int uncertain = Check(path, points, d, centers, [], new Random(1), exact: true);
            Assert.All(Float64Labels(path, points, d, centers), label => Assert.Equal(0, label));
            Assert.True(uncertain > 0, "an exact tie must be scored again in float64");
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void AssignScreened_DuplicateCenters_LowestIndexAsFloat64Kernel(int pathValue)
    {
        var path = (KernelPath)pathValue;
        const int n = 200;
        const int d = 4;
        var random = new Random(11);
        double[] points = Uniform(random, n * d, 0, 3);
        double[] a = Uniform(random, d, 0, 3);
        double[] b = Uniform(random, d, 0, 3);

        // a at 1 and 3, b at 0, 2 and 4: every row's nearest is a or b, and its label the first copy.
        double[] centers = [.. b, .. a, .. b, .. a, .. b];
        int[] labels = Float64Labels(path, points, d, centers);
        Assert.All(labels, label => Assert.True(label is 0 or 1));
        int uncertain = Check(path, points, d, centers, [], random, exact: true);
        Assert.True(uncertain >= n, $"every row ties with a copy of its center, but only {uncertain} were scored again");
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void AssignScreened_CentersCloserThanFloat32Resolution_MatchesFloat64Kernel(int pathValue)
    {
        var path = (KernelPath)pathValue;
        const int d = 6;
        var random = new Random(5);
        foreach (double offset in new[] { 0.0, 1e3 })
        {
            // Relative to the data's spread, 1e-12: float32 sees two equal centers; 1e-7: about one float32 unit apart,
            // so float32 alone would guess.
            foreach (double relative in new[] { 1e-12, 1e-7 })
            {
                double[] points = Blobs(random, 400, d, 3, centerRange: 4, spread: 1, offset: offset);
                double[] baseCenters = Blobs(random, 3, d, 3, centerRange: 4, spread: 1, offset: offset);

                // Each center twice, the copy slightly away (in alternating directions).
                double step = relative * 4;
                var centers = new List<double>();
                for (int c = 0; c < 3; c++)
                {
                    double[] center = baseCenters[(c * d)..((c + 1) * d)];
                    centers.AddRange(center);
                    centers.AddRange(center.Select((v, j) => v + ((j + c) % 2 == 0 ? step : -step)));
                }

                double[] all = [.. centers];
                int[] labels = Float64Labels(path, points, d, all);
                if (offset == 0)
                {
                    Assert.Contains(labels, label => label % 2 == 1); // float64 does tell the copies apart
                }

                int uncertain = Check(path, points, d, all, [], random, exact: true);
                Assert.True(uncertain >= points.Length / d / 2, $"only {uncertain} rows scored again at {relative}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void AssignScreened_WellSeparatedBlobs_ScoresFewerThanOnePercentAgain(int pathValue)
    {
        var path = (KernelPath)pathValue;
        const int n = 10_000;
        const int d = 8;
        const int k = 10;
        foreach (double offset in new[] { 0.0, 1e4 })
        {
            var random = new Random(17);
            double[] trueCenters = Uniform(random, k * d, offset, 40);
            var values = new double[n * d];
            for (int i = 0; i < n; i++)
            {
                int c = i % k;
                for (int j = 0; j < d; j++)
                {
                    values[(i * d) + j] = trueCenters[(c * d) + j] + Normal(random);
                }
            }

            int uncertain = Check(path, values, d, trueCenters, [], random, exact: false);
            Assert.True(uncertain < n / 100, $"{uncertain} of {n} rows scored again at offset {offset}");
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void AssignScreened_CenterOverflowsFloat32_InfiniteThresholdsEveryRowScoredAgain(int pathValue)
    {
        var path = (KernelPath)pathValue;
        const int n = 100;
        const int d = 3;
        var random = new Random(23);
        double[] points = Uniform(random, n * d, 0, 1);
        double[] centers = [.. Uniform(random, 3 * d, 0, 1), 1e300, 0, 0, .. Uniform(random, 2 * d, 0, 1)];
        (double[] origin, double spread) = Moments(points, d);
        using Float32Screen screen = Float32Screen.Create(points, n, d, origin, spread, 1024, Sequential, path);
        float[] thresholds = AllThresholds(screen, n, centers, d);
        Assert.All(thresholds, t => Assert.Equal(float.PositiveInfinity, t));

        int uncertain = Check(path, points, d, centers, [], random, exact: true);
        Assert.Equal(n, uncertain);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Thresholds_AreFiniteNonNegativeAndGrowWithTheTilesNorm(int pathValue)
    {
        var path = (KernelPath)pathValue;
        const int d = 4;
        int w = DistanceKernels.Width<float>(path);
        int n = 3 * w;

        // Tile 0 near the mean, tile 1 a hundred times farther, tile 2 ten thousand.
        double[] points = new double[n * d];
        for (int i = 0; i < n; i++)
        {
            double magnitude = Math.Pow(100, i / w);
            for (int j = 0; j < d; j++)
            {
                points[(i * d) + j] = ((i + j) % 2 == 0 ? 1 : -1) * magnitude;
            }
        }

        double[] centers = [1, 2, 3, 4, -1, -2, -3, -4];
        using Float32Screen screen = Float32Screen.Create(points, n, d, new double[d], 1, 1024, Sequential, path);
        var thresholds = new float[3];
        screen.Thresholds(0, screen.Panel(centers, d), screen.CenterNorm(centers, d), d, thresholds);
        Assert.All(thresholds, t => Assert.True(float.IsFinite(t) && t > 0, $"threshold {t}"));
        Assert.True(thresholds[0] < thresholds[1] && thresholds[1] < thresholds[2], string.Join(", ", thresholds));

        // From a later tile on: the same values as that tile's.
        var fromSecond = new float[2];
        screen.Thresholds(1, screen.Panel(centers, d), screen.CenterNorm(centers, d), d, fromSecond);
        Assert.Equal(thresholds[1..], fromSecond);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Create_PacksShiftedScaledRowsLikePackTiles(int pathValue)
    {
        // d = 3 packs element by element; d = 8, 13 and 24 convert eight values at a time, with a tail.
        var path = (KernelPath)pathValue;
        foreach (int d in new[] { 3, 8, 13, 24 })
        {
            int w = DistanceKernels.Width<float>(path);
            int n = (2 * w) + 1;
            var random = new Random(2 + d);
            double[] points = Uniform(random, n * d, 1e5, 50);
            (double[] origin, double spread) = Moments(points, d);
            using Float32Screen screen = Float32Screen.Create(points, n, d, origin, spread, w, new ParallelOptions { MaxDegreeOfParallelism = 2 }, path);
            Assert.Equal(w, screen.Width);
            Assert.True(double.IsPow2(screen.Scale), $"scale {screen.Scale}");
            Assert.InRange(spread * screen.Scale, 1, 2);

            float[] expected = new float[3 * w * d];
            float[] shifted = [.. points.Select((v, e) => (float)((v - origin[e % d]) * screen.Scale))];
            DistanceKernels.PackTiles<float>(shifted, d, expected, path);
            Assert.Equal(expected, screen.Tiles.AsSpan(0, 3 * w * d).ToArray());
            for (int t = 0; t < 3; t++)
            {
                // Per tile, bounds on the largest norms: at least the true ones, and not much more.
                int end = Math.Min(n, (t + 1) * w);
                double raw = screen.Scale * Enumerable.Range(t * w, end - (t * w)).Max(i => Math.Sqrt(points.AsSpan(i * d, d).ToArray().Sum(v => v * v)));
                double scaled = Enumerable.Range(t * w, end - (t * w)).Max(i => Math.Sqrt(shifted.AsSpan(i * d, d).ToArray().Sum(v => (double)v * v)));
                Assert.InRange(screen.RawNorms[t], raw * (1 - 1e-15), raw * (1 + 1e-9));
                Assert.InRange(screen.ScaledNorms[t], scaled * (1 - 1e-15), scaled * (1 + 1e-5));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void AssignScreened_CentersMuchSmallerThanTheSpread_MatchesFloat64Kernel(int pathValue)
    {
        // Rows ±2^-511 (spread 2^-511, scale 2^511), centers 2^-611 and 2^-610: every x·c underflows to zero in float64,
        // so the float64 kernel ties (label 0), while the float32 scores -2^-99 and -2^-98 would pick center 1 for the
        // rows +2^-511: the threshold must cover float64's underflow.
        var path = (KernelPath)pathValue;
        double x = Math.ScaleB(1, -511);
        double[] points = [x, -x, x, -x];
        double[] centers = [Math.ScaleB(1, -611), Math.ScaleB(1, -610)];
        (int[] labels, _, _, _, _) = Screened(path, points, 1, centers, [], [-1, -1, -1, -1], exact: false);
        Assert.Equal(Float64Labels(path, points, 1, centers), labels);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void AssignScreened_ScaleSquaredBelowFloat64Range_MatchesFloat64Kernel(int pathValue)
    {
        // Spread 2^540 (scale 2^-540, whose square 2^-1080 is below float64's range): the float64 error term must not
        // vanish from the threshold. The rows sit at the origin 2^511 and the centers 2^511 + 2^481 and 2^511 + 2^480
        // score exactly -2^1022 both in float64 (label 0), while float32 sees 2^-118 against 2^-120.
        // (KMeansData's spread never exceeds about 2^512, so only a direct caller of Create reaches this.)
        var path = (KernelPath)pathValue;
        double origin = Math.ScaleB(1, 511);
        double[] points = [origin, origin, origin];
        double[] centers = [origin + Math.ScaleB(1, 481), origin + Math.ScaleB(1, 480)];
        using Float32Screen screen = Float32Screen.Create(points, 3, 1, [origin], Math.ScaleB(1, 540), 1024, Sequential, path);
        CenterPanel<float> screenPanel = screen.Panel(centers, 1);
        var panel = CenterPanel<double>.Create(centers, 1);
        float[] thresholds = AllThresholds(screen, 3, centers, 1);
        int[] labels = [-1, -1, -1];
        LloydStep.AssignScreened(
            screen.Tiles, thresholds, points, 1, screenPanel, panel, centers, [], labels, new int[3], new int[3], new int[3], new int[3], new double[3], exactInertia: false, path);
        Assert.Equal(Float64Labels(path, points, 1, centers), labels);
    }

    /// <summary>
    /// Rows a hair off the bisector of two centers, at distances from it spread over six orders of magnitude, so that
    /// float32's rounding decides some of them. The second half shows these rows reach it: with the thresholds cut
    /// to a fiftieth, the screen gets labels wrong (10-19 rows on each path here). The bound is a worst case, about
    /// fifty times the rounding these rows meet, so a bound a few times too small would still pass; its proof is in
    /// <see cref="Float32Screen.Thresholds"/>.
    /// </summary>
    [Theory]
    [MemberData(nameof(Paths))]
    public void AssignScreened_RowsNearTheBisector_MatchFloat64KernelAndAFiftiethOfTheBoundWouldNot(int pathValue)
    {
        var path = (KernelPath)pathValue;
        var random = new Random(11);
        int wrongAtAFiftieth = 0;
        foreach (int d in new[] { 2, 16, 64 })
        {
            foreach (double offset in new[] { 0.0, 1e4, 1e8 })
            {
                const int n = 1500;
                const int k = 4;
                double[] centers = [.. Enumerable.Range(0, k * d).Select(_ => offset + Normal(random))];
                double[] points = NearBisectors(random, n, d, centers);
                (double[] origin, double spread) = Moments(points, d);
                using Float32Screen screen = Float32Screen.Create(points, n, d, origin, spread, 1536, Sequential, path);
                CenterPanel<float> screenPanel = screen.Panel(centers, d);
                var panel = CenterPanel<double>.Create(centers, d);
                float[] thresholds = AllThresholds(screen, n, centers, d);
                int[] expected = Float64Labels(path, points, d, centers);

                int[] Assign(float[] limits)
                {
                    int[] labels = [.. Enumerable.Repeat(-1, n)];
                    LloydStep.AssignScreened(
                        screen.Tiles, limits, points, d, screenPanel, panel, centers, [], labels, new int[n], new int[n],
                        new int[n], new int[n], new double[n], exactInertia: false, path);
                    return labels;
                }

                Assert.Equal(expected, Assign(thresholds));
                int[] weak = Assign([.. thresholds.Select(t => t / 50)]);
                wrongAtAFiftieth += expected.Zip(weak).Count(pair => pair.First != pair.Second);
            }
        }

        Assert.True(wrongAtAFiftieth > 0, "a fiftieth of the thresholds still gave the float64 labels: these rows do not reach float32's rounding");
    }

    [Fact]
    public void Thresholds_NaNCenter_AreInfinite()
    {
        // NaN scores drop out of the kernel's min and max, so a NaN center must keep every row from being screened.
        KernelPath path = AcceleratedPaths[^1];
        double[] points = [0, 1, 2, 3];
        double[] centers = [double.NaN, 1];
        using Float32Screen screen = Float32Screen.Create(points, 4, 1, [1.5], 1.1, 64, Sequential, path);
        float[] thresholds = AllThresholds(screen, 4, centers, 1);
        Assert.All(thresholds, t => Assert.Equal(float.PositiveInfinity, t));
    }

    [Fact]
    public void Create_ChunkNotOnTileBoundary_Throws()
    {
        KernelPath path = AcceleratedPaths[^1];
        if (DistanceKernels.Width<float>(path) == 1)
        {
            return;
        }

        Assert.Throws<ArgumentException>(() => Float32Screen.Create(new double[40], 20, 2, new double[2], 1, 3, Sequential, path));
    }

    [Fact]
    public void AssignScreened_SpansTooShort_ThrowsNamingTheMismatch()
    {
        var panel = CenterPanel<double>.Create(new double[4], 2);
        var screenPanel = CenterPanel<float>.Create(new double[4], 2);
        var error = Assert.Throws<ArgumentException>(() => LloydStep.AssignScreened(
            new float[10], new float[5], new double[10], 2, screenPanel, panel, new double[4], [],
            new int[5], new int[5], new int[5], new int[4], new int[5], new double[5], exactInertia: false, KernelPath.Scalar));
        Assert.Contains("do not match", error.Message, StringComparison.Ordinal);
    }

    [Property(MaxTest = 150)]
    public Property AssignScreened_RandomDataAndCenters_LabelsEqualFloat64Kernel()
        => Prop.ForAll(ScreenInputs().ToArbitrary(), input =>
        {
            (int n, int d, int k, int offsetExponent, int scaleExponent, int seed, int pathIndex) = input;
            KernelPath path = AcceleratedPaths[pathIndex % AcceleratedPaths.Length];
            var random = new Random(seed);
            double offset = offsetExponent == 0 ? 0 : ((random.Next(2) * 2) - 1) * Math.Pow(10, offsetExponent);
            double scale = Math.Pow(10, scaleExponent);

            // Rows on a coarse grid half of the time: exact ties between centers.
            bool grid = random.Next(2) == 0;
            double[] points = [.. Enumerable.Range(0, n * d).Select(_ => offset + (scale * (grid ? random.Next(-3, 4) : Normal(random))))];
            double[] centers = new double[k * d];
            for (int c = 0; c < k; c++)
            {
                Span<double> center = centers.AsSpan(c * d, d);
                switch (random.Next(3))
                {
                    case 0 when n > 0:
                        points.AsSpan(random.Next(n) * d, d).CopyTo(center);
                        break;
                    case 1 when c > 0:
                        centers.AsSpan(random.Next(c) * d, d).CopyTo(center);
                        break;
                    default:
                        for (int j = 0; j < d; j++)
                        {
                            center[j] = offset + (scale * Normal(random));
                        }

                        break;
                }
            }

            (int[] labels, _, _, _, _) = Screened(path, points, d, centers, [], [.. Enumerable.Repeat(-1, n)], exact: false);
            return labels.SequenceEqual(Float64Labels(path, points, d, centers))
                .Label($"path {path}, n {n}, d {d}, k {k}, offset {offset}, scale {scale}, seed {seed}");
        });

    private static readonly ParallelOptions Sequential = new() { MaxDegreeOfParallelism = 1 };

    private static Gen<(int N, int D, int K, int OffsetExponent, int ScaleExponent, int Seed, int PathIndex)> ScreenInputs() =>
        from n in Gen.Choose(0, 150)
        from d in Gen.Choose(1, 12)
        from k in Gen.Choose(1, 12)
        from offsetExponent in Gen.Elements(0, 0, 3, 6, 9)
        from scaleExponent in Gen.Choose(-40, 40)
        from seed in Gen.Choose(0, 1_000_000)
        from pathIndex in Gen.Choose(0, 3)
        select (n, d, k, offsetExponent, scaleExponent, seed, pathIndex);

    /// <summary>
    /// Screens <paramref name="points"/> against <paramref name="centers"/> and checks the labels, the moved rows and the
    /// inertia against the float64 kernel's; returns the number of rows scored again.
    /// </summary>
    private static int Check(KernelPath path, double[] points, int d, double[] centers, double[] weights, Random random, bool exact)
    {
        int n = points.Length / d;
        int k = centers.Length / d;
        int[] previous = [.. Enumerable.Range(0, n).Select(_ => random.Next(-1, k))];
        (int[] labels, int[] movedRows, int[] movedFrom, double inertia, int uncertain) = Screened(path, points, d, centers, weights, previous, exact);

        // The float64 kernel, both as the nearest-center search and as the plain Lloyd step on float64 tiles.
        int[] expected = Float64Labels(path, points, d, centers);
        Assert.Equal(expected, labels);
        var plain = (int[])previous.Clone();
        var tiles = new double[(n + 64) * d];
        DistanceKernels.PackTiles<double>(points, d, tiles, path);
        (double plainInertia, _) = LloydStep.Assign<double>(
            tiles, points, d, CenterPanel<double>.Create(centers, d), centers, weights, plain, new int[n], new int[n], exactInertia: true, path);
        Assert.Equal(expected, plain);

        // The moved rows, as a set (the rows scored again come after the others), each once with its previous label.
        Assert.Equal(movedRows.Length, movedRows.Distinct().Count());
        var moves = movedRows.Zip(movedFrom).OrderBy(m => m.First).ToArray();
        (int, int)[] changed = [.. Enumerable.Range(0, n).Where(i => previous[i] != labels[i]).Select(i => (i, previous[i]))];
        Assert.Equal(changed, moves);

        // In list order: the rows the float32 kernel decided, by row, then those scored again in float64, by row.
        int descents = movedRows.Zip(movedRows.Skip(1)).Count(pair => pair.Second < pair.First);
        Assert.InRange(descents, 0, uncertain == 0 ? 0 : 1);

        Assert.InRange(uncertain, 0, n);
        if (exact)
        {
            Assert.Equal(plainInertia, inertia, 1e-12 * Math.Max(double.Epsilon, Math.Abs(plainInertia)));
        }
        else
        {
            Assert.True(double.IsNaN(inertia), $"inertia {inertia} without exactInertia");
        }

        return uncertain;
    }

    /// <summary>The screen as the solver sets it up: origin the column means, spread the root of the total variance.</summary>
    private static (int[] Labels, int[] MovedRows, int[] MovedFrom, double Inertia, int Uncertain) Screened(
        KernelPath path, double[] points, int d, double[] centers, double[] weights, int[] previous, bool exact)
    {
        int n = points.Length / d;
        (double[] origin, double spread) = Moments(points, d);
        using Float32Screen screen = Float32Screen.Create(points, n, d, origin, spread, 1024, Sequential, path);
        CenterPanel<float> screenPanel = screen.Panel(centers, d);
        var panel = CenterPanel<double>.Create(centers, d);
        float[] thresholds = AllThresholds(screen, n, centers, d);
        var labels = (int[])previous.Clone();
        var movedRows = new int[n];
        var movedFrom = new int[n];
        (double inertia, int moved, int uncertain) = LloydStep.AssignScreened(
            screen.Tiles, thresholds, points, d, screenPanel, panel, centers, weights, labels, movedRows, movedFrom,
            new int[n], new int[n], new double[n], exact, path);
        return (labels, movedRows[..moved], movedFrom[..moved], inertia, uncertain);
    }

    /// <summary>The thresholds of every tile of <paramref name="n"/> rows, as the solver computes them.</summary>
    private static float[] AllThresholds(Float32Screen screen, int n, double[] centers, int d)
    {
        var thresholds = new float[(n + screen.Width - 1) / screen.Width];
        screen.Thresholds(0, screen.Panel(centers, d), screen.CenterNorm(centers, d), d, thresholds);
        return thresholds;
    }

    private static int[] Float64Labels(KernelPath path, double[] points, int d, double[] centers)
    {
        int n = points.Length / d;
        var labels = new int[n];
        DistanceKernels.FindNearest<double>(points, d, [], CenterPanel<double>.Create(centers, d), labels, new double[n], [], path);
        return labels;
    }

    /// <summary>Column means and the root of the total variance, as <c>KMeansData</c> gives the screen.</summary>
    private static (double[] Origin, double Spread) Moments(double[] points, int d)
    {
        int n = points.Length / d;
        var means = new double[d];
        double variance = 0;
        for (int j = 0; j < d; j++)
        {
            for (int i = 0; i < n; i++)
            {
                means[j] += points[(i * d) + j] / n;
            }

            for (int i = 0; i < n; i++)
            {
                double deviation = points[(i * d) + j] - means[j];
                variance += deviation * deviation / n;
            }
        }

        return (means, Math.Sqrt(variance));
    }

    private static double[] Uniform(Random random, int count, double center, double halfWidth)
        => [.. Enumerable.Range(0, count).Select(_ => center + (((random.NextDouble() * 2) - 1) * halfWidth))];

    /// <summary>n rows, each near one of <paramref name="clusters"/> random centers.</summary>
    private static double[] Blobs(Random random, int n, int d, int clusters, double centerRange, double spread, double offset)
    {
        double[] centers = Uniform(random, clusters * d, 0, centerRange);
        var values = new double[n * d];
        for (int i = 0; i < n; i++)
        {
            int c = random.Next(clusters);
            for (int j = 0; j < d; j++)
            {
                values[(i * d) + j] = offset + centers[(c * d) + j] + (spread * Normal(random));
            }
        }

        return values;
    }

    /// <summary>
    /// Rows on the bisector of two random centers, moved along the line between them by a fraction of its length
    /// between 1e-10 and 1e-4, and sideways (which keeps them equidistant) by a unit of noise.
    /// </summary>
    private static double[] NearBisectors(Random random, int n, int d, double[] centers)
    {
        int k = centers.Length / d;
        var points = new double[n * d];
        for (int i = 0; i < n; i++)
        {
            int a = random.Next(k);
            int b = (a + 1 + random.Next(k - 1)) % k;
            double[] direction = [.. Enumerable.Range(0, d).Select(j => centers[(b * d) + j] - centers[(a * d) + j])];
            double[] noise = [.. Enumerable.Range(0, d).Select(_ => Normal(random))];
            double along = noise.Zip(direction).Sum(p => p.First * p.Second) / direction.Sum(v => v * v);
            double nudge = Math.Pow(10, -4 - (6 * random.NextDouble())) * (random.Next(2) == 0 ? -1 : 1);
            for (int j = 0; j < d; j++)
            {
                double middle = (centers[(a * d) + j] + centers[(b * d) + j]) / 2;
                points[(i * d) + j] = middle + (noise[j] - (along * direction[j])) + (nudge * direction[j]);
            }
        }

        return points;
    }

    private static double Normal(Random random)
        => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
