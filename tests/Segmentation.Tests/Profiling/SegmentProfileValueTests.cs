using Segmentation.Profiling;

namespace Segmentation.Tests.Profiling;

public class SegmentProfileValueTests
{
    // arr: 10 customers 1..10 (x 10,000); percentiles: median 55,000, 80th 82,000 (linear interpolation).
    private static FeatureMatrix Customers() => FeatureMatrix.FromRows(
        [.. Enumerable.Range(1, 10).Select(i => new[] { i * 10_000.0, 100.0 - (i * 5), i % 2 })],
        ["arr", "logins", "has_sso"]);

    private static readonly int[] Labels = [2, 2, 2, 2, 2, 1, 1, 1, 0, 0];

    [Fact]
    public void Profile_KnownValueFeature_ReportsAverageValueAndEngagement()
    {
        IReadOnlyList<SegmentProfile> profiles = SegmentProfiler.Profile(Customers(), Labels, 3);
        Assert.Equal("arr", profiles[0].ValueFeature);
        Assert.Equal(95_000, profiles[0].AverageValue);
        Assert.Equal(EngagementModel.HighTouch, profiles[0].Engagement); // median 95,000 >= 82,000
        Assert.Equal(EngagementModel.MidTouch, profiles[1].Engagement); // median 70,000 in [55,000, 82,000)
        Assert.Equal(EngagementModel.TechTouch, profiles[2].Engagement); // median 30,000
    }

    [Fact]
    public void Profile_NoValueFeature_LeavesEngagementUnknown()
    {
        FeatureMatrix data = FeatureMatrix.FromRows([[1.0], [2.0], [3.0], [4.0]], ["logins"]);
        IReadOnlyList<SegmentProfile> profiles = SegmentProfiler.Profile(data, [0, 0, 1, 1], 2);
        Assert.All(profiles, p => Assert.Null(p.Engagement));
        Assert.All(profiles, p => Assert.Null(p.AverageValue));
    }

    [Fact]
    public void Profile_UnknownValueFeatureOption_ThrowsNamingTheFeatures()
    {
        var options = new SegmentProfilingOptions { ValueFeature = "acv" };
        var error = Assert.Throws<ArgumentException>(() => SegmentProfiler.Profile(Customers(), Labels, 3, null, options));
        Assert.Contains("'acv'", error.Message, StringComparison.Ordinal);
        Assert.Contains("arr, logins, has_sso", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Profile_Signature_ListsStrongestDeviationsWithSign()
    {
        IReadOnlyList<SegmentProfile> profiles = SegmentProfiler.Profile(Customers(), Labels, 3);
        Assert.StartsWith("+arr|-logins", profiles[0].Signature, StringComparison.Ordinal);
        Assert.StartsWith("-arr|+logins", profiles[2].Signature, StringComparison.Ordinal);
    }

    [Fact]
    public void Profile_SameProfileTwice_GivesTheSameNamesAndSignatures()
    {
        IReadOnlyList<SegmentProfile> first = SegmentProfiler.Profile(Customers(), Labels, 3);
        IReadOnlyList<SegmentProfile> second = SegmentProfiler.Profile(Customers(), Labels, 3);
        Assert.Equal(first.Select(p => p.Name), second.Select(p => p.Name));
        Assert.Equal(first.Select(p => p.Signature), second.Select(p => p.Signature));
    }

    [Fact]
    public void Profile_NameOverrides_BySignatureAndById_AreUsedAndKeptUnique()
    {
        IReadOnlyList<SegmentProfile> plain = SegmentProfiler.Profile(Customers(), Labels, 3);
        var options = new SegmentProfilingOptions();
        options.NameOverrides[plain[2].Signature] = "Strategic accounts";
        options.NameOverrides["0"] = "Strategic accounts";
        IReadOnlyList<SegmentProfile> named = SegmentProfiler.Profile(Customers(), Labels, 3, null, options);
        Assert.Equal("Strategic accounts", named[0].Name);
        Assert.Equal(plain[1].Name, named[1].Name);
        Assert.Equal("Strategic accounts (2)", named[2].Name);
    }

    [Theory]
    [InlineData("contract=Month-to-month", "contract", true, "month-to-month contract")]
    [InlineData("tech_support=Yes", "tech_support", true, "tech support")]
    [InlineData("tech_support=No", "tech_support", true, "no tech support")]
    [InlineData("online_backup=No internet service", "online_backup", true, "no internet service")]
    [InlineData("payment_method=Bank transfer (automatic)", "payment_method", true, "bank transfer payment method")]
    [InlineData("internet_service=DSL", "internet_service", true, "DSL internet service")]
    [InlineData("plan=pro", "plan", false, null)]
    public void Term_OneHotLevel_ReadsInWords(string name, string source, bool high, string? expected) =>
        Assert.Equal(expected, NamingVocabulary.Term(new FeatureColumn(name, FeatureKind.Categorical, source), high ? 1 : -1));

    [Theory]
    [InlineData("usage_change_30d", 1, "usage growing")]
    [InlineData("usage_change_30d", -1, "usage declining")]
    [InlineData("usage_slope_90d", -1, "usage declining")]
    [InlineData("adoption_breadth", -1, "low adoption")]
    [InlineData("tenure_days", -1, "new")]
    [InlineData("days_since_last_activity", 1, "inactive")]
    [InlineData("days_to_renewal", -1, "renewal soon")]
    [InlineData("arr", 1, "high ARR")]
    public void Term_UsageAndLifecycleFeatures_ReadLikeACsmWroteThem(string name, double deviation, string expected) =>
        Assert.Equal(expected, NamingVocabulary.Term(new FeatureColumn(name, FeatureKind.Numeric), deviation));

    [Fact]
    public void Term_BinaryLow_SaysNo() =>
        Assert.Equal("no phone service", NamingVocabulary.Term(new FeatureColumn("phone_service", FeatureKind.Binary), -1));
}
