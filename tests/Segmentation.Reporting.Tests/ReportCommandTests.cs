using Microsoft.Data.Sqlite;

namespace Segmentation.Reporting.Tests;

/// <summary><c>segment run</c> writes report.html; <c>segment report</c> draws it again from the store.</summary>
[Collection(SampleReportsCollection.Name)]
public sealed class ReportCommandTests(SampleReports reports)
{
    [Fact]
    public void Run_Sample_WritesReportHtmlBesideTheOtherOutputs()
    {
        string html = File.ReadAllText(Path.Combine(reports.Directory, "first", "report.html"));

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("data-chart=\"k-silhouette\"", html, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(reports.Directory, "first", "report.md")));
    }

    [Fact]
    public void Report_StoredRun_RedrawsTheLatestSnapshot()
    {
        string output = Path.Combine(reports.Directory, "redrawn", "latest.html");

        (int code, string stdout, string stderr) = SampleReports.Run("report", "--store", reports.StorePath, "--out", output);

        Assert.True(code == 0, stderr);
        Assert.Contains("2026-10-31", stdout, StringComparison.Ordinal);
        string html = File.ReadAllText(output);
        Assert.Contains("data-chart=\"movement-customers\"", html, StringComparison.Ordinal);
        Assert.Contains("Customer segments on 2026-10-31", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Sample_WritesTheReportItStores()
    {
        // segment run builds report.html beside its CSV writers and stages it after them: the file must be whole and
        // the same report segment report draws again from the data stored with the snapshot.
        string output = Path.Combine(reports.Directory, "redrawn", "second.html");

        (int code, _, string stderr) = SampleReports.Run("report", "--store", reports.StorePath, "--out", output);

        Assert.True(code == 0, stderr);
        // The charts' embedded images carry ids numbered per process (this one has drawn other reports), so they are left out.
        Assert.Equal(WithoutImages(File.ReadAllText(output)), WithoutImages(File.ReadAllText(reports.ReportPath)));
        Assert.EndsWith("</html>", File.ReadAllText(reports.ReportPath).TrimEnd(), StringComparison.Ordinal);

        static string WithoutImages(string html) => System.Text.RegularExpressions.Regex.Replace(html, ";base64,[A-Za-z0-9+/=]+", ";base64,");
    }

    [Fact]
    public void Report_AsOfBetweenSnapshots_RedrawsTheEarlierOne()
    {
        string output = Path.Combine(reports.Directory, "redrawn", "first.html");

        (int code, _, string stderr) = SampleReports.Run("report", "--store", reports.StorePath, "--as-of", "2026-10-15", "--out", output);

        Assert.True(code == 0, stderr);
        string html = File.ReadAllText(output);
        Assert.Contains("Customer segments on 2026-09-30", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-chart=\"movement-customers\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_MissingStore_ExitsWithInputErrorNamingTheStore()
    {
        string missing = Path.Combine(reports.Directory, "nowhere.db");

        (int code, _, string stderr) = SampleReports.Run("report", "--store", missing, "--out", Path.Combine(reports.Directory, "x.html"));

        Assert.Equal(3, code);
        Assert.Contains($"'{missing}' does not exist", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(missing));
    }

    [Fact]
    public void Report_AsOfBeforeTheFirstSnapshot_ExitsWithInputErrorNamingTheFirst()
    {
        (int code, _, string stderr) = SampleReports.Run("report", "--store", reports.StorePath, "--as-of", "2020-01-01", "--out", Path.Combine(reports.Directory, "x.html"));

        Assert.Equal(3, code);
        Assert.Contains("no snapshot on or before 2020-01-01", stderr, StringComparison.Ordinal);
        Assert.Contains("2026-09-30", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_SnapshotStoredWithoutReportData_ExitsSayingToRerun()
    {
        string old = Path.Combine(reports.Directory, "old.db");
        File.Copy(reports.StorePath, old, overwrite: true);
        using (var connection = new SqliteConnection($"Data Source={old};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "DROP TABLE report_data";
            command.ExecuteNonQuery();
        }

        (int code, _, string stderr) = SampleReports.Run("report", "--store", old, "--out", Path.Combine(reports.Directory, "x.html"));

        Assert.Equal(3, code);
        Assert.Contains("without report data", stderr, StringComparison.Ordinal);
        Assert.Contains("rerun 'segment run'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_OutIsAFolder_ExitsWithOutputErrorAndWritesNothing()
    {
        string folder = Path.Combine(reports.Directory, "a-folder");
        Directory.CreateDirectory(folder);

        (int code, _, string stderr) = SampleReports.Run("report", "--store", reports.StorePath, "--out", folder);

        Assert.Equal(1, code);
        Assert.Contains("it is a directory", stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
    }

    [Fact]
    public void Report_BadAsOf_ExitsWithUsageError()
    {
        (int code, _, string stderr) = SampleReports.Run("report", "--store", reports.StorePath, "--as-of", "31/10/2026");

        Assert.Equal(2, code);
        Assert.Contains("--as-of must be a date written yyyy-MM-dd", stderr, StringComparison.Ordinal);
    }
}
