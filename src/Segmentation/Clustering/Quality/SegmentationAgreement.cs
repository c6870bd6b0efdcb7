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
        Contingency table = Count(first, second);
        return AdjustedRandIndex(table.Cells, table.Counts, table.RowSums, table.ColumnSums, first.Count);
    }

    /// <summary>
    /// The adjusted Rand index from a contingency table (<paramref name="counts"/>[a · columns + b] customers with label
    /// a in the first partition and b in the second; zero cells and empty labels are allowed).
    /// </summary>
    internal static double AdjustedRandIndex(ReadOnlySpan<long> counts, ReadOnlySpan<long> rowSums, ReadOnlySpan<long> columnSums, long n)
        => AdjustedRandIndex([], counts, rowSums, columnSums, n);

    /// <summary>The adjusted Rand index from the table's cells: every cell in row-major order when <paramref name="cells"/> is empty, else the cells it lists.</summary>
    private static double AdjustedRandIndex(ReadOnlySpan<long> cells, ReadOnlySpan<long> counts, ReadOnlySpan<long> rowSums, ReadOnlySpan<long> columnSums, long n)
    {
        int columns = columnSums.Length;
        Int128 sumSquares = 0;
        // scikit-learn's pair confusion matrix: pairs counted in both orders. Every sum is an exact integer, so the
        // order of the cells does not matter.
        Int128 nk = 0;
        Int128 nc = 0;
        for (int e = 0; e < counts.Length; e++)
        {
            long cell = cells.IsEmpty ? e : cells[e];
            long count = counts[e];
            sumSquares += (Int128)count * count;
            nk += (Int128)count * columnSums[(int)(cell % columns)];
            nc += (Int128)count * rowSums[(int)(cell / columns)];
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
        Contingency table = Count(first, second);
        int classes = table.RowSums.Length;
        int clusters = table.ColumnSums.Length;
        if ((classes == 1 && clusters == 1) || (classes == 0 && clusters == 0))
        {
            return 1.0;
        }

        long[] rowSums = table.RowSums;
        long[] columnSums = table.ColumnSums;
        double mi = MutualInformation(table.Cells, table.Counts, rowSums, columnSums);
        if (mi == 0)
        {
            return 0.0;
        }

        double normalizer = (Entropy(rowSums) + Entropy(columnSums)) / 2;
        return mi / normalizer;
    }

    private static double MutualInformation(long[] cells, long[] counts, long[] rowSums, long[] columnSums)
    {
        if (rowSums.Length == 1 || columnSums.Length == 1)
        {
            return 0.0;
        }

        double total = rowSums.Sum();
        double logTotal = Math.Log(total);
        double sum = 0;
        int columns = columnSums.Length;
        // scikit-learn sums the non-zero cells of its sparse table, in row-major order, as they are listed.
        for (int e = 0; e < counts.Length; e++)
        {
            long count = counts[e];
            int a = (int)(cells[e] / columns);
            int b = (int)(cells[e] % columns);
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

    /// <summary>Both partitions' labels re-numbered densely (ascending) and the non-zero cells of their pair counts.</summary>
    private static Contingency Count(IReadOnlyList<int> first, IReadOnlyList<int> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Count != second.Count)
        {
            throw new ArgumentException($"The segmentations cover different numbers of customers ({first.Count} and {second.Count}).", nameof(second));
        }

        int[] rows = Dense(first, out int classes);
        int[] columns = Dense(second, out int clusters);
        var rowSums = new long[classes];
        var columnSums = new long[clusters];
        var keys = new long[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            rowSums[rows[i]]++;
            columnSums[columns[i]]++;
            keys[i] = ((long)rows[i] * clusters) + columns[i];
        }

        // A cell per pair of labels when the table is small, as segmentations' tables are; a partition into (nearly)
        // singletons would make it quadratic, so then the pairs are counted by sorting.
        long cellCount = (long)classes * clusters;
        if (cellCount <= Math.Max(1L << 16, keys.Length))
        {
            var table = new long[cellCount];
            foreach (long key in keys)
            {
                table[key]++;
            }

            int present = 0;
            foreach (long count in table)
            {
                present += count > 0 ? 1 : 0;
            }

            var cells = new long[present];
            var counts = new long[present];
            for (int cell = 0, e = 0; cell < table.Length; cell++)
            {
                if (table[cell] > 0)
                {
                    cells[e] = cell;
                    counts[e++] = table[cell];
                }
            }

            return new Contingency(cells, counts, rowSums, columnSums);
        }

        Array.Sort(keys);
        var sortedCells = new List<long>();
        var sortedCounts = new List<long>();
        for (int i = 0; i < keys.Length;)
        {
            int run = i;
            while (run < keys.Length && keys[run] == keys[i])
            {
                run++;
            }

            sortedCells.Add(keys[i]);
            sortedCounts.Add(run - i);
            i = run;
        }

        return new Contingency([.. sortedCells], [.. sortedCounts], rowSums, columnSums);
    }

    /// <summary>Labels re-numbered 0..count-1 in ascending order of the original label.</summary>
    private static int[] Dense(IReadOnlyList<int> labels, out int count)
    {
        int[] values = [.. labels];
        var dense = new int[values.Length];
        if (values.Length == 0)
        {
            count = 0;
            return dense;
        }

        int min = values.Min();
        int max = values.Max();
        if ((long)max - min > Math.Max(1024, 4L * values.Length))
        {
            int[] distinct = [.. values.Distinct().Order()];
            var map = new Dictionary<int, int>(distinct.Length);
            for (int c = 0; c < distinct.Length; c++)
            {
                map[distinct[c]] = c;
            }

            for (int i = 0; i < values.Length; i++)
            {
                dense[i] = map[values[i]];
            }

            count = distinct.Length;
            return dense;
        }

        // A small label range (the usual case): a direct lookup table, present labels numbered in ascending order.
        var table = new int[max - min + 1];
        foreach (int value in values)
        {
            table[value - min] = 1;
        }

        count = 0;
        for (int c = 0; c < table.Length; c++)
        {
            table[c] = table[c] == 0 ? -1 : count++;
        }

        for (int i = 0; i < values.Length; i++)
        {
            dense[i] = table[values[i] - min];
        }

        return dense;
    }

    /// <summary>
    /// The non-zero cells of the pair-count table, row-major (cell a · ColumnSums.Length + b: label a in the first
    /// partition and b in the second), their counts, and the label totals of each partition.
    /// </summary>
    private readonly record struct Contingency(long[] Cells, long[] Counts, long[] RowSums, long[] ColumnSums);
}
