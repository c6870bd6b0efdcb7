namespace Segmentation.Clustering.Quality;

/// <summary>
/// How much two segmentations of the same customers agree, with scikit-learn's definitions:
/// <c>adjusted_rand_score</c> and <c>normalized_mutual_info_score</c> (arithmetic normalisation, the default).
/// </summary>
/// <remarks>
/// Labels are compared as names only: any integers, -1 included (it counts as one more group, as in scikit-learn).
/// Used to measure stability (the same method on resamples) and migration between runs. Thread-safe.
/// </remarks>
internal static class SegmentationAgreement
{
    /// <summary>numpy's <c>finfo(float64).eps</c>: scikit-learn zeroes mutual-information terms smaller than this.</summary>
    private const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>The adjusted Rand index: 1 for identical partitions, about 0 for random ones, possibly negative.</summary>
    /// <param name="first">One label per customer.</param>
    /// <param name="second">Another label per customer, in the same order.</param>
    /// <exception cref="ArgumentException">The label lists have different lengths.</exception>
    public static double AdjustedRandIndex(IReadOnlyList<int> first, IReadOnlyList<int> second)
    {
        Dictionary<(int, int), long> contingency = Contingency(first, second, out long[] rowSums, out long[] columnSums, out _, out _);
        long n = first.Count;
        Int128 sumSquares = 0;
        foreach (long count in contingency.Values)
        {
            sumSquares += (Int128)count * count;
        }

        // scikit-learn's pair confusion matrix: pairs counted in both orders.
        Int128 nk = 0;
        foreach (((int a, int b), long count) in contingency)
        {
            nk += (Int128)count * columnSums[b];
        }

        Int128 nc = 0;
        foreach (((int a, int b), long count) in contingency)
        {
            nc += (Int128)count * rowSums[a];
        }

        Int128 tp = sumSquares - n;
        Int128 fp = nk - sumSquares;
        Int128 fn = nc - sumSquares;
        Int128 tn = ((Int128)n * n) - fp - fn - sumSquares;
        if (fn == 0 && fp == 0)
        {
            return 1.0;
        }

        // The products overflow 64 bits from about 55,000 customers; Int128 keeps them exact, as Python's integers do.
        Int128 numerator = (tp * tn) - (fn * fp);
        Int128 denominator = ((tp + fn) * (fn + tn)) + ((tp + fp) * (fp + tn));
        return 2.0 * (double)numerator / (double)denominator;
    }

    /// <summary>
    /// Normalised mutual information with the arithmetic mean of the two entropies as the normaliser: 1 for identical
    /// partitions, 0 for independent ones.
    /// </summary>
    /// <param name="first">One label per customer.</param>
    /// <param name="second">Another label per customer, in the same order.</param>
    /// <exception cref="ArgumentException">The label lists have different lengths.</exception>
    public static double NormalizedMutualInformation(IReadOnlyList<int> first, IReadOnlyList<int> second)
    {
        Dictionary<(int, int), long> contingency = Contingency(first, second, out long[] rowSums, out long[] columnSums, out int classes, out int clusters);
        if ((classes == 1 && clusters == 1) || (classes == 0 && clusters == 0))
        {
            return 1.0;
        }

        double mi = MutualInformation(contingency, rowSums, columnSums);
        if (mi == 0)
        {
            return 0.0;
        }

        double normalizer = (Entropy(rowSums) + Entropy(columnSums)) / 2;
        return mi / normalizer;
    }

    private static double MutualInformation(Dictionary<(int, int), long> contingency, long[] rowSums, long[] columnSums)
    {
        if (rowSums.Length == 1 || columnSums.Length == 1)
        {
            return 0.0;
        }

        double total = rowSums.Sum();
        double logTotal = Math.Log(total);
        double sum = 0;
        foreach (((int a, int b), long count) in contingency.OrderBy(e => e.Key.Item1).ThenBy(e => e.Key.Item2))
        {
            double share = count / total;
            double logOuter = -Math.Log((double)(rowSums[a] * columnSums[b])) + logTotal + logTotal;
            double term = (share * (Math.Log(count) - logTotal)) + (share * logOuter);
            sum += Math.Abs(term) < MachineEpsilon ? 0.0 : term;
        }

        return Math.Max(0.0, sum);
    }

    private static double Entropy(long[] sizes)
    {
        long[] present = [.. sizes.Where(s => s > 0)];
        if (present.Length <= 1)
        {
            return 0.0;
        }

        double total = present.Sum();
        double logTotal = Math.Log(total);
        return -present.Sum(p => p / total * (Math.Log(p) - logTotal));
    }

    private static Dictionary<(int, int), long> Contingency(IReadOnlyList<int> first, IReadOnlyList<int> second, out long[] rowSums, out long[] columnSums, out int classes, out int clusters)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Count != second.Count)
        {
            throw new ArgumentException($"The segmentations cover different numbers of customers ({first.Count} and {second.Count}).", nameof(second));
        }

        Dictionary<int, int> rows = Dense(first);
        Dictionary<int, int> columns = Dense(second);
        classes = rows.Count;
        clusters = columns.Count;
        rowSums = new long[rows.Count];
        columnSums = new long[columns.Count];
        var contingency = new Dictionary<(int, int), long>();
        for (int i = 0; i < first.Count; i++)
        {
            int a = rows[first[i]];
            int b = columns[second[i]];
            rowSums[a]++;
            columnSums[b]++;
            contingency[(a, b)] = contingency.GetValueOrDefault((a, b)) + 1;
        }

        return contingency;
    }

    private static Dictionary<int, int> Dense(IReadOnlyList<int> labels)
    {
        int[] distinct = [.. labels.Distinct().Order()];
        var map = new Dictionary<int, int>(distinct.Length);
        for (int i = 0; i < distinct.Length; i++)
        {
            map[distinct[i]] = i;
        }

        return map;
    }
}
