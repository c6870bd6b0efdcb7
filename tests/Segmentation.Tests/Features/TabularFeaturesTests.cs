using Segmentation.Data;
using Segmentation.Features;

namespace Segmentation.Tests.Features;

public class TabularFeaturesTests
{
    private const string Export =
        "id,company,arr,plan,has_sso,signup_date,churned\n" +
        "c1,\"Acme, Inc.\",120000,Enterprise,yes,2024-01-03,no\n" +
        "c2,Beta,9000,Starter,no,2025-02-01,yes\n" +
        "c3,Gamma,,Growth,,2023-07-15,\n" +
        "c4,Delta,30000,Growth,Y,2022-11-30,No\n";

    private static TabularFeatures Build(string text, TabularFeatureOptions options) =>
        TabularFeatures.FromTable(CsvTable.Read(new StringReader(text), "export.csv"), options);

    [Fact]
    public void FromTable_InfersNumericYesNoAndOneHotColumns()
    {
        TabularFeatures result = Build(Export, new TabularFeatureOptions { IdColumn = "id", OutcomeColumn = "churned", MaxCategoricalLevels = 3 });
        FeatureMatrix features = result.Features;

        Assert.Equal(["arr", "plan=Enterprise", "plan=Growth", "plan=Starter", "has_sso"], features.Schema.Names);
        Assert.Equal(FeatureKind.Numeric, features.Schema[0].Kind);
        Assert.Equal(FeatureKind.Categorical, features.Schema[1].Kind);
        Assert.Equal("plan", features.Schema[1].Source);
        Assert.Equal(FeatureKind.Binary, features.Schema[4].Kind);
        Assert.Equal(["c1", "c2", "c3", "c4"], features.RowIds);
        Assert.True(double.IsNaN(features[2, 0]));
        Assert.Equal([0.0, 1, 0], [features[2, 1], features[2, 2], features[2, 3]]);
        Assert.Equal([1.0, 0, double.NaN, 1], features.Column("has_sso"));
        Assert.Equal([0.0, 1, double.NaN, 0], result.Outcome);
    }

    [Fact]
    public void FromTable_NameAndDateColumns_AreIgnoredWithAReason()
    {
        TabularFeatures result = Build(Export, new TabularFeatureOptions { IdColumn = "id", MaxCategoricalLevels = 3 });
        Assert.Contains(result.Ignored, c => c.Column == "company" && c.Reason.Contains("4 distinct values", StringComparison.Ordinal));
        Assert.Contains(result.Ignored, c => c.Column == "signup_date" && c.Reason.Contains("dates", StringComparison.Ordinal));
    }

    [Fact]
    public void FromTable_OutcomeWithOtherValues_SaysWhichWereFound()
    {
        string text = "id,x,status\na,1,active\nb,2,churned\n";
        var error = Assert.Throws<DataFormatException>(() => Build(text, new TabularFeatureOptions { IdColumn = "id", OutcomeColumn = "status" }));
        Assert.Equal(2, error.Line);
        Assert.Equal("status", error.Column);
        Assert.Contains("values found: active, churned", error.Message);
    }

    [Fact]
    public void FromTable_UnknownIdColumn_ThrowsColumnNotFound()
    {
        var error = Assert.Throws<ColumnNotFoundException>(() => Build(Export, new TabularFeatureOptions { IdColumn = "customer" }));
        Assert.Equal("--id-column", error.Option);
    }

    [Fact]
    public void FromTable_EmptyId_NamesTheLine()
    {
        var error = Assert.Throws<DataFormatException>(() => Build("id,x\na,1\n,2\n", new TabularFeatureOptions { IdColumn = "id" }));
        Assert.Equal(3, error.Line);
    }
}

public class TabularFeaturesLevelCapTests
{
    [Fact]
    public void FromTable_ManyLevelsWithDominantOnes_KeepsTopLevelsAndPoolsOther()
    {
        // 3 frequent industries (30 rows) and 10 rare ones (1 row each); cap 4 keeps 3 levels + other.
        string[] industries = [.. Enumerable.Repeat("saas", 12), .. Enumerable.Repeat("retail", 10), .. Enumerable.Repeat("bank", 8), .. Enumerable.Range(0, 10).Select(i => $"rare{i}")];
        string csv = "industry,arr\n" + string.Join('\n', industries.Select((v, i) => $"{v},{i}")) + "\n";
        var table = Segmentation.Data.CsvTable.Read(new StringReader(csv));
        var features = Segmentation.Features.TabularFeatures.FromTable(table, new Segmentation.Features.TabularFeatureOptions { MaxCategoricalLevels = 4 });
        Assert.Equal(["industry=bank", "industry=retail", "industry=saas", "industry=other", "arr"], features.Features.Schema.Names);
        Assert.Equal(10, features.Features.Column("industry=other").Sum());
        Assert.Empty(features.Ignored);
    }
}
