using Segmentation.Cli;

namespace Segmentation.Reporting.Tests;

/// <summary>
/// The embedded sample run twice into one store (2026-09-30, then 2026-10-31), so the second report has every section
/// the sample can have, movement included. Made once for all tests of the collection.
/// </summary>
public sealed class SampleReports : IDisposable
{
    public SampleReports()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("segment-report-tests-").FullName;
        Run("run", "--out", Path.Combine(Directory, "first"), "--store", StorePath, "--as-of", "2026-09-30");
        Run("run", "--out", Path.Combine(Directory, "second"), "--store", StorePath);
        ReportPath = Path.Combine(Directory, "second", "report.html");
    }

    public string Directory { get; }

    public string StorePath => Path.Combine(Directory, "sample.db");

    /// <summary>The report of the second run (it has movement since the first).</summary>
    public string ReportPath { get; }

    public static (int ExitCode, string Out, string Error) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = CliApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SampleReportsCollection : ICollectionFixture<SampleReports>, ICollectionFixture<Browser.BrowserFixture>
{
    public const string Name = "sample reports";
}
