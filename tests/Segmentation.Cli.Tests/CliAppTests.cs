namespace Segmentation.Cli.Tests;

public sealed class CliAppTests
{
    [Theory]
    [InlineData("clusterr", "cluster")]
    [InlineData("clustr", "cluster")]
    [InlineData("selectk", "select-k")]
    [InlineData("TRACK", "track")]
    [InlineData("evalute", "evaluate")]
    public void Closest_Typo_SuggestsTheCommand(string typed, string expected) =>
        Assert.Equal(expected, CliApp.Closest(typed, ["cluster", "run", "track", "suggest-eps", "score", "rules", "select-k", "evaluate"]));

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("x")]
    public void Closest_NothingClose_SuggestsNothing(string typed) =>
        Assert.Null(CliApp.Closest(typed, ["cluster", "run", "track", "evaluate"]));

    [Theory]
    [InlineData("", "", 0)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("--thread", "--threads", 1)]
    [InlineData("abc", "", 3)]
    public void EditDistance_KnownPairs_AreLevenshtein(string a, string b, int expected) =>
        Assert.Equal(expected, CliApp.EditDistance(a, b));

    [Fact]
    public void OneLine_JsonPosition_BecomesOneBasedLineAndByte() =>
        Assert.Equal(
            "it is not valid JSON ('x' is invalid. (line 3, byte 5)); fix it.",
            CliApp.OneLine("it is not valid JSON ('x' is invalid. LineNumber: 2 | BytePositionInLine: 4.); fix it."));

    [Fact]
    public void Run_Version_NamesTheVectorWidthInUse()
    {
        using var runner = new CliRunner();
        CliResult result = runner.Run("--version");
        string expected = System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? "Vector512"
            : System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? "Vector256"
            : System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated ? "Vector128" : "scalar";
        Assert.Equal(0, result.ExitCode);
        Assert.Matches($@"^\d+\.\d+\.\d+\S* \({expected}\)\r?\n$", result.Out);
    }
}
