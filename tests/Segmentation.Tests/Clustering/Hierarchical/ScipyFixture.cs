using System.Text.Json;
using Segmentation.Clustering;
using Segmentation.Clustering.Hierarchical;

namespace Segmentation.Tests.Clustering.Hierarchical;

/// <summary>One data set of Fixtures/*.json: the data and SciPy 1.10.1's results per linkage (see make_fixtures.py).</summary>
public sealed class ScipyFixture
{
    public static readonly string[] DataSets = ["blobs", "wide", "grid_ties", "duplicates", "line"];

    private readonly JsonElement _root;

    private ScipyFixture(JsonElement root) => _root = root;

    public static ScipyFixture Load(string name)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Clustering", "Hierarchical", "Fixtures", name + ".json");
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
        return new ScipyFixture(document.RootElement.Clone());
    }

    public FeatureMatrix Data => FeatureMatrix.FromRows(Rows("data"));

    public double[][] Rows(string property) =>
        [.. _root.GetProperty(property).EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray())];

    public double[] Numbers(string property) => [.. _root.GetProperty(property).EnumerateArray().Select(v => v.GetDouble())];

    internal DendrogramMerge[] Merges(Linkage linkage) =>
        [.. Entry(linkage).GetProperty("Z").EnumerateArray().Select(r =>
        {
            double[] v = [.. r.EnumerateArray().Select(x => x.GetDouble())];
            return new DendrogramMerge((int)v[0], (int)v[1], v[2], (int)v[3]);
        })];

    public IEnumerable<(int K, int[] Labels)> MaxClust(Linkage linkage) =>
        Entry(linkage).GetProperty("maxclust").EnumerateObject().Select(p => (int.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture), Labels(p.Value)));

    public IEnumerable<(double Threshold, bool AtHeight, int[] Labels)> DistanceCuts(Linkage linkage) =>
        Entry(linkage).GetProperty("distance").EnumerateArray()
            .Select(e => (e.GetProperty("t").GetDouble(), e.GetProperty("at_height").GetBoolean(), Labels(e.GetProperty("labels"))));

    public double Cophenetic(Linkage linkage) =>
        Entry(linkage).GetProperty("cophenet") is { ValueKind: JsonValueKind.Number } c ? c.GetDouble() : double.NaN;

    private static int[] Labels(JsonElement array) => [.. array.EnumerateArray().Select(v => v.GetInt32())];

    private JsonElement Entry(Linkage linkage) => _root.GetProperty("linkages").GetProperty(linkage.ToString().ToLowerInvariant());
}
