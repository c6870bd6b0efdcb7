using System.Numerics;
using System.Runtime.CompilerServices;
using Segmentation.Kernels;

namespace Segmentation.Clustering.KMeans;

/// <summary>The outcome of one k-means run, in the solver's coordinates (relative to <see cref="KMeansData{T}.Origin"/>).</summary>
internal sealed record KMeansRunResult(double[] Centers, int[] Labels, double Inertia, int Iterations, bool Converged, double[] InertiaByIteration);

/// <summary>
/// One k-means run from given centers: Lloyd's algorithm with scikit-learn's convergence rules, each iteration one
/// parallel pass over fixed chunks (assignment through the kernels, float64 rows screened in float32; the rows whose
/// label changed move between the exact fixed-point sums of <see cref="KMeansSums{T}"/>, from which the
/// per-iteration inertia also comes), the final exact inertia merged in chunk order. With Hamerly or Yinyang
/// bounds, points whose bounds prove their center unchanged skip the kernel; the bounds keep a rounding margin, so
/// the labels are exactly those of the plain pass.
/// </summary>
internal sealed partial class KMeansSolver<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly KMeansData<T> _data;
    private readonly int _k;
    private readonly int _d;
    private readonly bool _hamerly;
    private readonly bool _yinyang;
    private readonly bool _screen;
    private const int PartialStride = 2;
    private readonly KMeansSums<T> _sums;
    private readonly double[] _partials;
    private int[] _labels;
    private double[]? _distances;
    private readonly System.Collections.Concurrent.ConcurrentBag<Scratch> _scratchPool = [];
    private readonly double[]? _upper;
    private readonly double[]? _lower;
    private double[] _centers;
    private double[] _newCenters;
    private bool _labelsHandedOut;

    /// <param name="data">The prepared data.</param>
    /// <param name="k">The number of centers.</param>
    /// <param name="algorithm">Lloyd, Hamerly or Yinyang (not Auto); bounds are pointless with one center.</param>
    /// <param name="screenInFloat32">
    /// For float64 data, whether full assignment passes screen in float32 (<see cref="Float32Screen"/>): the same
    /// labels at half the bytes streamed. Off only to compare against the plain float64 pass.
    /// </param>
    public KMeansSolver(KMeansData<T> data, int k, KMeansAlgorithm algorithm, bool screenInFloat32 = true)
    {
        _screen = screenInFloat32 && typeof(T) == typeof(double);
        _data = data;
        _k = k;
        _d = data.D;
        _hamerly = algorithm == KMeansAlgorithm.Hamerly && k > 1;
        _yinyang = algorithm == KMeansAlgorithm.Yinyang && k > 1;

        // Per chunk: the inertia and the number of changed labels of the last pass (the sums live in _sums).
        _sums = new KMeansSums<T>(data, k);
        _partials = new double[data.ChunkCount * PartialStride];
        _labels = new int[data.N];
        _centers = new double[k * _d];
        _newCenters = new double[k * _d];
        if (_hamerly)
        {
            _upper = new double[data.N];
            _lower = new double[data.N];
        }
        else if (_yinyang)
        {
            _upper = new double[data.N];
        }
    }

    public KMeansRunResult Run(double[] initialCenters, double tolerance, int maxIterations, int run, IProgress<KMeansProgress>? progress, CancellationToken cancellationToken)
    {
        initialCenters.AsSpan().CopyTo(_centers);

        if (_labelsHandedOut)
        {
            _labels = new int[_data.N];
            _labelsHandedOut = false;
        }

        Array.Fill(_labels, -1);
        _sums.Clear();
        if (_yinyang)
        {
            GroupCenters(_centers);
        }

        var sums = new double[_k * _d];
        var weights = new double[_k];
        var drift = new double[_k];
        var trace = new List<double>();
        bool strict = false;
        bool converged = false;
        int iteration = 0;
        while (iteration < maxIterations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            iteration++;
            var panel = CenterPanel<T>.Create(_centers, _d);
            if (_yinyang)
            {
                GroupedPass(panel, iteration > 1 ? drift : null);
            }
            else if (_hamerly && iteration > 1)
            {
                BoundedPass(panel, drift);
            }
            else if (_hamerly)
            {
                FullBoundedPass(panel);
            }
            else
            {
                LloydPass(panel, exactInertia: false);
            }

            (double inertia, long changed) = Merge(sums, weights);
            trace.Add(inertia);
            progress?.Report(new KMeansProgress(run, iteration, inertia));
            changed += RelocateEmptyClusters(sums, weights);
            double shift = UpdateCenters(sums, weights, drift);
            (_centers, _newCenters) = (_newCenters, _centers);
            if (changed == 0)
            {
                strict = converged = true;
                break;
            }

            if (shift <= tolerance)
            {
                converged = true;
                break;
            }
        }

        // After a shift-based stop (or the last iteration) the labels belong to the previous centers: reassign.
        double finalInertia;
        if (strict)
        {
            finalInertia = InertiaPass();
        }
        else
        {
            // One pass both reassigns and sums the exact distances.
            LloydPass(CenterPanel<T>.Create(_centers, _d), exactInertia: true);
            finalInertia = Merge(sums, weights).Inertia;
        }

        // The labels go to the result as they are (a copy of n ints costs more than the pass that made them); the
        // next run, if any, starts from a fresh array.
        _labelsHandedOut = true;
        return new KMeansRunResult((double[])_centers.Clone(), _labels, finalInertia, iteration, converged, [.. trace]);
    }

    /// <summary>
    /// Plain Lloyd: the kernel assigns every row from the packed tiles (<see cref="LloydStep"/>; float64 rows from
    /// their float32 screen), and only the rows whose label changed are moved between the sums.
    /// </summary>
    private void LloydPass(CenterPanel<T> panel, bool exactInertia)
    {
        if (_screen)
        {
            ScreenedLloydPass((CenterPanel<double>)(object)panel, exactInertia);
            return;
        }

        ArraySegment<T> tiles = _data.Tiles;
        Parallel.For(0, _data.ChunkCount, _data.Parallel, RentScratch, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (chunk, _, scratch) =>
        {
            (int start, int end) = _data.Chunk(chunk);
            int count = end - start;
            (double inertia, int moved) = LloydStep.Assign(
                tiles.AsSpan(start * _d), _data.Points.AsSpan(start * _d, count * _d), _d, panel, _centers,
                _data.Weights is null ? default : _data.Weights.AsSpan(start, count), _labels.AsSpan(start, count),
                scratch.Gather, scratch.Labels, exactInertia, _data.Path);
            _sums.Move(start, scratch.Gather.AsSpan(0, moved), scratch.Labels.AsSpan(0, moved), _labels.AsSpan(start, count));
            SetPartial(chunk, inertia, moved);
            return scratch;
        }, ReturnScratch);
    }

    /// <summary><see cref="LloydPass"/> for float64 rows screened in float32 (<see cref="LloydStep.AssignScreened"/>): the same labels.</summary>
    private void ScreenedLloydPass(CenterPanel<double> panel, bool exactInertia)
    {
        Float32Screen screen = _data.Screen;
        CenterPanel<float> screenPanel = screen.Panel(_centers, _d);
        double centerNorm = screen.CenterNorm(_centers, _d);
        double[] points = (double[])(object)_data.Points;
        Parallel.For(0, _data.ChunkCount, _data.Parallel, RentScratch, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (chunk, _, scratch) =>
        {
            (int start, int end) = _data.Chunk(chunk);
            int count = end - start;
            Span<float> thresholds = scratch.Thresholds.AsSpan(0, (count + screen.Width - 1) / screen.Width);
            screen.Thresholds(start / screen.Width, screenPanel, centerNorm, _d, thresholds);
            (double Inertia, int Moved, int Uncertain) pass = LloydStep.AssignScreened(
                screen.Tiles.AsSpan(start * _d), thresholds, points.AsSpan(start * _d, count * _d), _d,
                screenPanel, panel, _centers, _data.Weights is null ? default : _data.Weights.AsSpan(start, count), _labels.AsSpan(start, count),
                scratch.Gather, scratch.Labels, scratch.Uncertain, scratch.BestCenter, (double[])(object)scratch.Best, exactInertia, _data.Path);
            _sums.Move(start, scratch.Gather.AsSpan(0, pass.Moved), scratch.Labels.AsSpan(0, pass.Moved), _labels.AsSpan(start, count));
            SetPartial(chunk, pass.Inertia, pass.Moved);
            return scratch;
        }, ReturnScratch);
    }

    /// <summary>Every point against every center, keeping the runner-up for Hamerly's bounds; the rows that changed center move between the sums.</summary>
    private void FullBoundedPass(CenterPanel<T> panel)
    {
        double margin = RoundingMargin(panel);
        Parallel.For(0, _data.ChunkCount, _data.Parallel, RentScratch, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (chunk, _, scratch) =>
        {
            (int start, int end) = _data.Chunk(chunk);
            int count = end - start;
            ReadOnlySpan<T> slice = _data.Points.AsSpan(start * _d, count * _d);
            Span<T> second = scratch.Second.AsSpan(0, count);
            DistanceKernels.FindNearest(slice, _d, [], panel, scratch.Labels, scratch.Best, second, _data.Path);
            long changed = 0;
            for (int t = 0; t < count; t++)
            {
                int i = start + t;
                int label = scratch.Labels[t];
                if (label != _labels[i])
                {
                    changed++;
                    _sums.Move(i, _labels[i], label);
                    _labels[i] = label;
                }

                _lower![i] = LowerBound(second[t], _data.SquaredNorms[i], margin);
            }

            Accumulate(chunk, changed);
            return scratch;
        }, ReturnScratch);
    }

    /// <summary>Hamerly's pass: the kernel only for the points whose bounds cannot rule out a change of center.</summary>
    private void BoundedPass(CenterPanel<T> panel, double[] drift)
    {
        double margin = RoundingMargin(panel);
        double[] nearestOther = NearestOtherCenterDistances();
        int maxDriftCenter = 0;
        double maxDrift = 0;
        double secondDrift = 0;
        for (int c = 0; c < _k; c++)
        {
            if (drift[c] > maxDrift)
            {
                (secondDrift, maxDrift, maxDriftCenter) = (maxDrift, drift[c], c);
            }
            else if (drift[c] > secondDrift)
            {
                secondDrift = drift[c];
            }
        }

        double[] upper = _upper!;
        double[] lower = _lower!;
        Parallel.For(0, _data.ChunkCount, _data.Parallel, RentScratch, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (chunk, _, scratch) =>
        {
            (int start, int end) = _data.Chunk(chunk);
            int count = end - start;
            ReadOnlySpan<T> slice = _data.Points.AsSpan(start * _d, count * _d);
            int gathered = 0;
            for (int t = 0; t < count; t++)
            {
                int i = start + t;
                int a = _labels[i];
                double u = upper[i] + drift[a];
                double l = lower[i] - (a == maxDriftCenter ? secondDrift : maxDrift);
                lower[i] = l;
                upper[i] = u;
                if (Proves(u, Math.Max(l, nearestOther[a] - u), margin))
                {
                    continue;
                }

                // Tighten the upper bound with the exact distance to the (moved) center and try again.
                u = Math.Sqrt(RowOps.SquaredDistance(_data.Row(i), _centers.AsSpan(a * _d, _d)));
                upper[i] = u;
                if (!Proves(u, Math.Max(l, nearestOther[a] - u), margin))
                {
                    scratch.Gather[gathered++] = t;
                }
            }

            ReadOnlySpan<int> rows = scratch.Gather.AsSpan(0, gathered);
            long changed = 0;
            if (gathered > 0)
            {
                DistanceKernels.FindNearest(slice, _d, rows, panel, scratch.Labels, scratch.Best, scratch.Second, _data.Path);
                for (int g = 0; g < gathered; g++)
                {
                    int t = rows[g];
                    int i = start + t;
                    int label = scratch.Labels[g];
                    if (label != _labels[i])
                    {
                        changed++;
                        _sums.Move(i, _labels[i], label);
                        _labels[i] = label;

                        // The row was just read by the kernel: its exact distance to the new center is cheap now.
                        upper[i] = Math.Sqrt(RowOps.SquaredDistance(_data.Row(i), _centers.AsSpan(label * _d, _d)));
                    }

                    lower[i] = LowerBound(scratch.Second[g], _data.SquaredNorms[i], margin);
                }
            }

            // Only the rows that failed their bounds were read: the inertia comes from the sums (Merge).
            SetPartial(chunk, double.NaN, changed);
            return scratch;
        }, ReturnScratch);
    }

    /// <summary>
    /// After a bounded algorithm's first pass: the exact distance of each point of the chunk to its center, as its
    /// upper bound, and the inertia of the chunk.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Accumulate(int chunk, long changed)
    {
        (int start, int end) = _data.Chunk(chunk);
        double inertia = 0;
        for (int i = start; i < end; i++)
        {
            double distance = RowOps.SquaredDistance(_data.Row(i), _centers.AsSpan(_labels[i] * _d, _d));
            _upper![i] = Math.Sqrt(distance);
            inertia += _data.Weight(i) * distance;
        }

        SetPartial(chunk, inertia, changed);
    }

    private void SetPartial(int chunk, double inertia, long changed)
    {
        _partials[chunk * PartialStride] = inertia;
        _partials[(chunk * PartialStride) + 1] = changed;
    }

    /// <summary>The inertia of the current labels against the current centers, summed in chunk order.</summary>
    private double InertiaPass()
    {
        var partial = new double[_data.ChunkCount];
        Parallel.For(0, _data.ChunkCount, _data.Parallel, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (chunk) =>
        {
            (int start, int end) = _data.Chunk(chunk);
            partial[chunk] = LloydStep.ExactInertia<T>(
                _data.Points.AsSpan(start * _d, (end - start) * _d), _d, _centers,
                _data.Weights is null ? default : _data.Weights.AsSpan(start, end - start), _labels.AsSpan(start, end - start));
        });
        double total = 0;
        foreach (double value in partial)
        {
            total += value;
        }

        return total;
    }

    /// <summary>
    /// The sums and weights of every center, and the chunks' inertia and changed labels added in chunk order. A pass
    /// that did not sum distances (marked by a NaN inertia: Lloyd's, and Hamerly's and Yinyang's after their first)
    /// gets its inertia from the sums instead: <c>Σ_c Σ w·||x||² − 2 c·Σ w·x + ||c||² Σ w</c> against the centers the pass assigned to.
    /// That has the same cancellation as scikit-learn's in-loop inertia for data far from the origin; the final
    /// inertia is exact.
    /// </summary>
    private (double Inertia, long Changed) Merge(double[] sums, double[] weights)
    {
        double inertia = 0;
        long changed = 0;
        bool fromSums = false;
        for (int chunk = 0; chunk < _data.ChunkCount; chunk++)
        {
            inertia += _partials[chunk * PartialStride];
            changed += (long)_partials[(chunk * PartialStride) + 1];
            fromSums |= double.IsNaN(_partials[chunk * PartialStride]);
        }

        if (!fromSums)
        {
            _sums.Total(sums, weights);
            return (inertia, changed);
        }

        var squaredNorms = new double[_k];
        _sums.Total(sums, weights, squaredNorms);
        inertia = 0;
        for (int c = 0; c < _k; c++)
        {
            ReadOnlySpan<double> center = _centers.AsSpan(c * _d, _d);
            double dot = 0;
            double norm = 0;
            for (int j = 0; j < _d; j++)
            {
                dot += center[j] * sums[(c * _d) + j];
                norm += center[j] * center[j];
            }

            inertia += Math.Max(0, squaredNorms[c] - (2 * dot) + (norm * weights[c]));
        }

        return (inertia, changed);
    }

    /// <summary>New centers into <see cref="_newCenters"/>; returns the total squared shift and fills each center's drift.</summary>
    private double UpdateCenters(double[] sums, double[] weights, double[] drift)
    {
        double total = 0;
        for (int c = 0; c < _k; c++)
        {
            // A cluster that relocation could not fill (every donor would be emptied) keeps its center rather than
            // dividing by zero.
            bool empty = !(weights[c] > 0);
            double scale = 1.0 / weights[c];
            for (int j = 0; j < _d; j++)
            {
                int index = (c * _d) + j;
                _newCenters[index] = empty ? _centers[index] : sums[index] * scale;
            }

            double shift = RowOps.SquaredDistance(_newCenters.AsSpan(c * _d, _d), _centers.AsSpan(c * _d, _d));

            drift[c] = Math.Sqrt(shift);
            total += shift;
        }

        return total;
    }

    /// <summary>A worker's scratch for one pass, reused from earlier passes: fresh arrays every iteration cost page faults and GCs.</summary>
    private Scratch RentScratch() => _scratchPool.TryTake(out Scratch? scratch) ? scratch : new Scratch(_data.ChunkSize);

    private void ReturnScratch(Scratch scratch) => _scratchPool.Add(scratch);

    private sealed class Scratch(int size)
    {
        private int[]? _groupGather;
        private int[]? _groupCounts;

        public int[] Labels { get; } = new int[size];

        public T[] Best { get; } = new T[size];

        public T[] Second { get; } = new T[size];

        public int[] Gather { get; } = new int[size];

        /// <summary>The rows the float32 screen leaves to the float64 kernel.</summary>
        public int[] Uncertain { get; } = new int[size];

        /// <summary>The float32 screen's per-tile thresholds (at most one tile per row).</summary>
        public float[] Thresholds { get; } = new float[size];

        public bool[] Active { get; } = new bool[size];

        public T[] BestScore { get; } = new T[size];

        public int[] BestCenter { get; } = new int[size];

        public int[] BestGroup { get; } = new int[size];

        public T[] BestSecond { get; } = new T[size];

        /// <summary>
        /// Room for a list of up to <c>size</c> points per Yinyang group, and the lists' lengths (the number of groups
        /// can change between runs; on the heap, because k, and with it the number of groups, has no small bound).
        /// </summary>
        public (int[] Lists, int[] Counts) GroupGather(int groups)
        {
            if (_groupGather is null || _groupGather.Length < groups * size)
            {
                _groupGather = new int[groups * size];
                _groupCounts = new int[groups];
            }

            return (_groupGather, _groupCounts!);
        }
    }
}
