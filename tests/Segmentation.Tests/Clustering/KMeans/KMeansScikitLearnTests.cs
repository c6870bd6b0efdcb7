using Segmentation.Clustering;
using Segmentation.Clustering.KMeans;

namespace Segmentation.Tests.Clustering.KMeans;

public class KMeansScikitLearnTests
{
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (string name in ScikitLearnFixture.Names)
        {
            data.Add(name, (int)KMeansAlgorithm.Lloyd);
            data.Add(name, (int)KMeansAlgorithm.Hamerly);
            data.Add(name, (int)KMeansAlgorithm.Yinyang);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fit_GivenCentersDouble_MatchesScikitLearnLloyd(string fixture, int algorithm)
    {
        ScikitLearnFixture expected = ScikitLearnFixture.Load(fixture);
        KMeansModel model = new KMeansClusterer(expected.Options((KMeansAlgorithm)algorithm)).Fit(expected.Matrix());

        Assert.Equal(expected.Labels, model.Labels);
        Assert.Equal(expected.Iterations, model.Iterations);
        Assert.Equal(expected.Inertia, model.Inertia, expected.Inertia * 1e-6);
        for (int c = 0; c < expected.K; c++)
        {
            for (int j = 0; j < model.FeatureCount; j++)
            {
                Assert.Equal(expected.Centers[c][j], model.Centroids[c, j], 1e-6 * (1 + Math.Abs(expected.Centers[c][j])));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fit_GivenCentersSingle_InertiaCloseToScikitLearn(string fixture, int algorithm)
    {
        ScikitLearnFixture expected = ScikitLearnFixture.Load(fixture);
        KMeansModel model = new KMeansClusterer(expected.Options((KMeansAlgorithm)algorithm, KMeansPrecision.Single)).Fit(expected.Matrix());

        // float32 may flip a near-tie point, which can change the path slightly; the optimum reached stays as good.
        Assert.Equal(expected.Inertia, model.Inertia, expected.Inertia * 1e-3);
        double agreement = expected.Labels.Zip(model.Labels).Count(p => p.First == p.Second) / (double)expected.Labels.Length;
        Assert.True(agreement > 0.98, $"Only {agreement:P1} of the labels agree.");
    }
}
