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
        Assert.Equal([false, true, null, false], result.Outcome);
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
        var error = Assert.Throws<DataFormatException>(() => Build(Export, new TabularFeatureOptions { IdColumn = "customer" }));
        Assert.Equal("--id-column", error.Option);
    }

    [Fact]
    public void FromTable_EmptyId_NamesTheLine()
    {
        var error = Assert.Throws<DataFormatException>(() => Build("id,x\na,1\n,2\n", new TabularFeatureOptions { IdColumn = "id" }));
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void FromTable_RepeatedIdAndBadNumber_ReportsTheIdFirst()
    {
        // The ids are read beside the columns: their error still comes first, as when they were read before them.
        var error = Assert.Throws<DataFormatException>(() => Build("id,arr,churned\na,1,no\nb,2,no\na,six,maybe\nc,4,no\n", new TabularFeatureOptions { IdColumn = "id", OutcomeColumn = "churned" }));

        Assert.Contains("the id 'a' already appeared on line 2", error.Message);
    }

    [Fact]
    public void FromTable_BadOutcomeAndBadNumber_ReportsTheOutcomeFirst()
    {
        var error = Assert.Throws<DataFormatException>(() => Build("id,arr,churned\na,1,no\nb,2,no\nc,six,maybe\nd,4,no\n", new TabularFeatureOptions { IdColumn = "id", OutcomeColumn = "churned" }));

        Assert.Equal("churned", error.Column);
    }

    private static string Regions(int rows, Func<int, string> region) =>
        "id,arr,region\n" + string.Join("\n", Enumerable.Range(0, rows).Select(i => $"c{i},{1000 + i},{region(i)}")) + "\n";

    [Fact]
    public void FromTable_TextColumnWithNA_KeepsNorthAmericaAsALevel()
    {
        string[] regions = ["NA", "EMEA", "APAC", "LATAM"];
        TabularFeatures result = Build(Regions(20, i => regions[i % 4]), new TabularFeatureOptions { IdColumn = "id" });
        Assert.Contains("region=NA", result.Features.Schema.Names);
        Assert.Equal(1.0, result.Features[0, result.Features.Schema.Names.ToList().IndexOf("region=NA")]);
        ColumnReportEntry region = result.Columns.Columns.Single(c => c.Column == "region");
        Assert.Equal(ColumnRole.OneHot, region.Role);
        Assert.Equal(["APAC", "EMEA", "LATAM", "NA"], region.Levels);
        Assert.Equal(0, region.MissingCells);
    }

    [Fact]
    public void FromTable_MissingValuesConfigured_NAIsMissingInTextColumns()
    {
        string[] regions = ["NA", "EMEA", "APAC"];
        var options = new TabularFeatureOptions { IdColumn = "id", MissingValues = ["NA", "null"] };
        TabularFeatures result = Build(Regions(9, i => regions[i % 3]), options);
        Assert.DoesNotContain("region=NA", result.Features.Schema.Names);
        Assert.Equal(3, result.Columns.Columns.Single(c => c.Column == "region").MissingCells);
    }

    [Fact]
    public void FromTable_NumericMissingToken_IsMissingNotANumber()
    {
        var options = new TabularFeatureOptions { IdColumn = "id", MissingValues = ["-1"] };
        TabularFeatures result = Build("id,arr,flag\na,10.5,1\nb,-1,0\nc,-2.25,1\n", options);
        Assert.Equal([10.5, double.NaN, -2.25], result.Features.Column("arr"));
        Assert.Equal(1, result.Columns.Columns.Single(c => c.Column == "arr").MissingCells);
        Assert.Equal(FeatureKind.Binary, result.Features.Schema[1].Kind);
    }

    [Fact]
    public void FromTable_NAInNumericColumn_IsMissingByDefault()
    {
        TabularFeatures result = Build("id,arr\na,10\nb,NA\nc,30\n", new TabularFeatureOptions { IdColumn = "id" });
        Assert.Equal(FeatureKind.Numeric, result.Features.Schema[0].Kind);
        Assert.True(double.IsNaN(result.Features[1, 0]));
        Assert.Equal(1, result.Columns.Columns.Single(c => c.Column == "arr").MissingCells);
    }

    [Theory]
    [InlineData("six")]
    [InlineData("\"1,5\"")]
    [InlineData("Infinity")]
    [InlineData("\"$1,200\"")]
    public void FromTable_NumericColumnWithABadCell_ThrowsNamingLineColumnValueAndFix(string bad)
    {
        string text = "id,logins\n" + string.Join("\n", Enumerable.Range(0, 40).Select(i => i == 7 ? $"c{i},{bad}" : $"c{i},{i}")) + "\n";
        var error = Assert.Throws<DataFormatException>(() => Build(text, new TabularFeatureOptions { IdColumn = "id" }));
        Assert.Equal(9, error.Line);
        Assert.Equal("logins", error.Column);
        Assert.Contains($"'{bad.Trim('"')}' is not a number", error.Message);
        Assert.Contains("fix the cell, or pass --invalid-numbers missing", error.Message);
    }

    [Fact]
    public void FromTable_BadCellsInSeveralColumns_ReportsTheFirstColumnInFileOrder()
    {
        // Columns are parsed two at a time; the error is still the one a column-by-column read meets first.
        string text = "id,a,b,c,d\n" + string.Join("\n", Enumerable.Range(0, 40).Select(i => i switch
        {
            30 => $"r{i},1,{i},2,oops",
            35 => $"r{i},1,{i},bad,3",
            _ => $"r{i},1,{i},2,3",
        })) + "\n";
        for (int attempt = 0; attempt < 20; attempt++)
        {
            var error = Assert.Throws<DataFormatException>(() => Build(text, new TabularFeatureOptions { IdColumn = "id" }));
            Assert.Equal(("c", 37), (error.Column, error.Line));
        }
    }

    [Theory]
    [InlineData(2, true)] // 2 of 20 (10%) are not numbers: still a numeric column
    [InlineData(3, false)] // 3 of 20 (15%): text
    public void FromTable_NumericColumnRule_AtLeastNinetyPercentNumbers(int bad, bool numeric)
    {
        string text = "id,code\n" + string.Join("\n", Enumerable.Range(0, 20).Select(i => i < bad ? $"c{i},x{i}" : $"c{i},{i}")) + "\n";
        var options = new TabularFeatureOptions { IdColumn = "id", InvalidNumbersAsMissing = true, MaxCategoricalLevels = 30 };
        ColumnReportEntry code = Build(text, options).Columns.Columns.Single(c => c.Column == "code");
        Assert.Equal(numeric ? ColumnRole.Numeric : ColumnRole.OneHot, code.Role);
        Assert.Equal(numeric ? bad : 0, code.InvalidCells);
    }

    [Fact]
    public void FromTable_InvalidNumbersMissing_ReadsThemAsMissingAndReportsTheCount()
    {
        string text = "id,logins\n" + string.Join("\n", Enumerable.Range(0, 40).Select(i => i is 7 or 20 ? $"c{i},six" : $"c{i},{i}")) + "\n";
        TabularFeatures result = Build(text, new TabularFeatureOptions { IdColumn = "id", InvalidNumbersAsMissing = true });
        Assert.Equal(["logins"], result.Features.Schema.Names);
        Assert.True(double.IsNaN(result.Features[7, 0]));
        ColumnReportEntry logins = result.Columns.Columns.Single(c => c.Column == "logins");
        Assert.Equal(ColumnRole.Numeric, logins.Role);
        Assert.Equal(2, logins.InvalidCells);
    }

    [Fact]
    public void FromTable_DateColumnWithMissingCellsAtTheEnd_CountsThemAll()
    {
        string text = "id,arr,signup\n" + string.Join("\n", Enumerable.Range(0, 30).Select(i => $"c{i},{i},{(i >= 27 ? "NA" : "2024-01-03")}")) + "\n";
        ColumnReportEntry signup = Build(text, new TabularFeatureOptions { IdColumn = "id" }).Columns.Columns.Single(c => c.Column == "signup");
        Assert.Equal(ColumnRole.Date, signup.Role);
        Assert.Equal(3, signup.MissingCells);
    }

    [Fact]
    public void FromTable_OutcomeTokens_ReadAsOneAndZero()
    {
        TabularFeatures result = Build("id,arr,churned\na,1,yes\nb,2,no\nc,3,1\nd,4,0\ne,5,YES\nf,6,NA\n", new TabularFeatureOptions { IdColumn = "id", OutcomeColumn = "churned" });
        Assert.Equal([true, false, true, false, true, null], result.Outcome);
    }

    [Fact]
    public void FromTable_AllMissingColumn_IsLeftOutAndReported()
    {
        TabularFeatures result = Build("id,arr,notes\na,1,\nb,2,NA\nc,3,\n", new TabularFeatureOptions { IdColumn = "id" });
        Assert.Equal(["arr"], result.Features.Schema.Names);
        ColumnReportEntry notes = result.Columns.Columns.Single(c => c.Column == "notes");
        Assert.False(notes.Used);
        Assert.Equal(ColumnRole.AllMissing, notes.Role);
        Assert.Contains(result.Ignored, c => c.Column == "notes");
    }

    [Fact]
    public void FromTable_HeaderOnly_ThrowsDataFormatNamingTheFile()
    {
        var error = Assert.Throws<DataFormatException>(() => Build("id,arr\n", new TabularFeatureOptions { IdColumn = "id" }));
        Assert.Equal("export.csv", error.SourceName);
        Assert.Contains("no data rows", error.Message);
    }

    [Fact]
    public void FromTable_NoUsableColumn_ThrowsDataFormatListingWhy()
    {
        var error = Assert.Throws<DataFormatException>(() => Build("id,notes\na,\nb,\n", new TabularFeatureOptions { IdColumn = "id" }));
        Assert.Contains("'notes': every cell is missing", error.Message);
    }

    [Fact]
    public void Columns_ListsEveryColumnInFileOrder_WithItsRole()
    {
        TabularFeatures result = Build(Export, new TabularFeatureOptions { IdColumn = "id", OutcomeColumn = "churned", MaxCategoricalLevels = 3 });
        Assert.Equal(["id", "company", "arr", "plan", "has_sso", "signup_date", "churned"], result.Columns.Columns.Select(c => c.Column));
        Assert.Equal(
            [ColumnRole.Id, ColumnRole.Text, ColumnRole.Numeric, ColumnRole.OneHot, ColumnRole.YesNo, ColumnRole.Date, ColumnRole.Outcome],
            result.Columns.Columns.Select(c => c.Role));
        Assert.Equal(["plan=Enterprise", "plan=Growth", "plan=Starter"], result.Columns.Columns[3].Features);
    }

    [Fact]
    public void RuleFeatures_ManyRows_HoldTheFeaturesTextLevelsAndOutcomeOfEveryRow()
    {
        // More rows than one copy block, so that the blocks written side by side are checked against every row.
        string[] plans = ["Starter", "Growth", "Enterprise", "Pro"];
        string[] industries = ["Retail", "Bank", "Gov", "Health", "Edu", "Media", "Telco", "Energy", "Auto", "Food", "Travel", "Games", "Space", "Law"];
        var text = new System.Text.StringBuilder("id,arr,plan,industry,churned\n");
        const int Rows = 40_000;
        for (int i = 0; i < Rows; i++)
        {
            string plan = i % 11 == 0 ? string.Empty : plans[(i * 7) % plans.Length];
            string churned = i % 13 == 0 ? string.Empty : i % 3 == 0 ? "yes" : "no";
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"c{i},{i * 10},{plan},{industries[(i * 5) % industries.Length]},{churned}\n");
        }

        TabularFeatures result = Build(text.ToString(), new TabularFeatureOptions { IdColumn = "id", OutcomeColumn = "churned", MaxCategoricalLevels = 3 });
        FeatureMatrix rules = result.RuleFeatures;

        FeatureSchema schema = rules.Schema;
        int d = result.Features.ColumnCount;
        Assert.Equal([.. result.Features.Schema.Names, "plan", "industry", "churned"], schema.Names);
        Assert.Equal([.. plans.Order(StringComparer.Ordinal)], schema[d].Levels);
        Assert.Equal([.. industries.Order(StringComparer.Ordinal)], schema[d + 1].Levels);
        Assert.Same(result.Features.RowIds, rules.RowIds);
        for (int i = 0; i < Rows; i++)
        {
            Assert.Equal(result.Features.Row(i).ToArray(), rules.Row(i)[..d].ToArray());
            string? plan = result.TextColumns["plan"][i];
            Assert.Equal(plan is null ? double.NaN : schema[d].Levels!.ToList().IndexOf(plan), rules[i, d]);
            Assert.Equal(schema[d + 1].Levels!.ToList().IndexOf(result.TextColumns["industry"][i]!), rules[i, d + 1]);
            Assert.Equal(result.Outcome![i] is bool churned ? (churned ? 1 : 0) : double.NaN, rules[i, d + 2]);
        }
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
