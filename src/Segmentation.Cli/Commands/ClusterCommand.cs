using System.CommandLine;
using System.Diagnostics;
using Segmentation.Cli.Commands.Algorithms;
using Segmentation.Cli.Output;
using Segmentation.Clustering;
using Segmentation.Clustering.KMeans;
using Segmentation.Clustering.Quality;
using Segmentation.Data;
using Segmentation.Features.Preprocessing;

namespace Segmentation.Cli.Commands;

/// <summary><c>segment cluster</c>: clusters the numeric columns of a CSV file and writes labels, centres and metrics.</summary>
internal static class ClusterCommand
{
    public static Command Create(CliContext context)
    {
        Option<string> input = CommonOptions.Input(required: true);
        var columns = new Option<string?>("--columns") { Description = "Comma-separated feature columns (default: every column but the id column)." };
        Option<string?> idColumn = CommonOptions.IdColumn();
        var algorithm = new Option<string>("--algorithm") { Description = "The clustering algorithm.", DefaultValueFactory = _ => "kmeans" }
            .AcceptOnlyFromAmong(ClusterAlgorithms.Names);
        var k = new Option<string?>("--k") { Description = "The number of clusters (default 5)." };
        Option<int> seed = CommonOptions.Seed();
        Option<string> scale = CommonOptions.Scale();
        var output = new Option<string>("--output") { Description = "Where to write labels.csv (one label per input row, in input order; noise is -1).", Required = true };
        var centers = new Option<string?>("--centers") { Description = "Where to write the cluster centres, in the input's original units." };
        var metrics = new Option<string?>("--metrics") { Description = "Where to write metrics.json (algorithm, clusters, noise, inertia, iterations, fit_seconds)." };
        Option<string?> naValues = CommonOptions.NaValues();
        Option<string> invalidNumbers = CommonOptions.InvalidNumbers();

        var command = new Command("cluster", "Cluster the rows of a CSV file. Missing cells are filled with the column median; columns are scaled as --scale says.")
        {
            input, columns, idColumn, algorithm, k, seed, scale, output, centers, metrics, naValues, invalidNumbers,
        };
        foreach (Option option in ClusterAlgorithms.All.SelectMany(a => a.Options).DistinctBy(o => o.Name))
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            string algorithmName = parse.GetValue(algorithm)!;
            IClusterAlgorithmCli chosen = ClusterAlgorithms.All.First(a => a.Name == algorithmName); // --algorithm accepts only these names
            RejectOptionsOfOtherAlgorithms(parse, chosen);
            chosen.Validate(parse, parse.GetValue(k));
            string[]? columnList = CommonOptions.ParseColumns(parse.GetValue(columns));

            // k-means compiles its fit on the spare core while the CSV is read: a cold process otherwise spends about
            // 0.1 s of the fit in the JIT compiler (docs/performance.md).
            Task warmUp = chosen.Name == Clusterers.KMeansName
                ? StartKMeansWarmUp(parse, parse.GetValue(input)!, parse.GetValue(k), columnList, parse.GetValue(idColumn))
                : Task.CompletedTask;
            FeatureMatrix raw = CommonOptions.ReadNumericFeatures(context, parse.GetValue(input)!, columnList, parse.GetValue(idColumn), parse, naValues, invalidNumbers);
            PreprocessingModel preprocessing = PreprocessingModel.Fit(raw, new PreprocessingOptions { Scaling = CommonOptions.ParseScale(parse.GetValue(scale)!) });
            FeatureMatrix data = preprocessing.Transform(raw);
            IClusterer clusterer = chosen.Create(parse, new ClusterSettings(parse.GetValue(k), parse.GetValue(seed), preprocessing));

            // The read's text is garbage now: collected here, as `segment run` does after its read, so that the
            // collection the fit's large buffers start (on a core the fit shares) finds little left to do.
            HeapRelease.After(raw.RowCount);

            var stopwatch = Stopwatch.StartNew();
            FinishWarmUp(warmUp);
            IClusterModel model = clusterer.Fit(data, context.CancellationToken);
            double fitSeconds = stopwatch.Elapsed.TotalSeconds;

            using var outputs = new OutputSet();
            WriteLabels(outputs, parse.GetValue(output)!, raw, parse.GetValue(idColumn), model.Labels);
            chosen.WriteOutputs(outputs, parse, model);
            if (parse.GetValue(centers) is string centersPath)
            {
                WriteCenters(outputs, centersPath, model.Centroids, preprocessing);
            }

            if (parse.GetValue(metrics) is string metricsPath)
            {
                WriteMetrics(outputs, metricsPath, algorithmName, data, model, fitSeconds);
            }

            outputs.Commit();

            context.Out.WriteLine($"Clustered {raw.RowCount} rows x {raw.ColumnCount} columns into {model.ClusterCount} clusters in {fitSeconds:0.###} s.");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// Starts <see cref="Clusterers.WarmUpKMeans"/> for the fit the command line asks for, on a thread-pool thread. The
    /// number of columns comes from <c>--columns</c> or the input's header line; when neither can be had (say the file
    /// is missing, which the read reports next, or is not a regular file), nothing is compiled early. A wrong guess
    /// only warms other code.
    /// </summary>
    private static Task StartKMeansWarmUp(ParseResult parse, string inputPath, string? kText, string[]? columnList, string? idColumn)
    {
        int k = (kText is null ? null : CommonOptions.ParseKOrAuto(kText)) ?? 5;
        bool singlePrecision = parse.GetValue<string>("--precision") == "single";
        int threads = parse.GetValue<int>("--threads");
        return Task.Run(() =>
        {
            int columns = columnList?.Length ?? HeaderColumnCount(inputPath) - (idColumn is null ? 0 : 1);
            if (columns >= 1)
            {
                Clusterers.WarmUpKMeans(k, columns, singlePrecision, threads);
            }
        });
    }

    /// <summary>
    /// The number of comma-separated names on the first line of <paramref name="path"/> (read up to 1 MB), or 0 when it
    /// cannot be read. Only a regular, non-empty file is opened: a pipe or FIFO must not lose its first line to this
    /// peek, nor block it.
    /// </summary>
    private static int HeaderColumnCount(string path)
    {
        try
        {
            var file = new FileInfo(path);
            if (!file.Exists || file.Length == 0 || file.LinkTarget is not null)
            {
                return 0;
            }

            using var reader = new StreamReader(file.FullName);
            int fields = 1;
            for (int read = 0, c; read < (1 << 20) && (c = reader.Read()) is >= 0 and not '\n'; read++)
            {
                fields += c == ',' ? 1 : 0;
            }

            return fields;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return 0;
        }
    }

    /// <summary>
    /// Waits for the warm-up (usually long done: it takes a fraction of the read). It only saves time, so its failure,
    /// should it fail, is not the command's: the fit that follows reports its own errors.
    /// </summary>
    private static void FinishWarmUp(Task warmUp)
    {
        try
        {
            warmUp.Wait();
        }
        catch (AggregateException)
        {
        }
    }

    /// <summary>An option of another algorithm (say <c>--eps</c> with k-means) is a mistake worth pointing out.</summary>
    private static void RejectOptionsOfOtherAlgorithms(ParseResult parse, IClusterAlgorithmCli chosen)
    {
        foreach (IClusterAlgorithmCli other in ClusterAlgorithms.All.Where(a => a != chosen))
        {
            foreach (Option option in other.Options.Where(o => !chosen.Options.Any(c => c.Name == o.Name)))
            {
                if (parse.GetResult(option) is { Implicit: false })
                {
                    throw new CliUsageException($"{option.Name} applies to --algorithm {other.Name}, not {chosen.Name}.");
                }
            }
        }
    }

    private static void WriteLabels(OutputSet outputs, string path, FeatureMatrix raw, string? idColumn, IReadOnlyList<int> labels) => outputs.WriteText(path, writer =>
    {
        writer.WriteLine(idColumn is null ? "label" : $"{CsvTable.Quote(idColumn)},label");
        for (int i = 0; i < labels.Count; i++)
        {
            string label = labels[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
            writer.WriteLine(idColumn is null ? label : $"{CsvTable.Quote(raw.RowIds![i])},{label}");
        }
    });

    private static void WriteCenters(OutputSet outputs, string path, FeatureMatrix centroids, PreprocessingModel preprocessing) => outputs.WriteText(path, writer =>
    {
        writer.WriteLine(string.Join(',', centroids.Schema.Names.Select(CsvTable.Quote)));
        for (int c = 0; c < centroids.RowCount; c++)
        {
            writer.WriteLine(string.Join(',', preprocessing.InverseTransform(centroids.Row(c)).Select(CsvTable.FormatNumber)));
        }
    });

    private static void WriteMetrics(OutputSet outputs, string path, string algorithm, FeatureMatrix data, IClusterModel model, double fitSeconds)
    {
        int noise = model.Labels.Count(l => l < 0);
        double inertia = model.FitMetrics.TryGetValue("inertia", out double known)
            ? known
            : ClusterQuality.Inertia(data, model.Labels, model.Centroids);
        outputs.WriteJson(path, json =>
        {
            json.WriteStartObject();
            json.WriteString("algorithm", algorithm);
            json.WriteNumber("clusters", model.ClusterCount);
            json.WriteNumber("noise", noise);
            OutputFiles.WriteNumber(json, "inertia", inertia);
            json.WriteNumber("iterations", model.FitMetrics.TryGetValue("iterations", out double iterations) ? iterations : 0);
            json.WriteNumber("fit_seconds", fitSeconds);
            json.WriteNumber("rows", data.RowCount);
            json.WriteNumber("features", data.ColumnCount);
            foreach ((string name, double value) in model.FitMetrics.Where(m => m.Key is not "inertia" and not "iterations").OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                OutputFiles.WriteNumber(json, name, value);
            }

            json.WriteEndObject();
        });
    }
}
