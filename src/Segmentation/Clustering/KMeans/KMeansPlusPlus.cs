namespace Segmentation.Clustering;

/// <summary>
/// Greedy k-means++ seeding (Arthur and Vassilvitskii 2007, with scikit-learn's 2 + ln k candidates per step):
/// each new centre is the best of several candidates drawn with probability proportional to weight × D².
/// </summary>
internal static class KMeansPlusPlus
{
    public static double[] Seed(FeatureMatrix data, int k, Random random, CancellationToken cancellationToken)
    {
        int n = data.RowCount;
        int d = data.ColumnCount;
        int trials = 2 + (int)Math.Log(k);
        var centers = new double[k * d];

        int first = SampleIndex(random, data, null, TotalWeight(data));
        data.Row(first).CopyTo(centers.AsSpan(0, d));

        // closest[i] = squared distance from point i to its nearest chosen centre.
        var closest = new double[n];
        double potential = 0;
        for (int i = 0; i < n; i++)
        {
            closest[i] = ClusterStatistics.SquaredDistance(data.Row(i), centers.AsSpan(0, d));
            potential += data.Weight(i) * closest[i];
        }

        var candidateDistances = new double[n];
        var bestDistances = new double[n];
        for (int c = 1; c < k; c++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int bestCandidate = -1;
            double bestPotential = double.PositiveInfinity;
            for (int t = 0; t < trials; t++)
            {
                // When every point sits on a centre (potential 0), fall back to weight-proportional sampling.
                int candidate = SampleIndex(random, data, potential > 0 ? closest : null, potential > 0 ? potential : TotalWeight(data));
                ReadOnlySpan<double> candidateRow = data.Row(candidate);
                double candidatePotential = 0;
                for (int i = 0; i < n; i++)
                {
                    double dist = Math.Min(closest[i], ClusterStatistics.SquaredDistance(data.Row(i), candidateRow));
                    candidateDistances[i] = dist;
                    candidatePotential += data.Weight(i) * dist;
                }

                if (candidatePotential < bestPotential)
                {
                    bestPotential = candidatePotential;
                    bestCandidate = candidate;
                    candidateDistances.AsSpan().CopyTo(bestDistances);
                }
            }

            data.Row(bestCandidate).CopyTo(centers.AsSpan(c * d, d));
            bestDistances.AsSpan().CopyTo(closest);
            potential = bestPotential;
        }

        return centers;
    }

    private static double TotalWeight(FeatureMatrix data)
    {
        double total = 0;
        for (int i = 0; i < data.RowCount; i++)
        {
            total += data.Weight(i);
        }

        return total;
    }

    /// <summary>Draws a row with probability weight × score / total (score 1 when <paramref name="scores"/> is null).</summary>
    private static int SampleIndex(Random random, FeatureMatrix data, double[]? scores, double total)
    {
        double target = random.NextDouble() * total;
        double cumulative = 0;
        int last = 0;
        for (int i = 0; i < data.RowCount; i++)
        {
            double mass = data.Weight(i) * (scores?[i] ?? 1.0);
            if (mass <= 0)
            {
                continue;
            }

            last = i;
            cumulative += mass;
            if (cumulative > target)
            {
                return i;
            }
        }

        return last; // rounding left target at the very end
    }
}
