using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Segmentation.Profiling;

namespace Segmentation.Tests.Profiling;

public class SegmentProfilerTests
{
    private static FeatureMatrix Customers() => FeatureMatrix.FromRows(
        [
            [200_000.0, 5, 0], [180_000.0, 4, 0], // big, barely logging in
            [10_000.0, 90, 1], [12_000.0, 100, 1], // small, heavy use
            [50_000.0, 40, 0], [55_000.0, 45, double.NaN], // middle
        ],
        ["arr", "logins", "churned_before"]);

    [Fact]
    public void Profile_ComputesSizeShareMeanMedianInOriginalUnits()
    {
        IReadOnlyList<SegmentProfile> profiles = SegmentProfiler.Profile(Customers(), [0, 0, 1, 1, 2, 2], 3);
        Assert.Equal(3, profiles.Count);
        Assert.Equal(2, profiles[0].Size);
        Assert.Equal(1.0 / 3, profiles[0].Share, 12);
        Assert.Equal(190_000, profiles[0].Features[0].Mean);
        Assert.Equal(190_000, profiles[0].Features[0].Median);
        Assert.Equal(0, profiles[2].Features[2].Mean); // the NaN is left out, not counted as 0
    }

    [Fact]
    public void Profile_MoreFeaturesThanOneGroup_MedianAndMeanOfEachSegmentAndFeature()
    {
        // Six features (a group of four read together, then two), a 0/1 one among them, with missing cells.
        var random = new Random(7);
        int n = 500;
        var rows = new double[n][];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = random.Next(3);
            rows[i] = [random.Next(100), random.Next(2), i % 17 == 0 ? double.NaN : random.NextDouble(), labels[i] * 10 + random.Next(5), random.Next(2) * 1.0, -random.Next(50)];
        }

        FeatureMatrix customers = FeatureMatrix.FromRows(rows, ["a", "flag", "ratio", "b", "other_flag", "c"]);
        IReadOnlyList<SegmentProfile> profiles = SegmentProfiler.Profile(customers, labels, 3);

        for (int s = 0; s < 3; s++)
        {
            for (int j = 0; j < customers.ColumnCount; j++)
            {
                double[] values = [.. Enumerable.Range(0, n).Where(i => labels[i] == s).Select(i => customers[i, j]).Where(v => !double.IsNaN(v))];
                Assert.Equal(Statistics.Median(values), profiles[s].Features[j].Median);
                Assert.Equal(values.Average(), profiles[s].Features[j].Mean, 12);
            }
        }
    }

    [Fact]
    public void Profile_NamesFromStrongestDeviations()
    {
        IReadOnlyList<SegmentProfile> profiles = SegmentProfiler.Profile(Customers(), [0, 0, 1, 1, 2, 2], 3);
        // arr and logins move together here (r = -0.92): one fact, so one word; "low logins" would repeat it.
        Assert.Equal("High ARR", profiles[0].Name);
        Assert.StartsWith("High logins", profiles[1].Name, StringComparison.Ordinal);
        Assert.All(profiles, p => Assert.DoesNotContain("Cluster", p.Name, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Profile_Outcome_ReportsRatePerSegmentIgnoringUnknown()
    {
        bool?[] outcome = [true, false, false, false, null, true];
        IReadOnlyList<SegmentProfile> profiles = SegmentProfiler.Profile(Customers(), [0, 0, 1, 1, 2, 2], 3, outcome);
        Assert.Equal(0.5, profiles[0].OutcomeRate);
        Assert.Equal(0.0, profiles[1].OutcomeRate);
        Assert.Equal(1.0, profiles[2].OutcomeRate);
    }

    [Fact]
    public void Profile_NoiseLabel_BecomesOutliersProfileLast()
    {
        IReadOnlyList<SegmentProfile> profiles = SegmentProfiler.Profile(Customers(), [0, 0, 0, 1, 1, -1], 2);
        Assert.Equal(3, profiles.Count);
        Assert.Equal(-1, profiles[^1].Id);
        Assert.Equal("Outliers", profiles[^1].Name);
        Assert.Equal(1, profiles[^1].Size);
    }

    [Fact]
    public void Profile_EmptyNameOverride_ThrowsNamingTheOption()
    {
        var options = new SegmentProfilingOptions();
        options.NameOverrides["0"] = " ";
        var error = Assert.Throws<ArgumentException>(() => SegmentProfiler.Profile(Customers(), [0, 0, 0, 1, 1, 1], 2, options: options));
        Assert.StartsWith("SegmentationOptions.NameOverrides['0'] must map a segment id or signature to a non-empty name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Profile_LabelOutOfRange_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => SegmentProfiler.Profile(Customers(), [0, 0, 0, 1, 1, 5], 2));
        Assert.Contains("Label 5 of row 5", error.Message);
    }

    [Fact]
    public void Profile_SegmentsWithTheSameLeadingTraits_GetDistinctNames()
    {
        // Two segments both high on a and b; they differ only in c.
        var data = FeatureMatrix.FromRows(
            [[10.0, 10, 5], [10.0, 10, -5], [0.0, 0, 0], [0.0, 0, 0], [0.0, 0, 0], [0.0, 0, 0]],
            ["a", "b", "c"]);
        IReadOnlyList<SegmentProfile> profiles = SegmentProfiler.Profile(data, [0, 1, 2, 2, 2, 2], 3);
        Assert.Equal(3, profiles.Select(p => p.Name).Distinct().Count());
    }

    [Property(MaxTest = 200)]
    public Property Profile_AnyLabels_SharesSumToOneAndNamesAreUnique(NonEmptyArray<int> labelSeeds, PositiveInt segmentSeed)
    {
        int segments = 1 + (segmentSeed.Get % 8);
        int[] labels = [.. labelSeeds.Get.Select(s => (Math.Abs(s % (segments + 1))) - 1)]; // -1 (noise) .. segments-1
        var random = new Random(labelSeeds.Get.Length);
        FeatureMatrix data = FeatureMatrix.FromRows([.. labels.Select(_ => new[] { random.NextDouble(), random.NextDouble() * 100 })], ["arr", "logins"]);

        IReadOnlyList<SegmentProfile> profiles = SegmentProfiler.Profile(data, labels, segments);
        double shares = profiles.Sum(p => p.Share);
        bool unique = profiles.Select(p => p.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() == profiles.Count;
        return (Math.Abs(shares - 1) < 1e-12 && unique && profiles.Sum(p => p.Size) == labels.Length)
            .Label($"shares={shares}, names={string.Join(" | ", profiles.Select(p => p.Name))}");
    }
}
