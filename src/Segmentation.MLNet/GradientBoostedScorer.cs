using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Segmentation.Data;
using Segmentation.Features.Preprocessing;
using Segmentation.Scoring;

namespace Segmentation.MLNet;

/// <summary>
/// A fitted gradient-boosted tree model (ML.NET LightGBM). Scores are calibrated probabilities; each driver is the
/// feature's path contribution summed over trees, in the ensemble's raw score units (see <see cref="GradientBoostedTrainer"/>).
/// </summary>
/// <remarks>
/// Saved as a JSON manifest (encoding, imputation, outcome, importance) plus ML.NET's own zip beside it with the same
/// base name (<c>model.json</c> + <c>model.zip</c>). Thread-safe: scoring is serialised on a lock, because ML.NET's
/// transformers are not documented as safe for concurrent use.
/// </remarks>
public sealed class GradientBoostedScorer : ITrainedScorer
{
    private const string ProbabilityColumn = "Probability";
    private const string ContributionsColumn = "FeatureContributions";
    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly DataViewSchema _inputSchema;
    private readonly Lock _gate = new();

    internal GradientBoostedScorer(
        string name,
        OutcomeDefinition outcome,
        TabularEncoder? encoder,
        PreprocessingModel imputation,
        MLContext ml,
        ITransformer model,
        DataViewSchema inputSchema,
        IReadOnlyList<ScoreDriver> globalImportance)
    {
        Name = name;
        Outcome = outcome;
        Encoder = encoder;
        Imputation = imputation;
        _ml = ml;
        _model = model;
        _inputSchema = inputSchema;
        GlobalImportance = globalImportance;
        RequiredFeatures = [.. imputation.Columns.Select(c => c.Name)];
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public string ModelType => GradientBoostedTrainer.Type;

    /// <inheritdoc />
    public OutcomeDefinition Outcome { get; }

    /// <inheritdoc />
    public TabularEncoder? Encoder { get; }

    /// <summary>The stored median imputation (no scaling), one step per feature.</summary>
    public PreprocessingModel Imputation { get; }

    /// <inheritdoc />
    public IReadOnlyList<ScoreDriver> GlobalImportance { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> RequiredFeatures { get; }

    /// <inheritdoc />
    public IReadOnlyList<RiskScore> Score(FeatureMatrix customers, CancellationToken cancellationToken = default)
    {
        (float[] probabilities, float[][] contributions) = Run(Impute(customers), cancellationToken);
        var scores = new RiskScore[probabilities.Length];
        for (int i = 0; i < scores.Length; i++)
        {
            double[] row = [.. contributions[i].Select(c => (double)c)];
            scores[i] = new RiskScore(probabilities[i], null, Sorted(row));
        }

        return scores;
    }

    /// <inheritdoc />
    public double[] PredictProbabilities(FeatureMatrix customers, CancellationToken cancellationToken = default)
        => [.. Run(Impute(customers), cancellationToken).Probabilities.Select(p => (double)p)];

    /// <inheritdoc />
    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string zip = ZipPathOf(path);
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        lock (_gate)
        {
            _ml.Model.Save(_model, _inputSchema, zip);
        }

        var manifest = new Manifest(ModelType, Name, Outcome, Encoder, [.. Imputation.Columns], Path.GetFileName(zip), [.. GlobalImportance]);
        File.WriteAllText(path, Scorers.ToModelJson(manifest));
    }

    /// <summary>Loads a model written by <see cref="Save"/> (the manifest and the zip beside it).</summary>
    /// <exception cref="FileNotFoundException">The manifest or the zip does not exist.</exception>
    /// <exception cref="DataFormatException">The manifest is not a gbm manifest.</exception>
    public static GradientBoostedScorer Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        Manifest? manifest;
        try
        {
            manifest = Scorers.FromModelJson<Manifest>(File.ReadAllText(path));
        }
        catch (JsonException exception)
        {
            throw new DataFormatException(path, 0, null, $"it is not a valid model manifest ({exception.Message}).");
        }

        if (manifest is null || manifest.ModelType != GradientBoostedTrainer.Type || manifest.Imputation is null || manifest.Outcome is null || manifest.ModelFile is null)
        {
            throw new DataFormatException(path, 0, null, $"it is not a complete gbm manifest (modelType '{manifest?.ModelType}').");
        }

        string zip = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, manifest.ModelFile);
        if (!File.Exists(zip))
        {
            throw new FileNotFoundException($"The ML.NET model {zip} named by {path} does not exist; keep the zip beside its manifest.", zip);
        }

        var ml = new MLContext(0);
        ITransformer model = ml.Model.Load(zip, out DataViewSchema schema);
        return new GradientBoostedScorer(manifest.Name, manifest.Outcome, manifest.Encoder, new PreprocessingModel(manifest.Imputation), ml, model, schema, manifest.GlobalImportance ?? []);
    }

    /// <summary>The ML.NET zip written beside the manifest at <paramref name="manifestPath"/>.</summary>
    public static string ZipPathOf(string manifestPath) => Path.ChangeExtension(manifestPath, ".zip");

    /// <summary>Adds global importance: the mean absolute contribution of each feature over <paramref name="imputed"/> (the training rows).</summary>
    internal GradientBoostedScorer WithGlobalImportance(FeatureMatrix imputed, CancellationToken cancellationToken)
    {
        float[][] contributions = Run(imputed, cancellationToken).Contributions;
        double[] importance = new double[RequiredFeatures.Count];
        foreach (float[] row in contributions)
        {
            for (int j = 0; j < importance.Length; j++)
            {
                importance[j] += Math.Abs(row[j]) / contributions.Length;
            }
        }

        return new GradientBoostedScorer(Name, Outcome, Encoder, Imputation, _ml, _model, _inputSchema, Sorted(importance));
    }

    private ScoreDriver[] Sorted(double[] values)
    {
        var drivers = new ScoreDriver[values.Length];
        for (int j = 0; j < values.Length; j++)
        {
            drivers[j] = new ScoreDriver(RequiredFeatures[j], values[j]);
        }

        return [.. drivers.OrderByDescending(d => Math.Abs(d.Contribution))];
    }

    private FeatureMatrix Impute(FeatureMatrix customers) => Imputation.Transform(Scorers.SelectFeatures(customers, RequiredFeatures, Name));

    private (float[] Probabilities, float[][] Contributions) Run(FeatureMatrix imputed, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IDataView scored = _model.Transform(MLData.ToDataView(_ml, imputed, null));
            float[] probabilities = [.. scored.GetColumn<float>(ProbabilityColumn)];
            float[][] contributions = [.. scored.GetColumn<VBuffer<float>>(ContributionsColumn).Select(v => v.DenseValues().ToArray())];
            return (probabilities, contributions);
        }
    }

    private sealed record Manifest(
        string ModelType,
        string Name,
        OutcomeDefinition Outcome,
        TabularEncoder? Encoder,
        ColumnPreprocessing[] Imputation,
        string ModelFile,
        ScoreDriver[]? GlobalImportance);
}
