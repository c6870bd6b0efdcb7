using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Segmentation.Scoring;
using Segmentation.Scoring.InRun;

namespace Segmentation.Tests.Scoring.InRun;

public class DriverWordingTests
{
    [Theory]
    [InlineData("usage_change_60d", -32.4, 0.0, "usage down 32% in 60 days")]
    [InlineData("usage_change_30d", 12.0, 0.0, "usage up 12% in 30 days")]
    [InlineData("tickets_change_90d", 50.0, 0.0, "tickets up 50% in 90 days")]
    [InlineData("tickets_90d", 12.0, 4.0, "12 tickets in 90 days, 3x the median")]
    [InlineData("tickets_90d", 3.0, 2.0, "3 tickets in 90 days, 1.5x the median")]
    [InlineData("tickets_90d", 1.0, 0.0, "1 ticket in 90 days (median 0)")]
    [InlineData("days_since_last_active", 41.0, 1.0, "no activity for 41 days")]
    [InlineData("days_since_active", 1.0, 1.0, "no activity for 1 day")]
    [InlineData("nps", 3.0, 8.0, "NPS 3")]
    [InlineData("days_to_renewal", 25.0, 180.0, "renewal in 25 days")]
    [InlineData("feature_adoption", 0.18, 0.55, "feature adoption 18% (median 55%)")]
    [InlineData("seat_utilisation", 0.35, 0.6, "seat utilisation 35% (median 60%)")]
    [InlineData("tenure_days", 45.0, 700.0, "customer for 45 days")]
    [InlineData("arr", 12000.0, 30000.0, "arr 12,000 (median 30,000)")]
    [InlineData("discount", 0.125, 0.1, "discount 0.13 (median 0.1)")]
    public void Phrase_KnownAndUnknownFeatures_ReadsInTheUsersUnits(string feature, double value, double median, string expected)
        => Assert.Equal(expected, DriverWording.Phrase(feature, value, median));

    [Theory]
    [InlineData("nps", "no NPS answer")]
    [InlineData("usage_change_60d", "usage trend over 60 days not known yet")]
    [InlineData("arr", "arr not known")]
    public void Phrase_MissingValue_SaysItIsNotKnown(string feature, string expected)
        => Assert.Equal(expected, DriverWording.Phrase(feature, double.NaN, 5));

    [Theory]
    [InlineData("usage_change_60d", false)]
    [InlineData("tickets_change_90d", false)]
    [InlineData("tickets_90d", true)]
    [InlineData("days_since_last_active", false)]
    [InlineData("nps", false)]
    [InlineData("days_to_renewal", false)]
    [InlineData("feature_adoption", true)]
    [InlineData("seat_utilization", true)]
    [InlineData("tenure_days", false)]
    [InlineData("arr", true)]
    public void UsesMedian_KnownFeatures_SaysWhetherThePhraseChangesWithTheMedian(string feature, bool uses)
    {
        // The daily run computes a median (a pass over every customer) only when the phrase shows it.
        Assert.Equal(uses, DriverWording.UsesMedian(feature));
        foreach (double value in new[] { 0.0, 0.4, 3.0, -12.0, double.NaN })
        {
            bool differs = DriverWording.Phrase(feature, value, 7.0) != DriverWording.Phrase(feature, value, double.NaN);
            Assert.True(uses || !differs, $"{feature} at {value} reads the median");
        }

        Assert.True(!uses || DriverWording.Phrase(feature, 3.0, 7.0) != DriverWording.Phrase(feature, 3.0, double.NaN));
    }

    [Fact]
    public void Describe_MixedDrivers_ListsAtMostThreeThatPushUpStrongestFirst()
    {
        string[] names = ["arr", "nps", "tickets_90d", "usage_change_60d", "feature_adoption"];
        FeatureMatrix features = FeatureMatrix.FromRows(
            [[10_000, 3, 12, -32, 0.18], [50_000, 9, 4, 0, 0.55], [30_000, 8, 4, 5, 0.6]], names);
        var score = new RiskScore(0.8, "high",
        [
            new ScoreDriver("feature_adoption", -2.0),
            new ScoreDriver("usage_change_60d", 1.5),
            new ScoreDriver("nps", 0.2),
            new ScoreDriver("tickets_90d", 0.9),
            new ScoreDriver("arr", 0.1),
        ]);

        IReadOnlyList<string> phrases = DriverWording.Describe(score, features, 0, PopulationReference.Of(features));

        Assert.Equal(["usage down 32% in 60 days", "12 tickets in 90 days, 3x the median", "NPS 3"], phrases);
    }

    [Fact]
    public void Of_ColumnsWithMissingValues_MedianLeavesThemOut()
    {
        FeatureMatrix features = FeatureMatrix.FromRows([[1.0], [double.NaN], [5.0], [3.0]], ["nps"]);
        PopulationReference reference = PopulationReference.Of(features);
        Assert.Equal(3.0, reference.Median("nps"));
        Assert.True(double.IsNaN(reference.Median("absent")));
    }

    [Fact]
    public void Of_ManyColumns_EachMedianIsItsColumnsMedian()
    {
        // Columns whose phrases show a median and columns whose phrases do not, with missing values, asked in reverse order.
        string[] names = ["tickets_90d", "nps", "arr", "seats", "feature_adoption", "tenure_days", "plan=Pro", "seat_utilisation", "logins_30d", "days_to_renewal"];
        var random = new Random(7);
        double[][] rows = [.. Enumerable.Range(0, 1_001).Select(_ => names.Select(n => random.Next(10) == 0 ? double.NaN : Math.Round(random.NextDouble() * 100, 1)).ToArray())];
        FeatureMatrix features = FeatureMatrix.FromRows(rows, names);
        PopulationReference reference = PopulationReference.Of(features);

        for (int j = names.Length - 1; j >= 0; j--)
        {
            Assert.Equal(Statistics.Median(rows.Select(r => r[j]).Where(v => !double.IsNaN(v))), reference.Median(names[j]));
        }
    }

    [Fact]
    public void Describe_TiesExcludedAndUnknownFeatures_KeepsTheDriversOrderAndSkipsTheRest()
    {
        FeatureMatrix features = FeatureMatrix.FromRows([[12_000, 7, 41], [30_000, 9, 2]], ["arr", "nps", "days_since_last_active"]);
        var score = new RiskScore(0.7, "high",
        [
            new ScoreDriver("not_scored", 5.0),
            new ScoreDriver("arr", 3.0),
            new ScoreDriver("nps", 1.0),
            new ScoreDriver("days_since_last_active", 1.0),
        ]);
        PopulationReference reference = PopulationReference.Of(features);

        Assert.Equal(["arr 12,000 (median 21,000)", "NPS 7", "no activity for 41 days"], DriverWording.Describe(score, features, 0, reference));
        Assert.Equal(["NPS 9", "no activity for 2 days"], DriverWording.Describe(score, features, 1, reference, excluded: "arr"));
        Assert.Equal(["arr 30,000 (median 21,000)"], DriverWording.Describe(score, features, 1, reference, max: 1));
        Assert.Empty(DriverWording.Describe(score, features, 1, reference, max: 0));
    }

    [Fact]
    public void Describe_OneReferenceTwoMatrices_ReadsEachMatrixsOwnColumns()
    {
        FeatureMatrix first = FeatureMatrix.FromRows([[3, 41]], ["nps", "days_since_last_active"]);
        FeatureMatrix second = FeatureMatrix.FromRows([[41, 3]], ["days_since_last_active", "nps"]);
        PopulationReference reference = PopulationReference.Of(first);
        var score = new RiskScore(0.7, "high", [new ScoreDriver("nps", 2.0), new ScoreDriver("days_since_last_active", 1.0)]);

        Assert.Equal(["NPS 3", "no activity for 41 days"], DriverWording.Describe(score, first, 0, reference));
        Assert.Equal(["NPS 3", "no activity for 41 days"], DriverWording.Describe(score, second, 0, reference));
    }

    private static readonly string[] PropertyFeatures = ["arr", "nps", "tickets_90d", "usage_change_60d", "not_scored"];

    [Property(MaxTest = 300)]
    public Property Describe_AnyDrivers_WordsTheStrongestPositiveScoredOnesInOrder()
    {
        FeatureMatrix features = FeatureMatrix.FromRows(
            [[10_000, 3, 12, -32.4], [50_000, double.NaN, 0, -0.0], [30_000, 8, 4, 5.5], [10_000, 3, 1, 0.4]],
            ["arr", "nps", "tickets_90d", "usage_change_60d"]);
        Gen<ScoreDriver> driver = from name in Gen.Elements(PropertyFeatures)
                                  from contribution in Gen.Elements(-1.0, 0.0, 0.5, 1.0, 1.0, 2.0, double.NaN)
                                  select new ScoreDriver(name, contribution);
        Gen<(ScoreDriver[] Drivers, int Max, string? Excluded)> cases = from drivers in Gen.ArrayOf(driver)
                                                                        from max in Gen.Choose(0, 5)
                                                                        from excluded in Gen.Elements<string?>(null, "arr", "nps")
                                                                        select (drivers, max, excluded);
        return Prop.ForAll(Arb.From(cases), c =>
        {
            PopulationReference reference = PopulationReference.Of(features);
            var score = new RiskScore(0.5, "high", c.Drivers);
            for (int row = 0; row < features.RowCount; row++)
            {
                string[] expected = [.. c.Drivers
                    .Where(d => d.Contribution > 0 && d.Feature != c.Excluded && features.Schema.IndexOf(d.Feature) >= 0)
                    .OrderByDescending(d => d.Contribution)
                    .Take(c.Max)
                    .Select(d => DriverWording.Phrase(d.Feature, features[row, features.Schema.IndexOf(d.Feature)], reference.Median(d.Feature)))];
                if (!expected.SequenceEqual(DriverWording.Describe(score, features, row, reference, c.Max, c.Excluded)))
                {
                    return false;
                }
            }

            return true;
        });
    }

    [Property(MaxTest = 300)]
    public Property DescribeStrongest_AnyContributions_WordsAsDescribeOfTheSortedDrivers()
    {
        // The daily run words from unsorted contributions; it must say what Describe says of the drivers sorted as a
        // scorer sorts them (by size, stable), ties and all.
        string[] names = ["arr", "nps", "tickets_90d", "usage_change_60d", "not_scored", "nps_copy"];
        FeatureMatrix features = FeatureMatrix.FromRows(
            [[10_000, 3, 12, -32.4, 1], [50_000, double.NaN, 0, -0.0, 2], [30_000, 8, 4, 5.5, 3]],
            ["arr", "nps", "tickets_90d", "usage_change_60d", "nps_copy"]);
        Gen<(double[] Contributions, int Max, string? Excluded)> cases = from contributions in Gen.ArrayOf(Gen.Elements(-2.0, -1.0, 0.0, -0.0, 0.5, 1.0, 1.0, 2.0, double.NaN), names.Length)
                                                                         from max in Gen.Choose(0, 3)
                                                                         from excluded in Gen.Elements<string?>(null, "arr", "nps")
                                                                         select (contributions, max, excluded);
        var phrases = new DriverPhrases(features.ColumnCount);
        return Prop.ForAll(Arb.From(cases), c =>
        {
            PopulationReference reference = PopulationReference.Of(features);
            ScoreDriver[] sorted = ScoringTables.Sorted(names, c.Contributions);
            int[] columns = [.. names.Select(n => n == c.Excluded ? -1 : features.Schema.IndexOf(n))];
            for (int row = 0; row < features.RowCount; row++)
            {
                IReadOnlyList<string> expected = DriverWording.Describe(sorted, features, row, reference, c.Max, c.Excluded);
                if (!expected.SequenceEqual(DriverWording.DescribeStrongest(c.Contributions, names, columns, features, row, reference, c.Max)))
                {
                    return false;
                }

                // The phrases kept across rows and cases (as the daily run keeps them) say the same.
                if (!expected.SequenceEqual(DriverWording.DescribeStrongest(c.Contributions, names, columns, features, row, reference, c.Max, phrases)))
                {
                    return false;
                }
            }

            return true;
        });
    }

    /// <summary>Columns of small whole values (counts, flags), sometimes missing, now and then a value the counting cannot take.</summary>
    private static readonly Gen<double[]> CountColumns =
        from range in Gen.Elements(2, 5, 300, Statistics.CountedValues + 2)
        from odd in Gen.Elements<double?>(null, null, null, -1.0, -0.0, 0.5, double.PositiveInfinity, 1e12)
        from cells in Gen.Frequency((8, Gen.Choose(0, range - 1).Select(v => (double)v)), (1, Gen.Constant(double.NaN))).ArrayOf()
        from at in Gen.Choose(0, 1_000)
        select odd is double o && cells.Length > 0 ? [.. cells[..(at % cells.Length)], o, .. cells[(at % cells.Length)..]] : cells;

    [Property(MaxTest = 500)]
    public Property TryCountedMedians_WholeValueColumns_GivesTheSelectedMediansOrNaN() =>
        Prop.ForAll(Arb.From(CountColumns), Arb.From(Gen.Choose(1, 4)), (cells, width) =>
        {
            // `width` columns of a row-major matrix, column j the cells rotated by j (each its own values and odd cell);
            // the counted columns are every other one, in reverse order.
            double[][] columns = [.. Enumerable.Range(0, width).Select(j => cells.Length == 0 ? cells : (double[])[.. cells[(j % cells.Length)..], .. cells[..(j % cells.Length)]])];
            double[] matrix = [.. Enumerable.Range(0, cells.Length).SelectMany(i => columns.Select(column => column[i]))];
            int[] counted = [.. Enumerable.Range(0, width).Where(j => j % 2 == 0).Reverse()];
            double[] medians = Statistics.TryCountedMedians(matrix, counted, width);
            return counted.Select((j, c) =>
            {
                double[] present = [.. columns[j].Where(v => !double.IsNaN(v))];
                bool countable = present.Length > 0 && present.All(v => v >= 0 && v < Statistics.CountedValues && v == Math.Floor(v) && !double.IsNegative(v));
                return countable
                    ? BitConverter.DoubleToInt64Bits(medians[c]) == BitConverter.DoubleToInt64Bits(Statistics.MedianInPlace(present))
                    : double.IsNaN(medians[c]);
            }).All(ok => ok);
        });

    [Fact]
    public void Of_CountColumnsAndShares_MediansAsSelected()
    {
        // Counts (counted together), a share (selected), a count column with one odd value (selected after all), one
        // whose phrase shows no median (counted on its own) and one with no value present.
        var random = new Random(11);
        double[][] rows = [.. Enumerable.Range(0, 2_000).Select(i => new[] { random.Next(40), random.NextDouble(), i == 1_500 ? 2.5 : random.Next(9), random.Next(5), random.Next(3), double.NaN })];
        string[] names = ["tickets_90d", "feature_adoption", "seats", "nps", "logins_30d", "api_calls_30d"];
        PopulationReference reference = PopulationReference.Of(FeatureMatrix.FromRows(rows, names));
        for (int j = 0; j < names.Length; j++)
        {
            Assert.Equal(Statistics.Median(rows.Select(r => r[j]).Where(v => !double.IsNaN(v))), reference.Median(names[j]));
        }
    }
}
