using Segmentation.Data;

namespace Segmentation.Scoring;

/// <summary>Helpers shared by scorers: picking the features a model needs, and scoring raw CSV tables.</summary>
internal static class ScoringTables
{
    /// <summary>
    /// The columns <paramref name="required"/> of <paramref name="customers"/>, in that order, as numeric features
    /// (extra columns are left out; row ids are kept).
    /// </summary>
    /// <exception cref="ArgumentException">A required feature is absent (the message names every one).</exception>
    /// <summary>The column of each of <paramref name="required"/> in <paramref name="customers"/>.</summary>
    /// <exception cref="ArgumentException">A required feature is missing (the message names them).</exception>
    public static int[] ColumnsOf(FeatureMatrix customers, IReadOnlyList<string> required, string scorer)
    {
        ArgumentNullException.ThrowIfNull(customers);
        ArgumentNullException.ThrowIfNull(required);
        int[] index = [.. required.Select(customers.Schema.IndexOf)];
        string[] missing = [.. required.Where((_, j) => index[j] < 0)];
        if (missing.Length > 0)
        {
            throw new ArgumentException($"The scorer '{scorer}' needs features the input does not have: {string.Join(", ", missing)}.", nameof(customers));
        }

        return index;
    }

    public static FeatureMatrix SelectFeatures(FeatureMatrix customers, IReadOnlyList<string> required, string scorer)
    {
        int[] index = ColumnsOf(customers, required, scorer);
        int n = customers.RowCount;
        int d = required.Count;
        var values = new double[n * d];
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<double> row = customers.Row(i);
            for (int j = 0; j < d; j++)
            {
                values[(i * d) + j] = row[index[j]];
            }
        }

        return FeatureMatrix.Create(values, d, FeatureSchema.Numeric(required), customers.RowIds?.ToArray());
    }

    /// <summary>Encodes a raw table with the scorer's stored encoding and scores every row, in input order.</summary>
    /// <exception cref="InvalidOperationException">The scorer was trained on a matrix, not a table, so it has no encoding.</exception>
    /// <exception cref="DataFormatException">The table's columns differ from training (named), or a cell does not parse.</exception>
    public static IReadOnlyList<RiskScore> Score(ITrainedScorer scorer, CsvTable table, string? idColumn = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        return scorer.Score(Encode(scorer, table, idColumn), cancellationToken);
    }

    /// <summary>Encodes a raw table with the scorer's stored encoding.</summary>
    /// <exception cref="InvalidOperationException">The scorer has no stored encoding.</exception>
    public static FeatureMatrix Encode(ITrainedScorer scorer, CsvTable table, string? idColumn = null)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        TabularEncoder encoder = scorer.Encoder
            ?? throw new InvalidOperationException($"The scorer '{scorer.Name}' was trained on a feature matrix, not a table; score it with a matrix of its features.");
        return encoder.Encode(table, idColumn);
    }

    /// <summary>The logistic function, computed without overflow.</summary>
    internal static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));

    /// <summary>Drivers sorted by absolute contribution, largest first; ties keep feature order (stable sort).</summary>
    internal static ScoreDriver[] Sorted(IReadOnlyList<string> names, ReadOnlySpan<double> contributions)
    {
        var drivers = new ScoreDriver[names.Count];
        for (int j = 0; j < drivers.Length; j++)
        {
            drivers[j] = new ScoreDriver(names[j], contributions[j]);
        }

        // A stable insertion sort: a model has tens of features, and this runs for every customer whose drivers are read.
        for (int j = 1; j < drivers.Length; j++)
        {
            ScoreDriver driver = drivers[j];
            double size = Math.Abs(driver.Contribution);
            int k = j - 1;
            while (k >= 0 && Math.Abs(drivers[k].Contribution).CompareTo(size) < 0)
            {
                drivers[k + 1] = drivers[k];
                k--;
            }

            drivers[k + 1] = driver;
        }

        return drivers;
    }
}
