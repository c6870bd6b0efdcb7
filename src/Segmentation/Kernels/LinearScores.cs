namespace Segmentation.Kernels;

/// <summary>
/// The linear part of a linear model over a row-major block of rows: <c>b + Σⱼ wⱼ xᵢⱼ</c> for every row, the one loop
/// the logistic scorer (and anything else that scores rows with weights) goes through.
/// </summary>
internal static class LinearScores
{
    /// <summary>
    /// Writes <c>intercept + Σⱼ weights[j] · rows[i·d + j]</c> to <c>scores[i]</c> for every row, summed from the
    /// intercept in feature order: the same rounding as adding one contribution at a time, so a customer's score does
    /// not depend on how many rows are scored together.
    /// </summary>
    /// <param name="rows">The rows, row-major, <c>d = weights.Length</c> values each.</param>
    /// <param name="weights">One weight per column.</param>
    /// <param name="intercept">The constant term.</param>
    /// <param name="scores">One score per row.</param>
    /// <exception cref="ArgumentException">The lengths do not fit together.</exception>
    public static void Apply(ReadOnlySpan<double> rows, ReadOnlySpan<double> weights, double intercept, Span<double> scores)
    {
        int d = weights.Length;
        if ((long)scores.Length * d != rows.Length)
        {
            throw new ArgumentException($"{rows.Length} values are not {scores.Length} rows of {d} columns.", nameof(rows));
        }

        for (int i = 0; i < scores.Length; i++)
        {
            ReadOnlySpan<double> row = rows.Slice(i * d, d);
            double sum = intercept;
            for (int j = 0; j < row.Length; j++)
            {
                sum += weights[j] * row[j];
            }

            scores[i] = sum;
        }
    }
}
