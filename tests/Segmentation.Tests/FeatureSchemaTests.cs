namespace Segmentation.Tests;

public class FeatureSchemaTests
{
    [Fact]
    public void Constructor_DuplicateName_ThrowsNamingBothPositions()
    {
        var error = Assert.Throws<ArgumentException>(() => FeatureSchema.Numeric(["arr", "nps", "arr"]));
        Assert.Contains("'arr' appears twice (positions 0 and 2)", error.Message);
    }

    [Fact]
    public void Constructor_EmptyName_Throws()
    {
        Assert.Throws<ArgumentException>(() => FeatureSchema.Numeric(["arr", " "]));
    }

    [Fact]
    public void GetIndex_UnknownName_ListsKnownNames()
    {
        var schema = FeatureSchema.Numeric(["arr", "nps"]);
        var error = Assert.Throws<KeyNotFoundException>(() => schema.GetIndex("logins"));
        Assert.Contains("Known features: arr, nps", error.Message);
        Assert.Equal(1, schema.GetIndex("nps"));
        Assert.Equal(-1, schema.IndexOf("logins"));
    }

    [Fact]
    public void Equals_SameColumns_AreEqual()
    {
        Assert.Equal(FeatureSchema.Numeric(["a", "b"]), FeatureSchema.Numeric(["a", "b"]));
        Assert.NotEqual(FeatureSchema.Numeric(["a", "b"]), FeatureSchema.Numeric(["b", "a"]));
    }
}
