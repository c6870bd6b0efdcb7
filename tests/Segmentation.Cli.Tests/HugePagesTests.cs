using System.Runtime.InteropServices;
using Segmentation.Cli.Commands;

namespace Segmentation.Cli.Tests;

public class HugePagesTests
{
    [Fact]
    public void FindReservations_OnLinux_HoldsTheHeapsLargeArrays()
    {
        List<(nint Start, nuint Length)> ranges = HugePages.FindReservations();
        if (!OperatingSystem.IsLinux())
        {
            Assert.Empty(ranges);
            return;
        }

        // A large array lives in the GC's reservation, which is what the request must cover.
        byte[] array = GC.AllocateUninitializedArray<byte>(8 << 20, pinned: true);
        nint address = Marshal.UnsafeAddrOfPinnedArrayElement(array, 0);
        Assert.Contains(ranges, r => address >= r.Start && (nuint)(address - r.Start) < r.Length);
    }

    [Fact]
    public void Request_WithTransparentHugePagesOnRequest_BacksANewLargeArrayWithHugePages()
    {
        const string Setting = "/sys/kernel/mm/transparent_hugepage/enabled";
        bool available = OperatingSystem.IsLinux() && File.Exists(Setting) && !File.ReadAllText(Setting).Contains("[never]", StringComparison.Ordinal);

        // Other tests' collections run alongside and may map parts of the heap afresh between the request and a first
        // touch, so the request follows the allocation (as the CLI's own requests follow each step), and a few arrays
        // are tried: without the request none of them gets a huge page.
        long huge = 0;
        var kept = new List<byte[]>();
        for (int attempt = 0; attempt < 3 && huge == 0; attempt++)
        {
            byte[] array = GC.AllocateUninitializedArray<byte>(64 << 20, pinned: true);
            kept.Add(array);
            HugePages.Request();
            for (int i = 0; i < array.Length; i += 4096)
            {
                array[i] = 1;
            }

            huge = AnonHugeKilobytes(Marshal.UnsafeAddrOfPinnedArrayElement(array, 0));
        }

        if (available)
        {
            Assert.True(huge > 0, "no huge page backs a 64 MB array allocated before the request and touched after it");
        }
        else
        {
            Assert.Equal(0, huge);
        }

        GC.KeepAlive(kept);
    }

    /// <summary>The AnonHugePages of the mapping that holds <paramref name="address"/> (0 without /proc).</summary>
    private static long AnonHugeKilobytes(nint address)
    {
        if (!File.Exists("/proc/self/smaps"))
        {
            return 0;
        }

        bool inside = false;
        foreach (string line in File.ReadLines("/proc/self/smaps"))
        {
            int dash = line.IndexOf('-', StringComparison.Ordinal);
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            if (dash > 0 && space > dash && Uri.IsHexDigit(line[0]))
            {
                ulong start = Convert.ToUInt64(line[..dash], 16);
                ulong end = Convert.ToUInt64(line[(dash + 1)..space], 16);
                inside = (ulong)address >= start && (ulong)address < end;
            }
            else if (inside && line.StartsWith("AnonHugePages:", StringComparison.Ordinal))
            {
                return long.Parse(line["AnonHugePages:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
