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

    [Property]
    public Property AdjustedRandIndex_LabelsFarApart_SameAsDenseLabels() =>
        // Labels spread over a wide range take the dictionary renumbering, and singletons the sorted pair count.
        Prop.ForAll(Gen.Choose(0, 5).ArrayOf(40).Two().ToArbitrary(), pair =>
        {
            int[] wide = [.. pair.Item1.Select(l => (l * 100_000_007) - 250_000_000)];
            int[] singletons = [.. Enumerable.Range(0, pair.Item2.Length)];
            return SegmentationAgreement.AdjustedRandIndex(wide, pair.Item2) == SegmentationAgreement.AdjustedRandIndex(pair.Item1, pair.Item2)
                && SegmentationAgreement.NormalizedMutualInformation(wide, pair.Item2) == SegmentationAgreement.NormalizedMutualInformation(pair.Item1, pair.Item2)
                && SegmentationAgreement.AdjustedRandIndex(pair.Item1, singletons) == SegmentationAgreement.AdjustedRandIndex(pair.Item1, [.. singletons.Select(i => i * 1000)]);
        });

    [Property]
    public Property AdjustedRandIndex_FromCountTable_SameAsFromLabels() =>
        Prop.ForAll(Gen.Choose(0, 3).ArrayOf(50).Two().ToArbitrary(), pair =>
        {
            var counts = new long[4 * 4];
            var rows = new long[4];
            var columns = new long[4];
            for (int i = 0; i < pair.Item1.Length; i++)
            {
                counts[(pair.Item1[i] * 4) + pair.Item2[i]]++;
                rows[pair.Item1[i]]++;
                columns[pair.Item2[i]]++;
            }

            return SegmentationAgreement.AdjustedRandIndex(counts, rows, columns, pair.Item1.Length) == SegmentationAgreement.AdjustedRandIndex(pair.Item1, pair.Item2);
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
