using Segmentation.Profiling;

namespace Segmentation.Tests.Profiling;

/// <summary>The problems a tester found in segment names, each rebuilt on a few hand-made customers.</summary>
public class SegmentNamerTests
{
    [Fact]
    public void Profile_LowerTenureButOverAYear_IsNotCalledNew()
    {
        // Segment 0: tenure around 385 days, far below the others (1,000-1,500) but not new by any CS team's measure.
        double[] tenure = [350, 370, 385, 400, 420, 1_000, 1_100, 1_200, 1_300, 1_400, 1_500, 1_250];
        FeatureMatrix data = FeatureMatrix.FromRows([.. tenure.Select(t => new[] { t })], ["tenure_days"]);
        int[] labels = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1];

        IReadOnlyList<SegmentProfile> profiles = SegmentProfiler.Profile(data, labels, 2);

        Assert.Equal("Shorter tenure", profiles[0].Name);
        Assert.Equal("Long-tenured", profiles[1].Name); // all at 1,000 days or more: past the 730-day bar
    }

    [Fact]
    public void Profile_TenureUnderSixMonthsForMostMembers_IsCalledNewAndOverTwoYears_LongTenured()
    {
        double[] tenure = [30, 60, 90, 120, 400, 800, 900, 1_000, 1_100, 1_200];
        FeatureMatrix data = FeatureMatrix.FromRows([.. tenure.Select(t => new[] { t })], ["tenure_days"]);

        IReadOnlyList<SegmentProfile> profiles = SegmentProfiler.Profile(data, [0, 0, 0, 0, 0, 1, 1, 1, 1, 1], 2);

        Assert.Equal("New", profiles[0].Name);
        Assert.Equal("Long-tenured", profiles[1].Name);
    }

    [Fact]
    public void Profile_BinaryShareBelowPopulationButStillAMajority_DoesNotSayNo()
    {
        // phone_service: 2 of 3 in segment 0 have it (0.66), everyone else does; the old name said "no phone service".
        double[] phone = [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
        FeatureMatrix data = Typed([.. phone.Select(p => new[] { p })], new FeatureColumn("phone_service", FeatureKind.Binary));
        int[] labels = [.. phone.Select((_, i) => i < 9 ? 0 : 1)];

        IReadOnlyList<SegmentProfile> profiles = SegmentProfiler.Profile(data, labels, 2);

        Assert.DoesNotContain("no phone service", profiles[0].Name, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Profile_OneHotLevelHeldByMostButNotAll_SaysMostly()
    {
        // internet_service=DSL: 7 of 10 in segment 0, 1 of 10 in segment 1.
        double[] dsl = [1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        FeatureMatrix data = Typed(
            [.. dsl.Select(v => new[] { v, 1 - v })],
            new FeatureColumn("internet_service=DSL", FeatureKind.Categorical, "internet_service"),
            new FeatureColumn("internet_service=Fiber optic", FeatureKind.Categorical, "internet_service"));
        int[] labels = [.. dsl.Select((_, i) => i < 10 ? 0 : 1)];

        IReadOnlyList<SegmentProfile> profiles = SegmentProfiler.Profile(data, labels, 2);

        Assert.Equal("Mostly DSL internet service", profiles[0].Name);
        Assert.Equal("Fiber optic internet service", profiles[1].Name); // 9 of 10: at the 0.9 bar; one word for the one source
    }

    [Fact]
    public void Profile_ActiveOnManyDaysWithLowerUsage_IsNotCalledHeavyUsage()
    {
        // Segment 0 is active on more days but uses less than the population: "heavy usage" was said of active days.
        FeatureMatrix data = FeatureMatrix.FromRows(
            [
                [1_300.0, 29], [1_350, 30], [1_320, 31], [1_340, 32],
                [1_700, 10], [1_800, 12], [1_650, 9], [1_750, 11],
                [1_700, 25], [1_800, 26], [1_650, 27], [1_750, 28],
            ],
            ["usage_30d", "active_days_30d"]);

        IReadOnlyList<SegmentProfile> profiles = SegmentProfiler.Profile(data, [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2], 3);

        Assert.DoesNotContain("heavy usage", profiles[0].Name, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("high active days 30d", profiles[0].Name, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("light usage", profiles[0].Name, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Profile_CollinearCharges_NameOnlyOneOfThePair()
    {
        // total_eve_charge is 0.085 x total_eve_minutes (mlc_churn): one fact, one word.
        double[] minutes = [100, 110, 120, 105, 300, 310, 290, 305, 200, 210, 190, 205];
        FeatureMatrix data = FeatureMatrix.FromRows(
            [.. minutes.Select(m => new[] { 0.085 * m, m })],
            ["total_eve_charge", "total_eve_minutes"]);

        IReadOnlyList<SegmentProfile> profiles = SegmentProfiler.Profile(data, [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2], 3);

        Assert.Equal("Low total eve charge", profiles[0].Name);
        Assert.Equal("High total eve charge", profiles[1].Name);
    }

    [Fact]
    public void Profile_SegmentsWithTheSameTraits_AreNamedByWhatSeparatesThem()
    {
        // Segments 0 and 1 both have high API calls and MAU (collinear: one word); they differ in seats used, which
        // is close to the average in both.
        FeatureMatrix data = FeatureMatrix.FromRows(
            [
                [900.0, 450, 54], [950, 475, 55], [920, 460, 56], // 0: more seats
                [910.0, 455, 44], [940, 470, 45], [930, 465, 46], // 1: fewer seats
                [100.0, 50, 0], [120, 60, 20], [110, 55, 40], [90, 45, 60], [105, 52.5, 80], [95, 47.5, 100],
            ],
            ["api_calls_30d", "mau", "seats_used"]);

        IReadOnlyList<SegmentProfile> profiles = SegmentProfiler.Profile(data, [0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 2, 2], 3);

        Assert.Equal("High API calls 30d, higher seats used", profiles[0].Name);
        Assert.Equal("High API calls 30d, lower seats used", profiles[1].Name);
    }

    [Fact]
    public void Profile_ThreeSegmentsWithTheSameTraits_NeverSpeakTwiceOfOneFeature()
    {
        // Segments 0, 1 and 2 share "high API calls"; seats used splits 2 from 0 and 1 first, and a second word on
        // seats could only repeat or contradict the first ("lower seats used, higher seats used").
        FeatureMatrix data = FeatureMatrix.FromRows(
            [
                [900.0, 43, 6], [950, 44, 6], [925, 45, 6], // 0: fewest seats (all three close to the average)
                [900.0, 49, 6], [950, 50, 6], [925, 51, 6], // 1: a few more
                [900.0, 57, 6], [950, 58, 6], [925, 59, 6], // 2: most seats
                [100.0, 0, 6], [120, 20, 5], [110, 40, 7], [90, 60, 6], [105, 80, 5], [95, 100, 7],
            ],
            ["api_calls_30d", "seats_used", "nps"]);

        IReadOnlyList<SegmentProfile> profiles = SegmentProfiler.Profile(data, [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3, 3], 4);

        Assert.Equal(profiles.Count, profiles.Select(p => p.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(profiles, p => Assert.False(
            p.Name.Contains("lower seats used", StringComparison.OrdinalIgnoreCase) && p.Name.Contains("higher seats used", StringComparison.OrdinalIgnoreCase),
            p.Name));
        Assert.All(profiles, p => Assert.True(
            p.Name.Split(',').Count(w => w.Contains("seats used", StringComparison.OrdinalIgnoreCase)) <= 1,
            p.Name));
    }

    [Fact]
    public void Profile_SegmentCloseToAverageEverywhere_IsTypicalCustomers()
    {
        FeatureMatrix data = FeatureMatrix.FromRows(
            [[400.0], [410], [420], [430], [100], [120], [700], [720]],
            ["tenure_days"]);

        IReadOnlyList<SegmentProfile> profiles = SegmentProfiler.Profile(data, [0, 0, 0, 0, 1, 1, 2, 2], 3);

        Assert.Equal("Typical customers", profiles[0].Name);
    }

    [Fact]
    public void Profile_MeanPulledUpByAFewMembers_ClaimsNoDomainWord()
    {
        // Segment 0's mean tenure is high only because of one member; most of it sits below the population median.
        FeatureMatrix data = FeatureMatrix.FromRows(
            [[100.0], [110], [20_000], [300], [310], [320], [330], [340], [350], [360]],
            ["tenure_days"]);

        IReadOnlyList<SegmentProfile> profiles = SegmentProfiler.Profile(data, [0, 0, 0, 1, 1, 1, 1, 1, 1, 1], 2);

        Assert.Equal("Mixed profile", profiles[0].Name);
    }

    [Fact]
    public void Profile_SameDataTwice_GivesTheSameNames()
    {
        FeatureMatrix data = FeatureMatrix.FromRows(
            [[900.0, 450, 80], [950, 470, 85], [910.0, 455, 30], [940, 465, 35], [100.0, 50, 40], [120, 60, 45]],
            ["api_calls_30d", "mau", "seats_used"]);
        int[] labels = [0, 0, 1, 1, 2, 2];

        Assert.Equal(SegmentProfiler.Profile(data, labels, 3).Select(p => p.Name), SegmentProfiler.Profile(data, labels, 3).Select(p => p.Name));
    }

    [Fact]
    public void Holds_EarlierDomainWordNoLongerTrue_IsFalse()
    {
        // "Long-tenured" was kept across a retrain for a segment that is now average on tenure.
        FeatureMatrix data = FeatureMatrix.FromRows(
            [[400.0], [410], [420], [430], [100], [120], [700], [720]],
            ["tenure_days"]);

        Assert.False(SegmentNamer.Holds("Long-tenured", data, [0, 1, 2, 3]));
        Assert.False(SegmentNamer.Holds("Long-tenured (2)", data, [0, 1, 2, 3]));
        Assert.True(SegmentNamer.Holds("Typical customers", data, [0, 1, 2, 3]));
        Assert.True(SegmentNamer.Holds("New", data, [4, 5]));
    }

    [Fact]
    public void Holds_SeveralSegmentsAtOnce_AnswersAsOneAtATime()
    {
        // Two columns with a missing cell, a large segment before a small and an empty one: the shared buffer must not
        // carry one segment's values into the next.
        FeatureMatrix data = FeatureMatrix.FromRows(
            [[400.0, 5], [410, double.NaN], [420, 7], [430, 6], [100, 1], [120, 2], [700, 9], [720, 8]],
            ["tenure_days", "tickets_90d"]);
        (string Name, IReadOnlyList<int> Members)[] segments =
        [
            ("Long-tenured", [0, 1, 2, 3, 6, 7]), ("New", [4, 5]), ("Long-tenured", [6, 7]), ("Typical customers", [0, 1, 2, 3]), ("Empty segment", []),
        ];

        bool[] together = SegmentNamer.Holds(data, segments);

        Assert.Equal([.. segments.Select(s => SegmentNamer.Holds(s.Name, data, s.Members))], together);
        Assert.Equal([false, true, false, true, true], together);
    }

    [Fact]
    public void Holds_UsersOwnWordsAndComparatives_KeepsTheFormerOnly()
    {
        FeatureMatrix data = FeatureMatrix.FromRows([[1.0], [2], [3], [4]], ["arr"]);

        Assert.True(SegmentNamer.Holds("Strategic accounts", data, [0, 1]));
        Assert.False(SegmentNamer.Holds("Low ARR, higher seats used", data, [0, 1]));
    }

    private static FeatureMatrix Typed(double[][] rows, params FeatureColumn[] columns) =>
        FeatureMatrix.FromSpan([.. rows.SelectMany(r => r)], columns.Length, new FeatureSchema(columns));
}
