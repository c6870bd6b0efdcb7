using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Segmentation.Kernels;

/// <summary>
/// Distances from one point to a run of points stored column by column (coordinate j of slot i at
/// <c>columns[j·stride + i]</c>), so that each lane of a register holds one slot and the loop over dimensions reads
/// contiguous memory: the inner loop of the vector-based hierarchical linkages.
/// </summary>
/// <remarks>
/// <para>One loop driver (<see cref="Scan{TVec, TWidth, TOp}"/>) runs on every register width (512, 256 and 128 bits,
/// the widest the hardware accelerates) and hands each register of squared distances to an operator: store them,
/// find Ward's nearest cluster, or lower Prim's distances to the tree. Each lane accumulates (xⱼ − pⱼ)² over
/// j = 0..d−1 in order with <c>MultiplyAddEstimate</c> (fused wherever the hardware has FMA, on every path alike),
/// which is bit for bit what <see cref="SquaredDistance(ReadOnlySpan{double}, int, int, ReadOnlySpan{double})"/>
/// computes: the chosen slot never depends on which width ran.</para>
/// <para>A slot whose coordinates are NaN (merged away) yields NaN, which no comparison selects; ties go to the lowest
/// slot.</para>
/// </remarks>
internal static class ColumnDistances
{
    /// <summary>1 + 2⁻⁵⁰: covers the three roundings between Ward's screen and its exact key.</summary>
    private const double ScreenMargin = 1 + (1.0 / (1L << 50));

    /// <summary>2⁻¹⁰⁰⁰, added to Ward's screen so that a product rounded into the subnormals still bounds the key.</summary>
    private static readonly double ScreenFloor = Math.ScaleB(1, -1000);

    /// <summary>Σⱼ (columns[j·stride + slot] − point[j])², summed over j in order: the scalar reference of every path.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SquaredDistance(ReadOnlySpan<double> columns, int stride, int slot, ReadOnlySpan<double> point)
    {
        ref double values = ref MemoryMarshal.GetReference(columns);
        double sum = 0;
        for (int j = 0; j < point.Length; j++)
        {
            double diff = Unsafe.Add(ref values, (j * stride) + slot) - point[j];
            sum = double.MultiplyAddEstimate(diff, diff, sum);
        }

        return sum;
    }

    /// <summary>Ward's key of one slot: <c>‖c − p‖² · w / (w_p + w)</c>, as <see cref="WardNearest"/> computes it.</summary>
    public static double WardKey(double squaredDistance, double slotWeight, double scanningWeight) =>
        squaredDistance * slotWeight / (scanningWeight + slotWeight);

    /// <summary><c>output[i] = squared distance from point to slot start + i</c> for i = 0..output.Length−1.</summary>
    public static void SquaredDistances(
        ReadOnlySpan<double> columns, int stride, ReadOnlySpan<double> point, int start, Span<double> output, SimdWidth width = SimdWidth.Widest)
    {
        CheckRange(columns, stride, point, start, output.Length);
        _ = Resolve(width) switch
        {
            SimdWidth.Bits512 => Scan<Vector512<double>, Lanes512, StoredKeys<Vector512<double>, Lanes512>>(columns, stride, point, start, output.Length, new(output), out _),
            SimdWidth.Bits256 => Scan<Vector256<double>, Lanes256, StoredKeys<Vector256<double>, Lanes256>>(columns, stride, point, start, output.Length, new(output), out _),
            SimdWidth.Bits128 => Scan<Vector128<double>, Lanes128, StoredKeys<Vector128<double>, Lanes128>>(columns, stride, point, start, output.Length, new(output), out _),
            _ => Scan<double, Lanes1, StoredKeys<double, Lanes1>>(columns, stride, point, start, output.Length, new(output), out _),
        };
    }

    /// <summary>
    /// Ward's nearest neighbour of <paramref name="point"/> (weight <paramref name="scanningWeight"/>) among slots
    /// start..start+count−1: the first slot with the smallest <see cref="WardKey"/>, NaN keys (dead slots, NaN weight)
    /// never chosen; −1 (and +∞) if none.
    /// </summary>
    public static int WardNearest(
        ReadOnlySpan<double> columns,
        int stride,
        ReadOnlySpan<double> point,
        ReadOnlySpan<double> weights,
        double scanningWeight,
        int start,
        int count,
        out double minimum,
        SimdWidth width = SimdWidth.Widest)
    {
        CheckRange(columns, stride, point, start, count);
        ReadOnlySpan<double> w = weights.Slice(start, count);
        int best = Resolve(width) switch
        {
            SimdWidth.Bits512 => Scan<Vector512<double>, Lanes512, WardKeys<Vector512<double>, Lanes512>>(columns, stride, point, start, count, new(w, scanningWeight), out minimum),
            SimdWidth.Bits256 => Scan<Vector256<double>, Lanes256, WardKeys<Vector256<double>, Lanes256>>(columns, stride, point, start, count, new(w, scanningWeight), out minimum),
            SimdWidth.Bits128 => Scan<Vector128<double>, Lanes128, WardKeys<Vector128<double>, Lanes128>>(columns, stride, point, start, count, new(w, scanningWeight), out minimum),
            _ => Scan<double, Lanes1, WardKeys<double, Lanes1>>(columns, stride, point, start, count, new(w, scanningWeight), out minimum),
        };
        return best < 0 ? -1 : start + best;
    }

    /// <summary>
    /// One step of Prim's algorithm over slots start..start+best.Length−1: lowers <c>best[i]</c> to the Euclidean
    /// distance from <paramref name="point"/> when smaller (NaN never lowers) and returns the first slot with the
    /// smallest <c>best</c> below +∞, or −1.
    /// </summary>
    public static int LowerAndFindNearest(
        ReadOnlySpan<double> columns, int stride, ReadOnlySpan<double> point, Span<double> best, int start, out double minimum, SimdWidth width = SimdWidth.Widest)
    {
        CheckRange(columns, stride, point, start, best.Length);
        int found = Resolve(width) switch
        {
            SimdWidth.Bits512 => Scan<Vector512<double>, Lanes512, PrimKeys<Vector512<double>, Lanes512>>(columns, stride, point, start, best.Length, new(best), out minimum),
            SimdWidth.Bits256 => Scan<Vector256<double>, Lanes256, PrimKeys<Vector256<double>, Lanes256>>(columns, stride, point, start, best.Length, new(best), out minimum),
            SimdWidth.Bits128 => Scan<Vector128<double>, Lanes128, PrimKeys<Vector128<double>, Lanes128>>(columns, stride, point, start, best.Length, new(best), out minimum),
            _ => Scan<double, Lanes1, PrimKeys<double, Lanes1>>(columns, stride, point, start, best.Length, new(best), out minimum),
        };
        return found < 0 ? -1 : start + found;
    }

    private static void CheckRange(ReadOnlySpan<double> columns, int stride, ReadOnlySpan<double> point, int start, int count)
    {
        if (count < 0 || start < 0 || (count > 0 && point.Length > 0 && ((long)(point.Length - 1) * stride) + start + count > columns.Length))
        {
            throw new ArgumentOutOfRangeException(nameof(count), "The slots to scan run past the columns.");
        }
    }

    /// <summary>The width to run: the one asked for, or for <see cref="SimdWidth.Widest"/> the widest the hardware accelerates.</summary>
    private static SimdWidth Resolve(SimdWidth width) => width != SimdWidth.Widest ? width
        : Vector512.IsHardwareAccelerated ? SimdWidth.Bits512
        : Vector256.IsHardwareAccelerated ? SimdWidth.Bits256
        : Vector128.IsHardwareAccelerated ? SimdWidth.Bits128
        : SimdWidth.Scalar;

    /// <summary>
    /// The one loop driver: four registers of slots at a time (independent accumulators hide the latency of the
    /// dependent adds along j), then one register at a time, then slot by slot. Each register of squared distances
    /// becomes keys (<typeparamref name="TKeys"/>), and the driver keeps the first smallest key: each lane its own
    /// first strict minimum, the lanes reduced (lowest slot on equal keys) before the tail, whose slots are all
    /// higher and so win only when strictly smaller. The state stays in locals (registers), not in the operator.
    /// </summary>
    /// <returns>The offset (from <paramref name="start"/>) of the first smallest key, or −1 when no key is below +∞.</returns>
    private static int Scan<TVec, TWidth, TKeys>(
        ReadOnlySpan<double> columns, int stride, ReadOnlySpan<double> point, int start, int count, TKeys keys, out double minimum)
        where TVec : struct
        where TWidth : struct, ILanes<TVec>
        where TKeys : IKeys<TVec>, allows ref struct
    {
        int d = point.Length;
        int w = TWidth.Count;
        ref double values = ref Unsafe.Add(ref MemoryMarshal.GetReference(columns), start);
        ref double p = ref MemoryMarshal.GetReference(point);
        TVec laneMinimum = TWidth.Broadcast(double.PositiveInfinity);
        TVec laneBest = TWidth.Broadcast(-1);
        int i = 0;
        for (; i <= count - (4 * w); i += 4 * w)
        {
            TVec a0 = TWidth.Zero, a1 = a0, a2 = a0, a3 = a0;
            for (int j = 0; j < d; j++)
            {
                ref double column = ref Unsafe.Add(ref values, (j * stride) + i);
                TVec pj = TWidth.Broadcast(Unsafe.Add(ref p, j));
                a0 = TWidth.SquareAdd(TWidth.Load(ref column), pj, a0);
                a1 = TWidth.SquareAdd(TWidth.Load(ref Unsafe.Add(ref column, w)), pj, a1);
                a2 = TWidth.SquareAdd(TWidth.Load(ref Unsafe.Add(ref column, 2 * w)), pj, a2);
                a3 = TWidth.SquareAdd(TWidth.Load(ref Unsafe.Add(ref column, 3 * w)), pj, a3);
            }

            keys.Lanes(a0, i, ref laneMinimum, ref laneBest);
            keys.Lanes(a1, i + w, ref laneMinimum, ref laneBest);
            keys.Lanes(a2, i + (2 * w), ref laneMinimum, ref laneBest);
            keys.Lanes(a3, i + (3 * w), ref laneMinimum, ref laneBest);
        }

        for (; i <= count - w; i += w)
        {
            TVec a = TWidth.Zero;
            for (int j = 0; j < d; j++)
            {
                a = TWidth.SquareAdd(TWidth.Load(ref Unsafe.Add(ref values, (j * stride) + i)), TWidth.Broadcast(Unsafe.Add(ref p, j)), a);
            }

            keys.Lanes(a, i, ref laneMinimum, ref laneBest);
        }

        double min = double.PositiveInfinity;
        int best = -1;
        for (int lane = 0; lane < w && i > 0; lane++)
        {
            double key = TWidth.Element(laneMinimum, lane);
            int at = (int)TWidth.Element(laneBest, lane);
            if (at >= 0 && (key < min || (key == min && at < best)))
            {
                min = key;
                best = at;
            }
        }

        for (; i < count; i++)
        {
            double sum = 0;
            for (int j = 0; j < d; j++)
            {
                double diff = Unsafe.Add(ref values, (j * stride) + i) - Unsafe.Add(ref p, j);
                sum = double.MultiplyAddEstimate(diff, diff, sum);
            }

            double key = keys.One(sum, i);
            if (key < min)
            {
                min = key;
                best = i;
            }
        }

        minimum = min;
        return best;
    }

    /// <summary>Each lane keeps its key and slot when the key is strictly below the lane's minimum (never NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Keep<TVec, TWidth>(TVec key, int offset, ref TVec laneMinimum, ref TVec laneBest)
        where TVec : struct
        where TWidth : struct, ILanes<TVec>
    {
        laneBest = TWidth.SelectLess(key, laneMinimum, TWidth.Indices(offset), laneBest);
        laneMinimum = TWidth.SelectLess(key, laneMinimum, key, laneMinimum);
    }

    /// <summary>Turns a register (or a tail slot) of squared distances into the keys the driver compares.</summary>
    private interface IKeys<TVec>
        where TVec : struct
    {
        /// <summary>
        /// Slots offset..offset+width−1 (relative to the scan's start): computes their keys and, through
        /// <see cref="Keep{TVec, TWidth}"/>, lowers the lanes' minima (the driver's locals).
        /// </summary>
        void Lanes(TVec squared, int offset, ref TVec laneMinimum, ref TVec laneBest);

        /// <summary>One tail slot.</summary>
        double One(double squared, int offset);
    }

    /// <summary>The register operations of one width, for <see cref="double"/> lanes.</summary>
    internal interface ILanes<TVec>
        where TVec : struct
    {
        static abstract int Count { get; }

        static abstract TVec Zero { get; }

        static abstract TVec Load(ref double source);

        static abstract void Store(TVec value, ref double destination);

        static abstract TVec Broadcast(double value);

        /// <summary>(x − p)² + acc, multiply-add fused exactly when the scalar <c>double.MultiplyAddEstimate</c> is.</summary>
        static abstract TVec SquareAdd(TVec x, TVec p, TVec acc);

        static abstract TVec Add(TVec a, TVec b);

        static abstract TVec Multiply(TVec a, TVec b);

        static abstract TVec Divide(TVec a, TVec b);

        static abstract TVec Sqrt(TVec a);

        /// <summary>Lane-wise <c>a &lt; b ? ifLess : otherwise</c> (false for NaN).</summary>
        static abstract TVec SelectLess(TVec a, TVec b, TVec ifLess, TVec otherwise);

        /// <summary>Whether a ≤ b in any lane (false for NaN).</summary>
        static abstract bool AnyLessOrEqual(TVec a, TVec b);

        /// <summary>offset, offset+1, ..., offset+Count−1.</summary>
        static abstract TVec Indices(int offset);

        static abstract double Element(TVec value, int lane);
    }

    private readonly struct Lanes512 : ILanes<Vector512<double>>
    {
        private static readonly Vector512<double> Ramp = Vector512.Create(0.0, 1, 2, 3, 4, 5, 6, 7);

        public static int Count => Vector512<double>.Count;

        public static Vector512<double> Zero => Vector512<double>.Zero;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Load(ref double source) => Vector512.LoadUnsafe(ref source);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Vector512<double> value, ref double destination) => value.StoreUnsafe(ref destination);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Broadcast(double value) => Vector512.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> SquareAdd(Vector512<double> x, Vector512<double> p, Vector512<double> acc)
        {
            Vector512<double> diff = x - p;
            return Vector512.MultiplyAddEstimate(diff, diff, acc);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Add(Vector512<double> a, Vector512<double> b) => a + b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Multiply(Vector512<double> a, Vector512<double> b) => a * b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Divide(Vector512<double> a, Vector512<double> b) => a / b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Sqrt(Vector512<double> a) => Vector512.Sqrt(a);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> SelectLess(Vector512<double> a, Vector512<double> b, Vector512<double> ifLess, Vector512<double> otherwise) =>
            Vector512.ConditionalSelect(Vector512.LessThan(a, b), ifLess, otherwise);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool AnyLessOrEqual(Vector512<double> a, Vector512<double> b) => Vector512.LessThanOrEqualAny(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Indices(int offset) => Vector512.Create((double)offset) + Ramp;

        public static double Element(Vector512<double> value, int lane) => value.GetElement(lane);
    }

    private readonly struct Lanes256 : ILanes<Vector256<double>>
    {
        private static readonly Vector256<double> Ramp = Vector256.Create(0.0, 1, 2, 3);

        public static int Count => Vector256<double>.Count;

        public static Vector256<double> Zero => Vector256<double>.Zero;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Load(ref double source) => Vector256.LoadUnsafe(ref source);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Vector256<double> value, ref double destination) => value.StoreUnsafe(ref destination);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Broadcast(double value) => Vector256.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> SquareAdd(Vector256<double> x, Vector256<double> p, Vector256<double> acc)
        {
            Vector256<double> diff = x - p;
            return Vector256.MultiplyAddEstimate(diff, diff, acc);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Add(Vector256<double> a, Vector256<double> b) => a + b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Multiply(Vector256<double> a, Vector256<double> b) => a * b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Divide(Vector256<double> a, Vector256<double> b) => a / b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Sqrt(Vector256<double> a) => Vector256.Sqrt(a);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> SelectLess(Vector256<double> a, Vector256<double> b, Vector256<double> ifLess, Vector256<double> otherwise) =>
            Vector256.ConditionalSelect(Vector256.LessThan(a, b), ifLess, otherwise);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool AnyLessOrEqual(Vector256<double> a, Vector256<double> b) => Vector256.LessThanOrEqualAny(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Indices(int offset) => Vector256.Create((double)offset) + Ramp;

        public static double Element(Vector256<double> value, int lane) => value.GetElement(lane);
    }

    private readonly struct Lanes128 : ILanes<Vector128<double>>
    {
        private static readonly Vector128<double> Ramp = Vector128.Create(0.0, 1);

        public static int Count => Vector128<double>.Count;

        public static Vector128<double> Zero => Vector128<double>.Zero;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Load(ref double source) => Vector128.LoadUnsafe(ref source);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Vector128<double> value, ref double destination) => value.StoreUnsafe(ref destination);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Broadcast(double value) => Vector128.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> SquareAdd(Vector128<double> x, Vector128<double> p, Vector128<double> acc)
        {
            Vector128<double> diff = x - p;
            return Vector128.MultiplyAddEstimate(diff, diff, acc);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Add(Vector128<double> a, Vector128<double> b) => a + b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Multiply(Vector128<double> a, Vector128<double> b) => a * b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Divide(Vector128<double> a, Vector128<double> b) => a / b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Sqrt(Vector128<double> a) => Vector128.Sqrt(a);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> SelectLess(Vector128<double> a, Vector128<double> b, Vector128<double> ifLess, Vector128<double> otherwise) =>
            Vector128.ConditionalSelect(Vector128.LessThan(a, b), ifLess, otherwise);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool AnyLessOrEqual(Vector128<double> a, Vector128<double> b) => Vector128.LessThanOrEqualAny(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Indices(int offset) => Vector128.Create((double)offset) + Ramp;

        public static double Element(Vector128<double> value, int lane) => value.GetElement(lane);
    }

    /// <summary>One lane: the path when no SIMD is available (and a width the tests run directly).</summary>
    private readonly struct Lanes1 : ILanes<double>
    {
        public static int Count => 1;

        public static double Zero => 0;

        public static double Load(ref double source) => source;

        public static void Store(double value, ref double destination) => destination = value;

        public static double Broadcast(double value) => value;

        public static double SquareAdd(double x, double p, double acc)
        {
            double diff = x - p;
            return double.MultiplyAddEstimate(diff, diff, acc);
        }

        public static double Add(double a, double b) => a + b;

        public static double Multiply(double a, double b) => a * b;

        public static double Divide(double a, double b) => a / b;

        public static double Sqrt(double a) => Math.Sqrt(a);

        public static double SelectLess(double a, double b, double ifLess, double otherwise) => a < b ? ifLess : otherwise;

        public static bool AnyLessOrEqual(double a, double b) => a <= b;

        public static double Indices(int offset) => offset;

        public static double Element(double value, int lane) => value;
    }

    /// <summary>The squared distances themselves, written to the output on the way.</summary>
    private readonly ref struct StoredKeys<TVec, TWidth>(Span<double> output) : IKeys<TVec>
        where TVec : struct
        where TWidth : struct, ILanes<TVec>
    {
        private readonly Span<double> _output = output;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Lanes(TVec squared, int offset, ref TVec laneMinimum, ref TVec laneBest)
        {
            TWidth.Store(squared, ref Unsafe.Add(ref MemoryMarshal.GetReference(_output), offset));
            Keep<TVec, TWidth>(squared, offset, ref laneMinimum, ref laneBest);
        }

        public double One(double squared, int offset) => _output[offset] = squared;
    }

    /// <summary>Ward's key <c>d² · w_i / (w_x + w_i)</c>, NaN for a NaN weight.</summary>
    private readonly ref struct WardKeys<TVec, TWidth>(ReadOnlySpan<double> weights, double scanningWeight) : IKeys<TVec>
        where TVec : struct
        where TWidth : struct, ILanes<TVec>
    {
        private readonly ReadOnlySpan<double> _weights = weights;
        private readonly double _scanningWeight = scanningWeight;
        private readonly TVec _wx = TWidth.Broadcast(scanningWeight);

        /// <remarks>
        /// The division is the costliest step and almost no register improves on the lanes' minima once a scan is
        /// under way, so it is screened first: with t = d²·w_i and q = w_x + w_i (both rounded as in the key), a lane
        /// whose t exceeds m·q·(1 + 2⁻⁵⁰) + 2⁻¹⁰⁰⁰ (each step rounded; the floor covers underflow) has t/q &gt; m, so
        /// its rounded key is ≥ m and cannot win (a strict minimum); NaN never passes. Only registers with a lane that may improve are divided, exactly.
        /// </remarks>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Lanes(TVec squared, int offset, ref TVec laneMinimum, ref TVec laneBest)
        {
            TVec wi = TWidth.Load(ref Unsafe.Add(ref MemoryMarshal.GetReference(_weights), offset));
            TVec t = TWidth.Multiply(squared, wi);
            TVec q = TWidth.Add(_wx, wi);
            TVec bound = TWidth.Add(TWidth.Multiply(TWidth.Multiply(laneMinimum, q), TWidth.Broadcast(ScreenMargin)), TWidth.Broadcast(ScreenFloor));
            if (TWidth.AnyLessOrEqual(t, bound))
            {
                Keep<TVec, TWidth>(TWidth.Divide(t, q), offset, ref laneMinimum, ref laneBest);
            }
        }

        public double One(double squared, int offset) => WardKey(squared, _weights[offset], _scanningWeight);
    }

    /// <summary>Prim's step: the Euclidean distance lowers <c>best</c>, which is the key.</summary>
    private readonly ref struct PrimKeys<TVec, TWidth>(Span<double> best) : IKeys<TVec>
        where TVec : struct
        where TWidth : struct, ILanes<TVec>
    {
        private readonly Span<double> _best = best;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Lanes(TVec squared, int offset, ref TVec laneMinimum, ref TVec laneBest)
        {
            ref double slot = ref Unsafe.Add(ref MemoryMarshal.GetReference(_best), offset);
            TVec dist = TWidth.Sqrt(squared);
            TVec old = TWidth.Load(ref slot);
            TVec lowered = TWidth.SelectLess(dist, old, dist, old);
            TWidth.Store(lowered, ref slot);
            Keep<TVec, TWidth>(lowered, offset, ref laneMinimum, ref laneBest);
        }

        public double One(double squared, int offset)
        {
            double dist = Math.Sqrt(squared);
            if (dist < _best[offset])
            {
                _best[offset] = dist;
            }

            return _best[offset];
        }
    }
}

/// <summary>The register width a <see cref="ColumnDistances"/> scan runs on.</summary>
internal enum SimdWidth
{
    /// <summary>The widest the hardware accelerates.</summary>
    Widest,

    /// <summary>Vector512 (emulated where the hardware has no AVX-512).</summary>
    Bits512,

    /// <summary>Vector256.</summary>
    Bits256,

    /// <summary>Vector128.</summary>
    Bits128,

    /// <summary>One lane at a time.</summary>
    Scalar,
}
