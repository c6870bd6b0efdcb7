using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit.Abstractions;

namespace Segmentation.Tests;

/// <summary>
/// The README's host-application example, as a user meets it: the library packed into NuGet packages, a fresh
/// console project whose Program.cs is the README's C# block verbatim and whose package references are the README's
/// <c>dotnet add package</c> lines, restored, built and run.
/// </summary>
public partial class ReadmeExampleTests(ITestOutputHelper log)
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public void ReadmeHostExample_FromPackedPackages_BuildsRunsAndPrintsSegmentsAndTheDailyComparison()
    {
        string root = RepositoryRoot();
        string readme = File.ReadAllText(Path.Combine(root, "README.md"));
        (string program, string[] packages) = HostExample(readme);
        Assert.Contains("Segmentation", packages);
        Assert.Contains("Microsoft.Extensions.DependencyInjection", packages);

        DirectoryInfo work = Directory.CreateTempSubdirectory("segmentation-readme-");
        try
        {
            string output = BuildAndRun(root, work.FullName, program, packages);
            log.WriteLine(output);

            // Segment lines: "<name>: <n> customers (<share>)", covering the README's 300 accounts.
            Match[] segments = [.. SegmentLine().Matches(output).Cast<Match>()];
            Assert.True(segments.Length is >= 3 and <= 8, $"Expected 3 to 8 segment lines in the program's output:\n{output}");
            Assert.Equal(300, segments.Sum(m => int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture)));
            Assert.All(segments, m => Assert.DoesNotMatch("^Cluster", m.Groups["name"].Value));

            // The daily job reused yesterday's stored model and compared with yesterday's snapshot.
            Assert.Contains("Model m1-2026-12-05, compared with 2026-12-05:", output, StringComparison.Ordinal);
            Assert.Matches(@"(?m)^  .+ -> .+: 1 customers, ARR [\d,.\u00a0\u202f]+$", output);
            Assert.Matches(@"(?m)^New account: \S.*$", output);

            // Today's worklist: the built-in churn-risk playbook on the README's trigger rule, ranked, over capacity reported.
            Assert.Matches(@"(?m)^1\. acct-\d+: Executive business review \(Csm, by 2026-12-20\): Churn risk.*$", output);
            Assert.Matches(@"(?m)^3\. acct-\d+: ", output);
            Assert.Contains("Over capacity: 39 Csm actions", output, StringComparison.Ordinal);
        }
        finally
        {
            try
            {
                work.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp directory is harmless.
            }
        }
    }

    [Fact]
    public void ReadmeHostExample_Usings_AreTheContainerAndThePipelineOnly()
    {
        (string program, _) = HostExample(File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md")));

        string[] usings = [.. program.Split('\n').Where(l => l.StartsWith("using ", StringComparison.Ordinal) && !l.StartsWith("using var", StringComparison.Ordinal))
            .Select(l => l.Split(';')[0])];

        Assert.Equal(["using Microsoft.Extensions.DependencyInjection", "using Segmentation.Pipeline"], usings);
    }

    [Fact]
    public void HostExample_ReadmeWithoutTheSection_SaysWhatIsMissing()
    {
        var error = Assert.Throws<InvalidOperationException>(() => HostExample("# Segmentation\n"));
        Assert.Contains("## In a host application", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The C# block and the <c>dotnet add package</c> names of the README's "In a host application" section.</summary>
    internal static (string Program, string[] Packages) HostExample(string readme)
    {
        const string Heading = "## In a host application";
        int start = readme.IndexOf(Heading, StringComparison.Ordinal);
        if (start < 0)
        {
            throw new InvalidOperationException($"README.md has no '{Heading}' section.");
        }

        int end = readme.IndexOf("\n## ", start + Heading.Length, StringComparison.Ordinal);
        string section = readme[start..(end < 0 ? readme.Length : end)].ReplaceLineEndings("\n");
        Match code = CSharpBlock().Match(section);
        if (!code.Success)
        {
            throw new InvalidOperationException($"README.md's '{Heading}' section has no ```csharp block.");
        }

        string[] packages = [.. AddPackageLine().Matches(section).Cast<Match>().Select(m => m.Groups["package"].Value)];
        return (code.Groups["code"].Value, packages);
    }

    private static string BuildAndRun(string root, string work, string program, string[] packages)
    {
        string feed = Directory.CreateDirectory(Path.Combine(work, "feed")).FullName;
        foreach (string package in packages.Where(p => p.StartsWith("Segmentation", StringComparison.Ordinal)))
        {
            string project = Path.Combine(root, "src", package, package + ".csproj");
            Assert.True(File.Exists(project), $"README.md references the package {package}, but {project} does not exist.");
            Dotnet(root, "pack", project, "-c", "Release", "-o", feed);
        }

        string app = Directory.CreateDirectory(Path.Combine(work, "app")).FullName;
        File.WriteAllText(Path.Combine(app, "Program.cs"), program);
        File.WriteAllText(Path.Combine(app, "ReadmeHost.csproj"), ProjectFile(root, feed, packages));
        File.WriteAllText(Path.Combine(work, "nuget.config"), NuGetConfig(root, feed, Path.Combine(work, "packages")));

        Dotnet(app, "restore", "--configfile", Path.Combine(work, "nuget.config"));
        Dotnet(app, "build", "-c", "Release", "--no-restore", "-p:UseSharedCompilation=false");
        string run = Directory.CreateDirectory(Path.Combine(work, "run")).FullName;
        return Dotnet(run, Path.Combine(app, "bin", "Release", "net10.0", "ReadmeHost.dll"));
    }

    /// <summary>A <c>dotnet new console</c> project (warnings as errors) with the README's packages: ours at the packed version, the others at the repository's pinned versions.</summary>
    private static string ProjectFile(string root, string feed, string[] packages)
    {
        XDocument pins = XDocument.Load(Path.Combine(root, "Directory.Packages.props"));
        string Version(string package)
        {
            if (package.StartsWith("Segmentation", StringComparison.Ordinal))
            {
                string nupkg = Path.GetFileNameWithoutExtension(Directory.GetFiles(feed, package + ".*.nupkg").Single(f => Regex.IsMatch(Path.GetFileName(f), $@"^{Regex.Escape(package)}\.\d")));
                return nupkg[(package.Length + 1)..];
            }

            return pins.Descendants("PackageVersion").SingleOrDefault(e => (string?)e.Attribute("Include") == package)?.Attribute("Version")?.Value
                ?? throw new InvalidOperationException($"README.md references {package}, which Directory.Packages.props does not pin.");
        }

        var project = new XElement(
            "Project",
            new XAttribute("Sdk", "Microsoft.NET.Sdk"),
            new XElement(
                "PropertyGroup",
                new XElement("OutputType", "Exe"),
                new XElement("TargetFramework", "net10.0"),
                new XElement("ImplicitUsings", "enable"),
                new XElement("Nullable", "enable"),
                new XElement("TreatWarningsAsErrors", "true")),
            new XElement("ItemGroup", packages.Select(p => new XElement("PackageReference", new XAttribute("Include", p), new XAttribute("Version", Version(p))))));
        return project.ToString();
    }

    /// <summary>
    /// The repository's package sources plus the packed packages. Restored packages go to a private folder, so a
    /// stale "Segmentation 0.1.0" never comes from (or goes to) the user-wide cache; that cache is only a fallback
    /// for the third-party packages the solution's own restore already fetched.
    /// </summary>
    private static string NuGetConfig(string root, string feed, string packagesFolder)
    {
        XDocument config = XDocument.Load(Path.Combine(root, "nuget.config"));
        XElement sources = config.Root!.Element("packageSources") ?? throw new InvalidOperationException("nuget.config has no packageSources.");
        var local = new XElement("add", new XAttribute("key", "readme-test-feed"), new XAttribute("value", feed));
        if (sources.Element("clear") is XElement clear)
        {
            clear.AddAfterSelf(local);
        }
        else
        {
            sources.AddFirst(local);
        }

        config.Root.Add(new XElement("config", new XElement("add", new XAttribute("key", "globalPackagesFolder"), new XAttribute("value", packagesFolder))));
        string userCache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        if (Directory.Exists(userCache))
        {
            config.Root.Add(new XElement("fallbackPackageFolders", new XElement("add", new XAttribute("key", "user-cache"), new XAttribute("value", userCache))));
        }

        return config.ToString();
    }

    /// <summary>Runs <c>dotnet</c> without build servers (nothing is left running) and returns its output; fails with the output when it fails.</summary>
    private static string Dotnet(string directory, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        if (args[0] is "pack" or "restore" or "build")
        {
            start.ArgumentList.Add("--disable-build-servers");
            start.ArgumentList.Add("-nodeReuse:false");
        }

        // The test host runs inside an MSBuild invocation; its variables would point the child build at the wrong SDK.
        foreach (string variable in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToArray())
        {
            start.Environment.Remove(variable);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(StepTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', args)} did not finish within {StepTimeout.TotalMinutes} minutes.");
        }

        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', args)} exited with {process.ExitCode}:\n{output.Result}\n{error.Result}");
        return output.Result;
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

    [GeneratedRegex(@"```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [GeneratedRegex(@"(?m)^dotnet add package (?<package>[\w.]+)\s*$")]
    private static partial Regex AddPackageLine();

    [GeneratedRegex(@"(?m)^(?<name>[^\r\n:]+): (?<n>\d+) customers \((?<share>[^)]+)\)\r?$")]
    private static partial Regex SegmentLine();
}
