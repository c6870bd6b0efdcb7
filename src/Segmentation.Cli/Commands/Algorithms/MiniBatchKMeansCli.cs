using System.CommandLine;
using Segmentation.Clustering;
using Segmentation.Clustering.MiniBatchKMeans;

namespace Segmentation.Cli.Commands.Algorithms;

/// <summary><c>segment cluster --algorithm minibatch-kmeans</c>: k-means on small random batches, for data too large to iterate over whole.</summary>
internal sealed class MiniBatchKMeansCli : IClusterAlgorithmCli
{
    private readonly Option<int> _batchSize = new("--batch-size") { Description = "Rows per mini-batch.", DefaultValueFactory = _ => MiniBatchKMeansOptions.DefaultBatchSize };

    private readonly Option<int> _maxEpochs = new("--max-epochs") { Description = "Passes over the data at most.", DefaultValueFactory = _ => MiniBatchKMeansOptions.DefaultMaxEpochs };

    public string Name => Clusterers.MiniBatchKMeansName;

    public IReadOnlyList<Option> Options => [_batchSize, _maxEpochs];

    public void Validate(ParseResult parse, string? k)
    {
        FlagChecks.Whole("--batch-size", parse.GetValue(_batchSize), 1, 10_000_000);
        FlagChecks.Whole("--max-epochs", parse.GetValue(_maxEpochs), 1, 100_000);
        CommonOptions.ParseK(k ?? "5");
    }

    public IClusterer Create(ParseResult parse, ClusterSettings settings) => Clusterers.MiniBatchKMeans(new MiniBatchKMeansOptions
    {
        K = CommonOptions.ParseK(settings.K ?? "5"),
        Seed = settings.Seed,
        BatchSize = FlagChecks.Whole("--batch-size", parse.GetValue(_batchSize), 1, 10_000_000),
        MaxEpochs = FlagChecks.Whole("--max-epochs", parse.GetValue(_maxEpochs), 1, 100_000),
    });
}
