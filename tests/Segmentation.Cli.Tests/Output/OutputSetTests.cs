using Segmentation.Cli.Output;

namespace Segmentation.Cli.Tests.Output;

public sealed class OutputSetTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    private string[] Entries() =>
        [.. Directory.EnumerateFileSystemEntries(_cli.Directory, "*", SearchOption.AllDirectories).Select(e => Path.GetRelativePath(_cli.Directory, e)).Order(StringComparer.Ordinal)];

    [Fact]
    public void Commit_AfterWrites_MovesEveryFileIntoPlaceAndLeavesNoStagingFolder()
    {
        string labels = _cli.PathOf("out/labels.csv");
        string metrics = _cli.PathOf("out/deeper/metrics.json");
        using (var outputs = new OutputSet())
        {
            outputs.WriteText(labels, w => w.WriteLine("label"));
            outputs.WriteJson(metrics, j => j.WriteNumberValue(1));
            Assert.False(File.Exists(labels));
            outputs.Commit();
        }

        Assert.Equal("label\n", File.ReadAllText(labels));
        Assert.Equal("1", File.ReadAllText(metrics));
        Assert.Equal(["out", Path.Combine("out", "deeper"), Path.Combine("out", "deeper", "metrics.json"), Path.Combine("out", "labels.csv")], Entries());
    }

    [Fact]
    public void WriteText_FromSeveralThreadsAtOnce_CommitsEveryFileAndLeavesNoStagingFolder()
    {
        // segment run stages report.html from a thread of its own while the CSV files are staged.
        using (var outputs = new OutputSet())
        {
            Parallel.For(0, 64, i => outputs.WriteText(_cli.PathOf($"out/{i % 4}/f{i}.csv"), w => w.WriteLine(i)));
            outputs.Commit();
        }

        for (int i = 0; i < 64; i++)
        {
            Assert.Equal($"{i}\n", File.ReadAllText(_cli.PathOf($"out/{i % 4}/f{i}.csv")));
        }

        Assert.Equal(1 + 4 + 64, Entries().Length);
    }

    [Fact]
    public void Dispose_WithoutCommit_LeavesNeitherFilesNorTheFoldersItCreated()
    {
        using (var outputs = new OutputSet())
        {
            outputs.WriteText(_cli.PathOf("new/a/labels.csv"), w => w.WriteLine("label"));
            outputs.WriteText(_cli.PathOf("b.csv"), w => w.WriteLine("x"));
        }

        Assert.Empty(Entries());
    }

    [Fact]
    public void Dispose_WithoutCommit_KeepsTheFileThatWasThereBefore()
    {
        string labels = _cli.Write("labels.csv", "old\n");
        using (var outputs = new OutputSet())
        {
            outputs.WriteText(labels, w => w.WriteLine("new"));
        }

        Assert.Equal("old\n", File.ReadAllText(labels));
        Assert.Equal(["labels.csv"], Entries());
    }

    [Fact]
    public void Commit_FileWrittenBesideTheStagedOne_IsMovedWithIt()
    {
        // The gbm model's Save writes model.json and model.zip; the manifest names the zip by its file name.
        using (var outputs = new OutputSet())
        {
            outputs.WriteFile(_cli.PathOf("model.json"), staged =>
            {
                Assert.Equal("model.json", Path.GetFileName(staged));
                File.WriteAllText(staged, "{}");
                File.WriteAllText(Path.ChangeExtension(staged, ".zip"), "zip");
            });
            outputs.Commit();
        }

        Assert.Equal(["model.json", "model.zip"], Entries());
    }

    [Fact]
    public void WriteText_PathIsADirectory_ThrowsNamingThePathAndLeavesNothing()
    {
        Directory.CreateDirectory(_cli.PathOf("dir"));
        using var outputs = new OutputSet();

        OutputWriteException error = Assert.Throws<OutputWriteException>(() => outputs.WriteText(_cli.PathOf("dir"), w => w.WriteLine("x")));

        Assert.Equal($"cannot write '{_cli.PathOf("dir")}': it is a directory; give the path of a file (inside it, if you like).", error.Message);
        Assert.Equal(["dir"], Entries());
    }

    [Fact]
    public void WriteText_ParentIsAFile_ThrowsNamingTheFile()
    {
        string file = _cli.Write("file.csv", "x\n");
        using var outputs = new OutputSet();

        OutputWriteException error = Assert.Throws<OutputWriteException>(() => outputs.WriteText(Path.Combine(file, "sub", "out.csv"), w => w.WriteLine("x")));

        Assert.Contains($"'{file}' is a file, not a folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteText_WriterFailsWithAnIOException_ThrowsOutputWriteExceptionAndLeavesNothing()
    {
        using (var outputs = new OutputSet())
        {
            OutputWriteException error = Assert.Throws<OutputWriteException>(() => outputs.WriteText(_cli.PathOf("out/a.csv"), _ => throw new IOException("No space left on device")));
            Assert.Contains("the disk is full", error.Message, StringComparison.Ordinal);
        }

        Assert.Empty(Entries());
    }
}
