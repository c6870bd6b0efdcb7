using Segmentation.Clustering;
using Segmentation.Clustering.KMeans;
using Segmentation.Pipeline;
using Segmentation.Profiling;
using Segmentation.Tests.TestData;

namespace Segmentation.Tests.Pipeline;

public class SegmentationEngineTests
{
    [Fact]
    public void Run_ImputesScalesClustersAndNamesSegments()
    {
        // Big accounts with few logins vs small accounts with many; a missing NPS must not break the run.
        double[][] rows =
        [
            [200_000, 3, 8], [210_000, 4, 7], [190_000, 5, double.NaN], [205_000, 2, 8],
            [5_000, 80, 7], [6_000, 90, 8], [4_000, 85, 7], [5_500, 95, 8],
        ];
        FeatureMatrix raw = FeatureMatrix.FromRows(rows, ["arr", "logins", "nps"]).WithRowIds(["a", "b", "c", "d", "e", "f", "g", "h"]);

        SegmentationRun run = new SegmentationEngine(new KMeansClusterer(2)).Run(raw, [true, true, false, null, false, false, false, false]);

        Assert.Equal(["a", "b", "c", "d", "e", "f", "g", "h"], run.Assignments.Select(a => a.CustomerId));
        Assert.Single(run.Assignments.Take(4).Select(a => a.SegmentId).Distinct());
        SegmentProfile big = run.Segments.Single(s => s.Id == run.Assignments[0].SegmentId);
        Assert.Equal("High ARR", big.Name); // logins mirror ARR here (r < -0.9): a name speaks of only one of them
        Assert.Equal(2.0 / 3, big.OutcomeRate!.Value, 12);
        Assert.Equal(201_250, big.Features[0].Mean);
    }

    [Fact]
    public void Model_Assign_PutsANewCustomerInTheMatchingSegment()
    {
        (FeatureMatrix data, int[] truth) = Blobs.Generate(Blobs.ThreeCentres, 40, 1.0, seed: 12);
        SegmentationRun run = new SegmentationEngine(new KMeansClusterer(3)).Run(data);
        SegmentProfile expected = run.Segments.Single(s => s.Id == run.Assignments[Array.IndexOf(truth, 1)].SegmentId);
        Assert.Equal(expected, run.Model.Assign([10.2, 9.7]));
    }
}
