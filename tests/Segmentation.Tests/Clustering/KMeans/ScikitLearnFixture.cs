using System.Text.Json;
using System.Text.Json.Serialization;
using Segmentation.Clustering;
using Segmentation.Clustering.KMeans;

namespace Segmentation.Tests.Clustering.KMeans;

/// <summary>A result of scikit-learn's Lloyd k-means written by benchmarks/peers/make_kmeans_fixtures.py.</summary>
public sealed class ScikitLearnFixture
{
    [JsonPropertyName("k")]
    public int K { get; init; }

    [JsonPropertyName("tol")]
    public double Tolerance { get; init; }

    [JsonPropertyName("max_iter")]
    public int MaxIterations { get; init; }

    [JsonPropertyName("data")]
    public double[][] Data { get; init; } = [];

    [JsonPropertyName("weights")]
    public double[]? Weights { get; init; }

    [JsonPropertyName("init")]
    public double[][] Init { get; init; } = [];

    [JsonPropertyName("labels")]
    public int[] Labels { get; init; } = [];

    [JsonPropertyName("centers")]
    public double[][] Centers { get; init; } = [];

    [JsonPropertyName("inertia")]
    public double Inertia { get; init; }

    [JsonPropertyName("n_iter")]
    public int Iterations { get; init; }

    public static IEnumerable<string> Names => Directory.GetFiles(Folder, "*.json").Select(Path.GetFileNameWithoutExtension).Order()!;

    private static string Folder => Path.Combine(AppContext.BaseDirectory, "Clustering", "KMeans", "Fixtures");

    public static ScikitLearnFixture Load(string name)
        => JsonSerializer.Deserialize<ScikitLearnFixture>(File.ReadAllText(Path.Combine(Folder, name + ".json")))
           ?? throw new InvalidOperationException($"Fixture {name} is empty.");

    public FeatureMatrix Matrix()
    {
        FeatureMatrix matrix = FeatureMatrix.FromRows(Data);
        return Weights is null ? matrix : matrix.WithRowWeights(Weights);
    }

    internal KMeansOptions Options(KMeansAlgorithm algorithm, KMeansPrecision precision = KMeansPrecision.Double) => new()
    {
        K = K,
        Tolerance = Tolerance,
        MaxIterations = MaxIterations,
        Init = KMeansInit.Given,
        InitialCenters = FeatureMatrix.FromRows(Init),
        Algorithm = algorithm,
        Precision = precision,
    };
}
