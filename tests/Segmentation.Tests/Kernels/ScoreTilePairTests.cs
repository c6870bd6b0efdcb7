using System.Numerics;
using System.Runtime.Intrinsics;
using Segmentation.Kernels;

namespace Segmentation.Tests.Kernels;

/// <summary>
/// Two tiles scored together (<see cref="DistanceKernels.ScoreTilePair{T, TVec, TOps}"/>, used by the Lloyd passes for
/// k ≤ 4) must give each tile exactly what <see cref="DistanceKernels.ScoreTile{T, TVec, TOps}"/> gives it alone: the
/// same best score, index and runner-up, bit for bit, on every path, ties included.
/// </summary>
public class ScoreTilePairTests
{
    public static TheoryData<int> Paths => DistanceKernelsTests.Paths;

    [Theory]
    [MemberData(nameof(Paths))]
    public void ScoreTilePair_OneToFourCenters_SameBitsAsEachTileAlone(int pathValue)
    {
        var path = (KernelPath)pathValue;
        for (int k = 1; k <= DistanceKernels.PairedCenters; k++)
        {
            for (int d = 1; d <= 21; d += 4)
            {
                var random = new Random((k * 100) + d);
                int w = DistanceKernels.Width<double>(path);
                double[] points = [.. Enumerable.Range(0, 2 * w * d).Select(_ => Math.Round((random.NextDouble() * 8) - 4, 1))];
                double[] centers = [.. Enumerable.Range(0, k * d).Select(_ => Math.Round((random.NextDouble() * 8) - 4, 1))];

                // A center on a row (score -||x||², the lowest possible), and a duplicated center (a tie at every row).
                points.AsSpan(w / 2 * d, d).CopyTo(centers.AsSpan(0, d));
                if (k >= 3)
                {
                    centers.AsSpan(0, d).CopyTo(centers.AsSpan((k - 1) * d, d));
                }

                var tiles = new double[2 * w * d];
                DistanceKernels.PackTiles<double>(points, d, tiles, path);
                var panel = CenterPanel<double>.Create(centers, d);
                (double[] paired, double[] alone) = path switch
                {
                    KernelPath.Vector512 => Scores<Vector512<double>, Vector512Ops<double>>(tiles, d, panel),
                    KernelPath.Vector256 => Scores<Vector256<double>, Vector256Ops<double>>(tiles, d, panel),
                    KernelPath.Vector128 => Scores<Vector128<double>, Vector128Ops<double>>(tiles, d, panel),
                    _ => Scores<double, ScalarOps<double>>(tiles, d, panel),
                };

                Assert.Equal(alone.Select(BitConverter.DoubleToInt64Bits), paired.Select(BitConverter.DoubleToInt64Bits));

                // And the scores are the real ones: each lane's center is a nearest one (to rounding), never the
                // duplicate's second copy.
                for (int lane = 0; lane < 2 * w; lane++)
                {
                    int index = (int)paired[(lane / w * 3 * w) + w + (lane % w)];
                    double[] row = points[(lane * d)..((lane + 1) * d)];
                    double nearest = Enumerable.Range(0, k).Min(c => Distance(row, centers.AsSpan(c * d, d)));
                    Assert.InRange(Distance(row, centers.AsSpan(index * d, d)), nearest, nearest + 1e-9);
                    Assert.True(k < 3 || index != k - 1, "a tie goes to the lower index");
                }
            }
        }
    }

    [Fact]
    public void ScoreTilePair_FiveCenters_Throws()
    {
        var panel = CenterPanel<double>.Create(new double[10], 2);
        var tiles = new double[4];
        Assert.Throws<ArgumentOutOfRangeException>(() => DistanceKernels.ScoreTilePair<double, double, ScalarOps<double>>(
            ref tiles[0], 2, panel, true, out _, out _, out _, out _, out _, out _));
    }

    /// <summary>Per tile: best, index, runner-up (w lanes each), from the pair and from each tile alone.</summary>
    private static (double[] Paired, double[] Alone) Scores<TVec, TOps>(double[] tiles, int d, CenterPanel<double> panel)
        where TVec : struct
        where TOps : struct, IVectorOps<double, TVec>
    {
        int w = TOps.Count;
        var paired = new double[6 * w];
        var alone = new double[6 * w];
        DistanceKernels.ScoreTilePair<double, TVec, TOps>(
            ref tiles[0], d, panel, true, out TVec best0, out TVec index0, out TVec second0, out TVec best1, out TVec index1, out TVec second1);
        TVec[] fromPair = [best0, index0, second0, best1, index1, second1];
        for (int v = 0; v < 6; v++)
        {
            TOps.Store(fromPair[v], ref paired[v * w]);
        }

        for (int tile = 0; tile < 2; tile++)
        {
            DistanceKernels.ScoreTile<double, TVec, TOps>(ref tiles[tile * w * d], d, panel, true, out TVec best, out TVec index, out TVec second);
            TOps.Store(best, ref alone[tile * 3 * w]);
            TOps.Store(index, ref alone[(tile * 3 * w) + w]);
            TOps.Store(second, ref alone[(tile * 3 * w) + (2 * w)]);
        }

        return (paired, alone);
    }

    private static double Distance(ReadOnlySpan<double> row, ReadOnlySpan<double> center)
    {
        double distance = 0;
        for (int j = 0; j < row.Length; j++)
        {
            distance += (row[j] - center[j]) * (row[j] - center[j]);
        }

        return distance;
    }
}
