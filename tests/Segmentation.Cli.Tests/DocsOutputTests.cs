using System.Text;
using System.Text.RegularExpressions;

namespace Segmentation.Cli.Tests;

/// <summary>
/// Every output quoted in the docs is what the command prints. A quoted block is marked with the command that produced
/// it, for example <c>&lt;!-- segment-output: run --as-of 2026-08-31 &amp;&amp; run --&gt;</c> on the line before the
/// fence: the commands run in-process in a fresh directory (earlier ones only prepare files), and the block must equal
/// the standard output of the last one, with the temporary directory and the repository's path removed and trailing
/// spaces trimmed. Relative paths in path options resolve in the repository when the file exists there, else in the
/// temporary directory; <c>run</c> gets its <c>--out</c> and <c>--store</c> there unless the command names them.
/// </summary>
/// <remarks>
/// To rewrite the blocks from real runs (after changing names or output): <c>scripts/regenerate-docs.sh</c>, which runs
/// these tests with <c>SEGMENT_REGENERATE_DOCS=1</c>.
/// </remarks>
public partial class DocsOutputTests
{
    /// <summary>The documents whose quoted outputs are checked.</summary>
    private static readonly string[] Documents = ["README.md", "docs/getting-started.md", "docs/real-data.md", "docs/migration.md", "docs/rules.md", "docs/scoring.md", "docs/algorithms.md"];

    /// <summary>Options whose values are file paths.</summary>
    private static readonly HashSet<string> PathOptions = new(StringComparer.Ordinal)
    {
        "--input", "--events", "--config", "--rules", "--labels", "--previous", "--current", "--init", "--model",
        "--out", "--store", "--output", "--metrics", "--centers", "--merges",
    };

    private static bool Regenerate => Environment.GetEnvironmentVariable("SEGMENT_REGENERATE_DOCS") == "1";

    public static TheoryData<string, int> QuotedOutputs()
    {
        var data = new TheoryData<string, int>();
        string root = RepositoryRoot();
        foreach (string document in Documents.Where(d => File.Exists(Path.Combine(root, d))))
        {
            int count = QuotedBlocks(File.ReadAllText(Path.Combine(root, document))).Count;
            for (int index = 0; index < count; index++)
            {
                data.Add(document, index);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(QuotedOutputs))]
    public void QuotedOutput_RunThroughTheCli_EqualsWhatTheCommandPrints(string document, int index)
    {
        string path = Path.Combine(RepositoryRoot(), document);
        string text = File.ReadAllText(path).ReplaceLineEndings("\n");
        QuotedBlock block = QuotedBlocks(text)[index];

        string actual = RunQuoted(block.Command);

        if (Regenerate)
        {
            File.WriteAllText(path, text[..block.ContentStart] + actual + text[block.ContentEnd..]);
            return;
        }

        Assert.True(
            actual == block.Content,
            $"{document}, the output quoted after '<!-- segment-output: {block.Command} -->' differs from what the command prints; "
            + $"run scripts/regenerate-docs.sh to rewrite it, then check the prose around it.\n--- quoted ---\n{block.Content}--- printed ---\n{actual}");
    }

    [Fact]
    public void Docs_ReadmeGettingStartedAndRealData_EachQuoteACheckedOutput()
    {
        string root = RepositoryRoot();
        foreach (string document in new[] { "README.md", "docs/getting-started.md", "docs/real-data.md" })
        {
            Assert.True(QuotedBlocks(File.ReadAllText(Path.Combine(root, document)).ReplaceLineEndings("\n")).Count > 0, $"{document} quotes no checked output.");
        }
    }

    [Fact]
    public void QuotedBlocks_MarkerBeforeAFence_FindsCommandAndContent()
    {
        const string Text = "Intro\n<!-- segment-output: run --k 5 && run -->\n```text\nline 1\nline 2\n```\nAfter\n```\nnot quoted\n```\n";

        QuotedBlock block = Assert.Single(QuotedBlocks(Text));

        Assert.Equal("run --k 5 && run", block.Command);
        Assert.Equal("line 1\nline 2\n", block.Content);
        Assert.Equal(block.Content, Text[block.ContentStart..block.ContentEnd]);
    }

    [Fact]
    public void QuotedBlocks_MarkerWithoutAFence_SaysWhereAndHowToFix()
    {
        var error = Assert.Throws<InvalidOperationException>(() => QuotedBlocks("<!-- segment-output: run -->\nno fence here\n"));
        Assert.Contains("line 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalise_TemporaryAndRepositoryPaths_AreRemovedAndLineEndsTrimmed()
    {
        string actual = Normalise("Wrote /tmp/x/out/a.csv.   \r\nRead /repo/samples/s.csv\n\n", "/tmp/x", "/repo");
        Assert.Equal("Wrote out/a.csv.\nRead samples/s.csv\n", actual);
    }

    /// <summary>Runs the marker's commands in a fresh directory and returns the last one's normalised standard output.</summary>
    private static string RunQuoted(string command)
    {
        string root = RepositoryRoot();
        using var runner = new CliRunner();
        CliResult? last = null;
        foreach (string one in command.Split("&&", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            string[] args = Arguments(one, root, runner.Directory);
            last = runner.Run(args);
            Assert.True(last.ExitCode == 0, $"'segment {one}' exited with {last.ExitCode}: {last.Error}");
        }

        return Normalise(last!.Out, runner.Directory, root);
    }

    private static string[] Arguments(string command, string root, string directory)
    {
        var args = new List<string>(command.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        for (int i = 1; i < args.Count; i++)
        {
            if (PathOptions.Contains(args[i - 1]) && !Path.IsPathRooted(args[i]))
            {
                string inRepository = Path.Combine(root, args[i]);
                args[i] = File.Exists(inRepository) ? inRepository : Path.Combine(directory, args[i]);
            }
        }

        if (args.Count > 0 && args[0] == "run")
        {
            // Outputs (and the default store beside them) go to the temporary directory, as a user's go to the current one.
            if (!args.Contains("--out"))
            {
                args.AddRange(["--out", Path.Combine(directory, "segmentation-output")]);
            }
        }

        return [.. args];
    }

    internal static string Normalise(string output, string directory, string root)
    {
        string text = output.ReplaceLineEndings("\n")
            .Replace(directory.TrimEnd('/') + "/", string.Empty, StringComparison.Ordinal)
            .Replace(root.TrimEnd('/') + "/", string.Empty, StringComparison.Ordinal);
        var result = new StringBuilder();
        foreach (string line in text.Split('\n'))
        {
            result.Append(line.TrimEnd()).Append('\n');
        }

        return result.ToString().TrimEnd('\n') + "\n";
    }

    internal static List<QuotedBlock> QuotedBlocks(string text)
    {
        var blocks = new List<QuotedBlock>();
        foreach (Match marker in Marker().Matches(text).Cast<Match>())
        {
            int fenceStart = marker.Index + marker.Length;
            Match fence = OpeningFence().Match(text, fenceStart);
            int line = text.AsSpan(0, marker.Index).Count('\n') + 1;
            if (!fence.Success || fence.Index != fenceStart)
            {
                throw new InvalidOperationException($"The '<!-- segment-output -->' marker on line {line} must be followed on the next line by a ``` fence holding the quoted output.");
            }

            int contentStart = fence.Index + fence.Length;
            int close = text.IndexOf("\n```", contentStart - 1, StringComparison.Ordinal);
            if (close < 0)
            {
                throw new InvalidOperationException($"The quoted output after the marker on line {line} has no closing ``` fence.");
            }

            int contentEnd = close + 1;
            blocks.Add(new QuotedBlock(marker.Groups["command"].Value.Trim(), text[contentStart..contentEnd], contentStart, contentEnd));
        }

        return blocks;
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Segmentation.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Segmentation.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"<!--\s*segment-output:(?<command>.*?)-->[ \t]*\n")]
    private static partial Regex Marker();

    [GeneratedRegex(@"```[\w-]*\n")]
    private static partial Regex OpeningFence();

    internal sealed record QuotedBlock(string Command, string Content, int ContentStart, int ContentEnd);
}
