using System.Text.RegularExpressions;

namespace Segmentation.Cli.Tests.BadInput;

/// <summary>
/// The bad-input harness: every case of <see cref="BadInputCases"/> must fail the way the command-line contract says:
/// the exit code, one <c>error: </c> sentence naming what is wrong, no .NET internals, and no output left behind.
/// </summary>
public sealed partial class BadInputTests : IDisposable
{
    private static readonly Dictionary<string, BadInputCase> Cases = BadInputCases.All().ToDictionary(c => c.Name, StringComparer.Ordinal);

    private readonly CliRunner _cli = new();

    public void Dispose()
    {
        // A case may have locked a file or folder (permissions); unlock so the runner can delete its directory.
        foreach (string path in Directory.EnumerateFileSystemEntries(_cli.Directory, "*", SearchOption.AllDirectories).Prepend(_cli.Directory))
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        _cli.Dispose();
    }

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    [Fact]
    public void Catalogue_CoversEveryCommand_WithAtLeast150Cases()
    {
        Assert.True(Cases.Count >= 150, $"only {Cases.Count} cases");
        foreach (string command in new[] { "cluster", "evaluate", "rules", "score train", "score apply", "select-k", "suggest-eps", "track", "run", "root" })
        {
            Assert.Contains(Cases.Keys, name => name.StartsWith(command + ":", StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Segment_BadInput_FailsWithTheContractsExitCodeOneSentenceAndNoOutput(string name)
    {
        BadInputCase @case = Cases[name];
        BadInputFixture.WriteGoodFiles(_cli);
        @case.Setup?.Invoke(_cli);
        HashSet<string> before = Entries();

        CliResult result = _cli.Run([.. @case.Args.Select(Resolve)]);

        Assert.True(@case.ExitCode == result.ExitCode, $"exit code {result.ExitCode}, expected {@case.ExitCode}; stderr: {result.Error}");
        AssertOneCleanSentence(result.Error);
        if (@case.Expected is string expected)
        {
            Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        }

        string[] leftBehind = [.. Entries().Except(before).Where(e => @case.MayRemain is null || !Path.GetFileName(e).StartsWith(@case.MayRemain, StringComparison.Ordinal))];
        Assert.True(leftBehind.Length == 0, $"left behind: {string.Join(", ", leftBehind)}");
    }

    [Fact]
    public void Segment_BadInputAsARealProcess_ExitsWithTheContractsCodeAndNoStackTrace()
    {
        BadInputFixture.WriteGoodFiles(_cli);
        byte[] zip = File.ReadAllBytes(_cli.PathOf("gbm.zip"));
        File.WriteAllBytes(_cli.PathOf("gbm.zip"), zip[..(zip.Length / 3)]);

        CliResult truncated = _cli.RunProcess("score", "apply", "--model", _cli.PathOf("gbm.json"), "--input", _cli.PathOf("customers.csv"), "--id-column", "id", "--output", _cli.PathOf("scores.csv"));
        CliResult typo = _cli.RunProcess("clusterr");

        Assert.Equal(3, truncated.ExitCode);
        AssertOneCleanSentence(truncated.Error);
        Assert.False(File.Exists(_cli.PathOf("scores.csv")));
        Assert.Equal(2, typo.ExitCode);
        Assert.Equal("error: unknown command 'clusterr'; did you mean 'cluster'? Run 'segment --help' for usage.", typo.Error.Trim());
    }

    private static void AssertOneCleanSentence(string error)
    {
        // Notes about the input ("note: column 'id' is not used as a feature") may come first; the error is one last line.
        string[] lines = [.. error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => !l.StartsWith("note: ", StringComparison.Ordinal))];
        Assert.True(lines.Length == 1 && lines[0].StartsWith("error: ", StringComparison.Ordinal), $"not one error line: {error}");
        string line = lines[0];
        Assert.False(line.StartsWith("error: unexpected ", StringComparison.Ordinal), line);
        // A sentence, not an echo of the input: long cells and column lists are cut.
        Assert.True(line.Length <= 1_000, $"a {line.Length}-character error line: {line[..Math.Min(line.Length, 200)]}…");
        foreach (string forbidden in new[] { "Exception", "System.", " at Segmentation", "(Parameter", "LineNumber", "BytePosition", "`1" })
        {
            Assert.False(line.Contains(forbidden, StringComparison.Ordinal), $"'{forbidden}' in: {line[..Math.Min(line.Length, 300)]}");
        }

        Assert.False(OptionsProperty().IsMatch(line), $"an internal options name in: {line}");
        Assert.False(DotNetTypeName().IsMatch(line), $"a .NET type name in: {line}");
    }

    /// <summary>Every file and folder under the case's directory, relative to it.</summary>
    private HashSet<string> Entries() =>
        [.. Directory.EnumerateFileSystemEntries(_cli.Directory, "*", SearchOption.AllDirectories).Select(e => Path.GetRelativePath(_cli.Directory, e))];

    private string Resolve(string arg) => arg switch
    {
        "@" => _cli.Directory,
        ['@', .. string rest] => _cli.PathOf(rest),
        _ => arg,
    };

    /// <summary><c>KMeansOptions.MaxDegreeOfParallelism</c> and the like: a library options class and property.</summary>
    [GeneratedRegex(@"\b[A-Z]\w*Options\.[A-Z]\w*")]
    private static partial Regex OptionsProperty();

    /// <summary><c>Segmentation.Rules.RuleSetOptions</c>, <c>System.Int32</c>: a namespace-qualified .NET type.</summary>
    [GeneratedRegex(@"\b(System|Segmentation|Microsoft)\.[A-Z]\w*")]
    private static partial Regex DotNetTypeName();
}
