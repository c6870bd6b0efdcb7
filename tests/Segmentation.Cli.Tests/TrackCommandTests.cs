namespace Segmentation.Cli.Tests;

public sealed class TrackCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Track_TwoAssignmentFiles_WritesFromToCustomersAndCurrentOrPreviousValue()
    {
        string before = _cli.Write("a.csv", "id,segment,arr\na,Champions,100\nb,Champions,50\nc,\"At risk, soon\",10\nd,\"At risk, soon\",20\n");
        string after = _cli.Write("b.csv", "id,segment,arr\na,Champions,120\nb,\"At risk, soon\",40\nc,\"At risk, soon\",10\ne,Champions,5\n");

        CliResult result = _cli.Run("track", "--previous", before, "--current", after, "--id-column", "id", "--segment-column", "segment",
            "--value-column", "arr", "--output", _cli.PathOf("t.csv"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            [
                "from,to,customers,arr",
                "(new),Champions,1,5",
                "\"At risk, soon\",(gone),1,20",
                "\"At risk, soon\",\"At risk, soon\",1,10",
                "Champions,\"At risk, soon\",1,40",
                "Champions,Champions,1,120",
            ],
            File.ReadAllLines(_cli.PathOf("t.csv")));
        Assert.Contains("stability 66.7%", result.Out);
    }

    [Fact]
    public void Track_WithoutValueColumn_WritesCountsOnly()
    {
        string before = _cli.Write("a.csv", "id,s\na,X\n");
        string after = _cli.Write("b.csv", "id,s\na,Y\n");
        CliResult result = _cli.Run("track", "--previous", before, "--current", after, "--id-column", "id", "--segment-column", "s", "--output", _cli.PathOf("t.csv"));
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["from,to,customers", "X,Y,1"], File.ReadAllLines(_cli.PathOf("t.csv")));
    }

    [Fact]
    public void Track_DuplicateId_Exit3NamingTheLine()
    {
        string before = _cli.Write("a.csv", "id,s\na,X\na,Y\n");
        string after = _cli.Write("b.csv", "id,s\na,Y\n");
        CliResult result = _cli.Run("track", "--previous", before, "--current", after, "--id-column", "id", "--segment-column", "s", "--output", _cli.PathOf("t.csv"));
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("line 3, column 'id'", result.Error);
    }

    [Fact]
    public void Track_UnknownSegmentColumn_Exit2()
    {
        string file = _cli.Write("a.csv", "id,s\na,X\n");
        CliResult result = _cli.Run("track", "--previous", file, "--current", file, "--id-column", "id", "--segment-column", "segment", "--output", _cli.PathOf("t.csv"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--segment-column names the column 'segment'", result.Error);
    }

    [Fact]
    public void Track_ValueNotANumber_Exit3()
    {
        string before = _cli.Write("a.csv", "id,s,arr\na,X,lots\n");
        CliResult result = _cli.Run("track", "--previous", before, "--current", before, "--id-column", "id", "--segment-column", "s", "--value-column", "arr", "--output", _cli.PathOf("t.csv"));
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("line 2, column 'arr'", result.Error);
    }
}
