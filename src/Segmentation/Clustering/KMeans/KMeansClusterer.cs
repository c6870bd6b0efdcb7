using System.Numerics;
using Segmentation.Kernels;
using Segmentation.Options;

namespace Segmentation.Clustering.KMeans;

/// <summary>
/// Exact k-means (Lloyd's algorithm on SIMD distance kernels, optionally with Hamerly bounds) with greedy k-means++,
/// k-means||, random or given seeding, sample weights, restarts, float64 or float32 distances and multi-threading.
/// </summary>
/// <remarks>
/// <para>Follows scikit-learn's <c>KMeans(algorithm="lloyd")</c>: the same seeding scheme, the same convergence test
/// (labels unchanged, or total squared centre shift at most <c>tol × mean feature variance</c>), empty clusters
/// re-seeded from the points farthest from their centre, and a final assignment to the last centres.</para>
/// <para>Deterministic: the same data, options and seed give the same labels and inertia for any
/// <see cref="KMeansOptions.MaxDegreeOfParallelism"/>.</para>
/// <para>Thread-safe: <see cref="Fit(FeatureMatrix, CancellationToken)"/> may run concurrently; the options are copied at construction.</para>
/// </remarks>
internal sealed class KMeansClusterer : IClusterer<KMeansModel>, IWarmStartClusterer
{
    /// <summary>The name under which the algorithm is known to the CLI and to DI.</summary>
    public const string AlgorithmName = "kmeans";

    /// <summary>
    /// The smallest k·d for which <see cref="KMeansAlgorithm.Auto"/> uses Hamerly bounds on float64 data with 512-bit
    /// kernels: below it a full pass of the blocked kernel, screened in float32, costs less than the bounds'
    /// bookkeeping (whose passes score in float64). Measured with the `bounds` benchmark, n = 200,000, Hamerly's time
    /// over Lloyd's: d = 16: 1.36× at k = 64, 1.09× at k = 256 and 512, 1.07× at 768, 0.74× at 1024; d = 32: 1.12× at
    /// k = 128, 0.81× at 256; d = 64: 0.97× at k = 64, 0.61× at 128; d = 4: 1.14× at k = 256, 0.83× at 1024. No k·d
    /// line separates them all; 8192 misses by at most 17%.
    /// </summary>
    private const int AutoHamerlyMinWork = 8192;

    /// <summary>
    /// <see cref="AutoHamerlyMinWork"/> with 256-bit kernels (AVX2), where a full pass costs twice as much and the
    /// bounds, mostly scalar, about the same: Hamerly over Lloyd (median of 3, tenth session) d = 16: 1.10× at
    /// k = 128, 0.94× at 256, 0.87× at 512; d = 32: 1.79× at k = 64, 0.74× at 128; d = 64: 0.85× at k = 32, 0.70× at
    /// 64. 4096 misses by 15% (d = 64, k = 32); 2048 would cost d = 32, k = 64 almost twice.
    /// </summary>
    private const int AutoHamerlyMinWork256 = 4096;

    /// <summary>
    /// <see cref="AutoHamerlyMinWork"/> with 128-bit or scalar kernels: d = 16, k = 128 (k·d = 2048) ran Hamerly in
    /// 0.65× Lloyd's time with 128-bit kernels (one measurement; narrower kernels only favour the bounds more).
    /// </summary>
    private const int AutoHamerlyMinWork128 = 2048;

    /// <summary>
    /// The same for float32 data, where both passes score in float32: d = 16: 1.16× at k = 128, 0.81× at 256, 0.69×
    /// at 512; d = 64: 0.83× at k = 32, 0.73× at 64.
    /// </summary>
    private const int AutoHamerlyMinWorkSingle = 2048;

    /// <summary>
    /// The smallest k for which <see cref="KMeansAlgorithm.Auto"/> prefers Yinyang to Hamerly (measured: level at
    /// k = 1024, 17% faster at k = 2048, slower below), as long as its bounds, one float32 per group of 32 centers per
    /// row, take no more memory than the row itself (k ≤ 64·d).
    /// </summary>
    private const int AutoYinyangMinK = 1024;

    private readonly KMeansOptions _options;

    /// <summary>Creates a clusterer with the given options.</summary>
    /// <exception cref="ArgumentException">An option is out of range (the message names it and the range).</exception>
    public KMeansClusterer(KMeansOptions options)
    {
        OptionsValidation.ThrowIfInvalid(options, nameof(options));
        _options = options.Clone();
    }

    /// <summary>Creates a clusterer with the default options and <paramref name="k"/> clusters.</summary>
    public KMeansClusterer(int k)
        : this(new KMeansOptions { K = k })
    {
    }

    /// <inheritdoc />
    public string Name => AlgorithmName;

    /// <summary>A copy of the options this clusterer uses.</summary>
    public KMeansOptions Options => _options.Clone();

    /// <inheritdoc />
    public IClusterer WithInitialCenters(FeatureMatrix centers)
    {
        ArgumentNullException.ThrowIfNull(centers);
        KMeansOptions options = _options.Clone();
        options.K = centers.RowCount;
        options.Init = KMeansInit.Given;
        options.InitialCenters = centers;
        options.NInit = 1; // restarts from the same given centres would repeat the same run
        return new KMeansClusterer(options);
    }

    /// <inheritdoc />
    IClusterModel IClusterer.Fit(FeatureMatrix data, CancellationToken cancellationToken) => Fit(data, cancellationToken);

    /// <summary>Fits k-means and returns the typed model.</summary>
    /// <exception cref="ArgumentException">
    /// No rows or columns, a non-finite value, fewer distinct rows than <see cref="KMeansOptions.K"/>, or initial
    /// centers whose width differs from the data's.
    /// </exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public KMeansModel Fit(FeatureMatrix data, CancellationToken cancellationToken = default)
        => Fit(data, null, cancellationToken);

    /// <summary>Fits k-means, reporting each iteration to <paramref name="progress"/>.</summary>
    /// <param name="data">The points (finite); row weights, when present, weigh each point.</param>
    /// <param name="progress">Receives the run, iteration and inertia after each iteration; may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the fit between iterations (and between seeding steps).</param>
    /// <exception cref="ArgumentException">See <see cref="Fit(FeatureMatrix, CancellationToken)"/>.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    internal KMeansModel Fit(FeatureMatrix data, IProgress<KMeansProgress>? progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        Validate(data);
        return _options.Precision == KMeansPrecision.Single
            ? FitIn<float>(data, progress, null, cancellationToken)
            : FitIn<double>(data, progress, null, cancellationToken);
    }

    /// <summary>
    /// Fits k-means on <paramref name="data"/> as <see cref="Fit(FeatureMatrix, CancellationToken)"/> does, on a
    /// preparation of the same rows made by the caller, so that several fits of the same rows (k selection's
    /// candidates) prepare and screen them once: the same model as a fit that prepares its own. The preparation is
    /// used only when it fits these options (float64, screened, this k's chunk size) and its screen is packed
    /// (<see cref="KMeansData{T}.Screen"/> is not thread-safe on first use); otherwise the fit prepares its own.
    /// </summary>
    /// <param name="data">The points <paramref name="prepared"/> was made from.</param>
    /// <param name="prepared">The shared preparation; the caller disposes of it after every fit that uses it.</param>
    /// <param name="cancellationToken">Stops the fit between iterations.</param>
    internal KMeansModel FitPrepared(FeatureMatrix data, KMeansData<double> prepared, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(prepared);
        bool fits = _options.Precision == KMeansPrecision.Double && _options.ScreenInFloat32
            && prepared.N == data.RowCount && prepared.D == data.ColumnCount && prepared.ChunkSize == KMeansData<double>.ChunkSizeFor(_options.K);
        if (!fits)
        {
            return Fit(data, cancellationToken);
        }

        Validate(data);
        return FitIn(data, null, prepared, cancellationToken);
    }

    /// <summary>
    /// Compiles the code that a fit of <paramref name="k"/> clusters over <paramref name="columns"/> columns runs, by
    /// fitting a small synthetic data set twice (k-means++ seeding and given centers, a few iterations of the
    /// algorithm <see cref="KMeansAlgorithm.Auto"/> picks, on at most 64 centers): a one-shot process, such as the <c>segment</c> CLI, can call it on a
    /// spare core while it reads the data, so that the real fit does not wait for the JIT compiler (about 0.1 s of a
    /// cold fit). Fits that follow give the same results with or without it.
    /// </summary>
    /// <param name="k">The number of clusters of the fit to come (at least 1).</param>
    /// <param name="columns">Its number of feature columns (at least 1).</param>
    /// <param name="precision">Its distance precision.</param>
    /// <param name="maxDegreeOfParallelism">Its thread limit (-1 for all cores).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> or <paramref name="columns"/> is below 1.</exception>
    public static void WarmUp(int k, int columns, KMeansPrecision precision = KMeansPrecision.Double, int maxDegreeOfParallelism = -1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);

        // The code depends on k only through the algorithm Auto picks: with many centers, that algorithm is run on at
        // most 64, so that the warm-up stays a few milliseconds of work whatever k is.
        KMeansAlgorithm algorithm = k <= WarmUpMaxK ? KMeansAlgorithm.Auto : AutoAlgorithm(k, columns, precision);
        k = Math.Min(k, WarmUpMaxK);

        // Two chunks of rows (the passes run in parallel over chunks; fewer rows when there are many columns, at most
        // 4M values) and k overlapping blobs, so that rows keep moving and the fits stop at their iteration limit,
        // with a final exact pass.
        int n = Math.Max((2 * k) + 2, Math.Min(2 * 4096, (1 << 22) / columns));
        var values = new double[n * columns];
        var random = new Random(0);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                values[(i * columns) + j] = ((i % k) * (j + 1) * 0.5) + (random.NextDouble() * 2);
            }
        }

        // The last row lies halfway between the first two, the given centers of the second fit: a tie that float32
        // cannot decide, so that the float64 rescoring is compiled too.
        for (int j = 0; j < columns; j++)
        {
            values[((n - 1) * columns) + j] = (values[j] + values[columns + j]) / 2;
        }

        FeatureMatrix data = FeatureMatrix.FromSpan(values, columns);
        var options = new KMeansOptions
        {
            K = k,
            MaxIterations = 3,
            Tolerance = 0,
            Algorithm = algorithm,
            Precision = precision,
            MaxDegreeOfParallelism = maxDegreeOfParallelism,
        };
        new KMeansClusterer(options).Fit(data);
        options.Init = KMeansInit.Given;
        options.InitialCenters = FeatureMatrix.FromSpan(values.AsSpan(0, k * columns), columns);
        options.MaxIterations = 2;
        new KMeansClusterer(options).Fit(data);
    }

    /// <summary>The most centers <see cref="WarmUp"/> fits (it runs the algorithm a larger k would get on this many).</summary>
    private const int WarmUpMaxK = 64;

    /// <summary>What <see cref="KMeansAlgorithm.Auto"/> runs for k centers in d columns with this process's kernels.</summary>
    internal static KMeansAlgorithm AutoAlgorithm(int k, int d, KMeansPrecision precision) => AutoAlgorithm(k, d, precision, DistanceKernels.BestPath);

    /// <summary>
    /// What <see cref="KMeansAlgorithm.Auto"/> runs for k centers in d columns with kernels of the given width: the
    /// narrower the registers, the sooner the bounds pay (the choice never changes the result, only the time).
    /// </summary>
    internal static KMeansAlgorithm AutoAlgorithm(int k, int d, KMeansPrecision precision, KernelPath path)
    {
        int minWork = precision == KMeansPrecision.Single ? AutoHamerlyMinWorkSingle
            : path switch
            {
                KernelPath.Vector512 => AutoHamerlyMinWork,
                KernelPath.Vector256 => AutoHamerlyMinWork256,
                _ => AutoHamerlyMinWork128,
            };
        return (long)k * d < minWork ? KMeansAlgorithm.Lloyd
            : k >= AutoYinyangMinK && k <= 64L * d ? KMeansAlgorithm.Yinyang
            : KMeansAlgorithm.Hamerly;
    }

    // shared: a preparation of the data for this fit made by the caller (who disposes of it), or null to make one.
    private KMeansModel FitIn<T>(FeatureMatrix data, IProgress<KMeansProgress>? progress, KMeansData<T>? shared, CancellationToken cancellationToken)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int k = _options.K;
        using KMeansData<T>? owned = shared is null ? KMeansData<T>.Create(data, k, _options.MaxDegreeOfParallelism, cancellationToken) : null;
        KMeansData<T> prepared = shared ?? owned!;
        EnsureFiniteAfterMoments(data, prepared);
        double tolerance = _options.Tolerance * prepared.MeanFeatureVariance;
        KMeansAlgorithm algorithm = _options.Algorithm == KMeansAlgorithm.Auto ? AutoAlgorithm(k, data.ColumnCount, _options.Precision) : _options.Algorithm;
        var solver = new KMeansSolver<T>(prepared, k, algorithm, _options.ScreenInFloat32);
        int runs = _options.Init == KMeansInit.Given ? 1 : _options.NInit;
        KMeansRunResult? best = null;
        for (int run = 0; run < runs; run++)
        {
            var random = new Random(unchecked(_options.Seed + run));
            double[] centers = _options.Init switch
            {
                KMeansInit.Given => KMeansSeeding.Given(prepared, _options.InitialCenters!),
                KMeansInit.Random => KMeansSeeding.Random(prepared, k, random),
                KMeansInit.KMeansParallel => KMeansParallelSeeding.Seed(prepared, k, random, cancellationToken),
                _ => KMeansSeeding.KMeansPlusPlus(prepared, k, random, cancellationToken),
            };
            KMeansRunResult result = solver.Run(centers, tolerance, _options.MaxIterations, run, progress, cancellationToken);
            if (best is null || result.Inertia < best.Inertia)
            {
                best = result;
            }
        }

        double[] finalCenters = best!.Centers;
        for (int v = 0; v < finalCenters.Length; v++)
        {
            finalCenters[v] += prepared.Origin[v % prepared.D];
        }

        var centroids = FeatureMatrix.Create(finalCenters, data.ColumnCount, data.Schema);
        return new KMeansModel(centroids, best.Labels, best.Inertia, best.Iterations, best.Converged, best.InertiaByIteration);
    }

    /// <summary>What the message about a non-finite value says needs finite values.</summary>
    private const string FiniteCheckPurpose = "k-means";

    /// <summary>
    /// A non-finite value makes the column means or the mean variance non-finite, so only then is the data scanned
    /// for it (finite values large enough to overflow those sums are scanned too, and pass, as before).
    /// </summary>
    private static void EnsureFiniteAfterMoments<T>(FeatureMatrix data, KMeansData<T> prepared)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (!double.IsFinite(prepared.MeanFeatureVariance) || !prepared.ColumnMeans.All(double.IsFinite))
        {
            data.EnsureFinite(FiniteCheckPurpose);
        }
    }

    private void Validate(FeatureMatrix data)
    {
        if (data.RowCount == 0)
        {
            throw new ArgumentException("k-means needs at least one row, but the data has none.", nameof(data));
        }

        if (data.ColumnCount == 0)
        {
            throw new ArgumentException("k-means needs at least one feature column, but the data has none.", nameof(data));
        }

        if (_options.InitialCenters is { } given && given.ColumnCount != data.ColumnCount)
        {
            throw new ArgumentException(
                $"The initial centers have {given.ColumnCount} columns but the data has {data.ColumnCount}; give one value per feature.",
                nameof(data));
        }

        // Finiteness is checked by the preparation's first pass over the values (EnsureFiniteAfterMoments), not by a
        // read of its own; a check that fails first reports a non-finite value, as when that read came first.
        if (data.WeightsArray is { } weights && !weights.Any(w => w > 0))
        {
            data.EnsureFinite(FiniteCheckPurpose);
            throw new ArgumentException("k-means needs at least one row with a positive weight, but every weight is 0.", nameof(data));
        }

        int distinct = CountDistinctRows(data, _options.K);
        if (distinct < _options.K)
        {
            data.EnsureFinite(FiniteCheckPurpose);
            throw new ArgumentException(
                $"k-means was asked for {_options.K} clusters but the data has only {distinct} distinct row(s); choose k <= {distinct}.",
                nameof(data));
        }
    }

    /// <summary>Counts distinct rows with positive weight, stopping early once <paramref name="enough"/> are found.</summary>
    private static int CountDistinctRows(FeatureMatrix data, int enough)
    {
        var seen = new HashSet<RowKey>();
        for (int i = 0; i < data.RowCount && seen.Count < enough; i++)
        {
            if (data.Weight(i) > 0)
            {
                seen.Add(new RowKey(data, i));
            }
        }

        return seen.Count;
    }

    /// <summary>Row equality by value, for counting distinct rows.</summary>
    private readonly struct RowKey(FeatureMatrix data, int row) : IEquatable<RowKey>
    {
        private ReadOnlySpan<double> Values => data.Row(row);

        public bool Equals(RowKey other) => Values.SequenceEqual(other.Values);

        public override bool Equals(object? obj) => obj is RowKey other && Equals(other);

        public override int GetHashCode()
        {
            HashCode hash = default;
            foreach (double value in Values)
            {
                hash.Add(value);
            }

            return hash.ToHashCode();
        }
    }
}
