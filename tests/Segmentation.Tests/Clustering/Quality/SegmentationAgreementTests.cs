using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Segmentation.Clustering.Quality;

namespace Segmentation.Tests.Clustering.Quality;

public class SegmentationAgreementTests
{
    public static TheoryData<int> Pairs => [.. Enumerable.Range(0, Fixtures.Root.GetProperty("agreement").GetArrayLength())];

    [Theory]
    [MemberData(nameof(Pairs))]
    public void AdjustedRandIndex_FixturePair_MatchesScikitLearn(int pair)
    {
        (int[] first, int[] second, JsonElement expected) = Load(pair);
        ClusterQualityTests.AssertRelative(expected.GetProperty("ari").GetDouble(), SegmentationAgreement.AdjustedRandIndex(first, second));
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void NormalizedMutualInformation_FixturePair_MatchesScikitLearn(int pair)
    {
        (int[] first, int[] second, JsonElement expected) = Load(pair);
        ClusterQualityTests.AssertRelative(expected.GetProperty("nmi").GetDouble(), SegmentationAgreement.NormalizedMutualInformation(first, second));
    }

    [Property]
    public Property AdjustedRandIndex_RenamedLabels_IsOne() =>
        Prop.ForAll(Gen.Choose(0, 4).ArrayOf().Where(a => a.Length > 1).ToArbitrary(), labels =>
            SegmentationAgreement.AdjustedRandIndex(labels, [.. labels.Select(l => (l * 7) + 3)]) == 1.0);

    [Property]
    public Property NormalizedMutualInformation_IsSymmetricAndBounded() =>
        Prop.ForAll(Gen.Choose(0, 3).ArrayOf(30).Two().ToArbitrary(), pair =>
        {
            double forward = SegmentationAgreement.NormalizedMutualInformation(pair.Item1, pair.Item2);
            double backward = SegmentationAgreement.NormalizedMutualInformation(pair.Item2, pair.Item1);
            return Math.Abs(forward - backward) < 1e-12 && forward >= 0 && forward <= 1 + 1e-12;
        });

    [Fact]
    public void AdjustedRandIndex_DifferentLengths_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => SegmentationAgreement.AdjustedRandIndex([0, 1], [0]));
        Assert.Contains("2 and 1", error.Message, StringComparison.Ordinal);
    }

    private static (int[] First, int[] Second, JsonElement Expected) Load(int pair)
    {
        JsonElement entry = Fixtures.Root.GetProperty("agreement")[pair];
        return ([.. entry.GetProperty("first").EnumerateArray().Select(e => e.GetInt32())], [.. entry.GetProperty("second").EnumerateArray().Select(e => e.GetInt32())], entry);
    }
}
