namespace Segmentation.Tests.TestData;

/// <summary>Well-separated Gaussian blobs with known membership, for tests that need an unambiguous answer.</summary>
public static class Blobs
{
    /// <summary>
    /// <paramref name="perBlob"/> points around each centre with standard deviation <paramref name="spread"/>;
    /// rows are interleaved (blob 0, 1, 2, 0, 1, 2, ...) so that order carries no hint.
    /// </summary>
    public static (FeatureMatrix Data, int[] Truth) Generate(double[][] centres, int perBlob, double spread, int seed)
    {
        var random = new Random(seed);
        var rows = new List<double[]>();
        var truth = new List<int>();
        for (int i = 0; i < perBlob; i++)
        {
            for (int b = 0; b < centres.Length; b++)
            {
                rows.Add([.. centres[b].Select(c => c + (spread * Normal(random)))]);
                truth.Add(b);
            }
        }

        return (FeatureMatrix.FromRows(rows), [.. truth]);
    }

    public static readonly double[][] ThreeCentres = [[0, 0], [10, 10], [-10, 10]];

    /// <summary>True when the labels partition the points exactly as the truth does (up to renaming).</summary>
    public static bool SamePartition(IReadOnlyList<int> labels, IReadOnlyList<int> truth)
    {
        var forward = new Dictionary<int, int>();
        var backward = new Dictionary<int, int>();
        for (int i = 0; i < labels.Count; i++)
        {
            if (forward.TryGetValue(labels[i], out int t) && t != truth[i])
            {
                return false;
            }

            if (backward.TryGetValue(truth[i], out int l) && l != labels[i])
            {
                return false;
            }

            forward[labels[i]] = truth[i];
            backward[truth[i]] = labels[i];
        }

        return true;
    }

    public static double Normal(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
