using System.Globalization;
using Segmentation.Clustering.KMeans;
using Segmentation.Clustering.Quality;
using Segmentation.Kernels;
using Segmentation.Options;

namespace Segmentation.Clustering.Selection;

/// <summary>
/// Chooses the number of segments: fits each candidate k, scores it on silhouette, Calinski-Harabasz, Davies-Bouldin,
/// the inertia elbow and bootstrap stability, and recommends one k with the evidence (see <see cref="KSelectionResult.DecisionRule"/>).
/// </summary>
/// <remarks>Holds settings only; thread-safe. Deterministic for a given seed.</remarks>
internal sealed class KSelector
{
    private readonly KSelectionOptions _options;
    private readonly Func<int, int, IClusterer> _clusterer;
    private readonly bool _isDefaultClusterer;

    /// <summary>Creates a selector.</summary>
    /// <param name="options">The range and tests; defaults when null.</param>
    /// <param name="clusterer">
    /// Makes the clusterer for a given k and seed; by default k-means (<see cref="KMeansClusterer"/>) with
    /// <see cref="KSelectionOptions.NInit"/> runs.
    /// </param>
    /// <exception cref="ArgumentException">An option is out of range (the message names it).</exception>
    public KSelector(KSelectionOptions? options = null, Func<int, int, IClusterer>? clusterer = null)
    {
        _options = options?.Clone() ?? new KSelectionOptions();
        OptionsValidation.ThrowIfInvalid(_options, nameof(options));
        int nInit = _options.NInit;
        _isDefaultClusterer = clusterer is null;
        // One thread per fit: the fits run side by side as jobs (k-means gives the same result for any thread count).
        _clusterer = clusterer ?? ((k, seed) => new KMeansClusterer(new KMeansOptions { K = k, Seed = seed, NInit = nInit, MaxDegreeOfParallelism = 1 }));
    }

    /// <summary>The settings (a copy).</summary>
    public KSelectionOptions Options => _options.Clone();

    /// <summary>Evaluates every candidate on <paramref name="data"/> (model space: imputed and scaled) and recommends one.</summary>
    /// <exception cref="ArgumentException">The data is not finite or has too few distinct customers for <see cref="KSelectionOptions.MaxK"/>.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public KSelectionResult Select(FeatureMatrix data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        data.EnsureFinite("Choosing the number of segments");
        if (data.RowCount <= _options.MaxK)
        {
            throw new ArgumentException(
                $"Choosing between {_options.MinK} and {_options.MaxK} segments needs more than {_options.MaxK} customers, but the data has {data.RowCount}; lower the maximum k.",
                nameof(data));
        }

        int count = _options.MaxK - _options.MinK + 1;
        var raw = new (double Silhouette, double Ch, double Db, double Inertia, double Stability)[count];

        // Above FitSampleSize customers, each candidate is fitted on one seeded sample and scored on every customer
        // with the labels that fit predicts; only the recommended k is then refitted on all customers.
        bool sampled = data.RowCount > _options.FitSampleSize;
        FeatureMatrix fitData = sampled ? SampleRows(data, ClusterQuality.SampleRowIndices(data.RowCount, _options.FitSampleSize, _options.Seed)) : data;
        FitJob[] fits = FitAll(data, fitData, count, cancellationToken);
        IClusterModel[] models = [.. Enumerable.Range(0, count).Select(c => fits[c * (1 + _options.StabilityResamples)].Model!)];
        LabelsAndAgreement evidence = LabelsAndAgreement.Of(data, [.. fits.Select(f => f.Model)], count, _options.StabilityResamples, sampled, cancellationToken);

        // The silhouette's sample is the same rows for every candidate (the same seed and row count): drawn once.
        ClusterQuality.SilhouetteSample? silhouetteSample = data.RowCount > _options.SilhouetteSampleSize
            ? ClusterQuality.SilhouetteSample.Of(data, _options.SilhouetteSampleSize, _options.Seed)
            : null;

        // Each candidate's indices are independent of the others': computed side by side (the silhouette's own
        // threads give the same value for any number of threads), failures reported for the first candidate in order.
        var failures = new Exception?[count];
        Parallel.For(0, count, new ParallelOptions { CancellationToken = cancellationToken }, c =>
        {
            try
            {
                raw[c] = Evaluate(data, c, fits, evidence, sampled, silhouetteSample, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failures[c] = e;
            }
        });
        foreach (Exception? failure in failures)
        {
            if (failure is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }
        }

        double[] elbow = Elbow([.. raw.Select(r => r.Inertia)]);
        double[] meanRank = new double[count];
        double[][] ranks =
        [
            Ranks([.. raw.Select(r => r.Silhouette)], higherIsBetter: true),
            Ranks([.. raw.Select(r => r.Ch)], higherIsBetter: true),
            Ranks([.. raw.Select(r => r.Db)], higherIsBetter: false),
            Ranks(elbow, higherIsBetter: true),
        ];
        for (int c = 0; c < count; c++)
        {
            meanRank[c] = ranks.Average(r => r[c]);
        }

        var evaluations = new KEvaluation[count];
        for (int c = 0; c < count; c++)
        {
            bool stable = _options.StabilityResamples == 0 || raw[c].Stability >= _options.MinimumStability;
            evaluations[c] = new KEvaluation(_options.MinK + c, raw[c].Silhouette, raw[c].Ch, raw[c].Db, raw[c].Inertia, elbow[c], raw[c].Stability, meanRank[c], stable);
        }

        KEvaluation[] valid = [.. evaluations.Where(e => !double.IsNaN(e.Silhouette))];
        if (valid.Length == 0)
        {
            throw new ArgumentException("No candidate number of segments produced at least 2 segments; the customers may be nearly identical.", nameof(data));
        }

        KEvaluation[] eligible = valid.Any(e => e.Stable) ? [.. valid.Where(e => e.Stable)] : valid;
        KEvaluation best = eligible
            .OrderBy(e => e.MeanRank)
            .ThenByDescending(e => double.IsNaN(e.Stability) ? 0 : e.Stability)
            .ThenBy(e => e.K)
            .First();
        string reason = string.Create(
            CultureInfo.InvariantCulture,
            $"k = {best.K} has the best mean rank ({best.MeanRank:0.##}) on silhouette, Calinski-Harabasz, Davies-Bouldin and elbow among {(eligible.Length == valid.Length && !valid.All(e => e.Stable) ? "all candidates (none reached the stability minimum)" : "the stable candidates")}; silhouette {best.Silhouette:0.###}, stability {best.Stability:0.##}.");
        IClusterModel chosen = models[best.K - _options.MinK];
        if (sampled)
        {
            chosen = RefitOnAll(data, best.K, chosen, cancellationToken);
        }

        return new KSelectionResult(best.K, evaluations, chosen, reason, NoClearStructure(valid));
    }

    /// <summary>
    /// The recommended k fitted on every customer: k-means starts from the sample fit's centres (one run, which
    /// converges in a few iterations); any other clusterer is fitted afresh with the selection seed.
    /// </summary>
    private IClusterModel RefitOnAll(FeatureMatrix data, int k, IClusterModel sampleModel, CancellationToken cancellationToken)
    {
        IClusterer clusterer = _isDefaultClusterer && sampleModel.Centroids.RowCount == k
            ? new KMeansClusterer(new KMeansOptions { K = k, Seed = _options.Seed, Init = KMeansInit.Given, InitialCenters = sampleModel.Centroids })
            : _clusterer(k, _options.Seed);
        return clusterer.Fit(data, cancellationToken);
    }

    private static bool HasNoise(IReadOnlyList<int> labels)
    {
        foreach (int label in labels)
        {
            if (label < 0)
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasTwoClusters(IReadOnlyList<int> labels)
    {
        int first = -1;
        foreach (int label in labels)
        {
            if (label < 0)
            {
                continue;
            }

            if (first < 0)
            {
                first = label;
            }
            else if (label != first)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The given rows (in the given order) as a new matrix with the same schema, in <paramref name="buffer"/> when given (exactly that long).</summary>
    private static FeatureMatrix SampleRows(FeatureMatrix data, int[] rows, double[]? buffer = null)
    {
        int d = data.ColumnCount;
        double[] values = buffer ?? GC.AllocateUninitializedArray<double>(rows.Length * d); // every value is written below
        RowOps.Gather(data.Values, d, rows, values);
        return FeatureMatrix.Create(values, d, data.Schema);
    }

    /// <summary>The reason there is no clear structure (no candidate passed the stability bar), or null when one did or stability is off.</summary>
    private string? NoClearStructure(KEvaluation[] valid)
    {
        if (_options.StabilityResamples == 0 || valid.Any(e => e.Stable))
        {
            return null;
        }

        KEvaluation steadiest = valid.OrderByDescending(e => double.IsNaN(e.Stability) ? double.NegativeInfinity : e.Stability).ThenBy(e => e.K).First();
        return string.Create(
            CultureInfo.InvariantCulture,
            $"no number of segments from {_options.MinK} to {_options.MaxK} was stable on resampled data (the steadiest, k = {steadiest.K}, kept {steadiest.Stability:0.00} agreement against the bar of {_options.MinimumStability:0.00}), so these segments may reshuffle on slightly different data; treat them as a rough split, or add features that separate customers more clearly.");
    }

    /// <summary>
    /// Every fit the selection needs, as independent jobs: per candidate (in order) its fit on
    /// <paramref name="fitData"/>, then its <see cref="KSelectionOptions.StabilityResamples"/> fits on bootstrap
    /// resamples; with the default k-means, side by side and longest first. Each job's result depends only on its own data and seed, so the results do not depend on the number
    /// of threads or the order the jobs run in. A job that fails keeps its exception, thrown when its result is needed
    /// (as the fits done one after the other would have thrown it).
    /// </summary>
    private FitJob[] FitAll(FeatureMatrix data, FeatureMatrix fitData, int count, CancellationToken cancellationToken)
    {
        int resamples = _options.StabilityResamples;
        int m = Math.Min(data.RowCount, _options.StabilitySampleSize); // up to StabilitySampleSize, the whole bootstrap
        var jobs = new FitJob[count * (1 + resamples)];
        for (int c = 0; c < count; c++)
        {
            int k = _options.MinK + c;
            jobs[c * (1 + resamples)] = new FitJob(k, -1, _clusterer(k, _options.Seed), fitData.RowCount);
            for (int b = 0; b < resamples; b++)
            {
                jobs[(c * (1 + resamples)) + 1 + b] = new FitJob(k, b, _clusterer(k, _options.Seed + b + 1), m);
            }
        }

        // A caller's clusterer is fitted one job at a time in candidate order, as before the jobs ran side by side
        // (it may count on that); the default k-means fits run on one thread each, all cores busy.
        FitJob[] order = _isDefaultClusterer ? [.. jobs.OrderByDescending(j => (long)j.Rows * j.K)] : jobs;
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = _isDefaultClusterer ? -1 : 1 };

        // The candidates fit the same rows: with the default k-means they share one preparation (column moments and
        // the float32 screen, packed here before the fits read it side by side) instead of making one each.
        using KMeansData<double>? shared = _isDefaultClusterer ? PrepareShared(fitData, cancellationToken) : null;

        // The default k-means keeps nothing of the rows it fitted, so a finished resample's values (all m × d) take
        // the next one's: a fresh array per resample cost page faults and full collections.
        var spareResamples = new System.Collections.Concurrent.ConcurrentBag<double[]>();
        Parallel.ForEach(
            System.Collections.Concurrent.Partitioner.Create(order, System.Collections.Concurrent.EnumerablePartitionerOptions.NoBuffering),
            parallel,
            job =>
            {
                double[]? reusable = null;
                try
                {
                    if (job.Resample >= 0)
                    {
                        FeatureMatrix resample = Resample(data, job.K, job.Resample, m, _isDefaultClusterer && spareResamples.TryTake(out double[]? spare) ? spare : null);
                        reusable = _isDefaultClusterer ? resample.ValuesArray : null;
                        job.Model = job.Clusterer.Fit(resample, cancellationToken);
                    }
                    else
                    {
                        job.Model = shared is not null && job.Clusterer is KMeansClusterer kmeans
                            ? kmeans.FitPrepared(fitData, shared, cancellationToken)
                            : job.Clusterer.Fit(fitData, cancellationToken);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    job.Failure = e;
                }
                finally
                {
                    if (reusable is not null)
                    {
                        spareResamples.Add(reusable);
                    }
                }
            });
        return jobs;
    }

    /// <summary>
    /// The candidates' shared preparation of <paramref name="fitData"/> (one thread, as each fit), screen packed; null when
    /// the data would fail a fit's checks (each fit then reports it itself).
    /// </summary>
    private KMeansData<double>? PrepareShared(FeatureMatrix fitData, CancellationToken cancellationToken)
    {
        if (fitData.RowCount == 0 || fitData.ColumnCount == 0)
        {
            return null;
        }

        var prepared = KMeansData<double>.Create(fitData, _options.MinK, 1, cancellationToken);
        if (!double.IsFinite(prepared.MeanFeatureVariance) || !prepared.ColumnMeans.All(double.IsFinite))
        {
            prepared.Dispose();
            return null;
        }

        _ = prepared.Screen;
        return prepared;
    }

    /// <summary>Bootstrap resample <paramref name="b"/> of candidate <paramref name="k"/>: <paramref name="m"/> rows drawn with replacement (into <paramref name="buffer"/>, m × d values, when given).</summary>
    private FeatureMatrix Resample(FeatureMatrix data, int k, int b, int m, double[]? buffer)
    {
        int n = data.RowCount;
        // A fixed mix of seed, k and resample (HashCode.Combine is randomised per process, so it would not repeat).
        var random = new Random((int)((((long)_options.Seed * 1_000_003) + (k * 7_919) + b) & int.MaxValue));
        var rows = new int[m];
        for (int i = 0; i < m; i++)
        {
            rows[i] = random.Next(n);
        }

        return SampleRows(data, rows, buffer);
    }

    /// <summary>Candidate <paramref name="c"/>'s silhouette, Calinski-Harabasz, Davies-Bouldin, inertia and stability (NaN when it has fewer than 2 segments).</summary>
    private (double Silhouette, double Ch, double Db, double Inertia, double Stability) Evaluate(
        FeatureMatrix data, int c, FitJob[] fits, LabelsAndAgreement evidence, bool sampled, ClusterQuality.SilhouetteSample? silhouetteSample, CancellationToken cancellationToken)
    {
        int resamples = _options.StabilityResamples;
        FitJob fit = fits[c * (1 + resamples)];
        fit.ThrowIfFailed();
        IClusterModel model = fit.Model!;
        IReadOnlyList<int> labels = evidence.Labels[c]!;
        if (!HasTwoClusters(labels))
        {
            return (double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        double silhouette = data.RowCount <= _options.SilhouetteSampleSize
            ? ClusterQuality.Silhouette(data, labels, cancellationToken: cancellationToken)
            : silhouetteSample is not null && !HasNoise(labels)
            ? ClusterQuality.Silhouette(data, silhouetteSample, labels, cancellationToken)
            : ClusterQuality.Silhouette(data, labels, _options.SilhouetteSampleSize, _options.Seed, cancellationToken);
        double inertia, ch, db;
        if (!sampled && model.FitMetrics.TryGetValue("inertia", out double fitted))
        {
            inertia = fitted;
            (ch, db) = ClusterQuality.CalinskiHarabaszAndDaviesBouldin(data, labels);
        }
        else
        {
            // A sample fit's labels are predicted for every customer: its inertia there comes with the indices' pass.
            (inertia, ch, db) = ClusterQuality.InertiaCalinskiHarabaszAndDaviesBouldin(data, labels, model.Centroids);
        }

        if (resamples == 0)
        {
            return (silhouette, ch, db, inertia, double.NaN);
        }

        // Mean ARI between the full-data labels and the labels a fit on a bootstrap resample gives every customer.
        double total = 0;
        for (int b = 0; b < resamples; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            FitJob resample = fits[(c * (1 + resamples)) + 1 + b];
            resample.ThrowIfFailed();
            total += evidence.Agreement(c, b, resample.Model!);
        }

        return (silhouette, ch, db, inertia, total / resamples);
    }

    /// <summary>Distance below the chord from the first to the last candidate, on normalised axes (Kneedle).</summary>
    private static double[] Elbow(double[] inertia)
    {
        var result = new double[inertia.Length];
        double[] present = [.. inertia.Where(v => !double.IsNaN(v))];
        if (inertia.Length < 3 || present.Length < 3)
        {
            return result;
        }

        double max = present.Max();
        double min = present.Min();
        for (int c = 0; c < inertia.Length; c++)
        {
            double x = (double)c / (inertia.Length - 1);
            double y = max > min ? (inertia[c] - min) / (max - min) : 0;
            result[c] = double.IsNaN(inertia[c]) ? double.NaN : Math.Max(0, 1 - x - y);
        }

        return result;
    }

    /// <summary>Ranks with 1 = best, ties sharing their mean rank, NaN last.</summary>
    private static double[] Ranks(double[] values, bool higherIsBetter)
    {
        var ranks = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            if (double.IsNaN(values[i]))
            {
                ranks[i] = values.Length;
                continue;
            }

            int better = values.Count(v => !double.IsNaN(v) && (higherIsBetter ? v > values[i] : v < values[i]));
            int equal = values.Count(v => v == values[i]);
            ranks[i] = better + ((equal + 1) / 2.0);
        }

        return ranks;
    }

    /// <summary>One fit of the selection: a candidate's (<see cref="Resample"/> -1) or one of its bootstrap resamples'.</summary>
    private sealed class FitJob(int k, int resample, IClusterer clusterer, int rows)
    {
        public int K { get; } = k;

        public int Resample { get; } = resample;

        public IClusterer Clusterer { get; } = clusterer;

        /// <summary>The rows it fits (with <see cref="K"/>, its expected cost).</summary>
        public int Rows { get; } = rows;

        public IClusterModel? Model { get; set; }

        public Exception? Failure { get; set; }

        public void ThrowIfFailed()
        {
            if (Failure is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(Failure);
            }
        }
    }
}
