using System.CommandLine;
using Segmentation.Clustering;
using Segmentation.Clustering.KMeans;
using Segmentation.Data;
using Segmentation.Features.Preprocessing;

namespace Segmentation.Cli.Commands.Algorithms;

/// <summary><c>segment cluster --algorithm kmeans</c> and its options.</summary>
internal sealed class KMeansCli : IClusterAlgorithmCli
{
    private readonly Option<string> _init = new("--init")
    {
        Description = "Seeding: k-means++ (default), k-means|| (parallel, for large data), random, or a CSV of starting centres in the input's units (header = the feature columns; one row per cluster).",
        DefaultValueFactory = _ => "k-means++",
    };

    private readonly Option<int> _nInit = new("--n-init") { Description = "Runs from different seedings; the lowest inertia wins.", DefaultValueFactory = _ => KMeansOptions.DefaultNInit };

    private readonly Option<int> _maxIterations = new("--max-iter") { Description = "Lloyd iterations per run at most.", DefaultValueFactory = _ => KMeansOptions.DefaultMaxIterations };

    private readonly Option<double> _tolerance = new("--tol") { Description = "Stop when the centre shift is at most tol x mean feature variance.", DefaultValueFactory = _ => KMeansOptions.DefaultTolerance };

    private readonly Option<string> _precision = new Option<string>("--precision") { Description = "Distance arithmetic.", DefaultValueFactory = _ => "double" }
        .AcceptOnlyFromAmong("double", "single");

    private readonly Option<int> _threads = new("--threads") { Description = "Threads to use (-1 = all cores); results are identical for any count.", DefaultValueFactory = _ => -1 };

    public string Name => Clusterers.KMeansName;

    public IReadOnlyList<Option> Options => [_init, _nInit, _maxIterations, _tolerance, _precision, _threads];

    public void Validate(ParseResult parse, string? k)
    {
        FlagChecks.Threads(parse.GetValue(_threads));
        FlagChecks.Whole("--n-init", parse.GetValue(_nInit), 1, 1_000);
        FlagChecks.Whole("--max-iter", parse.GetValue(_maxIterations), 1, 1_000_000);
        FlagChecks.Number("--tol", parse.GetValue(_tolerance), 0, 1);
        if (k is not null)
        {
            CommonOptions.ParseK(k);
        }
    }

    public IClusterer Create(ParseResult parse, ClusterSettings settings)
    {
        string init = parse.GetValue(_init)!;
        int threads = FlagChecks.Threads(parse.GetValue(_threads));
        int nInit = FlagChecks.Whole("--n-init", parse.GetValue(_nInit), 1, 1_000);
        int maxIterations = FlagChecks.Whole("--max-iter", parse.GetValue(_maxIterations), 1, 1_000_000);
        double tolerance = FlagChecks.Number("--tol", parse.GetValue(_tolerance), 0, 1);
        FeatureMatrix? centers = init is "k-means++" or "k-means||" or "random" ? null : ReadCenters(init, settings.Preprocessing);
        int k = settings.K is null && centers is not null ? centers.RowCount : CommonOptions.ParseK(settings.K ?? "5");
        if (centers is not null && centers.RowCount != k)
        {
            throw new CliUsageException($"--init {init} has {centers.RowCount} centre rows but --k is {k}; give one row per cluster.");
        }

        return Clusterers.KMeans(new KMeansOptions
        {
            K = k,
            Seed = settings.Seed,
            Init = centers is not null ? KMeansInit.Given : init switch { "k-means||" => KMeansInit.KMeansParallel, "random" => KMeansInit.Random, _ => KMeansInit.KMeansPlusPlus },
            InitialCenters = centers,
            NInit = nInit,
            MaxIterations = maxIterations,
            Tolerance = tolerance,
            SinglePrecisionDistances = parse.GetValue(_precision) == "single",
            MaxDegreeOfParallelism = threads,
        });
    }

    /// <summary>Reads centres in original units and brings them into the clustered (imputed, scaled) space.</summary>
    private static FeatureMatrix ReadCenters(string path, PreprocessingModel preprocessing)
    {
        string[] columns = [.. preprocessing.Columns.Select(c => c.Name)];
        FeatureMatrix raw;
        try
        {
            raw = CsvTable.LoadFeatures(path, columns);
        }
        catch (DataFormatException missing) when (missing.Option is not null)
        {
            throw new CliUsageException($"--init {path} has no column '{missing.Column}'; its header must name the feature columns ({string.Join(", ", columns)}), one row per cluster.");
        }

        if (raw.FindNonFinite() is (int row, int column))
        {
            throw new DataFormatException(path, row + 2, columns[column], "a starting centre needs every value; fill the empty cell.");
        }

        FeatureMatrix scaled = preprocessing.Transform(raw);
        return FeatureMatrix.FromSpan(scaled.Values, scaled.ColumnCount, scaled.Schema);
    }
}
