using System.CommandLine;
using Segmentation.Clustering;

namespace Segmentation.Cli.Commands.Algorithms;

/// <summary><c>segment cluster --algorithm kmeans</c>.</summary>
internal sealed class KMeansCli : IClusterAlgorithmCli
{
    public string Name => KMeansClusterer.AlgorithmName;

    public IReadOnlyList<Option> Options { get; } = [];

    public IClusterer Create(ParseResult parse, ClusterSettings settings) =>
        new KMeansClusterer(new KMeansOptions { K = CommonOptions.ParseK(settings.K ?? "5"), Seed = settings.Seed });
}
