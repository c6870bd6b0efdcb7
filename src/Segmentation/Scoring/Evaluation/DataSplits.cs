using Segmentation.Data;

namespace Segmentation.Scoring.Evaluation;

/// <summary>Row indices of a training part and a test part.</summary>
/// <param name="Train">The training rows, ascending.</param>
/// <param name="Test">The test rows, ascending.</param>
internal sealed record DataSplit(IReadOnlyList<int> Train, IReadOnlyList<int> Test);

/// <summary>Ways to split customers for evaluation; all deterministic for a seed.</summary>
internal static class DataSplits
{
    /// <summary>
    /// A stratified holdout: each class is shuffled (seeded) and <paramref name="testFraction"/> of it (rounded) goes
    /// to the test part, so both parts keep the positive rate.
    /// </summary>
    /// <exception cref="ArgumentException">The fraction is not in (0, 1), or a class has too few rows for both parts.</exception>
    public static DataSplit StratifiedHoldout(IReadOnlyList<double> outcome, double testFraction = 0.3, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (!(testFraction > 0 && testFraction < 1))
        {
            throw new ArgumentException($"The test fraction must be between 0 and 1 (exclusive), but was {testFraction}.", nameof(testFraction));
        }

        var test = new List<int>();
        var random = new Random(seed);
        foreach (int[] rows in Classes(outcome))
        {
            int take = (int)Math.Round(rows.Length * testFraction, MidpointRounding.AwayFromZero);
            if (take == 0 || take == rows.Length)
            {
                throw new ArgumentException($"A class has {rows.Length} rows, too few to put some in both the training and the test part.", nameof(outcome));
            }

            random.Shuffle(rows);
            test.AddRange(rows.Take(take));
        }

        return Complement(outcome.Count, test);
    }

    /// <summary>
    /// Stratified k-fold: each class is shuffled (seeded) and dealt round-robin into <paramref name="folds"/> folds;
    /// fold f is the test part of split f.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than 2 folds, or a class has fewer rows than folds.</exception>
    public static IReadOnlyList<DataSplit> StratifiedKFold(IReadOnlyList<double> outcome, int folds = 5, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var members = Enumerable.Range(0, folds).Select(_ => new List<int>()).ToArray();
        var random = new Random(seed);
        int next = 0;
        foreach (int[] rows in Classes(outcome))
        {
            if (rows.Length < folds)
            {
                throw new ArgumentException($"A class has {rows.Length} rows, fewer than the {folds} folds; use fewer folds.", nameof(folds));
            }

            random.Shuffle(rows);
            foreach (int row in rows)
            {
                members[next].Add(row);
                next = (next + 1) % folds;
            }
        }

        return [.. members.Select(m => Complement(outcome.Count, m))];
    }

    /// <summary>A time-based split: rows dated before <paramref name="cutoff"/> train, rows on or after it test.</summary>
    /// <exception cref="ArgumentException">A part would be empty.</exception>
    public static DataSplit ByDate(IReadOnlyList<DateOnly> dates, DateOnly cutoff)
    {
        ArgumentNullException.ThrowIfNull(dates);
        int[] test = [.. Enumerable.Range(0, dates.Count).Where(i => dates[i] >= cutoff)];
        if (test.Length == 0 || test.Length == dates.Count)
        {
            throw new ArgumentException($"The cutoff {cutoff:yyyy-MM-dd} puts every row in one part; choose a date between {dates.Min():yyyy-MM-dd} and {dates.Max():yyyy-MM-dd}.", nameof(cutoff));
        }

        return Complement(dates.Count, test);
    }

    /// <summary>
    /// A time-based split that trains on the past and tests on the latest <paramref name="testFraction"/> of rows by
    /// date; rows sharing the cutoff date all go to the test part, so no day is split.
    /// </summary>
    public static DataSplit ByDate(IReadOnlyList<DateOnly> dates, double testFraction)
    {
        ArgumentNullException.ThrowIfNull(dates);
        if (!(testFraction > 0 && testFraction < 1) || dates.Count < 2)
        {
            throw new ArgumentException($"The test fraction must be between 0 and 1 (exclusive) with at least two rows, but was {testFraction}.", nameof(testFraction));
        }

        DateOnly[] sorted = [.. dates.Order()];
        int firstTest = Math.Clamp((int)Math.Round(dates.Count * (1 - testFraction)), 1, dates.Count - 1);
        return ByDate(dates, sorted[firstTest]);
    }

    /// <summary>Reads a yyyy-MM-dd date column for <see cref="ByDate(IReadOnlyList{DateOnly}, DateOnly)"/>.</summary>
    /// <exception cref="DataFormatException">The column is absent, or a cell is not a yyyy-MM-dd date (the line is named).</exception>
    public static DateOnly[] ReadDates(CsvTable table, string column)
    {
        ArgumentNullException.ThrowIfNull(table);
        int index = table.RequireColumn(column, "--date-column");

        var dates = new DateOnly[table.RowCount];
        for (int i = 0; i < dates.Length; i++)
        {
            string cell = table.Cell(i, index).Trim();
            if (!DateOnly.TryParseExact(cell, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out dates[i]))
            {
                throw new DataFormatException(table.SourceName, table.LineOf(i), column, $"'{CsvValues.Excerpt(cell)}' is not a date written yyyy-MM-dd.");
            }
        }

        return dates;
    }

    private static IEnumerable<int[]> Classes(IReadOnlyList<double> outcome)
    {
        yield return [.. Enumerable.Range(0, outcome.Count).Where(i => outcome[i] == 0)];
        yield return [.. Enumerable.Range(0, outcome.Count).Where(i => outcome[i] != 0)];
    }

    private static DataSplit Complement(int n, IEnumerable<int> test)
    {
        var inTest = new bool[n];
        foreach (int row in test)
        {
            inTest[row] = true;
        }

        return new DataSplit([.. Enumerable.Range(0, n).Where(i => !inTest[i])], [.. Enumerable.Range(0, n).Where(i => inTest[i])]);
    }
}
