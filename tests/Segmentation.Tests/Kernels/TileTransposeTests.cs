using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Segmentation.Kernels;

namespace Segmentation.Tests.Kernels;

public class TileTransposeTests
{
    // The tile widths of the Vector128, Vector256 and Vector512 paths for doubles (2, 4, 8) and floats (4, 8, 16).
    public static TheoryData<int> DoubleWidths => [2, 4, 8];

    public static TheoryData<int> SingleWidths => [4, 8, 16];

    [Theory]
    [MemberData(nameof(DoubleWidths))]
    public void Pack_EveryDimensionUpTo40_MatchesScalarTransposeDouble(int w)
    {
        Assert.Equal(ExpectedSupport<double>(w), TileTranspose.Supports<double>(w));
        if (TileTranspose.Supports<double>(w))
        {
            CheckEveryShape(w, i => (double)i * 0.37 - 11);
        }
    }

    [Theory]
    [MemberData(nameof(SingleWidths))]
    public void Pack_EveryDimensionUpTo40_MatchesScalarTransposeSingle(int w)
    {
        Assert.Equal(ExpectedSupport<float>(w), TileTranspose.Supports<float>(w));
        if (TileTranspose.Supports<float>(w))
        {
            CheckEveryShape(w, i => (float)i * 0.37f - 11);
        }
    }

    [Fact]
    public void Supports_WidthNoPathUses_IsFalse()
    {
        Assert.False(TileTranspose.Supports<double>(3));
        Assert.False(TileTranspose.Supports<double>(16));
        Assert.False(TileTranspose.Supports<float>(2));
        Assert.False(TileTranspose.Supports<float>(32));
    }

    private static bool ExpectedSupport<T>(int w)
        where T : unmanaged
        => (Avx512F.IsSupported && w == Vector512<T>.Count)
            || (Avx.IsSupported && w == Vector256<T>.Count)
            || (Sse2.IsSupported && w == Vector128<T>.Count);

    private static void CheckEveryShape<T>(int w, Func<int, T> value)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        const int n = 37;
        for (int d = 0; d <= 40; d++)
        {
            var points = new T[n * d];
            for (int i = 0; i < points.Length; i++)
            {
                points[i] = value(i);
            }

            // Contiguous rows from several starts (including the last full tile), then an out-of-order row subset.
            int[] subset = [36, 0, 5, 5, 17, 2, 33, 8, 21, 13, 1, 30, 9, 4, 28, 11, 6, 35];
            for (int start = 0; start + w <= n; start += 3)
            {
                CheckTile(points, d, [], start, w);
            }

            for (int start = 0; start + w <= subset.Length; start++)
            {
                CheckTile(points, d, subset, start, w);
            }
        }
    }

    private static void CheckTile<T>(T[] points, int d, int[] rows, int start, int w)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var tile = new T[(d * w) + 3];
        tile.AsSpan().Fill(T.NaN);
        TileTranspose.Pack<T>(points, d, rows, start, w, tile);
        for (int lane = 0; lane < w; lane++)
        {
            int row = rows.Length == 0 ? start + lane : rows[start + lane];
            for (int j = 0; j < d; j++)
            {
                Assert.Equal(points[(row * d) + j], tile[(j * w) + lane]);
            }
        }

        // Nothing past the tile is written.
        Assert.True(T.IsNaN(tile[d * w]) && T.IsNaN(tile[(d * w) + 2]));
    }
}
