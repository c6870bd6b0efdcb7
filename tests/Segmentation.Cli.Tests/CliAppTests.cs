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

    /// <summary>Every command, found by walking the "Commands:" sections of the help from the root down, prints its usage and exits 0 on --help (required options are not checked then).</summary>
    [Fact]
    public void Help_EveryCommand_PrintsUsageAndExits0()
    {
        using var runner = new CliRunner();
        var pending = new Queue<string[]>([[]]);
        var visited = new List<string>();
        while (pending.TryDequeue(out string[]? path))
        {
            CliResult result = runner.Run([.. path, "--help"]);
            string name = string.Join(' ', path);
            Assert.True(result.ExitCode == 0, $"'{name} --help' exited {result.ExitCode}: {result.Error}");
            Assert.Equal(string.Empty, result.Error);
            Assert.Contains("Usage:", result.Out, StringComparison.Ordinal);
            visited.Add(name);
            foreach (string sub in SubcommandsOf(result.Out))
            {
                pending.Enqueue([.. path, sub]);
            }
        }

        Assert.Contains("cluster", visited);
        Assert.Contains("score train", visited);
        Assert.Contains("score apply", visited);
    }

    private static IEnumerable<string> SubcommandsOf(string help)
    {
        string[] lines = help.Split('\n');
        int start = Array.FindIndex(lines, line => line.TrimEnd() == "Commands:");
        if (start < 0)
        {
            yield break;
        }

        foreach (string line in lines.Skip(start + 1).TakeWhile(line => line.StartsWith("  ", StringComparison.Ordinal)))
        {
            string trimmed = line.TrimStart();
            if (trimmed.Length > 0 && line.Length - trimmed.Length == 2)
            {
                yield return trimmed.Split(' ', 2)[0];
            }
        }
    }
}
