using Segmentation.Options;

namespace Segmentation.Scoring.Logistic;

/// <summary>Settings of <see cref="LogisticRegressionTrainer"/>; the meaning matches scikit-learn's <c>LogisticRegression(penalty="l2")</c>.</summary>
public sealed class LogisticRegressionOptions : IValidatableOptions
{
    /// <summary>The inverse L2 regularisation strength: the loss is <c>C · Σ wᵢ logloss(i) + ½‖β‖²</c> (intercept not penalised).</summary>
    /// <value>The default value is 1. Allowed: 1e-6 to 1e9.</value>
    public double C { get; set; } = 1.0;

    /// <summary>
    /// Whether rows weigh n / (2 n_class), as scikit-learn's <c>class_weight="balanced"</c>, so that rare churners count as
    /// much as the rest together; otherwise every row weighs 1.
    /// </summary>
    /// <value>The default value is <see langword="false"/> (every row weighs 1).</value>
    public bool BalanceClasses { get; set; }

    /// <summary>The most L-BFGS iterations.</summary>
    /// <value>The default value is 1,000. Allowed: 1 to 1,000,000.</value>
    public int MaxIterations { get; set; } = 1000;

    /// <summary>Stop when the gradient of the mean loss is smaller than this.</summary>
    /// <value>The default value is 1e-8. Allowed: 1e-14 to 0.1.</value>
    public double Tolerance { get; set; } = 1e-8;

    IEnumerable<string> IValidatableOptions.GetValidationErrors()
    {
        yield return OptionsValidation.Range("LogisticRegressionOptions.C", C, 1e-6, 1e9);
        yield return OptionsValidation.Range("LogisticRegressionOptions.MaxIterations", MaxIterations, 1, 1_000_000);
        yield return OptionsValidation.Range("LogisticRegressionOptions.Tolerance", Tolerance, 1e-14, 0.1);
    }
}
