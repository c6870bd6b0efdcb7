using System.Globalization;
using System.Runtime.InteropServices;

namespace Segmentation.Cli.Commands;

/// <summary>
/// On Linux, asks for transparent huge pages on the garbage collector's reserved address range (a kernel in the
/// common <c>madvise</c> mode gives them only where asked), so that large arrays are backed by 2 MB pages: one page
/// fault per 2 MB instead of 512. A 1,000,000-customer run otherwise takes ~400,000 faults, each several microseconds
/// on a virtual machine. NumPy does the same for its large arrays.
/// </summary>
internal static class HugePages
{
    private const int MadviseHugePage = 14;

    /// <summary>Anonymous ranges at least this large are the GC's reservation (it reserves its whole region range at start).</summary>
    private const long MinimumReservation = 1L << 30;

    private static IReadOnlyList<(nint Start, nuint Length)>? s_reservations;

    /// <summary>Finds the GC's reservation (once) and asks for huge pages on it.</summary>
    public static void Request()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        s_reservations ??= FindReservations();
        Renew();
    }

    /// <summary>
    /// Asks again, after a collection that gave memory back: the GC decommits by mapping the range afresh, which drops
    /// the request for those pages.
    /// </summary>
    public static void Renew()
    {
        try
        {
            foreach ((nint start, nuint length) in s_reservations ?? [])
            {
                // Advice only: a kernel without transparent huge pages refuses it, and nothing changes.
                _ = Madvise(start, length, MadviseHugePage);
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // A C library without madvise (not glibc or musl): small pages, as before.
            s_reservations = [];
        }
    }

    /// <summary>
    /// The GC's reserved ranges, read from <c>/proc/self/maps</c>: runs of adjacent anonymous mappings (the reservation,
    /// split where parts of it are committed) of at least <see cref="MinimumReservation"/>. Empty where there is none to read.
    /// </summary>
    internal static List<(nint Start, nuint Length)> FindReservations()
    {
        var found = new List<(nint, nuint)>();
        try
        {
            ulong runStart = 0;
            ulong runEnd = 0;
            foreach (string line in File.ReadLines("/proc/self/maps"))
            {
                // "start-end perms offset device inode [path]": five fields for an anonymous mapping.
                string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length != 5)
                {
                    continue;
                }

                int dash = fields[0].IndexOf('-', StringComparison.Ordinal);
                ulong start = ulong.Parse(fields[0].AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                ulong end = ulong.Parse(fields[0].AsSpan(dash + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (start != runEnd)
                {
                    Add(found, runStart, runEnd);
                    runStart = start;
                }

                runEnd = end;
            }

            Add(found, runStart, runEnd);
        }
        catch (IOException)
        {
            // No /proc: nothing to ask for.
        }
        catch (UnauthorizedAccessException)
        {
        }

        return found;

        static void Add(List<(nint, nuint)> found, ulong start, ulong end)
        {
            if (end - start >= MinimumReservation)
            {
                found.Add(((nint)start, (nuint)(end - start)));
            }
        }
    }

    [DllImport("libc", EntryPoint = "madvise")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Madvise(nint address, nuint length, int advice);
}
