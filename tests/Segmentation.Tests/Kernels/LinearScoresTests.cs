using Segmentation.Kernels;

namespace Segmentation.Tests.Kernels;

public class LinearScoresTests
{
    [Fact]
    public void Apply_RandomRows_EqualsTheInterceptPlusEachProductAddedInFeatureOrder()
    {
        var random = new Random(3);
        const int Rows = 257;
        for (int d = 0; d <= 13; d++)
        {
            double[] weights = [.. Enumerable.Range(0, d).Select(_ => (random.NextDouble() * 4) - 2)];
            double[] values = [.. Enumerable.Range(0, Rows * d).Select(_ => (random.NextDouble() * 10) - 5)];
            var scores = new double[Rows];

            LinearScores.Apply(values, weights, -0.25, scores);

            for (int i = 0; i < Rows; i++)
            {
                double expected = -0.25;
                for (int j = 0; j < d; j++)
                {
                    expected += weights[j] * values[(i * d) + j];
                }

                // Bit for bit: a customer's score must not depend on the path that computed it.
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(scores[i]));
            }
        }
    }

    [Fact]
    public void Apply_ValuesNotWholeRows_ThrowsNamingTheShape()
    {
        var scores = new double[3];

        ArgumentException error = Assert.Throws<ArgumentException>(() => LinearScores.Apply(new double[7], [1.0, 2.0], 0, scores));

        Assert.Contains("7 values are not 3 rows of 2 columns", error.Message, StringComparison.Ordinal);
    }
}
