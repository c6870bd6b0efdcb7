using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;
using Segmentation.Features.Preprocessing;
using Segmentation.Options;

namespace Segmentation.Scoring.Logistic;

/// <summary>
/// Trains an L2-regularised logistic regression on standardised features with MathNet.Numerics' L-BFGS, as
/// scikit-learn's <c>LogisticRegression(penalty="l2", solver="lbfgs")</c> does: same loss, same C, intercept not penalised.
/// </summary>
/// <remarks>
/// Every feature (one-hot levels included) is imputed with the training median and standardised with the training
/// mean and population standard deviation; both steps are stored in the model. Deterministic: no randomness.
/// </remarks>
internal sealed class LogisticRegressionTrainer : IScorerTrainer
{
    /// <summary>The model type written into model files.</summary>
    public const string Type = "logistic";

    /// <summary>Creates a trainer.</summary>
    /// <exception cref="ArgumentException">An option is out of range (the message names it).</exception>
    public LogisticRegressionTrainer(LogisticRegressionOptions? options = null)
    {
        Options = options ?? new LogisticRegressionOptions();
        OptionsValidation.ThrowIfInvalid(Options, nameof(options));
    }

    /// <summary>The settings.</summary>
    public LogisticRegressionOptions Options { get; }

    /// <inheritdoc />
    public string ModelType => Type;

    /// <inheritdoc />
    ITrainedScorer IScorerTrainer.Fit(TrainingTable data, string name, CancellationToken cancellationToken) => Fit(data, name, cancellationToken);

    /// <summary>Fits the model on <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentException">A feature is infinite (named).</exception>
    /// <exception cref="InvalidOperationException">L-BFGS did not converge within <see cref="LogisticRegressionOptions.MaxIterations"/>.</exception>
    public LogisticRegressionScorer Fit(TrainingTable data, string name = "churn", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        string[] names = [.. data.Features.Schema.Names];
        FeatureMatrix raw = data.Features.WithSchema(FeatureSchema.Numeric(names));
        PreprocessingModel preprocessing = PreprocessingModel.Fit(raw, new PreprocessingOptions { Imputation = ImputationStrategy.Median, Scaling = ScalingMethod.Standard });
        FeatureMatrix x = preprocessing.Transform(raw);
        double[] weights = SampleWeights(data.OutcomeValues, Options.BalanceClasses);
        double[] solution = Minimize(x, data.OutcomeValues, weights, cancellationToken);

        double[] coefficients = solution[1..];
        double[] importance = new double[names.Length];
        for (int i = 0; i < x.RowCount; i++)
        {
            ReadOnlySpan<double> row = x.Row(i);
            for (int j = 0; j < names.Length; j++)
            {
                importance[j] += Math.Abs(coefficients[j] * row[j]) / x.RowCount;
            }
        }

        return new LogisticRegressionScorer(
            name,
            data.Definition,
            data.Encoder,
            preprocessing,
            solution[0],
            coefficients,
            ScoringTables.Sorted(names, importance));
    }

    /// <summary>scikit-learn's weights: 1, or n / (2 n_class) for balanced classes (they sum to n either way).</summary>
    private static double[] SampleWeights(IReadOnlyList<double> y, bool balanced)
    {
        double n = y.Count;
        double positives = y.Sum();
        return [.. y.Select(v => !balanced ? 1.0 : n / (2 * (v == 1 ? positives : n - positives)))];
    }

    /// <summary>
    /// Minimises <c>(1/S) Σ wᵢ logloss(i) + ‖β‖² / (2 C S)</c> with <c>S = Σ wᵢ</c>: scikit-learn's objective divided by
    /// C·S, which has the same minimiser and a gradient whose size does not grow with n.
    /// </summary>
    private double[] Minimize(FeatureMatrix x, IReadOnlyList<double> y, double[] w, CancellationToken cancellationToken)
    {
        int n = x.RowCount;
        int d = x.ColumnCount;
        double s = w.Sum();
        double penalty = 1 / (Options.C * s);
        double[] values = x.Values.ToArray();
        double bestValue = double.PositiveInfinity;
        double[] best = new double[d + 1];
        double bestGradient = double.PositiveInfinity;

        (double, Vector<double>) Evaluate(Vector<double> parameters)
        {
            cancellationToken.ThrowIfCancellationRequested();
            double[] p = parameters.AsArray() ?? parameters.ToArray();
            var gradient = new double[d + 1];
            double loss = 0;
            for (int i = 0; i < n; i++)
            {
                var row = new ReadOnlySpan<double>(values, i * d, d);
                double z = p[0];
                for (int j = 0; j < d; j++)
                {
                    z += p[j + 1] * row[j];
                }

                // log(1 + e^z) - y z, written to avoid overflow for large |z|.
                loss += w[i] * (Math.Max(z, 0) + Math.Log(1 + Math.Exp(-Math.Abs(z))) - (y[i] * z));
                double residual = w[i] * (ScoringTables.Sigmoid(z) - y[i]);
                gradient[0] += residual;
                for (int j = 0; j < d; j++)
                {
                    gradient[j + 1] += residual * row[j];
                }
            }

            double value = loss / s;
            gradient[0] /= s;
            for (int j = 1; j <= d; j++)
            {
                value += 0.5 * penalty * p[j] * p[j];
                gradient[j] = (gradient[j] / s) + (penalty * p[j]);
            }

            double norm = Math.Sqrt(gradient.Sum(g => g * g));
            if (value < bestValue || (value == bestValue && norm < bestGradient))
            {
                bestValue = value;
                bestGradient = norm;
                Array.Copy(p, best, d + 1);
            }

            return (value, Vector<double>.Build.DenseOfArray(gradient));
        }

        var minimizer = new LimitedMemoryBfgsMinimizer(Options.Tolerance, 0, 0, 10, Options.MaxIterations);
        try
        {
            MinimizationResult result = minimizer.FindMinimum(ObjectiveFunction.Gradient(Evaluate), Vector<double>.Build.Dense(d + 1));
            return result.MinimizingPoint.ToArray();
        }
        catch (Exception exception) when (exception is MaximumIterationsException or OptimizationException)
        {
            // Near the optimum the line search can fail on rounding; the best point seen is then the answer when its
            // gradient is already tiny. Anything else is a genuine failure to converge.
            if (bestGradient < Math.Max(Options.Tolerance * 100, 1e-7))
            {
                return best;
            }

            throw new InvalidOperationException(
                $"Logistic regression did not converge in {Options.MaxIterations} iterations (gradient norm {bestGradient:G3}); raise MaxIterations or lower C.", exception);
        }
    }
}
