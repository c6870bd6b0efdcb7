using System.Globalization;
using Segmentation.Clustering.KMeans;
using Segmentation.Clustering.Quality;
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
        _clusterer = clusterer ?? ((k, seed) => new KMeansClusterer(new KMeansOptions { K = k, Seed = seed, NInit = nInit }));
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
        var models = new IClusterModel[count];
        var raw = new (double Silhouette, double Ch, double Db, double Inertia, double Stability)[count];

        // Above FitSampleSize customers, each candidate is fitted on one seeded sample and scored on every customer
        // with the labels that fit predicts; only the recommended k is then refitted on all customers.
        bool sampled = data.RowCount > _options.FitSampleSize;
        FeatureMatrix fitData = sampled ? SampleRows(data, ClusterQuality.SampleRowIndices(data.RowCount, _options.FitSampleSize, _options.Seed)) : data;
        for (int c = 0; c < count; c++)
        {
            int k = _options.MinK + c;
            IClusterModel model = _clusterer(k, _options.Seed).Fit(fitData, cancellationToken);
            models[c] = model;
            IReadOnlyList<int> labels = sampled ? model.Predict(data) : model.Labels;
            if (!HasTwoClusters(labels))
            {
                raw[c] = (double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
                continue;
            }

            double silhouette = data.RowCount <= _options.SilhouetteSampleSize
                ? ClusterQuality.Silhouette(data, labels, cancellationToken)
                : ClusterQuality.Silhouette(data, labels, _options.SilhouetteSampleSize, _options.Seed, cancellationToken);
            double inertia = !sampled && model.FitMetrics.TryGetValue("inertia", out double fitted) ? fitted : ClusterStatistics.Inertia(data, labels, model.Centroids);
            raw[c] = (silhouette, ClusterQuality.CalinskiHarabasz(data, labels), ClusterQuality.DaviesBouldin(data, labels), inertia, Stability(data, k, labels, cancellationToken));
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

    /// <summary>The given rows (in the given order) as a new matrix with the same schema.</summary>
    private static FeatureMatrix SampleRows(FeatureMatrix data, int[] rows)
    {
        int d = data.ColumnCount;
        var values = new double[rows.Length * d];
        for (int s = 0; s < rows.Length; s++)
        {
            data.Row(rows[s]).CopyTo(values.AsSpan(s * d, d));
        }

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

    /// <summary>Mean ARI between the full-data labels and the labels a fit on a bootstrap resample gives every customer.</summary>
    private double Stability(FeatureMatrix data, int k, IReadOnlyList<int> reference, CancellationToken cancellationToken)
    {
        if (_options.StabilityResamples == 0)
        {
            return double.NaN;
        }

        int n = data.RowCount;
        int d = data.ColumnCount;
        int m = Math.Min(n, _options.StabilitySampleSize); // up to StabilitySampleSize, the whole bootstrap
        double total = 0;
        for (int b = 0; b < _options.StabilityResamples; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // A fixed mix of seed, k and resample (HashCode.Combine is randomised per process, so it would not repeat).
            var random = new Random((int)((((long)_options.Seed * 1_000_003) + (k * 7_919) + b) & int.MaxValue));
            var values = new double[m * d];
            for (int i = 0; i < m; i++)
            {
                data.Row(random.Next(n)).CopyTo(values.AsSpan(i * d, d));
            }

            IClusterModel model = _clusterer(k, _options.Seed + b + 1).Fit(FeatureMatrix.Create(values, d, data.Schema), cancellationToken);
            total += SegmentationAgreement.AdjustedRandIndex(reference, model.Predict(data));
        }

        return total / _options.StabilityResamples;
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
}
