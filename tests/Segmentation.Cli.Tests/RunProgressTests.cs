namespace Segmentation.Cli.Tests;

/// <summary><c>segment run --verbose</c>: how far the long steps are, on stderr only.</summary>
public sealed class RunProgressTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Run_Verbose_ShowsProgressOnStderrAndLeavesStdoutAsItIs()
    {
        CliResult quiet = _cli.Run("run", "--no-store", "--out", _cli.PathOf("out"));
        CliResult verbose = _cli.Run("run", "--no-store", "--out", _cli.PathOf("out"), "--verbose");

        Assert.Equal(0, quiet.ExitCode);
        Assert.Equal(0, verbose.ExitCode);
        Assert.Equal(quiet.Out, verbose.Out);
        Assert.DoesNotContain(" of ", quiet.Error, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^scoring: ([\d,]+) of \1 customers \(100%\)$", verbose.Error);
        Assert.Matches(@"(?m)^planning: ([\d,]+) of \1 customers \(100%\)$", verbose.Error);
        Assert.Matches(@"(?m)^writing: ([\d,]+) of \1 rows of worklist\.csv \(100%\)$", verbose.Error);
        Assert.Matches(@"(?m)^writing: ([\d,]+) of \1 rows of assignments\.csv \(100%\)$", verbose.Error);
    }
}
