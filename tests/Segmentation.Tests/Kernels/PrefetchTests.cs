using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Segmentation.Kernels;

namespace Segmentation.Tests.Kernels;

public class PrefetchTests
{
    // A hint must never fault (any index, a null slot, an empty array) nor change what it is asked about.
    [Property(MaxTest = 300)]
    public Property Hints_AnyIndexAndContents_NeverThrowAndChangeNothing(string?[] ids, double[] values, int index)
    {
        string?[] idsBefore = [.. ids];
        double[] valuesBefore = [.. values];

        Prefetch.Element(ids, index);
        Prefetch.Referenced(ids, index);
        Prefetch.Element(values, index);
        Prefetch.Element((ReadOnlySpan<double>)values, index);
        Prefetch.Element(values, index % Math.Max(1, values.Length));

        return (ids.SequenceEqual(idsBefore) && values.SequenceEqual(valuesBefore)).Label("a prefetch hint changed the array");
    }

    [Fact]
    public void Referenced_NullAndOutOfRangeSlots_DoNothing()
    {
        string?[] ids = [null, "a0", null];

        for (int index = -2; index <= ids.Length + 1; index++)
        {
            Prefetch.Element(ids, index);
            Prefetch.Referenced(ids, index);
        }

        Assert.Equal(new string?[] { null, "a0", null }, (IEnumerable<string?>)ids);
    }
}
