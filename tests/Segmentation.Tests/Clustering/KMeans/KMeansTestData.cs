namespace Segmentation.Tests.Clustering.KMeans;

internal static class KMeansTestData
{
    /// <summary>Gaussian blobs around <paramref name="clusters"/> random centers.</summary>
    public static FeatureMatrix Blobs(int n, int d, int clusters, int seed, double spread = 1.0, double offset = 0)
    {
        var random = new Random(seed);
        double[] centers = [.. Enumerable.Range(0, clusters * d).Select(_ => (random.NextDouble() * 20) - 10)];
        var values = new double[n * d];
        for (int i = 0; i < n; i++)
        {
            int c = random.Next(clusters);
            for (int j = 0; j < d; j++)
            {
                double u1 = 1 - random.NextDouble();
                double u2 = random.NextDouble();
                double normal = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
                values[(i * d) + j] = offset + centers[(c * d) + j] + (spread * normal);
            }
        }

        return FeatureMatrix.FromSpan(values, d);
    }
}
