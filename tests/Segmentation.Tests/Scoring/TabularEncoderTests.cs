using System.Text.Json;
using Segmentation.Data;
using Segmentation.Scoring;

namespace Segmentation.Tests.Scoring;

public class TabularEncoderTests
{
    private static CsvTable Table(string text, string source = "t.csv") => CsvTable.Read(new StringReader(text), source);

    private const string History = "id,arr,plan,sso,churned\na,100,pro,yes,no\nb,,basic,no,yes\nc,300,pro,,no\n";

    [Fact]
    public void Fit_KeepsKindsLevelsAndIgnoredColumns()
    {
        (TabularEncoder encoder, FeatureMatrix features) = TabularEncoder.Fit(Table(History), "id", "churned");

        Assert.Equal(["arr", "plan=basic", "plan=pro", "sso"], encoder.FeatureNames);
        Assert.Equal(["id", "churned"], encoder.IgnoredColumns);
        Assert.Equal(FeatureKind.Binary, encoder.Columns.Single(c => c.Name == "sso").Kind);
        Assert.Equal(encoder.FeatureNames, features.Schema.Names);
    }

    [Fact]
    public void Encode_SameTableAsTraining_GivesTheTrainingFeatures()
    {
        (TabularEncoder encoder, FeatureMatrix features) = TabularEncoder.Fit(Table(History), "id", "churned");

        FeatureMatrix again = encoder.Encode(Table(History), "id");

        Assert.Equal(features.Values.ToArray(), again.Values.ToArray());
        Assert.Equal(["a", "b", "c"], again.RowIds);
    }

    [Fact]
    public void Encode_TextInANumericColumn_NamesTheLineAndColumn()
    {
        (TabularEncoder encoder, _) = TabularEncoder.Fit(Table(History), "id", "churned");

        var error = Assert.Throws<DataFormatException>(() => encoder.Encode(Table("id,arr,plan,sso\nx,1,pro,no\ny,lots,pro,no\n", "new.csv"), "id"));

        Assert.Equal(3, error.Line);
        Assert.Equal("arr", error.Column);
    }

    [Fact]
    public void Json_RoundTrip_EncodesTheSame()
    {
        (TabularEncoder encoder, _) = TabularEncoder.Fit(Table(History), "id", "churned");

        TabularEncoder copy = JsonSerializer.Deserialize<TabularEncoder>(JsonSerializer.Serialize(encoder, ModelFiles.JsonOptions), ModelFiles.JsonOptions)!;

        Assert.Equal(encoder.FeatureNames, copy.FeatureNames);
        Assert.Equal(encoder.Encode(Table(History), "id").Values.ToArray(), copy.Encode(Table(History), "id").Values.ToArray());
    }

    [Fact]
    public void ReadModelType_NotJson_SaysItIsNotAModelFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"model-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "id,score\n");
        try
        {
            var error = Assert.Throws<DataFormatException>(() => ModelFiles.ReadModelType(path));
            Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
