namespace Segmentation.Clustering.KMeans;

/// <summary>The floating-point type of the distance computations (<see cref="KMeansOptions.SinglePrecisionDistances"/>).</summary>
/// <remarks>Internal (issue #22): hosts set the bool; the kernels, tests and benchmarks branch on this.</remarks>
internal enum KMeansPrecision
{
    /// <summary>float64 throughout.</summary>
    Double,

    /// <summary>
    /// float32 distances on a float32 copy of the data taken relative to the column means (which removes most of the
    /// cancellation of <c>||c||² − 2x·c</c>); sums, centers and inertia stay float64. Twice the SIMD lanes and half
    /// the memory traffic of <see cref="Double"/>, with labels that can differ only for points almost equidistant from two centers.
    /// </summary>
    Single,
}
