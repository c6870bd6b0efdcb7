namespace Segmentation.MLNet;

/// <summary>
/// Settings of <see cref="GradientBoostedTrainer"/>. The defaults follow scikit-learn's
/// <c>HistGradientBoostingClassifier</c> (100 trees, 31 leaves, 20 rows per leaf, learning rate 0.1, 255 bins).
/// </summary>
public sealed class GradientBoostedOptions
{
    /// <summary>The number of trees.</summary>
    /// <value>The default value is 100. Allowed: 1 to 10,000.</value>
    public int Trees { get; set; } = 100;

    /// <summary>The most leaves per tree.</summary>
    /// <value>The default value is 31. Allowed: 2 to 1,000.</value>
    public int Leaves { get; set; } = 31;

    /// <summary>The fewest training rows in a leaf.</summary>
    /// <value>The default value is 20. Allowed: 1 to 100,000.</value>
    public int MinRowsPerLeaf { get; set; } = 20;

    /// <summary>The shrinkage of each tree's output.</summary>
    /// <value>The default value is 0.1. Allowed: 1e-4 to 1.</value>
    public double LearningRate { get; set; } = 0.1;

    /// <summary>The most bins per feature.</summary>
    /// <value>The default value is 255. Allowed: 2 to 65,535.</value>
    public int MaxBins { get; set; } = 255;

    /// <summary>The seed of ML.NET's random choices; with one thread, the same seed gives the same model.</summary>
    /// <value>The default value is 0.</value>
    public int Seed { get; set; }

    /// <summary>One sentence per invalid value.</summary>
    public IEnumerable<string> GetValidationErrors()
    {
        if (Trees is < 1 or > 10_000)
        {
            yield return $"GradientBoostedOptions.Trees must be between 1 and 10000, but was {Trees}.";
        }

        if (Leaves is < 2 or > 1000)
        {
            yield return $"GradientBoostedOptions.Leaves must be between 2 and 1000, but was {Leaves}.";
        }

        if (MinRowsPerLeaf is < 1 or > 100_000)
        {
            yield return $"GradientBoostedOptions.MinRowsPerLeaf must be between 1 and 100000, but was {MinRowsPerLeaf}.";
        }

        if (!(LearningRate >= 1e-4 && LearningRate <= 1))
        {
            yield return FormattableString.Invariant($"GradientBoostedOptions.LearningRate must be between 0.0001 and 1, but was {LearningRate}.");
        }

        if (MaxBins is < 2 or > 65_535)
        {
            yield return $"GradientBoostedOptions.MaxBins must be between 2 and 65535, but was {MaxBins}.";
        }
    }
}
