using System.Globalization;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Segmentation.Clustering.Quality;

namespace Segmentation.Tests.Clustering.Quality;

/// <summary>Compares the indices with scikit-learn 1.2.1 (Fixtures/make_fixtures.py) to 1e-9 relative.</summary>
public class ClusterQualityTests
{
    private const double RelativeTolerance = 1e-9;

    public static TheoryData<string> Cases => new() { "blobs", "random_sparse_labels", "singleton_17d", "blobs_16d" };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Silhouette_FixtureCase_MatchesScikitLearn(string name)
    {
        (FeatureMatrix data, int[] labels) = Fixtures.Load(name);
        AssertRelative(Fixtures.Expected(name, "silhouette"), ClusterQuality.Silhouette(data, labels));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SilhouetteSamples_FixtureCase_MatchesScikitLearnPerRow(string name)
    {
        (FeatureMatrix data, int[] labels) = Fixtures.Load(name);
        double[] samples = ClusterQuality.SilhouetteSamples(data, labels);
        double[] expected = [.. Fixtures.Internal(name).GetProperty("silhouette_first5").EnumerateArray().Select(e => e.GetDouble())];
        for (int i = 0; i < expected.Length; i++)
        {
            AssertRelative(expected[i], samples[i]);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void CalinskiHarabasz_FixtureCase_MatchesScikitLearn(string name)
    {
        (FeatureMatrix data, int[] labels) = Fixtures.Load(name);
        AssertRelative(Fixtures.Expected(name, "calinski_harabasz"), ClusterQuality.CalinskiHarabasz(data, labels));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void DaviesBouldin_FixtureCase_MatchesScikitLearn(string name)
    {
        (FeatureMatrix data, int[] labels) = Fixtures.Load(name);
        AssertRelative(Fixtures.Expected(name, "davies_bouldin"), ClusterQuality.DaviesBouldin(data, labels));
    }

    [Fact]
    public void Silhouette_NoiseRows_AreLeftOut()
    {
        (FeatureMatrix data, int[] labels) = Fixtures.Load("blobs");
        var withNoise = FeatureMatrix.FromRows([.. Enumerable.Range(0, data.RowCount).Select(i => data.Row(i).ToArray()).Append([1e6, 1e6, 1e6, 1e6, 1e6])]);
        int[] noisyLabels = [.. labels, -1];
        AssertRelative(Fixtures.Expected("blobs", "silhouette"), ClusterQuality.Silhouette(withNoise, noisyLabels));
        Assert.True(double.IsNaN(ClusterQuality.SilhouetteSamples(withNoise, noisyLabels)[^1]));
    }

    [Fact]
    public void Silhouette_SampleCoveringAllRows_EqualsExact()
    {
        (FeatureMatrix data, int[] labels) = Fixtures.Load("blobs");
        AssertRelative(Fixtures.Expected("blobs", "silhouette"), ClusterQuality.Silhouette(data, labels, sampleSize: 10_000, seed: 1));
    }

    [Fact]
    public void Silhouette_SampledSameSeed_IsReproducibleAndClose()
    {
        (FeatureMatrix data, int[] labels) = Fixtures.Load("blobs_16d");
        double first = ClusterQuality.Silhouette(data, labels, sampleSize: 400, seed: 5);
        double second = ClusterQuality.Silhouette(data, labels, sampleSize: 400, seed: 5);
        Assert.Equal(first, second);
        Assert.InRange(first, Fixtures.Expected("blobs_16d", "silhouette") - 0.05, Fixtures.Expected("blobs_16d", "silhouette") + 0.05);
    }

    [Fact]
    public void Silhouette_SampleDrawnOnce_SameValueAsSamplingEachTime()
    {
        // k selection draws the silhouette's sample once for all candidates; each labeling must score as if sampled itself.
        (FeatureMatrix data, int[] labels) = Fixtures.Load("blobs_16d");
        var sample = ClusterQuality.SilhouetteSample.Of(data, 300, seed: 4);
        foreach (int[] labeling in new[] { labels, [.. labels.Select(l => (l * 3) + 1)], [.. labels.Select((l, i) => i % 3 == 0 ? 0 : l)] })
        {
            Assert.Equal(ClusterQuality.Silhouette(data, labeling, sampleSize: 300, seed: 4), ClusterQuality.Silhouette(data, sample, labeling, CancellationToken.None));
        }
    }

    [Theory]
    [InlineData("blobs")]
    [InlineData("blobs_16d")]
    public void CalinskiHarabaszAndDaviesBouldin_OnePass_SameValuesAsSeparateCalls(string name)
    {
        (FeatureMatrix data, int[] labels) = Fixtures.Load(name);
        (double ch, double db) = ClusterQuality.CalinskiHarabaszAndDaviesBouldin(data, labels);
        Assert.Equal(ClusterQuality.CalinskiHarabasz(data, labels), ch);
        Assert.Equal(ClusterQuality.DaviesBouldin(data, labels), db);
        AssertRelative(Fixtures.Expected(name, "calinski_harabasz"), ch);
    }

    [Theory]
    [InlineData("dense")]
    [InlineData("gap")]
    [InlineData("shifted")]
    [InlineData("list")]
    [InlineData("weighted")]
    [InlineData("spare centre")]
    public void InertiaCalinskiHarabaszAndDaviesBouldin_AnyLabeling_SameValuesAsSeparateCalls(string labeling)
    {
        // k selection's one pass (dense label arrays) and its fallback (anything else) must give the separate calls' bits.
        (FeatureMatrix data, int[] labels) = Fixtures.Load("blobs_16d");
        int k = labels.Max() + 1;
        IReadOnlyList<int> given = labeling switch
        {
            "gap" => [.. labels.Select(l => l == 0 ? k : l)], // label 0 unused: renumbered, so the fallback
            "shifted" => [.. labels.Select(l => l + 1)],
            "list" => new List<int>(labels),
            _ => labels,
        };
        if (labeling == "weighted")
        {
            data = data.WithRowWeights([.. Enumerable.Range(0, data.RowCount).Select(i => 0.5 + (i % 7))]);
        }

        int centres = labeling == "spare centre" ? k + 3 : k + 1;
        var centroids = FeatureMatrix.FromRows([.. Enumerable.Range(0, centres).Select(c => Enumerable.Range(0, data.ColumnCount).Select(j => Math.Sin((c * 31) + j)).ToArray())]);
        int[] before = [.. given];

        (double inertia, double ch, double db) = ClusterQuality.InertiaCalinskiHarabaszAndDaviesBouldin(data, given, centroids);

        Assert.Equal(ClusterQuality.Inertia(data, given, centroids), inertia);
        Assert.Equal(ClusterQuality.CalinskiHarabasz(data, given), ch);
        Assert.Equal(ClusterQuality.DaviesBouldin(data, given), db);
        Assert.Equal(before, given);
    }

    [Fact]
    public void InertiaCalinskiHarabaszAndDaviesBouldin_LabelBeyondTheCentres_ThrowsAsInertia()
    {
        (FeatureMatrix data, int[] labels) = Fixtures.Load("blobs");
        var centroids = FeatureMatrix.FromRows([.. Enumerable.Range(0, labels.Max()).Select(_ => new double[data.ColumnCount])]);
        var expected = Assert.Throws<ArgumentException>(() => ClusterQuality.Inertia(data, labels, centroids));
        var error = Assert.Throws<ArgumentException>(() => ClusterQuality.InertiaCalinskiHarabaszAndDaviesBouldin(data, labels, centroids));
        Assert.Equal(expected.Message, error.Message);
    }

    [Property]
    public Property InertiaCalinskiHarabaszAndDaviesBouldin_RandomLabels_SameAsSeparateCalls() =>
        Prop.ForAll(Gen.Choose(0, 3).ArrayOf(40).Where(l => l.Distinct().Count() >= 2).ToArbitrary(), labels =>
        {
            FeatureMatrix data = FeatureMatrix.FromRows([.. labels.Select((l, i) => new[] { l + Math.Cos(i), Math.Sin(i * 1.7), i % 5 })]);
            var centroids = FeatureMatrix.FromRows([.. Enumerable.Range(0, 4).Select(c => new[] { c * 1.0, 0.5, c - 2.0 })]);
            (double inertia, double ch, double db) = ClusterQuality.InertiaCalinskiHarabaszAndDaviesBouldin(data, labels, centroids);
            return inertia == ClusterQuality.Inertia(data, labels, centroids)
                && ch == ClusterQuality.CalinskiHarabasz(data, labels)
                && db == ClusterQuality.DaviesBouldin(data, labels);
        });

    [Fact]
    public void CalinskiHarabaszAndDaviesBouldin_LabelsFarApart_MatchScikitLearn()
    {
        // Labels far above the row count are re-numbered through a map instead of a table; the indices must not change.
        (FeatureMatrix data, int[] labels) = Fixtures.Load("blobs");
        int[] spread = [.. labels.Select(l => (l * 50_000_000) + 7)];
        AssertRelative(Fixtures.Expected("blobs", "calinski_harabasz"), ClusterQuality.CalinskiHarabasz(data, spread));
        AssertRelative(Fixtures.Expected("blobs", "davies_bouldin"), ClusterQuality.DaviesBouldin(data, spread));
        AssertRelative(Fixtures.Expected("blobs", "silhouette"), ClusterQuality.Silhouette(data, spread));
    }

    [Fact]
    public void Indices_WithoutNoise_LeaveTheMatrixUnchanged()
    {
        (FeatureMatrix data, int[] labels) = Fixtures.Load("blobs_16d");
        double[] before = data.Values.ToArray();
        int[] labelsBefore = [.. labels];
        ClusterQuality.Silhouette(data, labels);
        ClusterQuality.Silhouette(data, labels, sampleSize: 100, seed: 2);
        ClusterQuality.CalinskiHarabasz(data, labels);
        ClusterQuality.DaviesBouldin(data, labels);
        Assert.Equal(before, data.Values.ToArray());
        Assert.Equal(labelsBefore, labels); // the label array is read in place, never renumbered there
    }

    [Fact]
    public void Silhouette_OneCluster_ThrowsNamingTheValidRange()
    {
        FeatureMatrix data = FeatureMatrix.FromRows([[0.0], [1.0], [2.0]]);
        var error = Assert.Throws<ArgumentException>(() => ClusterQuality.Silhouette(data, [0, 0, 0]));
        Assert.Contains("between 2 and n - 1 clusters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CalinskiHarabasz_MissingValue_ThrowsNamingRowAndColumn()
    {
        FeatureMatrix data = FeatureMatrix.FromRows([[0.0, 1], [1.0, double.NaN], [2.0, 3], [5.0, 1]], ["arr", "seats"]);
        var error = Assert.Throws<ArgumentException>(() => ClusterQuality.CalinskiHarabasz(data, [0, 0, 1, 1]));
        Assert.Contains("row 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("'seats'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DaviesBouldin_LabelCountMismatch_Throws()
    {
        FeatureMatrix data = FeatureMatrix.FromRows([[0.0], [1.0], [2.0]]);
        Assert.Throws<ArgumentException>(() => ClusterQuality.DaviesBouldin(data, [0, 1]));
    }

    internal static void AssertRelative(double expected, double actual)
    {
        double tolerance = RelativeTolerance * Math.Max(Math.Abs(expected), 1e-300);
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"expected {expected:R}, got {actual:R} (difference {Math.Abs(expected - actual):E2})");
    }
}

/// <summary>Reads the scikit-learn fixtures copied to the test output.</summary>
internal static class Fixtures
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Clustering", "Quality", "Fixtures");
    private static readonly Lazy<JsonDocument> Document = new(() => JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "expected.json"))));

    public static JsonElement Root => Document.Value.RootElement;

    public static JsonElement Internal(string name) => Root.GetProperty("internal").GetProperty(name);

    public static double Expected(string name, string index) => Internal(name).GetProperty(index).GetDouble();

    public static (FeatureMatrix Data, int[] Labels) Load(string name)
    {
        var rows = new List<double[]>();
        var labels = new List<int>();
        foreach (string line in File.ReadLines(Path.Combine(Folder, name + ".csv")))
        {
            double[] cells = [.. line.Split(',').Select(c => double.Parse(c, CultureInfo.InvariantCulture))];
            labels.Add((int)cells[0]);
            rows.Add(cells[1..]);
        }

        return (FeatureMatrix.FromRows(rows), [.. labels]);
    }
}
