namespace Segmentation.Tests;

public class FeatureMatrixTests
{
    [Fact]
    public void FromRows_CopiesRowsInOrder_RowReturnsThem()
    {
        double[][] rows = [[1, 2, 3], [4, 5, 6]];
        var matrix = FeatureMatrix.FromRows(rows, ["a", "b", "c"]);
        rows[0][0] = 99; // the matrix must not see later changes

        Assert.Equal(2, matrix.RowCount);
        Assert.Equal(3, matrix.ColumnCount);
        Assert.Equal([1.0, 2, 3], matrix.Row(0).ToArray());
        Assert.Equal([4.0, 5, 6], matrix.Row(1).ToArray());
        Assert.Equal(6, matrix[1, 2]);
        Assert.Equal(["a", "b", "c"], matrix.Schema.Names);
        Assert.Equal([2.0, 5], matrix.Column("b"));
    }

    [Fact]
    public void FromRows_WithoutNames_NamesColumnsX0X1()
    {
        var matrix = FeatureMatrix.FromRows([[1.0, 2]]);
        Assert.Equal(["x0", "x1"], matrix.Schema.Names);
    }

    [Fact]
    public void FromRows_RaggedRows_ThrowsNamingTheRow()
    {
        var error = Assert.Throws<ArgumentException>(() => FeatureMatrix.FromRows([[1.0, 2], [3.0]]));
        Assert.Contains("Row 1 has 1 values but the matrix has 2 columns", error.Message);
    }

    [Fact]
    public void FromRows_NamesOfWrongCount_Throws()
    {
        Assert.Throws<ArgumentException>(() => FeatureMatrix.FromRows([[1.0, 2]], ["only"]));
    }

    [Fact]
    public void FromSpan_LengthNotMultipleOfColumns_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => FeatureMatrix.FromSpan([1.0, 2, 3], 2));
        Assert.Contains("3 values do not divide into rows of 2 columns", error.Message);
    }

    [Fact]
    public void FromSpan_CopiesValues_RowMajor()
    {
        double[] values = [1, 2, 3, 4, 5, 6];
        var matrix = FeatureMatrix.FromSpan(values, 2);
        values[0] = 99;
        Assert.Equal(3, matrix.RowCount);
        Assert.Equal([1.0, 2], matrix.Row(0).ToArray());
        Assert.Equal([5.0, 6], matrix.Row(2).ToArray());
    }

    [Fact]
    public void Row_OutOfRange_Throws()
    {
        var matrix = FeatureMatrix.FromRows([[1.0]]);
        Assert.Throws<ArgumentOutOfRangeException>(() => matrix.Row(1).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => matrix[0, 1]);
    }

    [Fact]
    public void WithRowWeights_NegativeOrWrongCount_Throws()
    {
        var matrix = FeatureMatrix.FromRows([[1.0], [2.0]]);
        Assert.Contains("weights must be finite and non-negative", Assert.Throws<ArgumentException>(() => matrix.WithRowWeights([1, -1])).Message);
        Assert.Contains("1 row weights were given for 2 rows", Assert.Throws<ArgumentException>(() => matrix.WithRowWeights([1])).Message);
    }

    [Fact]
    public void WithRowWeights_KeepsValues_WeightReadsThem()
    {
        var matrix = FeatureMatrix.FromRows([[1.0], [2.0]]).WithRowWeights([3, 0.5]);
        Assert.Equal(3, matrix.Weight(0));
        Assert.Equal(0.5, matrix.Weight(1));
        Assert.NotNull(matrix.RowWeights);
        Assert.Null(FeatureMatrix.FromRows([[1.0]]).RowWeights);
        Assert.Equal(1, FeatureMatrix.FromRows([[1.0]]).Weight(0));
    }

    [Fact]
    public void EnsureFinite_NaN_NamesRowIdAndColumn()
    {
        var matrix = FeatureMatrix.FromRows([[1.0, 2], [3.0, double.NaN]], ["arr", "logins"]).WithRowIds(["a", "b"]);
        var error = Assert.Throws<ArgumentException>(() => matrix.EnsureFinite("k-means"));
        Assert.Contains("row 1 (id 'b'), column 'logins' holds a missing value (NaN)", error.Message);
    }

    [Theory]
    [InlineData(0, double.NaN)]
    [InlineData(1023, double.PositiveInfinity)]
    [InlineData(1024, double.NegativeInfinity)]
    [InlineData(7000, double.NaN)]
    [InlineData(9998, double.PositiveInfinity)]
    [InlineData(9999, double.NaN)]
    public void FindNonFinite_AnyPositionInALargeMatrix_FindsTheFirstOne(int position, double bad)
    {
        double[] values = [.. Enumerable.Range(0, 10_000).Select(i => (i % 7) * 1e150)];
        values[position] = bad;
        if (position + 3 < values.Length)
        {
            values[position + 3] = double.NaN; // a later one must not be reported
        }

        Assert.Equal((position / 5, position % 5), FeatureMatrix.FromSpan(values, 5).FindNonFinite());
    }

    [Fact]
    public void FindNonFinite_HugeButFiniteValues_ReportsNothingTwice()
    {
        var matrix = FeatureMatrix.FromSpan([.. Enumerable.Range(0, 5000).Select(i => i % 2 == 0 ? double.MaxValue : -double.MaxValue)], 4);
        Assert.Null(matrix.FindNonFinite());
        Assert.Null(matrix.FindNonFinite());
    }

    [Fact]
    public void WithRowIds_WrongCount_Throws()
    {
        Assert.Throws<ArgumentException>(() => FeatureMatrix.FromRows([[1.0]]).WithRowIds(["a", "b"]));
    }
}
