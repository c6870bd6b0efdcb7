using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;
using Segmentation.Features.Preprocessing;
using Segmentation.Scoring;

namespace Segmentation.MLNet;

/// <summary>
/// Trains gradient-boosted trees with ML.NET's LightGBM trainer on the encoded features (missing values filled with
/// the training medians, stored in the model; trees need no scaling), and attaches ML.NET's feature-contribution
/// calculation for per-customer drivers.
/// </summary>
/// <remarks>
/// LightGBM was chosen over FastTree because it matches scikit-learn's HistGradientBoostingClassifier (itself
/// modelled on LightGBM): on the mlc_churn 70/30 split FastTree with the same settings reached ROC AUC 0.930 against
/// scikit-learn's 0.949 (see docs/scoring.md). LightGBM runs on one thread so that the same data and seed give the
/// same model. Probabilities are the calibrated outputs of ML.NET's binary LightGBM trainer. Drivers come from <c>FeatureContributionCalculation</c>: for each tree, the change of the
/// node value along the customer's path is credited to the feature split on (path contributions, as in the Saabas
/// method), summed over trees, in the ensemble's raw score (margin) units before calibration.
/// </remarks>
public sealed class GradientBoostedTrainer : IScorerTrainer
{
    /// <summary>The model type written into manifests.</summary>
    public const string Type = "gbm";

    /// <summary>Creates a trainer.</summary>
    /// <exception cref="ArgumentException">An option is out of range (the message names it).</exception>
    public GradientBoostedTrainer(GradientBoostedOptions? options = null)
    {
        Options = options ?? new GradientBoostedOptions();
        string[] errors = [.. Options.GetValidationErrors()];
        if (errors.Length > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }
    }

    /// <summary>The settings.</summary>
    public GradientBoostedOptions Options { get; }

    /// <inheritdoc />
    public string ModelType => Type;

    /// <inheritdoc />
    ITrainedScorer IScorerTrainer.Fit(TrainingTable data, string name, CancellationToken cancellationToken) => Fit(data, name, cancellationToken);

    /// <summary>Fits the trees on <paramref name="data"/>.</summary>
    public GradientBoostedScorer Fit(TrainingTable data, string name = "churn", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        cancellationToken.ThrowIfCancellationRequested();
        string[] names = [.. data.Features.Schema.Names];
        FeatureMatrix raw = data.Features.WithSchema(FeatureSchema.Numeric(names));
        PreprocessingModel imputation = PreprocessingModel.Fit(raw, new PreprocessingOptions { Imputation = ImputationStrategy.Median, Scaling = ScalingMethod.None });
        FeatureMatrix x = imputation.Transform(raw);

        var ml = new MLContext(Options.Seed);
        IDataView view = MLData.ToDataView(ml, x, data.Outcome);
        var trainer = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            NumberOfIterations = Options.Trees,
            NumberOfLeaves = Options.Leaves,
            MinimumExampleCountPerLeaf = Options.MinRowsPerLeaf,
            LearningRate = Options.LearningRate,
            MaximumBinCountPerFeature = Options.MaxBins,
            NumberOfThreads = 1,
            Seed = Options.Seed,
            FeatureColumnName = MLData.Features,
            LabelColumnName = MLData.Label,
        });
        var model = trainer.Fit(view);
        cancellationToken.ThrowIfCancellationRequested();
        var contributions = ml.Transforms.CalculateFeatureContribution(model, names.Length, names.Length, normalize: false).Fit(model.Transform(view));
        var chain = new TransformerChain<ITransformer>(model, contributions);

        var scorer = new GradientBoostedScorer(name, data.Definition, data.Encoder, imputation, ml, chain, view.Schema, []);
        return scorer.WithGlobalImportance(x, cancellationToken);
    }
}
