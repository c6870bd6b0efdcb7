using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Segmentation.Kernels;

/// <summary>
/// Cache prefetch hints for reads far apart in memory, such as the worklist's rows in rank order: a hint does not wait
/// for its line, so a loop can ask for the cells of rows it reaches later while it formats this one, and their misses
/// overlap instead of each stalling in turn. A hint never faults and changes no result; where x86's prefetch
/// instruction is missing (ARM64) these do nothing. Rows of a matrix: <see cref="DistanceKernels.PrefetchTile"/>.
/// </summary>
internal static unsafe class Prefetch
{
    /// <summary>Asks for the line holding <paramref name="values"/>[<paramref name="index"/>] (a slot of a reference array too).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Element<T>(T[] values, int index)
    {
        if (Sse.IsSupported && (uint)index < (uint)values.Length)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref values[index]));
        }
    }

    /// <summary>Asks for the line holding <paramref name="values"/>[<paramref name="index"/>].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Element<T>(ReadOnlySpan<T> values, int index)
        where T : unmanaged
    {
        if (Sse.IsSupported && (uint)index < (uint)values.Length)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.AsRef(in values[index])));
        }
    }

    /// <summary>
    /// Asks for the start of the object <paramref name="values"/>[<paramref name="index"/>] refers to (a short string's
    /// length and characters). Reads the slot: ask for it with <see cref="Element{T}(T[], int)"/> some rows before.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Referenced<T>(T?[] values, int index)
        where T : class
    {
        if (Sse.IsSupported && (uint)index < (uint)values.Length && values[index] is T item)
        {
            // The reference read as the address it holds; if a collection moves the object meanwhile the hint is merely wasted.
            Sse.Prefetch0((void*)Unsafe.As<T, nint>(ref item));
        }
    }
}
