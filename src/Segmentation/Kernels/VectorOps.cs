using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Segmentation.Kernels;

/// <summary>
/// The handful of vector operations the distance kernels need, implemented once per register width so that one
/// generic loop driver serves every path (as TensorPrimitives' operator structs do). The JIT specialises each
/// struct instantiation, so the abstraction costs nothing.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
/// <typeparam name="TVec">The register type.</typeparam>
internal interface IVectorOps<T, TVec>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TVec : struct
{
    /// <summary>The number of lanes.</summary>
    static abstract int Count { get; }

    static abstract TVec Load(ref T source);

    static abstract void Store(TVec value, ref T destination);

    static abstract TVec Broadcast(T value);

    /// <summary><c>a × b + c</c>, fused where the hardware can (the same choice on every path, so paths agree).</summary>
    static abstract TVec MultiplyAdd(TVec a, TVec b, TVec c);

    static abstract TVec Add(TVec a, TVec b);

    static abstract TVec Subtract(TVec a, TVec b);

    static abstract TVec Multiply(TVec a, TVec b);

    static abstract TVec Min(TVec a, TVec b);

    static abstract TVec Max(TVec a, TVec b);

    /// <summary>Lane-wise absolute value.</summary>
    static abstract TVec Abs(TVec a);

    /// <summary>Lane-wise square root (correctly rounded on every path).</summary>
    static abstract TVec Sqrt(TVec a);

    /// <summary>The sum of the lanes.</summary>
    static abstract T Sum(TVec a);

    /// <summary>Lane-wise <c>a &lt; b ? ifLess : otherwise</c>.</summary>
    static abstract TVec SelectLess(TVec a, TVec b, TVec ifLess, TVec otherwise);

    /// <summary>Stores the lanes (small whole numbers, such as center indices) as <see cref="int"/>s.</summary>
    static abstract void StoreAsInt32(TVec value, Span<int> destination);
}

/// <summary>One lane: the reference path, and the path when no SIMD is available.</summary>
internal readonly struct ScalarOps<T> : IVectorOps<T, T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static int Count => 1;

    public static T Load(ref T source) => source;

    public static void Store(T value, ref T destination) => destination = value;

    public static T Broadcast(T value) => value;

    public static T MultiplyAdd(T a, T b, T c) => T.MultiplyAddEstimate(a, b, c);

    public static T Add(T a, T b) => a + b;

    public static T Subtract(T a, T b) => a - b;

    public static T Multiply(T a, T b) => a * b;

    public static T Min(T a, T b) => a < b ? a : b;

    public static T Max(T a, T b) => a > b ? a : b;

    public static T Abs(T a) => T.Abs(a);

    public static T Sqrt(T a) => T.Sqrt(a);

    public static T Sum(T a) => a;

    public static T SelectLess(T a, T b, T ifLess, T otherwise) => a < b ? ifLess : otherwise;

    public static void StoreAsInt32(T value, Span<int> destination) => destination[0] = int.CreateTruncating(value);
}

/// <summary>128-bit registers (SSE, AdvSimd).</summary>
internal readonly struct Vector128Ops<T> : IVectorOps<T, Vector128<T>>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static int Count => Vector128<T>.Count;

    public static Vector128<T> Load(ref T source) => Vector128.LoadUnsafe(ref source);

    public static void Store(Vector128<T> value, ref T destination) => value.StoreUnsafe(ref destination);

    public static Vector128<T> Broadcast(T value) => Vector128.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> MultiplyAdd(Vector128<T> a, Vector128<T> b, Vector128<T> c)
    {
        if (typeof(T) == typeof(double))
        {
            return Vector128.MultiplyAddEstimate(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        }

        return Vector128.MultiplyAddEstimate(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
    }

    public static Vector128<T> Add(Vector128<T> a, Vector128<T> b) => a + b;

    public static Vector128<T> Subtract(Vector128<T> a, Vector128<T> b) => a - b;

    public static Vector128<T> Multiply(Vector128<T> a, Vector128<T> b) => a * b;

    public static Vector128<T> Min(Vector128<T> a, Vector128<T> b) => Vector128.MinNative(a, b);

    public static Vector128<T> Max(Vector128<T> a, Vector128<T> b) => Vector128.MaxNative(a, b);

    public static Vector128<T> Abs(Vector128<T> a) => Vector128.Abs(a);

    public static Vector128<T> Sqrt(Vector128<T> a) => Vector128.Sqrt(a);

    public static T Sum(Vector128<T> a) => Vector128.Sum(a);

    public static Vector128<T> SelectLess(Vector128<T> a, Vector128<T> b, Vector128<T> ifLess, Vector128<T> otherwise)
        => Vector128.ConditionalSelect(Vector128.LessThan(a, b), ifLess, otherwise);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreAsInt32(Vector128<T> value, Span<int> destination)
    {
        if (typeof(T) == typeof(float))
        {
            Vector128.ConvertToInt32(value.AsSingle()).CopyTo(destination);
            return;
        }

        for (int lane = 0; lane < Vector128<T>.Count; lane++)
        {
            destination[lane] = int.CreateTruncating(value.GetElement(lane));
        }
    }
}

/// <summary>256-bit registers (AVX2).</summary>
internal readonly struct Vector256Ops<T> : IVectorOps<T, Vector256<T>>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static int Count => Vector256<T>.Count;

    public static Vector256<T> Load(ref T source) => Vector256.LoadUnsafe(ref source);

    public static void Store(Vector256<T> value, ref T destination) => value.StoreUnsafe(ref destination);

    public static Vector256<T> Broadcast(T value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MultiplyAdd(Vector256<T> a, Vector256<T> b, Vector256<T> c)
    {
        if (typeof(T) == typeof(double))
        {
            return Vector256.MultiplyAddEstimate(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        }

        return Vector256.MultiplyAddEstimate(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
    }

    public static Vector256<T> Add(Vector256<T> a, Vector256<T> b) => a + b;

    public static Vector256<T> Subtract(Vector256<T> a, Vector256<T> b) => a - b;

    public static Vector256<T> Multiply(Vector256<T> a, Vector256<T> b) => a * b;

    public static Vector256<T> Min(Vector256<T> a, Vector256<T> b) => Vector256.MinNative(a, b);

    public static Vector256<T> Max(Vector256<T> a, Vector256<T> b) => Vector256.MaxNative(a, b);

    public static Vector256<T> Abs(Vector256<T> a) => Vector256.Abs(a);

    public static Vector256<T> Sqrt(Vector256<T> a) => Vector256.Sqrt(a);

    public static T Sum(Vector256<T> a) => Vector256.Sum(a);

    public static Vector256<T> SelectLess(Vector256<T> a, Vector256<T> b, Vector256<T> ifLess, Vector256<T> otherwise)
        => Vector256.ConditionalSelect(Vector256.LessThan(a, b), ifLess, otherwise);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreAsInt32(Vector256<T> value, Span<int> destination)
    {
        if (typeof(T) == typeof(float))
        {
            Vector256.ConvertToInt32(value.AsSingle()).CopyTo(destination);
        }
        else if (Avx.IsSupported)
        {
            Avx.ConvertToVector128Int32WithTruncation(value.AsDouble()).CopyTo(destination);
        }
        else
        {
            for (int lane = 0; lane < Vector256<T>.Count; lane++)
            {
                destination[lane] = int.CreateTruncating(value.GetElement(lane));
            }
        }
    }
}

/// <summary>512-bit registers (AVX-512). Written out explicitly because <see cref="Vector{T}"/> stays 256-bit.</summary>
internal readonly struct Vector512Ops<T> : IVectorOps<T, Vector512<T>>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static int Count => Vector512<T>.Count;

    public static Vector512<T> Load(ref T source) => Vector512.LoadUnsafe(ref source);

    public static void Store(Vector512<T> value, ref T destination) => value.StoreUnsafe(ref destination);

    public static Vector512<T> Broadcast(T value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MultiplyAdd(Vector512<T> a, Vector512<T> b, Vector512<T> c)
    {
        if (typeof(T) == typeof(double))
        {
            return Vector512.MultiplyAddEstimate(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        }

        return Vector512.MultiplyAddEstimate(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
    }

    public static Vector512<T> Add(Vector512<T> a, Vector512<T> b) => a + b;

    public static Vector512<T> Subtract(Vector512<T> a, Vector512<T> b) => a - b;

    public static Vector512<T> Multiply(Vector512<T> a, Vector512<T> b) => a * b;

    public static Vector512<T> Min(Vector512<T> a, Vector512<T> b) => Vector512.MinNative(a, b);

    public static Vector512<T> Max(Vector512<T> a, Vector512<T> b) => Vector512.MaxNative(a, b);

    public static Vector512<T> Abs(Vector512<T> a) => Vector512.Abs(a);

    public static Vector512<T> Sqrt(Vector512<T> a) => Vector512.Sqrt(a);

    public static T Sum(Vector512<T> a) => Vector512.Sum(a);

    public static Vector512<T> SelectLess(Vector512<T> a, Vector512<T> b, Vector512<T> ifLess, Vector512<T> otherwise)
        => Vector512.ConditionalSelect(Vector512.LessThan(a, b), ifLess, otherwise);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreAsInt32(Vector512<T> value, Span<int> destination)
    {
        if (typeof(T) == typeof(float))
        {
            Vector512.ConvertToInt32(value.AsSingle()).CopyTo(destination);
        }
        else if (Avx512F.IsSupported)
        {
            Avx512F.ConvertToVector256Int32WithTruncation(value.AsDouble()).CopyTo(destination);
        }
        else
        {
            for (int lane = 0; lane < Vector512<T>.Count; lane++)
            {
                destination[lane] = int.CreateTruncating(value.GetElement(lane));
            }
        }
    }
}
