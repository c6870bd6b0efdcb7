using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Segmentation.Clustering;
using Segmentation.Clustering.KMeans;

namespace Segmentation.Tests.Clustering.KMeans;

public class KMeansSumsTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Total_EveryRowAdded_MatchesPlainWeightedSums(bool weighted)
    {
        // 19 columns: two whole AVX-512 registers and a scalar tail (three AVX2 registers and a tail).
        (FeatureMatrix data, int[] labels) = Make(n: 10_000, d: 19, k: 5, seed: 3, weighted, scale: 1000);
        Check<double>(data, labels, k: 5);
        Check<float>(data, labels, k: 5);
    }

    [Fact]
    public void Total_ColumnsOfVeryDifferentMagnitudes_KeepsEachColumnsRelativePrecision()
    {
        // One column near 1e150 (its squares near 1e300), one near 1e-280, one mixed in sign: each gets its own
        // power of two, so none overflows and none is rounded away.
        var random = new Random(5);
        const int n = 3000;
        double[] values = new double[n * 3];
        for (int i = 0; i < n; i++)
        {
            values[i * 3] = (1 + random.NextDouble()) * 1e150;
            values[(i * 3) + 1] = (1 + random.NextDouble()) * 1e-280;
            values[(i * 3) + 2] = (random.NextDouble() - 0.5) * 1e6;
        }

        int[] labels = [.. Enumerable.Range(0, n).Select(i => i % 2)];
        Check<double>(FeatureMatrix.FromSpan(values, 3), labels, k: 2);
    }

    [Fact]
    public void Total_SquaredNorms_MatchPlainWeightedSumsPerCenter()
    {
        (FeatureMatrix data, int[] labels) = Make(n: 5000, d: 11, k: 4, seed: 13, weighted: true, scale: 50);
        using var prepared = KMeansData<double>.Create(data, 4, maxDegreeOfParallelism: 1, default);
        var sums = new KMeansSums<double>(prepared, 4);
        for (int i = 0; i < data.RowCount; i++)
        {
            sums.Move(i, -1, labels[i]);
        }

        var totals = new double[4 * 11];
        var weights = new double[4];
        var squaredNorms = new double[4];
        sums.Total(totals, weights, squaredNorms);
        for (int c = 0; c < 4; c++)
        {
            double expected = Enumerable.Range(0, data.RowCount).Where(i => labels[i] == c).Sum(i => data.Weight(i) * data.Row(i).ToArray().Sum(v => v * v));
            Assert.Equal(expected, squaredNorms[c], expected * 1e-12);
        }
    }

    [Fact]
    public void Fit_SmallValuesBesideAHugeOutlier_CenterKeepsFloat64Precision()
    {
        // One column holding 1000 rows of 0.3 and one of 1e15: the small cluster's center is 0.3 to float64
        // precision, not to the column's total magnitude (one int64 limb gave 0.2998).
        double[] values = [.. Enumerable.Repeat(0.3, 1000), 1e15];
        foreach (KMeansAlgorithm algorithm in new[] { KMeansAlgorithm.Lloyd, KMeansAlgorithm.Hamerly })
        {
            KMeansModel model = new KMeansClusterer(new KMeansOptions { K = 2, Seed = 1, Algorithm = algorithm }).Fit(FeatureMatrix.FromSpan(values, 1));
            double small = Math.Min(model.Centroids.Values[0], model.Centroids.Values[1]);
            Assert.Equal(0.3, small, 1e-13);
            Assert.True(model.Inertia < 1e-20, $"inertia {model.Inertia}");
        }
    }

    [Theory]
    [InlineData(1e-3, 1e-9)] // weights 15 orders of magnitude apart: float64 precision
    [InlineData(1e-9, 1e-5)] // 21 orders apart, each light row 2^-73 of the column's total: finite, six digits
    public void Fit_TinyWeightsBesideAHugeOne_CentersStayFinite(double lightWeight, double tolerance)
    {
        // 1000 rows at 5 and one at 100 weighing 1e12: the light cluster keeps a positive weight (one int64 limb
        // rounded it to 0 and the center to NaN) and its center stays within the stated resolution.
        double[] values = [.. Enumerable.Repeat(5.0, 1000), 100];
        double[] weights = [.. Enumerable.Repeat(lightWeight, 1000), 1e12];
        KMeansModel model = new KMeansClusterer(new KMeansOptions { K = 2, Seed = 1 }).Fit(FeatureMatrix.FromSpan(values, 1).WithRowWeights(weights));
        double[] centers = [.. model.Centroids.Values.ToArray().Order()];
        Assert.Equal(5.0, centers[0], 5.0 * tolerance);
        Assert.Equal(100.0, centers[1], 100.0 * 1e-12);
    }

    [Fact]
    public void Fit_ColumnWhoseSumOverflows_ThrowsNamingTheColumnAndTheFix()
    {
        double[] values = [.. Enumerable.Range(0, 2000).SelectMany(i => new[] { i % 7, (1 + (i % 3)) * 1e306 })];
        var error = Assert.Throws<ArgumentException>(() => new KMeansClusterer(new KMeansOptions { K = 2, Seed = 1 }).Fit(FeatureMatrix.FromSpan(values, 2)));
        Assert.Contains("column 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("Rescale", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_RowsWhoseSquaredNormsOverflow_ThrowsNamingTheFix()
    {
        double[] values = [.. Enumerable.Range(0, 200).SelectMany(i => new[] { i % 7, (1 + (i % 3)) * 1e200 })];
        var error = Assert.Throws<ArgumentException>(() => new KMeansClusterer(new KMeansOptions { K = 2, Seed = 1 }).Fit(FeatureMatrix.FromSpan(values, 2)));
        Assert.Contains("squared norms", error.Message, StringComparison.Ordinal);
        Assert.Contains("Rescale", error.Message, StringComparison.Ordinal);
    }

    [Property(MaxTest = 100)]
    public Property Move_AnySequenceOfMoves_EqualsAddingEveryRowToItsFinalCenter()
        => Prop.ForAll(Moves().ToArbitrary(), input =>
        {
            (FeatureMatrix data, int k, int[][] passes) = input;
            using var prepared = KMeansData<double>.Create(data, k, maxDegreeOfParallelism: 1, default);

            // Incrementally: every pass moves the rows whose label changed, as the solver does.
            var incremental = new KMeansSums<double>(prepared, k);
            int[] current = [.. Enumerable.Repeat(-1, data.RowCount)];
            foreach (int[] pass in passes)
            {
                for (int i = 0; i < pass.Length; i++)
                {
                    if (pass[i] != current[i])
                    {
                        incremental.Move(i, current[i], pass[i]);
                        current[i] = pass[i];
                    }
                }
            }

            // From scratch, in reverse row order.
            var fresh = new KMeansSums<double>(prepared, k);
            for (int i = data.RowCount - 1; i >= 0; i--)
            {
                fresh.Move(i, -1, current[i]);
            }

            (double[] a, double[] aw, double[] an) = AllTotals(incremental, k, data.ColumnCount);
            (double[] b, double[] bw, double[] bn) = AllTotals(fresh, k, data.ColumnCount);
            return a.SequenceEqual(b) && aw.SequenceEqual(bw) && an.SequenceEqual(bn);
        });

    [Fact]
    public void Move_AwayAndBack_RestoresTheSumsBitForBit()
    {
        (FeatureMatrix data, int[] labels) = Make(n: 500, d: 19, k: 3, seed: 9, weighted: true, scale: 1e-3);
        using var prepared = KMeansData<float>.Create(data, 3, maxDegreeOfParallelism: 1, default);
        var sums = new KMeansSums<float>(prepared, 3);
        for (int i = 0; i < labels.Length; i++)
        {
            sums.Move(i, -1, labels[i]);
        }

        (double[] before, double[] beforeWeights, double[] beforeNorms) = AllTotals(sums, 3, 19);
        for (int i = 0; i < labels.Length; i += 3)
        {
            sums.Move(i, labels[i], (labels[i] + 1) % 3);
        }

        for (int i = 0; i < labels.Length; i += 3)
        {
            sums.Move(i, (labels[i] + 1) % 3, labels[i]);
        }

        (double[] after, double[] afterWeights, double[] afterNorms) = AllTotals(sums, 3, 19);
        Assert.Equal(before, after);
        Assert.Equal(beforeWeights, afterWeights);
        Assert.Equal(beforeNorms, afterNorms);
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 1)]
    [InlineData(false, 5)]
    [InlineData(true, 17)]
    public void Move_ListsAndSingleRows_MixedAsAFitMixesThem_CancelBitForBit(bool weighted, int d)
    {
        // A fit adds rows with Lloyd's lists, moves some with the single-row call (Hamerly's passes, empty-cluster
        // relocation), and a last Lloyd pass moves them back with a list: every limb, the squared norms' included,
        // must cancel exactly, in float64 and float32 alike.
        (FeatureMatrix data, int[] labels) = Make(n: 9000, d: d, k: 4, seed: 21, weighted: weighted, scale: 3.7);
        AssertMixedMovesCancel<double>(data, labels);
        AssertMixedMovesCancel<float>(data, labels);
    }

    private static void AssertMixedMovesCancel<T>(FeatureMatrix data, int[] labels)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        const int k = 4;
        using var prepared = KMeansData<T>.Create(data, k, maxDegreeOfParallelism: 1, default);
        var sums = new KMeansSums<T>(prepared, k);
        int n = labels.Length;
        for (int chunk = 0; chunk < prepared.ChunkCount; chunk++)
        {
            (int start, int end) = prepared.Chunk(chunk);
            int[] rows = [.. Enumerable.Range(0, end - start)];
            sums.Move(start, rows, [.. Enumerable.Repeat(-1, rows.Length)], labels.AsSpan(start, end - start));
        }

        (double[] before, double[] beforeWeights, double[] beforeNorms) = AllTotals(sums, k, data.ColumnCount);
        int[] moved = (int[])labels.Clone();
        for (int i = 0; i < n; i += 2)
        {
            moved[i] = (labels[i] + 1 + (i % 3)) % k;
            sums.Move(i, labels[i], moved[i]);
        }

        Assert.NotEqual(beforeNorms, AllTotals(sums, k, data.ColumnCount).SquaredNorms);
        for (int chunk = 0; chunk < prepared.ChunkCount; chunk++)
        {
            (int start, int end) = prepared.Chunk(chunk);
            int[] rows = [.. Enumerable.Range(0, end - start).Where(t => (start + t) % 2 == 0)];
            int[] from = [.. rows.Select(t => moved[start + t])];
            sums.Move(start, rows, from, labels.AsSpan(start, end - start));
        }

        (double[] after, double[] afterWeights, double[] afterNorms) = AllTotals(sums, k, data.ColumnCount);
        Assert.Equal(before, after);
        Assert.Equal(beforeWeights, afterWeights);
        Assert.Equal(beforeNorms, afterNorms);

        // The float64 totals round the limbs; emptied centers show any limb left over: gather every row in center 0.
        for (int i = 0; i < n; i++)
        {
            if (labels[i] != 0)
            {
                sums.Move(i, labels[i], 0);
            }
        }

        (double[] gathered, double[] gatheredWeights, double[] gatheredNorms) = AllTotals(sums, k, data.ColumnCount);
        Assert.All(gathered.Skip(data.ColumnCount), value => Assert.Equal(0.0, value));
        Assert.All(gatheredWeights.Skip(1), value => Assert.Equal(0.0, value));
        Assert.All(gatheredNorms.Skip(1), value => Assert.Equal(0.0, value));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(3.0)]
    [InlineData(1e6)]
    [InlineData(1.5e-7)]
    [InlineData(123456789.0)]
    public void FixedPointScale_IsThePowerOfTwoThatBringsTheBoundJustUnder2To93(double bound)
    {
        double scale = KMeansData<double>.FixedPointScale(bound);
        Assert.Equal(0, Math.ILogB(scale) - Math.Log2(scale)); // a power of two
        Assert.InRange(bound * scale, Math.ScaleB(1, 92), Math.ScaleB(1, 93));
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(1e-320, 8.98846567431158E+307)]
    [InlineData(1e308, 5.509016039626555E-281)]
    public void FixedPointScale_EdgeBounds_StayFiniteAndNonZero(double bound, double expected)
        => Assert.Equal(expected, KMeansData<double>.FixedPointScale(bound));

    private static void Check<T>(FeatureMatrix data, int[] labels, int k)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int d = data.ColumnCount;
        using var prepared = KMeansData<T>.Create(data, k, maxDegreeOfParallelism: 2, default);
        var sums = new KMeansSums<T>(prepared, k);
        for (int i = 0; i < data.RowCount; i++)
        {
            sums.Move(i, -1, labels[i]);
        }

        (double[] totals, double[] weights) = Totals(sums, k, d);

        // The reference: the same values the solver sees (T, relative to its origin) summed with compensation.
        var expected = new double[k * d];
        var compensation = new double[k * d];
        var expectedWeights = new double[k];
        var magnitude = new double[d];
        for (int i = 0; i < data.RowCount; i++)
        {
            double w = data.Weight(i);
            expectedWeights[labels[i]] += w;
            ReadOnlySpan<T> row = prepared.Row(i);
            for (int j = 0; j < d; j++)
            {
                double value = w * double.CreateTruncating(row[j]);
                magnitude[j] += Math.Abs(value);
                int e = (labels[i] * d) + j;
                double y = value - compensation[e];
                double t = expected[e] + y;
                compensation[e] = t - expected[e] - y;
                expected[e] = t;
            }
        }

        for (int e = 0; e < expected.Length; e++)
        {
            // Each row is rounded to 2^-93 of its column's Σ w·|x| (half a unit at most), and the two limbs' total to
            // float64 within two roundings.
            double resolution = magnitude[e % d] * ((Math.ScaleB(1, -92) * data.RowCount) + Math.ScaleB(1, -51));
            Assert.True(Math.Abs(expected[e] - totals[e]) <= resolution, $"sum {e}: expected {expected[e]}, got {totals[e]} (resolution {resolution})");
        }

        for (int c = 0; c < k; c++)
        {
            Assert.Equal(expectedWeights[c], weights[c], expectedWeights[c] * 1e-12);
        }
    }

    private static (double[] Sums, double[] Weights) Totals<T>(KMeansSums<T> sums, int k, int d)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        (double[] totals, double[] weights, _) = AllTotals(sums, k, d);
        return (totals, weights);
    }

    /// <summary>The sums, weights and Σ w·||x||² of every center, all three compared bit for bit by the exactness tests.</summary>
    private static (double[] Sums, double[] Weights, double[] SquaredNorms) AllTotals<T>(KMeansSums<T> sums, int k, int d)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var totals = new double[k * d];
        var weights = new double[k];
        var squaredNorms = new double[k];
        sums.Total(totals, weights, squaredNorms);
        return (totals, weights, squaredNorms);
    }

    private static (FeatureMatrix Data, int[] Labels) Make(int n, int d, int k, int seed, bool weighted, double scale)
    {
        var random = new Random(seed);
        double[] values = [.. Enumerable.Range(0, n * d).Select(_ => (random.NextDouble() - 0.3) * scale)];
        double[]? weights = weighted ? [.. Enumerable.Range(0, n).Select(_ => random.NextDouble() * 5)] : null;
        int[] labels = [.. Enumerable.Range(0, n).Select(_ => random.Next(k))];
        return (FeatureMatrix.Create(values, d, weights: weights), labels);
    }

    /// <summary>Small data (spanning several chunks now and then), a k, and a few passes of labels.</summary>
    private static Gen<(FeatureMatrix Data, int K, int[][] Passes)> Moves() =>
        from n in Gen.Choose(1, 9000)
        from d in Gen.Choose(1, 20)
        from k in Gen.Choose(1, 6)
        from seed in Gen.Choose(0, 10_000)
        from passes in Gen.Choose(1, 4)
        let random = new Random(seed)
        let data = FeatureMatrix.FromSpan([.. Enumerable.Range(0, n * d).Select(_ => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-3, 4)))], d)
        select (data, k, Enumerable.Range(0, passes).Select(_ => Enumerable.Range(0, n).Select(_ => random.Next(k)).ToArray()).ToArray());
}
