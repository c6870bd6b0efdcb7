using System.Numerics;

namespace Segmentation.Kernels;

/// <summary>
/// Centers prepared for the distance kernels: <c>-2c</c> row-major (so the inner loop is one fused multiply-add per
/// coordinate) and <c>||c||²</c>, both in the kernel's element type, optionally relative to a shifted origin and
/// scaled (as <see cref="Float32Screen"/> prepares its rows).
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
internal sealed class CenterPanel<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private CenterPanel(T[] minusTwoCenters, T[] norms, int count, int dimension)
    {
        MinusTwoCenters = minusTwoCenters;
        Norms = norms;
        Count = count;
        Dimension = dimension;
    }

    /// <summary>k × d values <c>-2 (c - origin) · scale</c>, row-major.</summary>
    public T[] MinusTwoCenters { get; }

    /// <summary><c>||(c - origin) · scale||²</c> of each center, of the values as rounded to <typeparamref name="T"/>.</summary>
    public T[] Norms { get; }

    /// <summary>k.</summary>
    public int Count { get; }

    /// <summary>d.</summary>
    public int Dimension { get; }

    /// <summary>The largest <c>||c||²</c>, for error bounds.</summary>
    public double MaxNorm { get; private init; }

    /// <summary>Prepares <paramref name="centers"/> (k × d, row-major, float64) for the kernels.</summary>
    /// <param name="centers">The centers.</param>
    /// <param name="dimension">d.</param>
    /// <param name="origin">Subtracted from every center (the same shift as applied to the points), or empty.</param>
    /// <param name="scale">Multiplies every shifted center (the same scale as applied to the points).</param>
    public static CenterPanel<T> Create(ReadOnlySpan<double> centers, int dimension, ReadOnlySpan<double> origin = default, double scale = 1)
    {
        int k = dimension == 0 ? 0 : centers.Length / dimension;
        var minusTwo = new T[k * dimension];
        var norms = new T[k];
        double maxNorm = 0;
        for (int c = 0; c < k; c++)
        {
            double norm = 0;
            for (int j = 0; j < dimension; j++)
            {
                double shifted = (centers[(c * dimension) + j] - (origin.IsEmpty ? 0 : origin[j])) * scale;
                T rounded = T.CreateTruncating(shifted);
                double value = double.CreateTruncating(rounded);

                // Scaling by -2 is exact, so -2c and ||c||² describe the same rounded center.
                minusTwo[(c * dimension) + j] = -(rounded + rounded);
                norm += value * value;
            }

            norms[c] = T.CreateTruncating(norm);
            maxNorm = Math.Max(maxNorm, norm);
        }

        return new CenterPanel<T>(minusTwo, norms, k, dimension) { MaxNorm = maxNorm };
    }
}
