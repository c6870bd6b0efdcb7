using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

// The ML.NET side of benchmarks/peers/kmeans_peers.py: `mlnet-kmeans FILE [--iterations 20] [--threads 2]`.
// ML.NET cannot start from given centers, so the time per iteration is measured as the difference between a fit of
// 1 + N iterations and a fit of 1 iteration (same seeding), divided by N.
if (args.Length < 2 || args[0] != "mlnet-kmeans")
{
    Console.Error.WriteLine("usage: mlnet-kmeans FILE [--iterations 20] [--threads 2]");
    return 2;
}

int iterations = IntOption(args, "--iterations", 20);
int threads = IntOption(args, "--threads", Environment.ProcessorCount);
using var reader = new BinaryReader(File.OpenRead(args[1]));
int n = reader.ReadInt32();
int d = reader.ReadInt32();
int k = reader.ReadInt32();
byte[] bytes = reader.ReadBytes(n * d * sizeof(double));
var values = new double[n * d];
Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
var rows = new Row[n];
for (int i = 0; i < n; i++)
{
    var features = new float[d];
    for (int j = 0; j < d; j++)
    {
        features[j] = (float)values[(i * d) + j];
    }

    rows[i] = new Row { Features = features };
}

var ml = new MLContext(seed: 0);
var schema = SchemaDefinition.Create(typeof(Row));
schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, d);
IDataView view = ml.Data.LoadFromEnumerable(rows, schema);
view = ml.Data.Cache(view);

(double Wall, double Cpu) Fit(int maxIterations)
{
    var trainer = ml.Clustering.Trainers.KMeans(new KMeansTrainer.Options
    {
        NumberOfClusters = k,
        MaximumNumberOfIterations = maxIterations,
        OptimizationTolerance = 1e-12f,
        InitializationAlgorithm = KMeansTrainer.InitializationAlgorithm.KMeansPlusPlus,
        NumberOfThreads = threads,
    });
    using var process = Process.GetCurrentProcess();
    TimeSpan cpuBefore = process.TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    trainer.Fit(view);
    double wall = watch.Elapsed.TotalSeconds;
    process.Refresh();
    return (wall, (process.TotalProcessorTime - cpuBefore).TotalSeconds);
}

Fit(2); // warm-up: JIT and the data cache
(double wallOne, double cpuOne) = Fit(1);
(double wallMany, double cpuMany) = Fit(1 + iterations);
Console.WriteLine(JsonSerializer.Serialize(new
{
    impl = "mlnet",
    precision = "float32",
    mode = $"lloyd{iterations}",
    seconds = wallMany - wallOne,
    cpu_seconds = cpuMany - cpuOne,
    iterations,
    fit_1_iteration = wallOne,
}));
return 0;

static int IntOption(string[] args, string name, int fallback)
{
    int index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

internal sealed class Row
{
    public float[] Features { get; set; } = [];
}
